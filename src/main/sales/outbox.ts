import type { SaleOutboxView } from '@shared/outbox'
import type { OutboxEntry } from '../ledger/outbox-store'

/** Outbox attempt timing (ms). */
export interface OutboxTiming {
  /** Wait after the first failed attempt (default 5 000); doubled after each next one. */
  firstRetryMs: number
  /** Longest wait between two attempts (default 300 000). */
  maxRetryMs: number
}

export const DEFAULT_OUTBOX_TIMING: OutboxTiming = { firstRetryMs: 5_000, maxRetryMs: 300_000 }

/** setTimeout's longest delay: a later limit is reached through several timers. */
const MAX_TIMER_MS = 2_147_483_647

/**
 * How long to wait before the next attempt: the processor's `Retry-After` when it gave one, else `firstRetryMs`
 * doubled per failed attempt (1 → first, 2 → twice, …) up to `maxRetryMs`; never past the sale's `until`.
 * @param attempts attempts made so far (≥ 1)
 * @param untilMs the owner's limit, ms since the epoch
 * @param nowMs ms since the epoch
 */
export function nextAttemptDelay(
  attempts: number,
  timing: OutboxTiming,
  retryAfterMs: number | null,
  untilMs: number,
  nowMs: number
): number {
  const backoff = Math.min(timing.firstRetryMs * 2 ** Math.max(0, attempts - 1), timing.maxRetryMs)
  const wanted = retryAfterMs ?? backoff
  return Math.max(0, Math.min(wanted, untilMs - nowMs, MAX_TIMER_MS))
}

/**
 * The outbox's timers, one per waiting sale, and when each fires (for `SaleOutboxView.nextAttemptAt`). In memory:
 * after a restart the sale service resumes every waiting sale from the ledger.
 */
export class OutboxTimers {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; at: number }>()
  private stopped = false

  constructor(private readonly now: () => number) {}

  /** Fire `attempt` for the sale after `delayMs` (replacing its timer); nothing once stopped. */
  schedule(saleId: string, delayMs: number, attempt: () => void): void {
    this.clear(saleId)
    if (this.stopped) return
    const timer = setTimeout(() => {
      this.timers.delete(saleId)
      attempt()
    }, delayMs)
    timer.unref()
    this.timers.set(saleId, { timer, at: this.now() + delayMs })
  }

  /** Drop the sale's timer (an attempt starts now, or it left the outbox). */
  clear(saleId: string): void {
    const entry = this.timers.get(saleId)
    if (entry) clearTimeout(entry.timer)
    this.timers.delete(saleId)
  }

  /** When the sale's next attempt is due (ms), or null while none is planned (one is under way). */
  nextAt(saleId: string): number | null {
    return this.timers.get(saleId)?.at ?? null
  }

  /** Drop every timer and plan no more (the core is stopping). */
  stop(): void {
    this.stopped = true
    for (const { timer } of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }
}

/** The screen's view of a waiting sale. */
export function outboxView(entry: OutboxEntry, nextAtMs: number | null): SaleOutboxView {
  return {
    since: entry.since,
    until: entry.until,
    attempts: entry.attempts,
    nextAttemptAt: nextAtMs === null ? null : new Date(nextAtMs).toISOString()
  }
}
