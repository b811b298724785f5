import { describe, expect, it } from 'vitest'
import type { RefundVariantPreview } from '@shared/contract'
import { refundPays } from '../../../src/renderer/src/refund/variant-form'

const preview = (over: Partial<RefundVariantPreview>): RefundVariantPreview => ({
  variant: 'Custom',
  available: true,
  reason: null,
  fiat: null,
  cryptoAmount: null,
  crypto: 'BTC',
  triage: null,
  ...over
})

describe('refundPays: what the confirmation step says a refund pays', () => {
  it('a Custom 4.00 USD refund minus 10 %: main’s $3.60, not the 4 typed', () => {
    const custom = preview({ fiat: '3.60', cryptoAmount: '0.00005538' })
    expect(refundPays(custom, 'USD', 'usd')).toEqual({ pays: '$3.60', about: '0.00005538 BTC' })
  })

  it('a Custom refund in BTC pays BTC, its fiat only an estimate', () => {
    const custom = preview({ fiat: '7.22', cryptoAmount: '0.00011111' })
    expect(refundPays(custom, 'USD', 'BTC')).toEqual({ pays: '0.00011111 BTC', about: '$7.22' })
  })

  it('formats each currency as its own: no decimals for JPY, three for KWD', () => {
    expect(refundPays(preview({ variant: 'Fiat', fiat: '1350', cryptoAmount: null }), 'JPY', '')).toEqual({
      pays: '¥1,350',
      about: null
    })
    // Intl puts a no-break space between the code and the amount.
    expect(
      refundPays(preview({ variant: 'Fiat', fiat: '1.250', cryptoAmount: '0.0002' }), 'KWD', '')?.pays
    ).toMatch(/^KWD\s1\.250$/)
  })

  it('BTC variants pay BTC, Fiat pays the sale’s fiat', () => {
    const priced = { fiat: '13.00', cryptoAmount: '0.00020000' }
    for (const variant of ['RateThen', 'CurrentRate', 'OverpaidAmount'] as const) {
      expect(refundPays(preview({ variant, ...priced }), 'USD', 'EUR')).toEqual({
        pays: '0.00020000 BTC',
        about: '$13.00'
      })
    }
    expect(refundPays(preview({ variant: 'Fiat', ...priced }), 'USD', 'BTC')).toEqual({
      pays: '$13.00',
      about: '0.00020000 BTC'
    })
  })

  it('says nothing it cannot say exactly: a Custom refund in another fiat, or one not priced yet', () => {
    expect(refundPays(preview({ reason: 'Kassa cannot price EUR here' }), 'USD', 'EUR')).toBeNull()
    expect(refundPays(preview({ fiat: null, cryptoAmount: null }), 'USD', 'USD')).toBeNull()
  })
})
