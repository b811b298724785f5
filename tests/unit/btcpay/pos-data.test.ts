import { describe, expect, it } from 'vitest'
import { toCreateBody } from '../../../src/main/processors/btcpay/invoices'
import { buildPosData } from '../../../src/main/processors/btcpay/pos-data'
import { invoiceCartFixture } from '../../fixtures/invoice-cart'

const request = {
  orderId: 'sale_1',
  amount: '17.24',
  currency: 'EUR',
  description: 'Table 4',
  lines: [
    { name: 'Espresso', unitPrice: '2.50', quantity: 2 },
    { name: 'Book', unitPrice: '10.00', quantity: 1 }
  ],
  cart: invoiceCartFixture()
}

describe('BTCPay posData of a cart', () => {
  it('writes PosAppData as BTCPay’s PoS app does: items, discount, subtotal, tax, tip, total', () => {
    const { posData } = buildPosData(request)
    expect(posData).toEqual({
      cart: [
        { id: 'line-1', title: 'Espresso', price: '2.50', count: 2 },
        { id: '978-3', title: 'Book', price: '10.00', count: 1 }
      ],
      itemsTotal: '15.00',
      discountPercentage: '10',
      discountAmount: '1.50',
      subTotal: '13.50',
      tax: '1.49',
      tipPercentage: '15',
      tip: '2.25',
      total: '17.24'
    })
  })

  it('writes receiptData labels with formatted money, a tax line per rate', () => {
    const { receiptData } = buildPosData(request)
    expect(receiptData).toEqual({
      Title: 'Table 4',
      Cart: { Espresso: '2 x €2.50 = €5.00', Book: '1 x €10.00 = €10.00' },
      ItemsTotal: '€15.00',
      Discount: '-€1.50 (10%)',
      Subtotal: '€13.50',
      'Tax 19%': '€0.86',
      'Tax 7%': '€0.63',
      Tax: '€1.49',
      Tip: '€2.25 (15%)',
      Total: '€17.24'
    })
  })

  it('leaves out what the cart does not have, and says when tax is included', () => {
    const plain = invoiceCartFixture({
      discount: '0.00',
      discountPercent: null,
      tip: '0.00',
      tipPercent: null,
      taxInclusive: true,
      taxes: [{ rate: '19', base: '12.61', tax: '2.39' }],
      tax: '2.39',
      total: '15.00'
    })
    const { posData, receiptData } = buildPosData({ ...request, amount: '15.00', cart: plain })
    expect(posData).not.toHaveProperty('discountAmount')
    expect(posData).not.toHaveProperty('tip')
    expect(posData).toMatchObject({ itemsTotal: '15.00', subTotal: '15.00', tax: '2.39', total: '15.00' })
    expect(receiptData).toMatchObject({ 'Tax (included) 19%': '€2.39', Total: '€15.00' })
    expect(receiptData).not.toHaveProperty('Discount')
  })

  it('puts them in the invoice metadata', () => {
    const body = toCreateBody(request)
    expect(body.amount).toBe('17.24')
    expect(body.metadata).toMatchObject({
      orderId: 'sale_1',
      posData: { total: '17.24', tip: '2.25' },
      receiptData: { Total: '€17.24' }
    })
  })
})
