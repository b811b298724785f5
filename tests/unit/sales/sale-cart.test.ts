import { describe, expect, it } from 'vitest'
import type { SaleRecord } from '../../../src/main/ledger/ledger'
import { invoiceCart, saleCartView } from '../../../src/main/sales/sale-cart'

/** A sale as the ledger held it before the cart: tax on the subtotal, discount after it, no cart columns. */
function oldSale(over: Partial<SaleRecord> = {}): SaleRecord {
  return {
    id: 'sale_0123456789',
    createdAt: '2025-01-01T10:00:00Z',
    updatedAt: '2025-01-01T10:00:00Z',
    currency: 'USD',
    amountMinor: 1138n,
    memo: null,
    lines: [
      { name: 'Coffee', unitPrice: '3.50', quantity: 2 },
      { name: 'Cake', unitPrice: '4.25', quantity: 1 }
    ],
    processor: 'demo',
    state: 'paid',
    error: null,
    invoiceId: null,
    taxRate: '10',
    subtotalMinor: 1125n,
    taxMinor: 113n,
    discountMinor: 100n,
    paymentMethod: null,
    paidAt: null,
    tipMinor: 0n,
    taxInclusive: false,
    cart: null,
    receiptNumber: null,
    customerId: null,
    ...over
  }
}

describe('the cart of a stored sale', () => {
  it('shows an old itemised sale as stored: no tip, one tax line of its rate on its subtotal', () => {
    expect(saleCartView(oldSale())).toEqual({
      tip: '0.00',
      taxes: [{ rate: '10', base: '11.25', tax: '1.13' }],
      taxInclusive: false,
      discountGiven: null,
      tipGiven: null
    })
  })

  it('shows an old keypad sale with no tax lines', () => {
    const keypad = oldSale({ lines: [], taxRate: '0', taxMinor: 0n, discountMinor: 0n, subtotalMinor: 500n })
    expect(saleCartView(keypad).taxes).toEqual([])
    expect(invoiceCart(keypad)).toBeUndefined()
  })

  it('tells processors an old sale’s cart that still adds up to its amount', () => {
    expect(invoiceCart(oldSale())).toEqual({
      lines: [
        {
          name: 'Coffee',
          unitPrice: '3.50',
          quantity: 2,
          total: '7.00',
          taxRate: '10',
          sku: null,
          itemId: null
        },
        {
          name: 'Cake',
          unitPrice: '4.25',
          quantity: 1,
          total: '4.25',
          taxRate: '10',
          sku: null,
          itemId: null
        }
      ],
      subtotal: '11.25',
      discount: '1.00',
      discountPercent: null,
      taxes: [{ rate: '10', base: '11.25', tax: '1.13' }],
      tax: '1.13',
      taxInclusive: false,
      tip: '0.00',
      tipPercent: null,
      total: '11.38'
    })
  })

  it('shows a cart sale from what was stored, never recomputed', () => {
    const sale = oldSale({
      amountMinor: 1724n,
      lines: [{ name: 'Book', unitPrice: '15.00', quantity: 1, taxRate: '7', sku: '978-3', itemId: 'itm_1' }],
      taxRate: '19',
      subtotalMinor: 1500n,
      taxMinor: 95n,
      discountMinor: 150n,
      tipMinor: 379n,
      taxInclusive: false,
      cart: {
        discountGiven: { kind: 'percent', value: '10' },
        tipGiven: { kind: 'amount', value: '3.79' },
        lineDiscountsMinor: [150n],
        taxes: [{ rate: '7', baseMinor: 1350n, taxMinor: 95n }]
      }
    })
    expect(saleCartView(sale)).toEqual({
      tip: '3.79',
      taxes: [{ rate: '7', base: '13.50', tax: '0.95' }],
      taxInclusive: false,
      discountGiven: { kind: 'percent', value: '10' },
      tipGiven: { kind: 'amount', value: '3.79' }
    })
    expect(invoiceCart(sale)).toMatchObject({
      lines: [{ name: 'Book', taxRate: '7', sku: '978-3', itemId: 'itm_1', total: '15.00' }],
      discountPercent: '10',
      tipPercent: null,
      tip: '3.79',
      total: '17.24'
    })
  })
})
