import { describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Invoice } from '@shared/invoice'
import {
  invoiceStatusWords,
  saleShortWords,
  saleStatusWords,
  statusSentence
} from '../../../src/renderer/src/invoice/status-words'

function invoice(over: Partial<Invoice> = {}): Invoice {
  return {
    id: 'demo_1',
    processor: 'demo',
    orderId: 'sale_0123456789',
    status: 'New',
    additionalStatus: 'None',
    rawStatus: 'New',
    currency: 'USD',
    amount: '12.34',
    paid: '0.00',
    due: '12.34',
    createdAt: '2025-01-01T10:00:00Z',
    expiresAt: '2025-01-01T10:15:00Z',
    checkoutLink: null,
    paymentMethods: [],
    payments: [],
    ...over
  }
}

function sale(over: Partial<SaleView> = {}): SaleView {
  return {
    id: 'sale_0123456789',
    createdAt: '2025-01-01T10:00:00Z',
    currency: 'USD',
    amount: '12.34',
    memo: null,
    lines: [],
    processor: 'demo',
    state: 'awaiting',
    error: null,
    invoice: invoice(),
    simulatable: true,
    taxRate: '0',
    subtotal: '12.34',
    tax: '0.00',
    discount: '0.00',
    tip: '0.00',
    taxes: [],
    taxInclusive: false,
    discountGiven: null,
    tipGiven: null,
    paymentMethod: null,
    receiptNumber: null,
    customer: null,
    refunds: [],
    refunded: '0.00',
    outbox: null,
    ...over
  }
}

const sentence = (i: Invoice): string => statusSentence(invoiceStatusWords(i))

describe('invoiceStatusWords', () => {
  it('says a new invoice is waiting for payment', () => {
    expect(sentence(invoice())).toBe('Waiting for payment')
  })

  it('says a processing invoice has been seen but not confirmed', () => {
    expect(sentence(invoice({ status: 'Processing' }))).toBe('Payment seen — waiting for confirmation')
  })

  it('says a settled invoice is paid', () => {
    expect(sentence(invoice({ status: 'Settled', paid: '12.34', due: '0.00' }))).toBe('Paid')
  })

  it('names what is still due on a partly paid invoice, marked as still-due', () => {
    const words = invoiceStatusWords(invoice({ additionalStatus: 'PaidPartial', paid: '5.00', due: '7.34' }))
    expect(statusSentence(words)).toBe('Partially paid — $7.34 still due')
    expect(words.amount).toEqual({ testid: 'still-due', text: '$7.34' })
  })

  it('names the overpayment from the negative fiat due', () => {
    const words = invoiceStatusWords(
      invoice({ status: 'Settled', additionalStatus: 'PaidOver', due: '-1.50' })
    )
    expect(words.amount).toEqual({ testid: 'overpaid', text: '$1.50' })
    expect(statusSentence(words)).toMatch(/^Overpaid by \$1\.50/)
  })

  it('falls back to the crypto overpayment when the fiat due is not negative', () => {
    const method = {
      id: 'BTC-CHAIN',
      currency: 'BTC',
      destination: 'bc1q',
      paymentLink: 'bitcoin:bc1q',
      amount: '0.00020000',
      due: '-0.00001000',
      paid: '0.00021000',
      rate: '61700.00'
    }
    const words = invoiceStatusWords(
      invoice({ status: 'Processing', additionalStatus: 'PaidOver', due: '0.00', paymentMethods: [method] })
    )
    expect(words.amount?.text).toBe('0.00001000 BTC')
  })

  it('says an expired invoice had nothing paid', () => {
    expect(sentence(invoice({ status: 'Expired' }))).toBe(
      'Expired — nothing was paid. Charge again or start a new sale.'
    )
  })

  it('names the partial payment on an expired invoice', () => {
    const words = invoiceStatusWords(
      invoice({ status: 'Expired', additionalStatus: 'PaidPartial', paid: '5.00' })
    )
    expect(statusSentence(words)).toBe(
      'Expired after a partial payment of $5.00: refund or collect the rest in a new sale'
    )
    expect(words.tone).toBe('danger')
  })

  it('warns not to hand over goods for an invalid payment', () => {
    expect(sentence(invoice({ status: 'Invalid' }))).toBe('Payment invalid — do not hand over goods')
  })

  it('formats amounts by the invoice currency exponent', () => {
    const words = invoiceStatusWords(
      invoice({ currency: 'JPY', amount: '1000', additionalStatus: 'PaidPartial', due: '400' })
    )
    expect(words.amount?.text).toBe('¥400')
  })
})

