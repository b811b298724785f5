/**
 * The withdrawals port (refunds paid from the shop balance) and the resource behind it, withdrawals:
 * `GET /operations/withdraw`, and the fee, commission and operations calls that estimate, find and follow one.
 */
import Big from 'big.js'
import type { RefundState } from '@shared/contract'
import { ProcessorError } from '../errors'
import type { WithdrawalOutcome, WithdrawalRequest, WithdrawalsPort } from '../ports'
import type { CallOptions } from '../types'
import type { Account } from './account'
import type { PlisioClient } from './client'
import { commaList } from './operations'
import type { Operations, PlisioCommission, PlisioFee } from './operations'
import { OperationSchema, type OperationData } from './schemas'
import { unixToIso } from './normalize'

/** A payout from the shop's Plisio balance: Kassa's "refund by withdrawal". Amounts are decimal strings in the coin. */
export interface WithdrawRequest {
  /** Coin to pay out (`BTC`, `USDT_TRX`). */
  psysCid: string
  /** Customer's address, or several for a mass payout. */
  to: string | readonly string[]
  /** Amount per address, decimal string(s) in the coin. */
  amount: string | readonly string[]
  /** `normal` (default), `priority`, `economy` or `custom`. */
  feePlan?: string
  /** Fee rate for the `custom` plan. */
  feeRate?: string
}

/** A withdrawal as Plisio created it (an operation of type `cash_out` / `mass_cash_out`). */
export interface Withdrawal {
  id: string
  type: string
  /** Plisio's raw status (`pending`, `completed`, `error`, …). */
  status: string
  psysCid: string
  /** Sent amount in the coin (sum over addresses). */
  amount: string
  /** Network fee in the coin, when reported. */
  fee: string | null
  destination: string | null
  txUrl: string | null
  /** ISO 8601. */
  createdAt: string | null
}

/** Fee and commission of a planned withdrawal; `total` = amount + fee + commission, in the coin. */
export interface WithdrawalEstimate {
  psysCid: string
  amount: string
  fee: PlisioFee
  commission: PlisioCommission
  total: string
}

const POSITIVE_DECIMAL = /^\d+(\.\d+)?$/

/** How far before the refund's intent a withdrawal may be stamped (clock skew between the till and Plisio), ms. */
const FIND_SLACK_MS = 5 * 60_000
/** Pages of 100 operations `find` reads at most before giving up (a very busy shop: the refund stays unknown). */
const FIND_MAX_PAGES = 10

/** A `cash_out` operation as a `Withdrawal`; `sent` fills what the answer leaves out. */
function toWithdrawal(
  data: OperationData,
  sent: { psysCid: string; amount: string; to: readonly string[] }
): Withdrawal {
  return {
    id: data.id,
    type: data.type,
    status: data.status,
    psysCid: data.psys_cid ?? sent.psysCid,
    amount: data.amount ?? sent.amount,
    fee: data.fee ?? null,
    destination: data.wallet_hash ?? (sent.to.length === 1 ? (sent.to[0] ?? null) : null),
    txUrl: Array.isArray(data.tx_url) ? (data.tx_url[0] ?? null) : (data.tx_url ?? null),
    createdAt: data.created_at_utc != null ? unixToIso(data.created_at_utc) : null
  }
}

function checkRequest(request: WithdrawRequest): { to: string[]; amounts: string[] } {
  const to = typeof request.to === 'string' ? [request.to] : [...request.to]
  const amounts = typeof request.amount === 'string' ? [request.amount] : [...request.amount]
  if (to.length === 0 || to.some((address) => address.trim() === '' || /[\s,]/.test(address)))
    throw new ProcessorError('processor-invalid-request', 'Enter the address to pay the refund to')
  if (to.length !== amounts.length)
    throw new ProcessorError('processor-invalid-request', 'Give one amount per withdrawal address')
  for (const amount of amounts) {
    if (!POSITIVE_DECIMAL.test(amount) || new Big(amount).lte(0))
      throw new ProcessorError('processor-invalid-request', `"${amount}" is not a positive amount`)
  }
  return { to, amounts }
}

/**
 * Withdrawals (`GET /operations/withdraw`): Plisio has no refund API, so a refund is a payout from the shop's
 * balance to an address the customer gives. Needs this computer's IP in Request IP. Never retried automatically:
 * a repeated withdrawal would pay twice.
 */
export class Withdrawals {
  constructor(
    private readonly client: PlisioClient,
    private readonly operations: Operations
  ) {}

  /**
   * Fee and commission of a withdrawal before making it (`operations/fee` and `operations/commission`).
   * @throws ProcessorError `processor-invalid-request` for a malformed request, `processor-permission` when the
   *   IP is not whitelisted.
   */
  async estimate(request: WithdrawRequest, options?: CallOptions): Promise<WithdrawalEstimate> {
    const { to, amounts } = checkRequest(request)
    const plan = { addresses: to, amounts, feePlan: request.feePlan }
    const [fee, commission] = await Promise.all([
      this.operations.fee(request.psysCid, plan, options),
      this.operations.commission(
        request.psysCid,
        { ...plan, type: to.length > 1 ? 'mass_cash_out' : 'cash_out', customFeeRate: request.feeRate },
        options
      )
    ])
    const amount = amounts.reduce((sum, a) => sum.plus(new Big(a)), new Big(0))
    return {
      psysCid: request.psysCid,
      amount: amount.toFixed(),
      fee,
      commission,
      total: amount.plus(new Big(fee.fee)).plus(new Big(commission.commission)).toFixed()
    }
  }

