import { describe, expect, it } from 'vitest'
import { DEFAULT_OUTBOX_TIMING, nextAttemptDelay } from '../../../src/main/sales/outbox'

const NOW = Date.parse('2026-11-28T12:00:00Z')
const FAR = NOW + 24 * 3_600_000

describe('nextAttemptDelay', () => {
  it('doubles from 5 s to at most 5 min', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) =>
      nextAttemptDelay(n, DEFAULT_OUTBOX_TIMING, null, FAR, NOW)
    )
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000])
  })

  it('honours Retry-After, and never waits past the owner’s limit', () => {
    expect(nextAttemptDelay(1, DEFAULT_OUTBOX_TIMING, 42_000, FAR, NOW)).toBe(42_000)
    expect(nextAttemptDelay(7, DEFAULT_OUTBOX_TIMING, null, NOW + 1_000, NOW)).toBe(1_000)
    expect(nextAttemptDelay(7, DEFAULT_OUTBOX_TIMING, null, NOW - 1_000, NOW)).toBe(0)
  })
})
