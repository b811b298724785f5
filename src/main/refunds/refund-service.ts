import type { RefundOptionsView, RefundView, WithdrawalEstimateView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import { decimalToMinor, formatMinor } from '@shared/money'
import type { Ledger, SaleRecord } from '../ledger/ledger'
import { toRefundView, type RefundBook, type RefundRecord } from '../ledger/refund-book'
import { silentLogger, type Logger } from '../log/logger'
import type { PaymentProcessor } from '../processors/types'
import { KeyedQueue } from './keyed-queue'
import { RefundRecords, type RefundRecordsDeps } from './refund-records'
import { PullPaymentRefunds, type CreateRefundInput } from './strategies/pull-payment'
import { RecordedRefunds, type RecordInput } from './strategies/recorded'
import { WithdrawalRefunds, type WithdrawInput } from './strategies/withdrawal'

export type { CreateRefundInput } from './strategies/pull-payment'

/** What the refund service needs. */
export interface RefundServiceDeps {
  ledger: Ledger
  refunds: RefundBook
  processorFor(id: SaleRecord['processor']): PaymentProcessor | null
  onSaleChanged(saleId: string): void
  /**
   * First wait before looking a pending refund up again after the processor could not be asked (ms), doubling per
   * attempt in a row up to `maxRetryMs`; a `Retry-After` is waited at least. Default 5000.
   */
  retryMs?: number
  /** Longest wait between two attempts at a pending refund (ms). Default 300 000. */
  maxRetryMs?: number
  /**
   * True while the health monitor says `processor` cannot be reached: a withdrawal asked then is kept (`held`) and
   * sent once it answers again. Default: never.
   */
  isOffline?: RefundRecordsDeps['isOffline']
  /** Where unexpected failures go, with their stack (default: nowhere). */
  log?: Logger
  /** The owner's refund policy and the store currency (`RefundRecordsDeps.policy`); default none. */
  policy?: RefundRecordsDeps['policy']
  /** Whether the owner approves a `needs-owner` refund (`RefundRecordsDeps.ownerApproval`); default never. */
  ownerApproval?: RefundRecordsDeps['ownerApproval']
  /** Clock of the refund window (ms); default `Date.now`. */
  now?: () => number
}

/**
 * Refunds at the counter, by strategy picked from the processor's ports: a pull payment the customer claims
 * (`pullPayments`: BTCPay, Demo), a withdrawal from the shop balance (`withdrawals`: Plisio), or a refund paid
 * outside Kassa and recorded (any processor; BTPay has no other).
 *
 * Money moves exactly once: the refunds of one sale run one at a time (one queue per sale); a refund through a
 * processor is first recorded as an intent (`pending`, its fiat value reserved against what was paid, in one
 * transaction) with its own id, which goes to the processor as the idempotency key; only then is the processor asked.
 * A lost answer or a restart leaves it `pending`, and Kassa looks it up before asking again. A withdrawal, which the
 * processor cannot deduplicate, is never sent twice: when its answer is lost and the list does not show it, it
 * becomes `unknown` until the owner checks and releases it. Every refund is audited and printed on the sale's
 * receipt; the refunded total never exceeds what the customer paid.
 */
export class RefundService {
  private readonly queue = new KeyedQueue()
  /** The next attempt at each pending refund waiting for one, and how many attempts in a row failed. */
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly attempts = new Map<string, number>()
  private stopped = false
  private readonly log: Logger
  private readonly records: RefundRecords
  private readonly pullPayments: PullPaymentRefunds
  private readonly withdrawals: WithdrawalRefunds
  private readonly recorded: RecordedRefunds

  constructor(private readonly deps: RefundServiceDeps) {
    this.log = deps.log ?? silentLogger()
    this.records = new RefundRecords({
      ...deps,
      retryLater: (saleId, refundId, ms) => this.later(saleId, refundId, ms)
    })
    this.pullPayments = new PullPaymentRefunds(this.records)
    this.withdrawals = new WithdrawalRefunds(this.records)
    this.recorded = new RecordedRefunds(this.records)
  }

  /**
   * What the refund screen offers for a sale: pull-payment variants priced after `subtractPercentage`, the coin to
   * withdraw in, or recording only.
   * @throws KassaError `not-found`; ProcessorError when the processor cannot price the refund.
   */
  async options(input: {
    saleId: string
    subtractPercentage?: string
    customAmount?: string
    customCurrency?: string
  }): Promise<RefundOptionsView> {
    const { sale, invoice } = this.records.requirePaidSale(input.saleId, false)
    const processor = this.deps.processorFor(sale.processor)
    const refundedMinor = this.deps.refunds.refundedMinor(sale.id)
    const paidMinor = invoice ? decimalToMinor(invoice.paid, invoice.currency) : 0n
    const view: RefundOptionsView = {
      saleId: sale.id,
      mode: 'record',
      currency: sale.currency,
      paid: formatMinor(paidMinor, sale.currency),
      refunded: formatMinor(refundedMinor, sale.currency),
      variants: [],
      coin: null,
      blockedReason: null,
      notice: null,
      policy: {
        rules: this.records.policy(sale).rules,
        storeCurrency: this.records.policy(sale).storeCurrency,
        triage: this.records.triage(sale, { amountMinor: null, variant: null })
      }
    }
    if (!invoice || paidMinor <= 0n) return { ...view, blockedReason: 'Nothing was paid for this sale' }
    if (refundedMinor >= paidMinor) return { ...view, blockedReason: 'This sale is already fully refunded' }
    if (!processor) {
      return {
        ...view,
        notice: `${sale.processor} is not connected: only a refund paid outside Kassa can be recorded`
      }
    }
    if (processor.ports.withdrawals) return this.withdrawals.options(view, invoice)
    if (processor.ports.pullPayments) return this.pullPayments.options(sale, view, processor, invoice, input)
    return view
  }

  /**
   * Refund through the processor's pull payments (BTCPay, Demo); see `PullPaymentRefunds.create`. Every refund
   * asked for at the counter is triaged against the owner's refund policy under the sale's queue; `ownerSession`
   * is the caller's, which lets a `needs-owner` refund through when valid.
   */
  create(input: CreateRefundInput, ownerSession: string | null = null): Promise<RefundView> {
    return this.queue.run(input.saleId, () => this.pullPayments.create(input, ownerSession))
  }

  /** What a refund by withdrawal would cost, sending nothing; see `WithdrawalRefunds.estimate`. */
  estimate(input: Omit<WithdrawInput, 'reason' | 'idempotencyKey'>): Promise<WithdrawalEstimateView> {
    return this.withdrawals.estimate(input)
  }

  /** Refund by a withdrawal from the shop balance (Plisio), once; see `WithdrawalRefunds.withdraw`. */
  withdraw(input: WithdrawInput, ownerSession: string | null = null): Promise<RefundView> {
    return this.queue.run(input.saleId, () => this.withdrawals.withdraw(input, ownerSession))
  }

  /** Record a refund paid outside Kassa; see `RecordedRefunds.record`. */
  record(input: RecordInput, ownerSession: string | null = null): Promise<RefundView> {
    return this.queue.run(input.saleId, () => this.recorded.record(input, ownerSession))
  }

  /**
   * Re-read a refund still moving and update its state (a pull payment's payouts, a withdrawal's operation); a
   * pending one is picked up again, an unknown withdrawal looked for again. Finished and recorded refunds are
   * returned as stored.
   * @throws KassaError `not-found`; ProcessorError from the processor.
   */
  refresh(refundId: string): Promise<RefundView> {
    return this.withRefund(refundId, async (sale, record, processor) => {
      if (record.state === 'pending') return this.resumeOne(sale, record, processor)
      const settled =
        record.state === 'cancelled' || record.state === 'completed' || record.state === 'failed'
      if (settled || record.kind === 'recorded') return toRefundView(record, sale.currency)
      return record.kind === 'pull-payment'
        ? this.pullPayments.follow(sale, record, processor)
        : this.withdrawals.follow(sale, record, processor)
    })
  }

  /** An `unknown` withdrawal the owner checked: see `WithdrawalRefunds.release`. */
  release(refundId: string): Promise<RefundView> {
    return this.withRefund(
      refundId,
      (sale, record, processor) => this.withdrawals.release(sale, record, processor),
      true
    )
  }

  /**
   * Cancel a pull-payment refund not yet paid; see `PullPaymentRefunds.cancel`.
   * @throws KassaError `conflict` when it is not a pull payment, or is being paid or paid.
   */
  cancel(refundId: string): Promise<RefundView> {
    return this.withRefund(
      refundId,
      (sale, record, processor) => {
        if (record.kind !== 'pull-payment') {
          throw new KassaError(
            'conflict',
            'Only a refund the customer has not yet been paid can be cancelled'
          )
        }
        return this.pullPayments.cancel(sale, record, processor)
      },
      true
    )
  }

  /**
   * Finish every refund a crash or an outage left `pending` (at start, and when a processor is connected): look each
   * up at its processor, then ask again for a pull payment it does not have; a withdrawal it does not show becomes
   * `unknown`, never sent again. Refunds of a processor that is not connected wait.
   */
  async resumePending(): Promise<void> {
    await Promise.all(
      this.deps.refunds.pending().map((record) => this.queue.run(record.saleId, () => this.resume(record.id)))
    )
  }

  /**
   * `processor` answers again after an outage (the health monitor's `onRecovered`): its pending refunds are asked
   * about now (a held withdrawal sent, a lost answer looked up first), their back-off started afresh.
   */
  async processorRecovered(processor: string): Promise<void> {
    const pending = this.deps.refunds.pending().filter((record) => record.processor === processor)
    await Promise.all(
      pending.map((record) => {
        const timer = this.timers.get(record.id)
        if (timer) clearTimeout(timer)
        this.timers.delete(record.id)
        this.attempts.delete(record.id)
        return this.queue
          .run(record.saleId, () => this.resume(record.id))
          .catch((error: unknown) => {
            this.log.error({ err: error, refundId: record.id }, 'resuming a refund failed')
          })
      })
    )
  }

  /** Stop look-up timers and wait for refunds in flight. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    await this.queue.idle()
  }

  /** Run `work` on a refund under its sale's queue, with the sale's processor (required when `strict`). */
  private withRefund(
    refundId: string,
    work: (sale: SaleRecord, record: RefundRecord, processor: PaymentProcessor) => Promise<RefundView>,
    strict = false
  ): Promise<RefundView> {
    const { record: first } = this.records.requireRefund(refundId)
    return this.queue.run(first.saleId, async () => {
      const { record, sale } = this.records.requireRefund(refundId)
      const processor = strict ? this.records.requireProcessor(sale) : this.deps.processorFor(sale.processor)
      if (!processor) return toRefundView(record, sale.currency)
      return work(sale, record, processor)
    })
  }

  private async resume(refundId: string): Promise<RefundView> {
    const { record, sale } = this.records.requireRefund(refundId)
    const processor = this.deps.processorFor(sale.processor)
    if (record.state !== 'pending') this.attempts.delete(refundId)
    // Not pending any more, or its processor not connected (it waits until it is): nothing to do now.
    if (record.state !== 'pending' || !processor) return toRefundView(record, sale.currency)
    const view = await this.resumeOne(sale, record, processor)
    if (view.state !== 'pending') this.attempts.delete(refundId)
    return view
  }

  private resumeOne(
    sale: SaleRecord,
    record: RefundRecord,
    processor: PaymentProcessor
  ): Promise<RefundView> {
    return record.kind === 'withdrawal'
      ? this.withdrawals.resume(sale, record, processor)
      : this.pullPayments.resume(sale, record, processor)
  }

  /**
   * Look a pending refund up again later, under its sale's queue: after `retryMs` doubling per attempt in a row up
   * to `maxRetryMs`, and at least `delayMs` (a `Retry-After`). One timer per refund.
   */
  private later(saleId: string, refundId: string, delayMs = 0): void {
    if (this.stopped) return
    const attempt = (this.attempts.get(refundId) ?? 0) + 1
    this.attempts.set(refundId, attempt)
    const backoff = Math.min(
      this.deps.maxRetryMs ?? 300_000,
      (this.deps.retryMs ?? 5000) * 2 ** (attempt - 1)
    )
    const previous = this.timers.get(refundId)
    if (previous) clearTimeout(previous)
    const timer = setTimeout(
      () => {
        this.timers.delete(refundId)
        void this.queue
          .run(saleId, () => this.resume(refundId))
          .catch((error: unknown) => {
            this.log.error({ err: error, refundId }, 'resuming a refund failed')
          })
      },
      Math.max(delayMs, backoff)
    )
    timer.unref()
    this.timers.set(refundId, timer)
  }
}
