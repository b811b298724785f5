import type { ProcessorId } from '@shared/invoice'
import { isFinalStatus, type Invoice } from '@shared/invoice'
import type { Ledger } from '../ledger/ledger'
import type { OutboxStore } from '../ledger/outbox-store'
import { silentLogger, type Logger } from '../log/logger'
import { mayHaveReachedProcessor, ProcessorError } from '../processors/errors'
import type { PaymentProcessor } from '../processors/types'
import type { InvoiceTracker } from '../tracker/tracker'

/** What the pending cancels need from the sale service. Times in milliseconds. */
export interface PendingCancelsDeps {
  ledger: Ledger
  store: OutboxStore
  tracker: InvoiceTracker
  processorFor(id: ProcessorId): PaymentProcessor | null
  onSaleChanged(saleId: string): void
  /** The invoice creation of the sale under way, if any: a cancel waits for it before looking. */
  creationOf(saleId: string): Promise<void> | undefined
  /** First wait after a failed attempt (default 5 000), doubled each time up to `maxRetryMs` (default 300 000). */
  retryMs?: number
  maxRetryMs?: number
  log?: Logger
}

/**
 * Cancels the till still owes a processor, kept in the ledger (`sales.cancel_pending`) so a restart or an outage
 * loses none: the invoice of a sale cancelled while its processor could not be reached, and the invoice a timed-out
 * creation may have made for a sale that then failed or was cancelled (an orphan). Each is settled once the processor
 * answers: the invoice is read (by id when the ledger has it, else looked up by order id = sale id); `New` is
 * cancelled, anything else is taken as it is; a cancelled sale then follows what the processor says (a payment that
 * arrived anyway makes it `paid`, the state machine's rule), a failed sale keeps its state. Tried at once, again with
 * backoff (honouring `Retry-After`), at start (`resume`) and when the processor's health turns online (`processorBack`);
 * one attempt per sale at a time. Cancelling an invoice the processor already cancelled changes nothing.
 * Audited `invoice.cancelled-after-timeout` (an orphan found and cancelled), `invoice.cancelled-when-back` (a known
 * invoice cancelled), `invoice.cancel-unneeded` (found paid, expired or already cancelled), `invoice.not-cancelled`
 * (the processor refused), `invoice.none-after-timeout` (no orphan).
 */
export class PendingCancels {
  private readonly running = new Map<string, Promise<void>>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly failures = new Map<string, number>()
  private readonly log: Logger
  private stopped = false

  constructor(private readonly deps: PendingCancelsDeps) {
    this.log = deps.log ?? silentLogger()
  }

  /** Remember that the sale's invoice must be cancelled (call inside the transaction that changes the sale). */
  mark(saleId: string, at: string): void {
    this.deps.store.markCancel(saleId, at)
  }

  /** Forget a pending cancel (the cancel reached the processor by another path). */
  clear(saleId: string): void {
    this.deps.store.clearCancel(saleId)
  }

  /**
   * Settle the sale's pending cancel once its creation in flight (if any) is over; unless `now`, a retry already
   * planned keeps its time (the backoff is not reset by every caller).
   */
  async kick(saleId: string, now = false): Promise<void> {
    await this.deps.creationOf(saleId)?.catch(() => {})
    if (!now && this.timers.has(saleId)) return
    return this.run(saleId)
  }

  /** Settle the sale's pending cancel now (one attempt at a time; joins one under way). Never throws. */
  run(saleId: string): Promise<void> {
    if (this.stopped) return Promise.resolve()
    const running = this.running.get(saleId)
    if (running) return running
    const timer = this.timers.get(saleId)
    if (timer) clearTimeout(timer)
    this.timers.delete(saleId)
    const task = this.settle(saleId).finally(() => this.running.delete(saleId))
    this.running.set(saleId, task)
    return task
  }

  /** Every pending cancel (at start). */
  async resume(): Promise<void> {
    await Promise.all(this.deps.store.pendingCancels().map((pending) => this.kick(pending.saleId)))
  }

