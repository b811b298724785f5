import { describe, expect, it } from 'vitest'
import { toIsoTimestamp } from '../../../src/main/processors/btpay/normalize'

describe('BTPay timestamps', () => {
  it('reads +00:00 with microseconds as UTC', () => {
    expect(toIsoTimestamp('2026-11-21T12:54:26.595061+00:00')).toBe('2026-11-21T12:54:26.595Z')
  })

  it('reads a naive timestamp as UTC, not local time', () => {
    expect(toIsoTimestamp('2026-11-21T12:54:26')).toBe('2026-11-21T12:54:26.000Z')
  })

  it('returns null for missing or garbage values', () => {
    expect(toIsoTimestamp(null)).toBeNull()
    expect(toIsoTimestamp('yesterday')).toBeNull()
  })
})
