import { describe, expect, it } from 'vitest'
import { toInvoice } from '../../../src/main/processors/btcpay/normalize'
import { buildPosData } from '../../../src/main/processors/btcpay/pos-data'
import { toCreateBody } from '../../../src/main/processors/btcpay/invoices'
import type { InvoiceData, InvoicePaymentMethodData } from '../../../src/main/processors/btcpay/schemas'

const data: InvoiceData = {
  id: 'inv1',
  storeId: 's',
  amount: '10.00',
  currency: 'EUR',
  createdTime: 1_700_000_000,
  expirationTime: 1_700_000_900,
  status: 'New',
  additionalStatus: 'PaidPartial',
  metadata: { orderId: 'sale-1' },
  checkoutLink: 'https://btcpay.test/i/inv1'
}
const method = (due: string, paid: string): InvoicePaymentMethodData => ({
  paymentMethodId: 'BTC-CHAIN',
  currency: 'BTC',
  destination: 'bcrt1qxyz',
  paymentLink: `bitcoin:bcrt1qxyz?amount=${due}`,
  rate: '60000',
  paymentMethodPaid: paid,
  totalPaid: paid,
  due,
  amount: '0.00016667',
  payments: [{ id: 'tx-0', receivedDate: 1_700_000_100, value: paid, status: 'Processing' }],
  activated: true
})

describe('BTCPay invoice normalization', () => {
  it('computes fiat paid and due from the method due × rate, adding up exactly to the amount', () => {
    const invoice = toInvoice(data, [method('0.00008334', '0.00008333')])
    expect(invoice).toMatchObject({
      paid: '5.00',
      due: '5.00',
      orderId: 'sale-1',
      rawStatus: 'New/PaidPartial'
    })
    expect(invoice.createdAt).toBe('2023-11-14T22:13:20.000Z')
    expect(invoice.payments).toEqual([
      {
        id: 'tx-0',
        method: 'BTC-CHAIN',
        amount: '0.00008333',
        currency: 'BTC',
        receivedAt: '2023-11-14T22:15:00.000Z',
        status: 'Processing'
      }
    ])
  })

  it('carries the monitoring window (monitoringExpiration) and a late payment in full', () => {
    const late = toInvoice(
      { ...data, status: 'Expired', additionalStatus: 'PaidLate', monitoringExpiration: 1_700_086_400 },
      [method('0.00000000', '0.00016667')]
    )
    expect(late).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidLate',
      rawStatus: 'Expired/PaidLate',
      paid: '10.00',
      due: '0.00',
      monitorUntil: '2023-11-15T22:13:20.000Z'
    })
    expect(toInvoice(data, []).monitorUntil).toBeNull()
  })

  it('shows a negative due when overpaid', () => {
    expect(toInvoice(data, [method('-0.00001000', '0.00017667')])).toMatchObject({
      paid: '10.60',
      due: '-0.60'
    })
  })

  it('falls back to paidAmount without payment methods', () => {
    expect(toInvoice({ ...data, paidAmount: '2.50' }, [])).toMatchObject({ paid: '2.50', due: '7.50' })
  })

  it('builds PoS-style posData and receiptData with decimal-string money', () => {
    const { posData, receiptData } = buildPosData({
      orderId: 'o',
      amount: '9.90',
      currency: 'USD',
      description: 'Sale',
      lines: [{ name: 'Tea', unitPrice: '3.30', quantity: 3 }]
    })
    expect(posData).toEqual({
      cart: [{ id: 'line-1', title: 'Tea', price: '3.30', count: 3 }],
      itemsTotal: '9.90',
      subTotal: '9.90',
      total: '9.90'
    })
    expect(receiptData).toEqual({
      Title: 'Sale',
      Cart: { Tea: '3 x $3.30 = $9.90' },
      ItemsTotal: '$9.90',
      Total: '$9.90'
    })
  })

  it('rounds the expiry up to whole minutes', () => {
    const body = toCreateBody({
      orderId: 'o',
      amount: '1.00',
      currency: 'USD',
      description: 'd',
      lines: [],
      expirySeconds: 61
    })
    expect(body.checkout.expirationMinutes).toBe(2)
    expect(body.metadata.posData).toMatchObject({ amounts: ['1.00'], total: '1.00' })
  })
})