  /** The processor answers again: settle its pending cancels now. */
  processorBack(processor: ProcessorId): void {
    for (const pending of this.deps.store.pendingCancels()) {
      if (pending.processor === processor) void this.kick(pending.saleId, true)
    }
  }

  /** Stop the retry timers and wait for attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    await Promise.allSettled(this.running.values())
  }

  private async settle(saleId: string): Promise<void> {
    const { ledger, store } = this.deps
    const sale = ledger.getSale(saleId)
    if (!sale || !store.cancelPending(saleId)) return
    const processor = this.deps.processorFor(sale.processor)
    if (!processor) return // kept: settled when the processor is connected again (resume)
    const stored = ledger.getInvoiceForSale(saleId)
    try {
      const found = stored
        ? await processor.getInvoice(stored.id)
        : await processor.findInvoiceByOrderId(saleId)
      if (!found) {
        store.clearCancel(saleId)
        ledger.audit('system', 'invoice.none-after-timeout', saleId)
        this.failures.delete(saleId)
        return
      }
      const invoice = found.status === 'New' ? await this.cancelAt(processor, found, saleId) : found
      const current = ledger.requireSale(saleId)
      ledger.batch(() => {
        // A failed sale keeps its state (its invoice was never shown to a customer); a cancelled one follows it.
        if (current.state !== 'failed') ledger.applyInvoice(saleId, invoice)
        store.clearCancel(saleId)
        const action =
          found.status !== 'New'
            ? 'invoice.cancel-unneeded'
            : stored
              ? 'invoice.cancelled-when-back'
              : 'invoice.cancelled-after-timeout'
        ledger.audit('system', action, saleId, { invoiceId: invoice.id, status: invoice.status })
      })
      this.failures.delete(saleId)
      if (current.state !== 'failed' && !isFinalStatus(invoice.status)) {
        this.deps.tracker.track({ processor: processor.id, invoiceId: invoice.id, saleId })
      }
      this.deps.onSaleChanged(saleId)
    } catch (error) {
      // A lost or unreadable answer (a cut body) settles nothing: the cancel stays owed and is tried again.
      if (error instanceof ProcessorError && (error.retryable || mayHaveReachedProcessor(error)))
        return this.retryLater(saleId, error.retryAfterMs)
      this.log.error({ err: error, saleId }, 'settling a pending cancel failed')
      store.clearCancel(saleId)
      ledger.audit('system', 'invoice.cancel-failed', saleId, {
        message: error instanceof Error ? error.message : 'failed'
      })
    }
  }

  /**
   * Cancel `found`. A refusal (paid meanwhile, or a processor that cannot cancel, as Plisio) takes the invoice as
   * the processor says it is now. @throws ProcessorError when the processor cannot be reached or its answer read
   */
  private async cancelAt(processor: PaymentProcessor, found: Invoice, saleId: string): Promise<Invoice> {
    try {
      return await processor.cancelInvoice(found.id)
    } catch (error) {
      // Lost or unreadable: the cancel may have been done; settled again later (the invoice is read first).
      if (mayHaveReachedProcessor(error) || !(error instanceof ProcessorError) || error.retryable) throw error
      this.deps.ledger.audit('system', 'invoice.not-cancelled', saleId, {
        invoiceId: found.id,
        message: error.message
      })
      return processor.getInvoice(found.id)
    }
  }

  private retryLater(saleId: string, retryAfterMs: number | null): void {
    if (this.stopped) return
    const failures = (this.failures.get(saleId) ?? 0) + 1
    this.failures.set(saleId, failures)
    const first = this.deps.retryMs ?? 5000
    const backoff = Math.min(first * 2 ** (failures - 1), this.deps.maxRetryMs ?? 300_000)
    const timer = setTimeout(() => {
      this.timers.delete(saleId)
      void this.run(saleId)
    }, retryAfterMs ?? backoff)
    timer.unref()
    this.timers.set(saleId, timer)
  }
}
