import { isIPv4, isIPv6 } from 'node:net'

/** How refused deliveries are limited per source. Times in milliseconds. */
export interface LimiterOptions {
  /** Refusals a source may have in a burst before it is answered 429 (default 30). */
  burst: number
  /** One more refusal is allowed every `refillMs` (default 2 000: 30 a minute). */
  refillMs: number
  /** Sources remembered at most; the least recently refused are forgotten first (default 4 096). */
  maxSources: number
}

export const DEFAULT_LIMITER: LimiterOptions = { burst: 30, refillMs: 2_000, maxSources: 4_096 }

/**
 * A token bucket per source (processor and remote address) that only refusals take from: a source that keeps
 * sending what fails its check is answered 429 once its bucket is empty, while a delivery that verifies is never
 * held back (behind a relay every sender shares one address, and a flood there must not shut out the processor).
 */
export class RejectionLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number
  ) {}

  /** Take one token for a refusal of `source`. @returns false when there was none (answer 429). */
  take(source: string): boolean {
    const tokens = this.level(source)
    const allowed = tokens >= 1
    // Re-inserted so the map's order is least recently refused first.
    this.buckets.delete(source)
    this.buckets.set(source, { tokens: allowed ? tokens - 1 : tokens, at: this.now() })
    for (const oldest of this.buckets.keys()) {
      if (this.buckets.size <= this.options.maxSources) break
      this.buckets.delete(oldest)
    }
    return allowed
  }

  private level(source: string): number {
    const bucket = this.buckets.get(source)
    if (!bucket) return this.options.burst
    const refilled = (this.now() - bucket.at) / this.options.refillMs
    return Math.min(this.options.burst, bucket.tokens + refilled)
  }
}

/**
 * The part of a remote address that names one sender: an IPv4 address (also when IPv4-mapped), or an IPv6
 * address's /64 network, since one host may hold a whole /64. Anything else is used as given.
 */
export function sourceAddress(address: string | undefined): string {
  if (!address) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1]) return mapped[1]
  if (isIPv4(address)) return address
  if (!isIPv6(address)) return address
  const [head = '', tail = ''] = address.split('%')[0]!.split('::')
  const left = head ? head.split(':') : []
  const right = address.includes('::') && tail ? tail.split(':') : []
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, '').toLowerCase())
    .join(':')}::/64`
}
