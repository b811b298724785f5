import { KassaError, type ErrorParams } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import {
  DEFAULT_OFFLINE_POLICY,
  OUTBOX_EXPIRED,
  type OfflinePolicyView,
  type SaleOutboxView
} from '@shared/outbox'
import type { AuditActor, Ledger, SaleRecord } from '../ledger/ledger'
import type { OutboxEntry, OutboxStore } from '../ledger/outbox-store'
import { decideOffline, type OfflineDecision } from './offline-rules'
import { offlineRefusal } from './offline-words'
import { nextAttemptDelay, OutboxTimers, outboxView, type OutboxTiming } from './outbox'

/** What the outbox runner needs from the sale service. */
export interface OutboxRunnerDeps {
  ledger: Ledger
  store: OutboxStore
  timing: OutboxTiming
  /** ms since the epoch. */
  now: () => number
  /** Settings → Offline sales and the store currency its caps are in (default `DEFAULT_OFFLINE_POLICY`, USD). */
  offline?: () => { policy: OfflinePolicyView; storeCurrency: string }
  /** Connected processors other than `id` whose health is online or degraded, offered instead (default none). */
  alternativesTo?: (id: ProcessorId) => ProcessorId[]
  /** A processor's name for messages (default its id). */
  processorLabel?: (id: ProcessorId) => string
  /** The next attempt for a sale that still waits (the sale service's creation, which looks up first). */
  attempt: (saleId: string) => void
}

/**
 * The outbox's rules and clock for the sale service (`SaleService`): the owner's offline rules on a sale and the
 * refusal the cashier reads, a sale entering and (past the owner's limit) leaving it, and the timer of each waiting
 * sale's next attempt (`firstRetryMs` doubling to `maxRetryMs`, the processor's `Retry-After`, never past its
 * `until`). Creating and looking up invoices stays with the sale service.
 */
export class OutboxRunner {
  private readonly timers: OutboxTimers

  constructor(private readonly deps: OutboxRunnerDeps) {
    this.timers = new OutboxTimers(deps.now)
  }

  /** The screen's view of a waiting sale, or null when it does not wait. */
  view(saleId: string): SaleOutboxView | null {
    const entry = this.deps.store.get(saleId)
    return entry && outboxView(entry, this.timers.nextAt(saleId))
  }

  /** Put a recorded sale in the outbox for the owner's longest wait (call inside its transaction); audited. */
  enter(sale: SaleRecord, attempts: number, actor: AuditActor): void {
    const now = this.deps.now()
    const hours = this.offlinePolicy().policy.maxHours
    const since = new Date(now).toISOString()
    const until = new Date(now + hours * 3_600_000).toISOString()
    this.deps.store.enter(sale.id, since, until, attempts)
    this.deps.ledger.audit(actor, 'sale.outbox.enter', sale.id, { processor: sale.processor, until })
  }

  /**
   * The owner's limit passed without an invoice: the sale leaves the outbox and fails (`processor-offline`,
   * `outbox-expired`, the hours it waited); audited `sale.outbox.expired`. Call inside the caller's transaction.
   */
  expire(sale: SaleRecord, waiting: OutboxEntry): void {
    const hours = Math.round((Date.parse(waiting.until) - Date.parse(waiting.since)) / 3_600_000)
    const label = this.label(sale.processor)
    this.deps.store.leave(sale.id)
    this.deps.ledger.setSaleState(sale.id, 'failed', {
      code: 'processor-offline',
      message: `${label} stayed offline past the owner's limit of ${hours} h: the sale was not charged`,
      params: { reason: OUTBOX_EXPIRED, processor: sale.processor, hours: String(hours) }
    })
    this.deps.ledger.audit('system', 'sale.outbox.expired', sale.id, {
      since: waiting.since,
      until: waiting.until,
      attempts: waiting.attempts
    })
  }

  /** The owner's rules on one sale now (the open outbox read in the caller's transaction). */
  decide(currency: string, amountMinor: bigint, agreed: boolean): OfflineDecision {
    const { policy, storeCurrency } = this.offlinePolicy()
    return decideOffline({
      policy,
      storeCurrency,
      currency,
      amountMinor,
      openMinor: this.deps.store.openTotal(currency),
      agreed
    })
  }

  /** The `processor-offline` error of a refusal, with the processors the cashier may charge instead. */
  refusal(
    processor: ProcessorId,
    decision: Exclude<OfflineDecision, { allowed: true }>,
    currency: string,
    amountMinor: bigint
  ): KassaError {
    const alternatives = this.deps.alternativesTo?.(processor) ?? []
    const params: ErrorParams = {
      reason: decision.reason,
      processor,
      alternatives: alternatives.join(','),
      ...(decision.limit !== undefined && { limit: decision.limit }),
      ...(decision.open !== undefined && { open: decision.open })
    }
    const message = offlineRefusal({
      reason: decision.reason,
      processor: this.label(processor),
      alternatives: alternatives.map((id) => this.label(id)),
      amount: formatMinor(amountMinor, currency),
      currency,
      storeCurrency: this.offlinePolicy().storeCurrency,
      limit: decision.limit,
      open: decision.open
    })
    return new KassaError('processor-offline', message, params)
  }

  /**
   * Plan a waiting sale's next attempt: backoff by its attempts so far, or `retryAfterMs` (ms) when the processor
   * gave one; never past its limit. Nothing for a sale that no longer waits.
   */
  planNext(saleId: string, retryAfterMs: number | null): void {
    const entry = this.deps.store.get(saleId)
    if (!entry) return
    const delay = nextAttemptDelay(
      entry.attempts,
      this.deps.timing,
      retryAfterMs,
      Date.parse(entry.until),
      this.deps.now()
    )
    this.timers.schedule(saleId, delay, () => this.deps.attempt(saleId))
  }

  /** Attempt a sale not in the outbox again after `delayMs` (a 429's wait). */
  retryIn(saleId: string, delayMs: number): void {
    this.timers.schedule(saleId, delayMs, () => this.deps.attempt(saleId))
  }

  /** Drop the sale's timer (an attempt starts now, or it left the outbox). */
  clear(saleId: string): void {
    this.timers.clear(saleId)
  }

  /** Drop every timer and plan no more (the core is stopping). */
  stop(): void {
    this.timers.stop()
  }

  /** A processor's name for messages. */
  label(id: ProcessorId): string {
    return this.deps.processorLabel?.(id) ?? id
  }

  private offlinePolicy(): { policy: OfflinePolicyView; storeCurrency: string } {
    return this.deps.offline?.() ?? { policy: DEFAULT_OFFLINE_POLICY, storeCurrency: 'USD' }
  }
}