describe('saleStatusWords', () => {
  it('says the invoice is being created', () => {
    expect(statusSentence(saleStatusWords(sale({ state: 'creating', invoice: null })))).toBe(
      'Creating invoice…'
    )
  })

  it('gives the reason a charge failed', () => {
    const failed = sale({
      state: 'failed',
      invoice: null,
      error: { code: 'processor-connection', message: 'BTCPay is not reachable' }
    })
    expect(statusSentence(saleStatusWords(failed))).toBe(
      'Could not create the invoice: BTCPay is not reachable'
    )
  })

  it('says a cancelled sale is cancelled whatever its invoice says', () => {
    expect(statusSentence(saleStatusWords(sale({ state: 'cancelled' })))).toBe('Sale cancelled')
  })
})

describe('a payment after expiry', () => {
  const payment = (status: 'Processing' | 'Settled') => ({
    id: 'tx-0',
    method: 'BTC-CHAIN',
    amount: '0.00018985',
    currency: 'BTC',
    receivedAt: '2025-01-01T10:20:00Z',
    status
  })
  const late = (status: 'Processing' | 'Settled', over: Partial<Invoice> = {}) =>
    invoice({
      status: 'Expired',
      additionalStatus: 'PaidLate',
      paid: '12.34',
      due: '0.00',
      payments: [payment(status)],
      ...over
    })

  it('says the late payment was received and is waiting for confirmation, with the amount', () => {
    const words = invoiceStatusWords(late('Processing'))
    expect(statusSentence(words)).toBe('Paid after expiry — $12.34 received, waiting for confirmation')
    expect(words.amount).toEqual({ testid: 'late-paid', text: '$12.34' })
    expect(words.tone).toBe('warning')
    expect(sentence(late('Processing', { status: 'Processing' }))).toBe(statusSentence(words))
  })

  it('says Paid late with the amount once confirmed, whether BTCPay leaves it Expired or says Settled', () => {
    const expected = 'Paid late — $12.34 paid after the invoice expired'
    expect(sentence(late('Settled'))).toBe(expected)
    expect(sentence(late('Settled', { status: 'Settled' }))).toBe(expected)
    expect(invoiceStatusWords(late('Settled')).amount?.testid).toBe('late-paid')
  })

  it('marks the row of a late-paid sale in Recent sales', () => {
    expect(saleShortWords(sale({ state: 'paid', invoice: late('Settled') }))).toBe('Paid after expiry')
    expect(saleShortWords(sale({ state: 'expired', invoice: late('Processing') }))).toBe(
      'Paid after expiry (confirming)'
    )
  })
})

describe('saleShortWords', () => {
  it('uses short words for list rows', () => {
    expect(saleShortWords(sale())).toBe('Waiting for payment')
    expect(saleShortWords(sale({ state: 'paid' }))).toBe('Paid')
    expect(saleShortWords(sale({ state: 'awaiting', invoice: invoice({ status: 'Processing' }) }))).toBe(
      'Payment seen'
    )
    expect(
      saleShortWords(sale({ state: 'expired', invoice: invoice({ additionalStatus: 'PaidPartial' }) }))
    ).toBe('Expired (partly paid)')
  })
})

describe('a refunded sale', () => {
  const settled = invoice({ status: 'Settled', paid: '12.34', due: '0.00' })

  it('says Refunded, not a green Paid, once refunds cover the whole sale', () => {
    const words = saleStatusWords(sale({ state: 'paid', invoice: settled, refunded: '12.34' }))
    expect(statusSentence(words)).toBe('Refunded')
    expect(words.tone).not.toBe('success')
    expect(saleShortWords(sale({ state: 'paid', invoice: settled, refunded: '12.34' }))).toBe('Refunded')
  })

  it('still says Paid after a partial refund', () => {
    expect(statusSentence(saleStatusWords(sale({ state: 'paid', invoice: settled, refunded: '2.00' })))).toBe(
      'Paid'
    )
  })
})
