import { beforeAll, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import {
  receiptLines,
  receiptRefunded,
  receiptRefunds,
  receiptTotals
} from '../../../src/renderer/src/receipt/receipt-lines'
import { refundView, saleView } from './fixtures'
import { ensureMessages } from '../../../src/renderer/src/i18n'

// Areas beyond the till's are loaded on demand in the app; here, up front.
beforeAll(() => ensureMessages('en'))

const base: SaleView = saleView()

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

describe('receiptTotals', () => {
  it('prints nothing above the total for an unitemised sale without tax', () => {
    expect(receiptTotals(base)).toEqual([])
  })

  it('prints subtotal, tax with its rate and discount for an itemised sale', () => {
    const sale = saleView({
      lines: [{ name: 'Coffee', unitPrice: '5.00', quantity: 2 }],
      taxRate: '10',
      subtotal: '10.00',
      tax: '1.00',
      discount: '0.50',
      amount: '10.50'
    })
    expect(receiptTotals(sale)).toEqual([
      { label: 'Subtotal', amount: '$10.00' },
      { label: 'Tax 10 %', amount: '$1.00' },
      { label: 'Discount', amount: '−$0.50' }
    ])
  })

  it('prints the tax of an unitemised sale and leaves out a zero discount', () => {
    const sale = saleView({ taxRate: '7.5', subtotal: '20.00', tax: '1.50', amount: '21.50' })
    expect(receiptTotals(sale).map((t) => t.label)).toEqual(['Subtotal', 'Tax 7.5 %'])
  })
})

describe('receiptRefunds', () => {
  it('prints no refund rows and no refunded total for a sale without refunds', () => {
    expect(receiptRefunds(base)).toEqual([])
    expect(receiptRefunded(base)).toBeNull()
  })

  it('prints each refund with date, kind and variant, amount with its fiat value, and state', () => {
    const sale = saleView({
      refunds: [
        refundView(),
        refundView({
          id: 'rfd_abcdefghij',
          kind: 'recorded',
          variant: null,
          method: 'cash',
          amount: '2.00',
          currency: 'USD',
          fiatAmount: '2.00',
          state: 'completed',
          claimLink: null,
          createdAt: '2025-01-03T12:00:00Z'
        })
      ],
      refunded: '9.50'
    })
    expect(receiptRefunds(sale)).toEqual([
      {
        id: 'rfd_0123456789',
        createdAt: '2025-01-02T09:30:00Z',
        kind: 'Refund claim · Crypto at the sale’s rate',
        amount: '0.00011538 BTC ($7.50)',
        state: 'Waiting for the customer to claim',
        cancelled: false
      },
      {
        id: 'rfd_abcdefghij',
        createdAt: '2025-01-03T12:00:00Z',
        kind: 'Refund paid outside Kassa · Cash',
        amount: '$2.00',
        state: 'Completed',
        cancelled: false
      }
    ])
    expect(receiptRefunded(sale)).toBe('$9.50')
  })

  it('marks a cancelled refund and prints a coin without an ISO code as given', () => {
    const sale = saleView({
      refunds: [
        refundView({
          kind: 'withdrawal',
          variant: null,
          amount: '7.49',
          currency: 'USDT_TRX',
          fiatAmount: null,
          state: 'cancelled'
        })
      ]
    })
    const [row] = receiptRefunds(sale)
    expect(row?.amount).toBe('7.49 USDT_TRX')
    expect(row?.kind).toBe('Refund to address')
    expect(row?.cancelled).toBe(true)
    expect(receiptRefunded(sale)).toBe('$0.00')
  })
})
