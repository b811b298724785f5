import Big from 'big.js'
import type { RefundOptionsView, RefundView, WithdrawalEstimateView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { decimalToMinor } from '@shared/money'
import type { SaleRecord } from '../../ledger/ledger'
import { toRefundView, type RefundIntentRequest, type RefundRecord } from '../../ledger/refund-book'
import type { WithdrawalOutcome, WithdrawalsPort } from '../../processors/ports'
import type { PaymentProcessor } from '../../processors/types'
import { coinWithFee, isZeroPercent } from '@shared/refund-policy'
import { paidMethod } from '../paid-method'
import { failureText, isRefusal, type RefundRecords } from '../refund-records'

/** A withdrawal refund after the contract's schema: the customer's address and an amount in the coin paid. */
export interface WithdrawInput {
  saleId: string
  address: string
  /** Decimal string in the coin the customer paid with. */
  amount: string
  feePlan?: string
  reason?: string
  /** One per confirmation on screen: asking twice with it returns the first refund. */
  idempotencyKey?: string
}

const DECIMAL = /^\d+(\.\d+)?$/

/** A withdrawal kept unsent while its processor was offline (`held` in its stored request). */
function isHeld(record: RefundRecord): boolean {
  return Boolean(record.request && 'psysCid' in record.request && record.request.held)
}

/**
 * Refunds through a processor's withdrawals port (Plisio): a payout from the shop balance to the customer's address.
 * The processor takes no idempotency key, so a withdrawal is never sent twice: after a lost answer or a crash it is
 * looked for in the processor's list; not found, it is `unknown` ("check before retrying") and keeps its amount
 * reserved until the owner releases it. Callers hold the sale's queue.
 */
export class WithdrawalRefunds {
  constructor(private readonly records: RefundRecords) {}

  /** The refund screen's withdrawal mode: the coin the customer paid with and what they paid in it. */
  options(view: RefundOptionsView, invoice: Invoice): RefundOptionsView {
    const method = paidMethod(invoice)
    return {
      ...view,
      mode: 'withdrawal',
      coin: method ? { id: method.id, currency: method.currency, paid: method.paid } : null
    }
  }

  /**
   * Fee, commission, fee plans and balance of a refund by withdrawal; sends nothing. Plisio
   * `GET /operations/fee/{psys_cid}`, `/operations/commission/{psys_cid}`, `/operations/fee-plan/{psys_cid}`,
   * `/balances/{psys_cid}`.
   * @throws KassaError `conflict` when the sale's processor does not refund by withdrawal; ProcessorError
   *   (`processor-permission` with Plisio's "Request IP" explanation when the IP is not whitelisted).
   */
  async estimate(input: Omit<WithdrawInput, 'reason' | 'idempotencyKey'>): Promise<WithdrawalEstimateView> {
    const { sale, invoice, withdrawals, coin } = this.target(input.saleId)
    const fee = this.records.policy(sale).rules.restockingFee
    const { fee: feeAmount, net } = coinWithFee(input.amount, fee)
    const triage = this.records.triage(sale, {
      amountMinor: this.fiatValue(sale, invoice, coin, net),
      variant: null
    })
    const estimate = await withdrawals.estimate({
      psysCid: coin,
      to: input.address,
      amount: net,
      feePlan: input.feePlan
    })
    return { ...estimate, policy: { gross: input.amount, fee: feeAmount, triage } }
  }

  /**
   * Pay the refund from the shop balance to the customer's address, once, after the cashier confirmed (Plisio
   * `GET /operations/withdraw`). `amount` is before the policy's restocking fee: what is sent is `amount` less
   * the fee (`coinWithFee`). Triaged against the refund policy, then its value at the invoice's rate is reserved.
   * @throws as `estimate`; KassaError `invalid-input` (more than is left, no rate to value it), `conflict`
   *   `policy-<rule>` and `owner-required` (the policy); a refused withdrawal records nothing.
   */
  async withdraw(input: WithdrawInput, ownerSession: string | null = null): Promise<RefundView> {
    const repeated = this.records.repeated(input.idempotencyKey)
    if (repeated) return repeated
    const { sale, withdrawals, coin, invoice } = this.target(input.saleId)
    const feePercent = this.records.policy(sale).rules.restockingFee
    const amount = DECIMAL.test(input.amount) ? coinWithFee(input.amount, feePercent).net : input.amount
    const fiatMinor = this.fiatValue(sale, invoice, coin, amount)
    const policy = this.records.admit(
      sale,
      { amountMinor: fiatMinor, variant: null, reason: input.reason ?? null },
      ownerSession,
      'refund:withdraw',
      true
    )
    // Known offline: nothing is sent, so nothing can be lost; it waits, held, and goes out once when back.
    const held = this.records.offline(sale)
    const request: RefundIntentRequest = {
      psysCid: coin,
      to: input.address,
      amount,
      ...(input.feePlan !== undefined && { feePlan: input.feePlan }),
      ...(held && { held: true })
    }
    const record = this.records.reserve(sale, invoice, {
      kind: 'withdrawal',
      amount,
      currency: coin,
      fiatMinor,
      state: 'pending',
      method: coin,
      destination: input.address,
      reason: input.reason ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      request,
      subtractPercentage: isZeroPercent(feePercent) ? null : feePercent,
      policy
    })
    if (record.state !== 'pending' || record.externalId) return toRefundView(record, sale.currency)
    if (isHeld(record)) {
      this.records.audit(sale, record, 'refund.held')
      return this.records.held(sale, record)
    }
    return this.send(sale, record, withdrawals, true)
  }

  /**
   * A withdrawal left `pending`: one held while its processor was offline is sent now (once; still offline, it
   * waits on); one sent before (a crash, a lost answer) is looked for in the processor's list, else `unknown`, never
   * sent again.
   */
  resume(sale: SaleRecord, record: RefundRecord, processor: PaymentProcessor): Promise<RefundView> {
    const withdrawals = processor.ports.withdrawals
    if (!withdrawals) return Promise.resolve(toRefundView(record, sale.currency))
    if (isHeld(record)) {
      if (this.records.offline(sale)) return Promise.resolve(this.records.held(sale, record))
      return this.send(sale, record, withdrawals, false)
    }
    return this.lookUp(sale, record, withdrawals, record.error)
  }

  /**
   * Send a pending withdrawal the processor has never been asked for (Plisio `GET /operations/withdraw`). It is
   * marked sent in the ledger first, so a crash or a lost answer leads to a look-up, never a second send. A refusal
   * is thrown when the cashier waits (`asked`: the intent is dropped), else the refund fails with it.
   */
  private async send(
    sale: SaleRecord,
    record: RefundRecord,
    withdrawals: WithdrawalsPort,
    asked: boolean
  ): Promise<RefundView> {
    const stored = record.request && 'psysCid' in record.request ? record.request : null
    if (!stored) throw new Error(`Refund ${record.id} has no stored withdrawal request`)
    const { held: _held, ...sent } = stored
    let current = record
    if (isHeld(record)) current = this.records.update(record.id, { request: sent, error: null })
    this.records.audit(sale, current, 'refund.requested')
    let withdrawal: WithdrawalOutcome
    try {
      withdrawal = await withdrawals.send({
        psysCid: sent.psysCid,
        to: sent.to,
        amount: sent.amount,
        feePlan: sent.feePlan
      })
    } catch (error) {
      if (isRefusal(error)) {
        if (asked) throw this.records.refused(sale, current, error)
        return this.records.finish(sale, current, { state: 'failed', error: error.message }, 'refund.failed')
      }
      // The answer was lost: the processor may have paid. Never send it again; find it, or say its fate is unknown.
      return this.lookUp(sale, current, withdrawals, failureText(error))
    }
    return this.attach(sale, current, withdrawal)
  }

  /**
   * Where a withdrawal stands (Plisio `GET /operations/{id}`, with its transaction link once sent); one of unknown
   * fate is looked for again (`GET /operations?type=cash_out`) and attached if it turns up.
   */
  async follow(sale: SaleRecord, record: RefundRecord, processor: PaymentProcessor): Promise<RefundView> {
    const withdrawals = processor.ports.withdrawals
    if (!withdrawals) return toRefundView(record, sale.currency)
    if (record.state === 'unknown') {
      const found = await this.find(withdrawals, record)
      return found ? this.attach(sale, record, found) : toRefundView(record, sale.currency)
    }
    if (!record.externalId) return toRefundView(record, sale.currency)
    const followed = await withdrawals.follow(record.externalId)
    return this.records.follow(sale, record, { state: followed.state, txId: followed.txId })
  }

  /**
   * An `unknown` withdrawal the owner checked at the processor: look it up once more; found, it is attached; not
   * found, it becomes `failed` and its amount is free to refund again.
   * @throws KassaError `conflict` when its fate is not unknown; ProcessorError when the processor cannot be asked
   *   (nothing changes).
   */
  async release(sale: SaleRecord, record: RefundRecord, processor: PaymentProcessor): Promise<RefundView> {
    if (record.state !== 'unknown') {
      throw new KassaError(
        'conflict',
        `This refund is ${record.state.replace('-', ' ')}: only an unknown one is released`
      )
    }
    const withdrawals = processor.ports.withdrawals
    if (!withdrawals) throw new KassaError('conflict', `${processor.label} does not refund by withdrawal`)
    const found = await this.find(withdrawals, record)
    if (found) return this.attach(sale, record, found)
    return this.records.finish(
      sale,
      record,
      { state: 'failed', error: `Released by the owner: ${processor.label} shows no such withdrawal` },
      'refund.released'
    )
  }

  /**
   * Find a withdrawal whose answer was lost and attach it; not found, it is `unknown` and never sent again. When the
   * list cannot be read it stays pending and is looked up again later.
   */
  private async lookUp(
    sale: SaleRecord,
    record: RefundRecord,
    withdrawals: WithdrawalsPort,
    why: string | null
  ): Promise<RefundView> {
    const label = this.records.processorLabel(sale)
    let found: WithdrawalOutcome | null
    try {
      found = await this.find(withdrawals, record)
    } catch (error) {
      return this.records.stillPending(
        sale,
        record,
        `Kassa could not look the withdrawal up at ${label}`,
        error
      )
    }
    if (found) return this.attach(sale, record, found)
    return this.records.finish(
      sale,
      record,
      {
        state: 'unknown',
        error:
          `Unknown: ${label}'s answer was lost${why ? ` (${why})` : ''} and its list does not show the ` +
          `withdrawal. Check the ${label} account before retrying; Kassa will not send it again.`
      },
      'refund.unknown'
    )
  }

  /** The processor's withdrawal for this refund's stored request, made at or after its intent; none another holds. */
  private find(withdrawals: WithdrawalsPort, record: RefundRecord): Promise<WithdrawalOutcome | null> {
    const stored = record.request && 'psysCid' in record.request ? record.request : null
    if (!stored) throw new Error(`Refund ${record.id} has no stored withdrawal request`)
    return withdrawals.find(
      stored,
      Date.parse(record.createdAt),
      (id) => id !== record.externalId && this.records.holds(record.processor, id)
    )
  }

  private attach(sale: SaleRecord, record: RefundRecord, withdrawal: WithdrawalOutcome): RefundView {
    return this.records.finish(
      sale,
      record,
      { state: withdrawal.state, externalId: withdrawal.id, txId: withdrawal.txId, error: null },
      'refund.withdrawn'
    )
  }

  /**
   * `amount` of `coin` in the sale's fiat minor units at the coin's rate on the invoice: the refund's value for the
   * day close, the cashier limit and what is left to refund.
   * @throws KassaError `invalid-input` when the invoice shows no rate for the coin or the amount is malformed
   */
  private fiatValue(sale: SaleRecord, invoice: Invoice, coin: string, amount: string): bigint {
    const rate = invoice.paymentMethods.find((m) => m.id === coin)?.rate
    if (!rate || !DECIMAL.test(rate) || !DECIMAL.test(amount)) {
      throw new KassaError(
        'invalid-input',
        `Kassa cannot value ${amount} ${coin} in ${sale.currency}: the invoice shows no rate for it`
      )
    }
    return decimalToMinor(new Big(amount).times(new Big(rate)).toFixed(12), sale.currency)
  }

  private target(saleId: string): {
    sale: SaleRecord
    invoice: Invoice
    withdrawals: WithdrawalsPort
    coin: string
  } {
    const { sale, invoice } = this.records.requirePaidSale(saleId, true)
    const processor = this.records.requireProcessor(sale)
    const withdrawals = processor.ports.withdrawals
    if (!withdrawals) throw new KassaError('conflict', `${processor.label} does not refund by withdrawal`)
    const method = paidMethod(invoice) ?? invoice.paymentMethods[0]
    if (!method) throw new KassaError('conflict', 'The invoice shows no coin to refund in')
    return { sale, invoice, withdrawals, coin: method.id }
  }
}
