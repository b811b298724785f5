import { describe, expect, it } from 'vitest'
import type { Invoice } from '@shared/invoice'
import {
  expectedRefundFiatMinor,
  previewVariants,
  refundBasis,
  refundFiatMinor,
  type RefundBasis
} from '../../../src/main/refunds/refund-preview'

/** 13.00 USD paid with 0.0002 BTC (65 000 USD/BTC); the rate now is 78 000. */
const basis: RefundBasis = {
  currency: 'USD',
  paidMinor: 1300n,
  paidSats: 20_000n,
  fiatPaidMinor: 1300n,
  nowSats: 16_667n,
  overpaidSats: null,
  rateNow: '78000'
}
const byVariant = (subtract?: string, custom = {}) =>
  Object.fromEntries(previewVariants(basis, subtract, custom).map((v) => [v.variant, v]))

describe('previewVariants', () => {
  it('prices each variant in BTC and fiat, OverpaidAmount unavailable without overpayment', () => {
    const v = byVariant()
    expect(v.RateThen).toMatchObject({ cryptoAmount: '0.00020000', fiat: '15.60', available: true })
    expect(v.CurrentRate).toMatchObject({ cryptoAmount: '0.00016667', fiat: '13.00' })
    expect(v.Fiat).toMatchObject({ fiat: '13.00', cryptoAmount: '0.00016667' })
    expect(v.OverpaidAmount).toMatchObject({ available: false, fiat: null, cryptoAmount: null })
    expect(v.Custom).toMatchObject({ available: true, reason: 'Give an amount and a currency' })
  })

  it('keeps back the percentage rounded up, so the shop never keeps less than asked', () => {
    const v = byVariant('10')
    expect(v.RateThen?.cryptoAmount).toBe('0.00018000')
    // 10 % of 16 667 sats is 1 666.7: 1 667 kept back
    expect(v.CurrentRate?.cryptoAmount).toBe('0.00015000')
    expect(v.Fiat?.fiat).toBe('11.70')
    expect(byVariant('33.3333').Fiat?.fiat).toBe('8.66')
  })

  it('prices a Custom refund in the sale currency or BTC, and says why not otherwise', () => {
    expect(byVariant('10', { amount: '5.00', currency: 'usd' }).Custom).toMatchObject({ fiat: '4.50' })
    expect(byVariant(undefined, { amount: '0.0001', currency: 'BTC' }).Custom).toMatchObject({
      cryptoAmount: '0.00010000',
      fiat: '7.80'
    })
    expect(byVariant(undefined, { amount: '5', currency: 'EUR' }).Custom?.reason).toMatch(/cannot price EUR/)
    expect(byVariant(undefined, { amount: '5', currency: 'XYZ' }).Custom).toMatchObject({ available: false })
    expect(byVariant(undefined, { amount: 'abc', currency: 'USD' }).Custom).toMatchObject({
      available: false
    })
  })
})

describe('refundFiatMinor and expectedRefundFiatMinor', () => {
  it('counts BTC refunds as their share of what was paid, CurrentRate at today’s rate', () => {
    expect(refundFiatMinor('0.0002', 'BTC', basis, 'RateThen')).toBe(1300n)
    expect(refundFiatMinor('0.00018', 'BTC', basis, 'RateThen')).toBe(1170n)
    // 1 sat of 20 000 for 13.00: 0.065 cents, half-even to 0
    expect(refundFiatMinor('0.00000001', 'BTC', basis, 'RateThen')).toBe(0n)
    expect(refundFiatMinor('0.00016667', 'BTC', basis, 'CurrentRate')).toBe(1300n)
    expect(refundFiatMinor('11.70', 'USD', basis)).toBe(1170n)
    expect(refundFiatMinor('1', 'EUR', basis)).toBeNull()
  })

  it('gives what the refund would take off the sale before it is made', () => {
    expect(expectedRefundFiatMinor(basis, 'RateThen', undefined, {})).toBe(1300n)
    expect(expectedRefundFiatMinor(basis, 'Fiat', '10', {})).toBe(1170n)
    expect(expectedRefundFiatMinor(basis, 'OverpaidAmount', undefined, {})).toBeNull()
    expect(expectedRefundFiatMinor(basis, 'Custom', undefined, { amount: '2.5', currency: 'USD' })).toBe(250n)
    expect(expectedRefundFiatMinor(basis, 'Custom', undefined, { amount: '0.0001', currency: 'btc' })).toBe(
      650n
    )
    expect(expectedRefundFiatMinor(basis, 'Custom', undefined, { amount: '2', currency: 'EUR' })).toBeNull()
  })
})

