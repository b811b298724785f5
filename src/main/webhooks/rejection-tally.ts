import type { ProcessorId } from '@shared/invoice'

/** Why a delivery was refused: bad or missing signature, signed too long ago, not the processor's format, or
 * refused by the limiter (429) before its own reason mattered. */
export type RejectionReason = 'signature' | 'stale' | 'malformed' | 'limited'

/** One summary row: a processor's refusals in one window. Times are ISO 8601. */
export interface RejectionSummary {
  processor: ProcessorId
  from: string
  to: string
  count: number
  reasons: Partial<Record<RejectionReason, number>>
  /** Up to `MAX_ADDRESSES` distinct remote addresses they came from. */
  addresses: string[]
}

const MAX_ADDRESSES = 5

interface Pending {
  processor: ProcessorId
  start: number
  count: number
  reasons: Partial<Record<RejectionReason, number>>
  addresses: Set<string>
}

/**
 * Counts refused deliveries in memory and writes one summary per processor per window (default a minute) through
 * `write`, so a flood of forged posts costs a row a minute instead of a row a post. A window's summary is written
 * when the window has passed (a timer, or the next refusal after it) and on `close`.
 */
export class RejectionTally {
  private readonly pending = new Map<ProcessorId, Pending>()
  private readonly totals = new Map<ProcessorId, { count: number; lastAt: number }>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly write: (summary: RejectionSummary) => void,
    private readonly windowMs: number,
    private readonly now: () => number
  ) {}

  /** Count one refusal of `processor`'s delivery from `address`. */
  add(processor: ProcessorId, reason: RejectionReason, address: string): void {
    const at = this.now()
    const start = at - (at % this.windowMs)
    let entry = this.pending.get(processor)
    if (entry && entry.start !== start) {
      this.emit(entry)
      entry = undefined
    }
    if (!entry) {
      entry = { processor, start, count: 0, reasons: {}, addresses: new Set() }
      this.pending.set(processor, entry)
      this.arm()
    }
    entry.count += 1
    entry.reasons[reason] = (entry.reasons[reason] ?? 0) + 1
    if (entry.addresses.size < MAX_ADDRESSES) entry.addresses.add(address)
    const total = this.totals.get(processor) ?? { count: 0, lastAt: at }
    this.totals.set(processor, { count: total.count + 1, lastAt: at })
  }

  /** Refusals of `processor` since this tally was made, and when the last came (ms since the epoch). */
  since(processor: ProcessorId): { count: number; lastAt: number | null } {
    const total = this.totals.get(processor)
    return total ? { ...total } : { count: 0, lastAt: null }
  }

  /** Write the summaries of windows that have passed (all of them with `everything`). */
  flush(everything = false): void {
    const at = this.now()
    for (const entry of [...this.pending.values()]) {
      if (everything || entry.start + this.windowMs <= at) this.emit(entry)
    }
    if (this.pending.size === 0 && this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }

  /** Write everything pending and stop the timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.flush(true)
  }

  private emit(entry: Pending): void {
    this.pending.delete(entry.processor)
    this.write({
      processor: entry.processor,
      from: new Date(entry.start).toISOString(),
      to: new Date(entry.start + this.windowMs).toISOString(),
      count: entry.count,
      reasons: entry.reasons,
      addresses: [...entry.addresses]
    })
  }

  private arm(): void {
    if (this.timer) return
    const at = this.now()
    const due = Math.min(...[...this.pending.values()].map((e) => e.start + this.windowMs))
    this.timer = setTimeout(
      () => {
        this.timer = null
        this.flush()
        if (this.pending.size) this.arm()
      },
      Math.max(0, due - at) + 50
    )
    // A pending summary must not keep the process alive; `close` writes it.
    this.timer.unref()
  }
}
