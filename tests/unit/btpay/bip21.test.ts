import { describe, expect, it } from 'vitest'
import { buildBip21 } from '../../../src/main/processors/btpay/bip21'
import { toIsoTimestamp } from '../../../src/main/processors/btpay/normalize'

describe('BIP21 from payment_address and btc_amount', () => {
  it('builds bitcoin:<address>?amount=<btc> without trailing zeros', () => {
    expect(buildBip21('bc1qexampleaddress0', '0.00018500')).toBe(
      'bitcoin:bc1qexampleaddress0?amount=0.000185'
    )
  })

  it('keeps whole bitcoins whole', () => {
    expect(buildBip21('bc1qexample', '2.00000000')).toBe('bitcoin:bc1qexample?amount=2')
  })

  it('omits the amount when BTPay has none yet', () => {
    expect(buildBip21('bc1qexample', null)).toBe('bitcoin:bc1qexample')
  })

  it('percent-encodes a label', () => {
    expect(buildBip21('bc1qexample', '0.001', 'Café & Co')).toBe(
      'bitcoin:bc1qexample?amount=0.001&label=Caf%C3%A9%20%26%20Co'
    )
  })

  it('refuses more than 8 decimals and junk addresses', () => {
    expect(() => buildBip21('bc1qexample', '0.000000001')).toThrow()
    expect(() => buildBip21('bc1q?amount=9', '0.1')).toThrow()
  })
})

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
