import { describe, expect, it } from 'vitest'
import { fiatPaid, paymentUri, unixToIso } from '../../../src/main/processors/plisio/normalize'
import { coinRefusal } from '../../../src/main/processors/plisio/invoices'
import type { PlisioCoin } from '../../../src/main/processors/plisio/account'

const BTC: PlisioCoin = {
  psysCid: 'BTC',
  currency: 'BTC',
  name: 'Bitcoin',
  enabled: true,
  maintenance: false,
  minSumIn: '0.00010000',
  fiatRate: '60000.00',
  fiat: 'EUR',
  priceUsd: null,
  rateUsd: null,
  commissionPercent: '0.5'
}

describe('Plisio normalization', () => {
  it('builds a BIP21 payment URI for BTC and the bare address for tokens', () => {
    expect(paymentUri('BTC', 'bc1qabc', '0.00041667')).toBe('bitcoin:bc1qabc?amount=0.00041667')
    expect(paymentUri('USDT_TRX', 'TXYZ', '27.5')).toBe('TXYZ')
    expect(paymentUri('BCH', 'bitcoincash:qq1', '0.1')).toBe('bitcoincash:qq1?amount=0.1')
  })

  it('computes fiat paid proportionally, exact at full payment, negative due when overpaid', () => {
    expect(fiatPaid('25.00', 'EUR', '0.00041667', '0.00041667')).toBe('25.00')
    expect(fiatPaid('25.00', 'EUR', '0.00041667', '0.00020833')).toBe('12.50')
    expect(fiatPaid('25.00', 'EUR', '0.00041667', '0.00045834')).toBe('27.50')
    expect(fiatPaid('500', 'JPY', '0.001', '0.0005')).toBe('250')
  })

  it('reads unix seconds and milliseconds timestamps', () => {
    expect(unixToIso(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z')
    expect(unixToIso(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z')
  })

  it('refuses an amount under min_sum_in, a coin in maintenance and a disabled coin', () => {
    expect(coinRefusal(BTC, '5.00', 'EUR')).toMatch(/below Plisio's minimum for BTC/)
    expect(coinRefusal(BTC, '25.00', 'EUR')).toBeNull()
    expect(coinRefusal({ ...BTC, maintenance: true }, '25.00', 'EUR')).toMatch(/maintenance/)
    expect(coinRefusal({ ...BTC, enabled: false }, '25.00', 'EUR')).toMatch(/not enabled/)
  })
})
