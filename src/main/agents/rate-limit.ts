import { KassaError } from '@shared/errors'

interface Bucket {
  tokens: number
  /** ms since the epoch of the last refill. */
  at: number
}

/**
 * A token bucket per client: `perMinute` calls a minute, refilled continuously, and a burst of at most `perMinute`
 * (a client idle for a minute may make them all at once). In memory: a restart gives every client a full bucket.
 * Counts are whole calls; the refill is a fraction per ms, which is fine as no money is counted here.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  /** @param now ms since the epoch */
  constructor(private readonly now: () => number) {}

  /**
   * Take one call from `key`'s bucket of `perMinute` (1–600).
   * @throws KassaError `rate-limited` with `params.retryAfterSeconds` (whole seconds, at least 1) when it is empty;
   *   nothing is taken then
   */
  take(key: string, perMinute: number): void {
    const now = this.now()
    const ratePerMs = perMinute / 60_000
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now }
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * ratePerMs)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return
    }
    const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000))
    throw new KassaError('rate-limited', `Too many calls: wait ${seconds} s`, {
      retryAfterSeconds: String(seconds)
    })
  }

  /** Forget a client's bucket (revoked). */
  forget(key: string): void {
    this.buckets.delete(key)
  }
}