describe('refundBasis', () => {
  const invoice = (over: Partial<Invoice>): Invoice => ({
    id: 'inv1',
    processor: 'demo',
    orderId: 'sale_x',
    status: 'Settled',
    additionalStatus: 'PaidOver',
    rawStatus: 'settled',
    currency: 'USD',
    amount: '13.00',
    paid: '14.30',
    due: '-1.30',
    createdAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-01T00:15:00.000Z',
    checkoutLink: null,
    paymentMethods: [
      {
        id: 'BTC-CHAIN',
        currency: 'BTC',
        destination: 'bcrt1q',
        paymentLink: '',
        amount: '0.0002',
        due: '-0.00002',
        paid: '0.00022',
        rate: '65000'
      }
    ],
    payments: [],
    ...over
  })

  it('reads paid and overpaid BTC from the invoice, or BTCPay’s own figures when given', () => {
    const own = refundBasis(invoice({}), '65000')
    expect(own).toMatchObject({ paidMinor: 1430n, paidSats: 22_000n, overpaidSats: 2_000n, nowSats: 22_000n })
    const fromBtcpay = refundBasis(invoice({}), '65000', {
      paymentAmountThen: '0.000220001',
      paymentAmountNow: '0.00021',
      overpaidPaymentAmount: null
    })
    expect(fromBtcpay).toMatchObject({ paidSats: 22_000n, nowSats: 21_000n, overpaidSats: null })
    expect(refundBasis(invoice({ additionalStatus: 'None' }), '65000').overpaidSats).toBeNull()
  })
})

describe('refundBasis over an invoice with two BTC payment methods', () => {
  // Both methods state the invoice's own due (BTCPay: `due` is per invoice, in the method's currency), so an
  // overpaid invoice shows the same negative due on-chain and on Lightning; only BTC-CHAIN received anything.
  const twoMethods = (
    processor: Invoice['processor'],
    amount: string,
    btcAmount: string,
    paid: string,
    due: string
  ): Invoice => ({
    id: 'inv2',
    processor,
    orderId: 'sale_two',
    status: 'Settled',
    additionalStatus: 'PaidOver',
    rawStatus: 'Settled/PaidOver',
    currency: 'USD',
    amount,
    paid: amount,
    due: '0.00',
    createdAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-01T00:15:00.000Z',
    checkoutLink: null,
    paymentMethods: (['BTC-CHAIN', 'BTC-LN'] as const).map((id) => ({
      id,
      currency: 'BTC',
      destination: id === 'BTC-CHAIN' ? 'bcrt1q' : 'lnbcrt1',
      paymentLink: '',
      amount: btcAmount,
      due,
      paid: id === 'BTC-CHAIN' ? paid : '0.00000000',
      rate: '65000'
    })),
    payments: []
  })

  it('counts a Demo invoice’s overpayment once, not once per payment method', () => {
    // 12.34 USD = 18 985 sats; the Demo's `over` pays 10 % of that more: 1 898 sats overpaid.
    const invoice = twoMethods('demo', '12.34', '0.00018985', '0.00020883', '-0.00001898')
    const basis = refundBasis(invoice, '65000')
    expect(basis.overpaidSats).toBe(1_898n)
    expect(basis.paidSats).toBe(20_883n)
    const overpaid = previewVariants(basis, undefined, {}).find((v) => v.variant === 'OverpaidAmount')
    expect(overpaid).toMatchObject({ available: true, cryptoAmount: '0.00001898', fiat: '1.23' })
  })

  it('counts a BTCPay invoice’s overpayment once when its preview endpoint is unavailable', () => {
    // The simulator's 12.50 USD invoice paid `over`: 0.00021155 BTC for 0.00019231 due.
    const invoice = twoMethods('btcpay', '12.50', '0.00019231', '0.00021155', '-0.00001924')
    expect(refundBasis(invoice, '65000', null).overpaidSats).toBe(1_924n)
    expect(
      previewVariants(refundBasis(invoice, '65000', null), '10', {}).find(
        (v) => v.variant === 'OverpaidAmount'
      )?.cryptoAmount
    ).toBe('0.00001731')
  })
})

describe('the Fiat variant, as BTCPay pays it', () => {
  // 100.00 SEK at 682 500 SEK/BTC is 14 653 sats (rounded up): worth 100.006725 SEK, which BTCPay pays as 100.01.
  const sek: RefundBasis = {
    currency: 'SEK',
    paidMinor: 10_000n,
    paidSats: 14_653n,
    fiatPaidMinor: 10_001n,
    nowSats: 14_653n,
    overpaidSats: null,
    rateNow: '682500'
  }

  it('previews the BTC paid valued at the invoice’s rate, and counts it as at most the whole sale', () => {
    const fiat = previewVariants(sek, undefined, {}).find((v) => v.variant === 'Fiat')
    expect(fiat?.fiat).toBe('100.01')
    expect(expectedRefundFiatMinor(sek, 'Fiat', undefined, {})).toBe(10_000n)
    expect(expectedRefundFiatMinor(sek, 'Fiat', '10', {})).toBe(9_000n)
    // A custom amount above the sale is its own amount: the refund book refuses it, nothing hides it.
    expect(expectedRefundFiatMinor(sek, 'Custom', undefined, { amount: '100.01', currency: 'SEK' })).toBe(
      10_001n
    )
  })

  it('refuses a custom amount finer than its currency instead of rounding it', () => {
    const custom = previewVariants(sek, undefined, { amount: '4.005', currency: 'SEK' }).find(
      (v) => v.variant === 'Custom'
    )
    expect(custom).toMatchObject({ available: false, reason: expect.stringMatching(/2 decimal places/) })
  })
})
