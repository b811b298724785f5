import { describe, expect, it } from 'vitest'
import { formatCountdown, secondsLeft } from '../../../src/renderer/src/invoice/countdown'

const expiresAt = '2025-01-01T10:15:00.000Z'
const at = (iso: string): number => Date.parse(iso)

describe('formatCountdown', () => {
  it('shows minutes and seconds left as mm:ss', () => {
    expect(formatCountdown(expiresAt, at('2025-01-01T10:00:00.000Z'))).toBe('15:00')
    expect(formatCountdown(expiresAt, at('2025-01-01T10:14:05.000Z'))).toBe('00:55')
  })

  it('rounds a part second up, so 00:00 means expired', () => {
    expect(formatCountdown(expiresAt, at('2025-01-01T10:14:59.200Z'))).toBe('00:01')
  })

  it('does not cap minutes at 59', () => {
    expect(formatCountdown(expiresAt, at('2025-01-01T08:45:00.000Z'))).toBe('90:00')
  })

  it('stops at 00:00 once expired', () => {
    expect(formatCountdown(expiresAt, at('2025-01-01T11:00:00.000Z'))).toBe('00:00')
    expect(secondsLeft(expiresAt, at('2025-01-01T11:00:00.000Z'))).toBe(0)
  })

  it('shows --:-- for an unreadable date', () => {
    expect(formatCountdown('soon', 0)).toBe('--:--')
  })
})
