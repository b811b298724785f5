import { describe, expect, it } from 'vitest'
import { buildBip21 } from '../../../src/main/processors/btpay/bip21'

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
