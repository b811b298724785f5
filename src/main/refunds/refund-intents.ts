import type { RefundView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import { decimalToMinor } from '@shared/money'
import type { Ledger, SaleRecord } from '../ledger/ledger'
import { silentLogger, type Logger } from '../log/logger'
import { toRefundView, type RefundBook, type RefundChange, type RefundRecord } from '../ledger/refund-book'
import { ProcessorError } from '../processors/errors'
import type { WithdrawalOutcome, WithdrawalsPort } from '../processors/ports'
import type { PaymentProcessor, Refund, RefundRequest, RefundVariant } from '../processors/types'
import type { KeyedQueue } from './keyed-queue'
import { refundFiatMinor, type RefundBasis } from './refund-preview'

/** What the refund intents need: the refund service's own deps and its per-sale queue. */
export interface RefundIntentDeps {
  ledger: Ledger
  refunds: RefundBook
  processorFor(id: SaleRecord['processor']): PaymentProcessor | null
  onSaleChanged(saleId: string): void
  /** Runs the refunds of one sale one at a time (the refund service's queue). */
  queue: KeyedQueue
  /** Wait before looking a pending refund up again after the processor could not be asked (ms). Default 5000. */
  retryMs?: number
  /** Where unexpected failures go, with their stack (default: nowhere). */
  log?: Logger
}

/**
 * The processor's side of a refund recorded as an intent: ask for it (or find it first, by the refund id it carries),
 * apply the answer, and pick up refunds a crash or an outage left `pending`. A pull payment is asked for again only
 * after a look-up found none; a withdrawal is never sent twice: found in Plisio's list, or `unknown`. Callers hold
 * the sale's queue; the look-up timers take it themselves.
 */
export class RefundIntents {
  private readonly timers = new Set<NodeJS.Timeout>()
  private stopped = false
  private readonly log: Logger

  constructor(private readonly deps: RefundIntentDeps) {
    this.log = deps.log ?? silentLogger()
  }

  /** Stop the look-up timers (refunds still pending are picked up at the next start). */
  stop(): void {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  /** Pick a refund `pending` up again: look it up, then ask again (pull payments) or call it unknown (withdrawals). */
  async resume(refundId: string): Promise<RefundView> {
    const { record, sale } = this.requireRefund(refundId)
    if (record.state !== 'pending') return toRefundView(record, sale.currency)
    const processor = this.deps.processorFor(sale.processor)
    if (!processor) return toRefundView(record, sale.currency) // waits until the processor is connected again
    if (record.kind === 'withdrawal') {
      if (!processor.ports.withdrawals) return toRefundView(record, sale.currency)
      return this.lookUpWithdrawal(sale, record, processor.ports.withdrawals, record.error)
    }
    return this.sendPullPayment(sale, record, processor, { lookUpFirst: true })
  }

  /**
   * Ask the processor for a pending refund's pull payment (`refund`), first looking for one it already made for this
   * refund id when an earlier attempt may have reached it (`findRefund`). A refusal fails the refund (its amount is
   * free again) and is thrown; a lost answer leaves it pending, looked up again on a timer.
   */
  async sendPullPayment(
    sale: SaleRecord,
    record: RefundRecord,
    processor: PaymentProcessor,
    how: { lookUpFirst: boolean; basis?: RefundBasis }
  ): Promise<RefundView> {
    const request = this.pullPaymentRequest(sale, record)
    const pullPayments = processor.ports.pullPayments
    // A pull-payment refund whose processor no longer offers them (another connection): it waits, as when offline.
    if (!pullPayments) return toRefundView(record, sale.currency)
    let refund: Refund | null = null
    try {
      if (how.lookUpFirst) refund = await pullPayments.find(request)
    } catch (error) {
      return this.stillPending(
        sale,
        record,
        `Kassa could not look the refund up at ${processor.label}`,
        error
      )
    }
    try {
      refund ??= await pullPayments.create(request)
    } catch (error) {
      if (isRefusal(error)) {
        if (!how.lookUpFirst) throw this.refused(sale, record, error)
        // Resumed with nobody waiting: keep the refusal on the sale for the cashier to see.
        return this.finish(sale, record, { state: 'failed', error: error.message }, 'refund.failed')
      }
      return this.stillPending(sale, record, `${processor.label} did not answer`, error)
    }
    const fiatMinor =
      refund.currency === sale.currency
        ? decimalToMinor(refund.amount, refund.currency)
        : how.basis
          ? refundFiatMinor(refund.amount, refund.currency, how.basis, record.variant ?? undefined)
          : record.fiatMinor
    return this.finish(
      sale,
      record,
      {
        state: 'awaiting-claim',
        externalId: refund.id,
        claimLink: refund.claimLink,
        amount: refund.amount,
        currency: refund.currency,
        fiatMinor: fiatMinor ?? record.fiatMinor,
        error: null
      },
      'refund.created'
    )
  }

  /** The processor request of a pull-payment refund, rebuilt from its stored intent. */
  private pullPaymentRequest(sale: SaleRecord, record: RefundRecord): RefundRequest {
    const invoice = this.deps.ledger.getInvoiceForSale(sale.id)
    const stored = record.request && 'variant' in record.request ? record.request : null
    if (!invoice || !stored) throw new Error(`Refund ${record.id} has no stored request`)
    return {
      refundId: record.id,
      invoiceId: invoice.id,
      variant: stored.variant as RefundVariant,
      subtractPercentage: stored.subtractPercentage,
      customAmount: stored.customAmount,
      customCurrency: stored.customCurrency,
      paymentMethod: stored.paymentMethod,
      description: record.reason ?? undefined
    }
  }

  /** A pending refund the processor could not be asked about: say why, and look again later. */
  private stillPending(sale: SaleRecord, record: RefundRecord, what: string, error: unknown): RefundView {
    const message = `${what} (${failureText(error)}): Kassa looks it up again before asking twice`
    const updated = this.deps.refunds.update(record.id, { error: message })
    const delay = error instanceof ProcessorError && error.retryAfterMs ? error.retryAfterMs : undefined
    this.later(sale.id, record.id, delay)
    this.deps.onSaleChanged(sale.id)
    return toRefundView(updated, sale.currency)
  }

  /** Look a pending refund up again after `delayMs` (default `retryMs`). */
  private later(saleId: string, refundId: string, delayMs = this.deps.retryMs ?? 5000): void {
    if (this.stopped) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void this.deps.queue
        .run(saleId, () => this.resume(refundId))
        .catch((error: unknown) => {
          this.log.error({ err: error, refundId }, 'resuming a refund failed')
        })
    }, delayMs)
    timer.unref()
    this.timers.add(timer)
  }

  /**
   * A withdrawal whose answer was lost (or a pending one after a restart): find it in Plisio's list and attach it;
   * not found, it is `unknown` and never sent again. When the list cannot be read it stays pending and is looked up
   * again later.
   */
  async lookUpWithdrawal(
    sale: SaleRecord,
    record: RefundRecord,
    withdrawals: WithdrawalsPort,
    why: string | null
  ): Promise<RefundView> {
    let found: WithdrawalOutcome | null
    try {
      found = await this.findWithdrawal(withdrawals, record)
    } catch (error) {
      return this.stillPending(
        sale,
        record,
        `Kassa could not look the withdrawal up at ${sale.processor}`,
        error
      )
    }
    if (found) return this.attachWithdrawal(sale, record, found)
    const label = this.deps.processorFor(sale.processor)?.label ?? sale.processor
    return this.finish(
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
  findWithdrawal(withdrawals: WithdrawalsPort, record: RefundRecord): Promise<WithdrawalOutcome | null> {
    const stored = record.request && 'psysCid' in record.request ? record.request : null
    if (!stored) throw new Error(`Refund ${record.id} has no stored withdrawal request`)
    return withdrawals.find(
      stored,
      Date.parse(record.createdAt),
      (id) => id !== record.externalId && this.deps.refunds.hasExternalId(record.processor, id)
    )
  }

  attachWithdrawal(sale: SaleRecord, record: RefundRecord, withdrawal: WithdrawalOutcome): RefundView {
    return this.finish(
      sale,
      record,
      {
        state: withdrawal.state,
        externalId: withdrawal.id,
        txId: withdrawal.txId,
        error: null
      },
      'refund.withdrawn'
    )
  }

  /**
   * The processor refused a refund the cashier is waiting for: nothing was made, so the intent is dropped (its
   * amount free again) and the attempt stays in the audit log. @returns the error, for the caller to throw.
   */
  refused(sale: SaleRecord, record: RefundRecord, error: ProcessorError | KassaError): Error {
    this.deps.refunds.dropRefused(record.id)
    this.deps.ledger.audit('cashier', 'refund.refused', sale.id, {
      refundId: record.id,
      kind: record.kind,
      amount: record.amount,
      currency: record.currency,
      reason: error.message
    })
    return error
  }

  /** Apply the processor's outcome to a refund, audit it and tell the screens. */
  finish(sale: SaleRecord, record: RefundRecord, change: RefundChange, action: string): RefundView {
    return this.done(sale, this.deps.refunds.update(record.id, change), action)
  }

  done(sale: SaleRecord, record: RefundRecord, action: string): RefundView {
    this.audit(sale, record, action)
    this.deps.onSaleChanged(sale.id)
    return toRefundView(record, sale.currency)
  }

  audit(sale: SaleRecord, record: RefundRecord, action: string): void {
    this.deps.ledger.audit('cashier', action, sale.id, {
      refundId: record.id,
      kind: record.kind,
      amount: record.amount,
      currency: record.currency,
      state: record.state,
      ...(record.externalId && { externalId: record.externalId })
    })
  }

  private requireRefund(refundId: string): { record: RefundRecord; sale: SaleRecord } {
    const record = this.deps.refunds.get(refundId)
    if (!record) throw new KassaError('not-found', `No refund ${refundId}`)
    return { record, sale: this.deps.ledger.requireSale(record.saleId) }
  }
}

/**
 * True when the processor answered and refused (a 4xx: invalid request, permission, key): nothing was made. A lost
 * answer (timeout, connection, 5xx, 429) is not a refusal: the refund may exist.
 */
export function isRefusal(error: unknown): error is ProcessorError | KassaError {
  if (error instanceof ProcessorError) return !error.retryable
  return error instanceof KassaError
}

/** A short, safe description of a failure for a refund's `error`. */
export function failureText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : 'no answer'
}
