import { describe, expect, it } from 'vitest'
import type { Invoice } from '@shared/invoice'
import { isPastGrace, mapStatus } from '../../../src/main/processors/btpay/status'

describe('BTPay status mapping', () => {
  it.each([
    ['draft', 'New', 'None'],
    ['pending', 'New', 'None'],
    ['partial', 'New', 'PaidPartial'],
    ['paid', 'Processing', 'None'],
    ['confirmed', 'Settled', 'None'],
    ['expired', 'Expired', 'None'],
    ['cancelled', 'Invalid', 'None']
  ])('maps %s onto %s/%s', (raw, status, additional) => {
    expect(mapStatus(raw, { total: '13.20', amountPaid: '0' })).toEqual({
      status,
      additionalStatus: additional
    })
  })

  it('keeps following an unknown raw status as New instead of crashing', () => {
    expect(mapStatus('refunded_someday')).toEqual({ status: 'New', additionalStatus: 'None' })
  })

  it('marks an overpaid paid or confirmed invoice PaidOver', () => {
    expect(mapStatus('paid', { total: '13.20', amountPaid: '13.21' }).additionalStatus).toBe('PaidOver')
    expect(mapStatus('confirmed', { total: '13.20', amountPaid: '20' }).additionalStatus).toBe('PaidOver')
  })
})

describe('isPastGrace', () => {
  const invoice = (rawStatus: string, status: Invoice['status'] = 'New'): Invoice => ({
    id: 'INV-0001',
    processor: 'btpay',
    orderId: 'sale_0123456789',
    status,
    additionalStatus: 'None',
    rawStatus,
    currency: 'USD',
    amount: '13.20',
    paid: '0.00',
    due: '13.20',
    createdAt: '2026-01-01T10:00:00.000Z',
    expiresAt: '2026-01-01T10:30:00.000Z',
    checkoutLink: null,
    paymentMethods: [],
    payments: []
  })
  const deadline = Date.parse('2026-01-01T10:30:00.000Z')

  it('gives up on a pending invoice once the quote deadline plus grace has passed', () => {
    expect(isPastGrace(invoice('pending'), deadline + 300_000, 300)).toBe(true)
  })

  it('keeps waiting within the grace period', () => {
    expect(isPastGrace(invoice('pending'), deadline + 299_999, 300)).toBe(false)
  })

  it('never gives up on a partly paid or paid invoice', () => {
    expect(isPastGrace(invoice('partial'), deadline + 10_000_000, 0)).toBe(false)
    expect(isPastGrace(invoice('paid', 'Processing'), deadline + 10_000_000, 0)).toBe(false)
  })

  it('never gives up on a final invoice', () => {
    expect(isPastGrace(invoice('expired', 'Expired'), deadline + 10_000_000, 0)).toBe(false)
  })
})