  /**
   * `GET /operations/withdraw` (HTTP 201) → the withdrawal. Sends both `psys_cid` and `currency`, since the docs
   * and SDKs disagree on the name.
   * @throws ProcessorError `processor-permission` (Request IP), `processor-invalid-request` with `fields`
   *   (e.g. insufficient balance, code 116).
   */
  async create(request: WithdrawRequest, options: CallOptions = {}): Promise<Withdrawal> {
    const { to, amounts } = checkRequest(request)
    const data = await this.client.send(
      OperationSchema,
      {
        method: 'GET',
        path: 'operations/withdraw',
        query: {
          psys_cid: request.psysCid,
          currency: request.psysCid,
          type: to.length > 1 ? 'mass_cash_out' : 'cash_out',
          to: commaList(to),
          amount: commaList(amounts),
          feePlan: request.feePlan ?? 'normal',
          feeRate: request.feeRate
        }
      },
      { ...options, maxRetries: 0 }
    )
    const sent = amounts.reduce((sum, a) => sum.plus(new Big(a)), new Big(0)).toFixed()
    return toWithdrawal(data, { psysCid: request.psysCid, amount: sent, to })
  }

  /**
   * The withdrawal of `amount` (decimal string in the coin) to `to` made at or after `since`, or null: how Kassa
   * learns the fate of a withdrawal whose answer was lost, since Plisio takes no idempotency key.
   * `GET /operations?type=cash_out&currency=<psysCid>` (newest first), paged back to `since` less a clock-skew slack.
   * `skip` excludes operations another refund already holds.
   * @throws ProcessorError when the list cannot be read (the caller must not assume there is none).
   */
  async find(
    query: { psysCid: string; to: string; amount: string; since: number; skip?: (id: string) => boolean },
    options?: CallOptions
  ): Promise<Withdrawal | null> {
    const oldest = Math.floor((query.since - FIND_SLACK_MS) / 1000)
    const amount = new Big(query.amount)
    for (let page: number | null = 1; page !== null && page <= FIND_MAX_PAGES;) {
      const result = await this.operations.list(
        { type: 'cash_out', currency: query.psysCid, page, limit: 100 },
        options
      )
      for (const operation of result.items) {
        const match =
          operation.wallet_hash === query.to &&
          operation.amount != null &&
          new Big(operation.amount).eq(amount) &&
          !query.skip?.(operation.id)
        if (match)
          return toWithdrawal(operation, { psysCid: query.psysCid, amount: query.amount, to: [query.to] })
      }
      const last = result.items[result.items.length - 1]
      if (!last || (last.created_at_utc != null && last.created_at_utc < oldest)) return null
      page = result.nextPage
    }
    return null
  }
}

/** A Plisio withdrawal's raw status → Kassa's refund state. */
export function withdrawalState(status: string): RefundState {
  if (status === 'completed') return 'completed'
  if (status === 'error' || status === 'cancelled') return 'failed'
  return 'in-progress'
}

function outcome(withdrawal: Pick<Withdrawal, 'id' | 'status' | 'txUrl'>): WithdrawalOutcome {
  return { id: withdrawal.id, state: withdrawalState(withdrawal.status), txId: withdrawal.txUrl }
}

/**
 * Plisio's withdrawals as the withdrawals port (Plisio has no refund API: a refund is a payout from the shop balance
 * to the customer's address). Estimate: `GET /operations/fee/{psys_cid}`, `/operations/commission/{psys_cid}`,
 * `/operations/fee-plan/{psys_cid}`, `/balances/{psys_cid}` (fee plans and balance are extras: left empty when they
 * cannot be read). Send: `GET /operations/withdraw`, never retried. Find: `GET /operations?type=cash_out`. Follow:
 * `GET /operations/{id}`. All need this computer's IP under Request IP.
 */
export function plisioWithdrawals(
  withdrawals: Withdrawals,
  operations: Operations,
  account: Account
): WithdrawalsPort {
  const toRequest = (request: WithdrawalRequest) => ({
    psysCid: request.psysCid,
    to: request.to,
    amount: request.amount,
    feePlan: request.feePlan
  })
  return {
    async estimate(request: WithdrawalRequest, options?: CallOptions) {
      const [estimate, plans, balance] = await Promise.all([
        withdrawals.estimate(toRequest(request), options),
        operations.feePlans(request.psysCid, options).catch(() => []),
        account.balance(request.psysCid, options).then(
          (b) => b.balance,
          () => null
        )
      ])
      return {
        currency: request.psysCid,
        amount: estimate.amount,
        fee: estimate.fee.fee,
        commission: estimate.commission.commission,
        feePlan: estimate.fee.plan ?? request.feePlan ?? 'normal',
        feePlans: plans.map((plan) => ({ name: plan.name, fee: plan.value ?? '' })),
        total: estimate.total,
        balance
      }
    },
    send: async (request, options) => outcome(await withdrawals.create(toRequest(request), options)),
    async find(request, since, skip, options) {
      const found = await withdrawals.find(
        { psysCid: request.psysCid, to: request.to, amount: request.amount, since, skip },
        options
      )
      return found ? outcome(found) : null
    },
    async follow(id, options) {
      const operation = await operations.retrieve(id, options)
      const txUrl = Array.isArray(operation.tx_url) ? operation.tx_url[0] : operation.tx_url
      return { id: operation.id, state: withdrawalState(operation.status), txId: txUrl ?? null }
    }
  }
}
