import Big from 'big.js'
import { ProcessorError } from '../errors'
import type { CallOptions } from '../types'
import type { PlisioClient } from './client'
import { commaList } from './operations'
import type { OperationsResource, PlisioCommission, PlisioFee } from './operations'
import { OperationSchema } from './schemas'
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
export class WithdrawalsResource {
  constructor(
    private readonly client: PlisioClient,
    private readonly operations: OperationsResource
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
    const data = await this.client.get(
      'operations/withdraw',
      {
        psys_cid: request.psysCid,
        currency: request.psysCid,
        type: to.length > 1 ? 'mass_cash_out' : 'cash_out',
        to: commaList(to),
        amount: commaList(amounts),
        feePlan: request.feePlan ?? 'normal',
        feeRate: request.feeRate
      },
      OperationSchema,
      { ...options, maxRetries: 0 }
    )
    const sent = amounts.reduce((sum, a) => sum.plus(new Big(a)), new Big(0)).toFixed()
    return {
      id: data.id,
      type: data.type,
      status: data.status,
      psysCid: data.psys_cid ?? request.psysCid,
      amount: data.amount ?? sent,
      fee: data.fee ?? null,
      destination: data.wallet_hash ?? (to.length === 1 ? (to[0] ?? null) : null),
      txUrl: Array.isArray(data.tx_url) ? (data.tx_url[0] ?? null) : (data.tx_url ?? null),
      createdAt: data.created_at_utc != null ? unixToIso(data.created_at_utc) : null
    }
  }
}
