import { describe, expect, it } from 'vitest'
import type { Invoice, InvoicePaymentMethod } from '@shared/invoice'
import { formatRate, methodLabel, pickMethod, qrLink } from '../../../src/renderer/src/invoice/methods'

function method(over: Partial<InvoicePaymentMethod>): InvoicePaymentMethod {
  return {
    id: 'BTC-CHAIN',
    currency: 'BTC',
    destination: 'bc1qexample',
    paymentLink: 'bitcoin:bc1qexample?amount=0.0001',
    amount: '0.0001',
    due: '0.0001',
    paid: '0',
    rate: '60000.00',
    ...over
  }
}

function invoice(methods: InvoicePaymentMethod[], checkoutLink: string | null = null): Invoice {
  return {
    id: 'inv_1',
    processor: 'plisio',
    orderId: 'sale_0123456789',
    status: 'New',
    additionalStatus: 'None',
    rawStatus: 'new',
    currency: 'EUR',
    amount: '6.00',
    paid: '0.00',
    due: '6.00',
    createdAt: '2025-01-01T10:00:00Z',
    expiresAt: '2025-01-01T10:15:00Z',
    checkoutLink,
    paymentMethods: methods,
    payments: []
  }
}

describe('invoice methods', () => {
  it('shows the coin picked at the till first, else on-chain bitcoin', () => {
    const inv = invoice([method({}), method({ id: 'LTC', currency: 'LTC', paymentLink: 'litecoin:ltc1q' })])
    expect(pickMethod(inv, null, 'LTC')?.id).toBe('LTC')
    expect(pickMethod(inv, null, null)?.id).toBe('BTC-CHAIN')
    expect(pickMethod(inv, 'BTC-CHAIN', 'LTC')?.id).toBe('BTC-CHAIN')
  })

  it("encodes a token's payment link, or the checkout page when there is no method", () => {
    const usdt = method({ id: 'USDT_TRX', currency: 'USDT', paymentLink: 'TXYZaddress' })
    expect(qrLink(invoice([usdt]), usdt)).toBe('TXYZaddress')
    const hosted = invoice([], 'https://plisio.net/invoice/abc')
    expect(qrLink(hosted, pickMethod(hosted, null, 'BTC'))).toBe('https://plisio.net/invoice/abc')
  })

  it('names Plisio coins by coin and network', () => {
    expect(methodLabel('USDT_TRX')).toBe('USDT (TRX)')
    expect(methodLabel('LTC')).toBe('LTC')
    expect(methodLabel('BTC-LN')).toBe('Lightning')
  })

  it('shows a rate finer than the fiat minor unit digit for digit', () => {
    expect(formatRate('0.0812', 'EUR')).toBe('0.0812 EUR')
    expect(formatRate('60000.50', 'USD')).toBe('$60,000.50')
    expect(formatRate('80.100', 'USD')).toBe('$80.10')
  })
})
