import { describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import { receiptLines } from '../../../src/renderer/src/receipt/receipt-lines'

const base: SaleView = {
  id: 'sale_0123456789',
  createdAt: '2025-01-01T10:00:00Z',
  currency: 'USD',
  amount: '7.50',
  memo: null,
  lines: [],
  processor: 'demo',
  state: 'paid',
  error: null,
  invoice: null,
  simulatable: true,
  taxRate: '0',
  subtotal: '7.50',
  tax: '0.00',
  discount: '0.00',
  paymentMethod: null,
  refunds: [],
  refunded: '0.00'
}

describe('receiptLines', () => {
  it('prints one "Sale" line for the total when there are no lines and no memo', () => {
    expect(receiptLines(base)).toEqual([{ name: 'Sale', quantity: 1, total: '$7.50' }])
  })

  it('names the single line after the memo', () => {
    expect(receiptLines({ ...base, memo: '2 coffees' })[0]?.name).toBe('2 coffees')
  })

  it('multiplies unit price by quantity in minor units', () => {
    const lines = [
      { name: 'Coffee', unitPrice: '2.10', quantity: 3 },
      { name: 'Cake', unitPrice: '1.20', quantity: 1 }
    ]
    expect(receiptLines({ ...base, lines })).toEqual([
      { name: 'Coffee', quantity: 3, total: '$6.30' },
      { name: 'Cake', quantity: 1, total: '$1.20' }
    ])
  })
})
