import { describe, expect, it } from 'vitest'
import { businessDay } from '../../../src/main/receipts/receipt-numbers'

describe('receipt numbers follow the business day (zone and start hour)', () => {
  it('takes an instant before the start hour as the day before', () => {
    const bar = { timeZone: 'Europe/Berlin', startHour: 3 }
    // 02:30 CET on the 28th belongs to the 27th's business day; 03:00 starts the 28th's.
    expect(businessDay('2026-11-28T01:30:00Z', bar)).toBe('20261127')
    expect(businessDay('2026-11-28T02:00:00Z', bar)).toBe('20261128')
    // A zone alone still means midnight.
    expect(businessDay('2026-11-28T01:30:00Z', 'Europe/Berlin')).toBe('20261128')
  })
})
