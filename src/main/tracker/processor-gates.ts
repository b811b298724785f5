import type { ProcessorId } from '@shared/invoice'

/**
 * Seconds of a processor's background budget its bucket holds: reads may come this much faster than planned for a
 * moment (a catch-up's first reads), and any minute holds at most its budget and this much more (60 + 5 seconds of
 * 90 % of `requestsPerMinute`: under the limit).
 */
const BURST_SECONDS = 5

/**
 * A processor's background request budget as a token bucket: `tokens` at `at` (ms), refilled at its background
 * budget a minute, holding at most `BURST_SECONDS` of it.
 */
interface Bucket {
  tokens: number
  at: number
}

/** A processor the background reads could not reach: paused until `until` (ms); `failures` in a row. */
interface Outage {
  until: number
  failures: number
}

/** What `ProcessorGates` needs from the tracker. */
export interface ProcessorGatesDeps {
  /** ms since the epoch. */
  now: () => number
  /** The first outage pause, ms (doubling per failed read in a row). */
  outageFirstMs: number
  /** The longest outage pause, ms. */
  outageMaxMs: number
  /**
   * Requests a minute `id`'s background work may take now (it changes while one of its invoices is on screen);
   * 0 for no limit.
   */
  budgetPerMinute: (id: ProcessorId) => number
}

/**
 * When the tracker's background requests to each processor may start: after a rate limit's pause (its
 * `Retry-After`), after an outage pause (a processor that cannot be reached: `outageFirstMs` doubling to
 * `outageMaxMs`, with jitter, until it answers) and when its request budget (a token bucket of `BURST_SECONDS` of
 * `budgetPerMinute`) has a request to spend. The invoice on screen only waits for the rate limit's pause.
 */
export class ProcessorGates {
  private readonly pausedUntil = new Map<ProcessorId, number>()
  private readonly outages = new Map<ProcessorId, Outage>()
  /** When a background request last failed to reach each processor (ms). */
  private readonly lastUnreachable = new Map<ProcessorId, number>()
  private readonly buckets = new Map<ProcessorId, Bucket>()

  constructor(private readonly deps: ProcessorGatesDeps) {}

  /** The end (ms) of `id`'s rate-limit pause, or 0. */
  rateLimitedUntil(id: ProcessorId): number {
    return this.pausedUntil.get(id) ?? 0
  }

  /** `id` asked to wait (a 429): no request to it, the invoice on screen's included, for `ms`. */
  rateLimited(id: ProcessorId, ms: number): void {
    this.pausedUntil.set(id, this.deps.now() + ms)
  }

  /**
   * The earliest time (ms) a background request to `id` may start: pauses and its budget. `cache` keeps the answer
   * per processor for one pass of the caller.
   */
  at(id: ProcessorId, cache?: Map<ProcessorId, number>): number {
    const cached = cache?.get(id)
    if (cached !== undefined) return cached
    const now = this.deps.now()
    const paused = Math.max(this.pausedUntil.get(id) ?? 0, this.outages.get(id)?.until ?? 0)
    const bucket = this.bucket(id, now)
    const budgetAt = !bucket || bucket.tokens >= 1 ? 0 : now + Math.ceil((1 - bucket.tokens) / bucket.perMs)
    const at = Math.max(paused, budgetAt)
    cache?.set(id, at)
    return at
  }

  /** Take `requests` from `id`'s budget (it may go below zero: the next requests wait the longer). */
  spend(id: ProcessorId, requests: number): void {
    const bucket = this.bucket(id, this.deps.now())
    if (bucket) bucket.tokens -= requests
  }

  /** A background request could not reach `id`: pause its background reads, longer each time in a row. */
  unreachable(id: ProcessorId): void {
    const now = this.deps.now()
    this.lastUnreachable.set(id, now)
    const outage = this.outages.get(id) ?? { until: 0, failures: 0 }
    outage.failures++
    const pause = Math.min(this.deps.outageMaxMs, this.deps.outageFirstMs * 2 ** (outage.failures - 1))
    outage.until = now + pause / 2 + Math.random() * (pause / 2)
    this.outages.set(id, outage)
  }

  /** Whether `id`'s background reads are held by an outage pause (until it answers or is seen back). */
  inOutage(id: ProcessorId): boolean {
    return this.outages.has(id)
  }

  /** `id` answers again: its outage pause ends (a rate limit's pause still holds). */
  recovered(id: ProcessorId): void {
    this.outages.delete(id)
  }

  /** When a background request last failed to reach `id` (ms), or undefined. */
  lastUnreachableAt(id: ProcessorId): number | undefined {
    return this.lastUnreachable.get(id)
  }

  /**
   * `id`'s token bucket refilled to now, with its refill rate (tokens a ms), or null for a processor without a
   * budget (no limit).
   */
  private bucket(id: ProcessorId, now: number): (Bucket & { perMs: number }) | null {
    const perMinute = this.deps.budgetPerMinute(id)
    if (!perMinute) return null
    const perMs = perMinute / 60_000
    const capacity = Math.max(1, (perMinute * BURST_SECONDS) / 60)
    let bucket = this.buckets.get(id)
    if (!bucket) {
      bucket = { tokens: capacity, at: now }
      this.buckets.set(id, bucket)
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * perMs)
    bucket.at = now
    return Object.assign(bucket, { perMs })
  }
}
