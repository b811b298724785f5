/**
 * Wrong pairing codes allowed per source and per window before `POST /api/pair` answers 429: a 128-bit code cannot
 * be guessed, so this only keeps a misbehaving client from keeping the till busy. Times in milliseconds.
 */
export const PAIR_LIMIT = { perSource: 5, total: 30, windowMs: 60_000 }

/**
 * Counts wrong pairing codes per source (remote address, IPv6 by /64) and in total, in fixed windows of
 * `PAIR_LIMIT.windowMs`. A source past `perSource` wrong codes, or everyone once `total` is passed, waits for the
 * window to end.
 */
export class PairLimiter {
  private windowStart = 0
  private total = 0
  private readonly bySource = new Map<string, number>()

  constructor(
    private readonly now: () => number,
    private readonly limit = PAIR_LIMIT
  ) {}

  /** Milliseconds `source` must wait before trying another code; 0 when it may try now. */
  waitMs(source: string): number {
    this.roll()
    const blocked =
      (this.bySource.get(sourceKey(source)) ?? 0) >= this.limit.perSource || this.total >= this.limit.total
    return blocked ? this.windowStart + this.limit.windowMs - this.now() : 0
  }

  /** Count a wrong (unknown, used or expired) code from `source`. */
  failed(source: string): void {
    this.roll()
    const key = sourceKey(source)
    this.bySource.set(key, (this.bySource.get(key) ?? 0) + 1)
    this.total += 1
  }

  private roll(): void {
    if (this.now() - this.windowStart < this.limit.windowMs) return
    this.windowStart = this.now()
    this.total = 0
    this.bySource.clear()
  }
}

/** An IPv4 address as it is, an IPv6 one by its /64 (one host has many). */
function sourceKey(address: string): string {
  const plain = address.replace(/^::ffff:/, '')
  if (!plain.includes(':')) return plain
  return plain.split(':').slice(0, 4).join(':')
}
