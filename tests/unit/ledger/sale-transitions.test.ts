import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Invoice, InvoicePayment } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { fakeInvoice } from '../../fixtures/fake-processor'

const SALE = 'sale_0000000000000001'

let ledger: Ledger

beforeEach(() => {
  ledger = new Ledger(openDatabase(':memory:'), () => Date.parse('2025-01-01T00:05:00Z'))
  ledger.createSale({
    id: SALE,
    currency: 'USD',
    amountMinor: 1234n,
    memo: null,
    lines: [],
    processor: 'demo'
  })
})

afterEach(() => ledger.close())

function payment(status: InvoicePayment['status']): InvoicePayment {
  return {
    id: 'tx1',
    method: 'BTC-CHAIN',
    amount: '0.00018985',
    currency: 'BTC',
    receivedAt: '2025-01-01T00:03:00.000Z',
    status
  }
}

/** The sale's invoice `inv1` as the processor reports it. */
function read(overrides: Partial<Invoice>): Invoice {
  return fakeInvoice('inv1', SALE, overrides)
}

const paidInFull = (status: InvoicePayment['status']): Partial<Invoice> => ({
  paid: '12.34',
  due: '0.00',
  payments: [payment(status)]
})

function state(): string | undefined {
  return ledger.getSale(SALE)?.state
}

function saleActions(): string[] {
  return ledger.auditFor(SALE).map((entry) => `${entry.actor}:${entry.action}`)
}

describe('the ledger moves a sale only along legal transitions', () => {
  it('keeps a paid sale paid when a stale read of its invoice arrives after the settled one', () => {
    ledger.applyInvoice(SALE, read({ status: 'Settled', ...paidInFull('Settled') }))
    for (const status of ['New', 'Processing', 'Expired'] as const) {
      ledger.applyInvoice(SALE, read({ status, ...paidInFull('Processing') }))
      expect(state()).toBe('paid')
    }
    expect(saleActions().filter((action) => action.startsWith('system:sale.'))).toEqual(['system:sale.paid'])
  })

  it('keeps an expired sale expired while a payment after expiry confirms, then makes it paid', () => {
    ledger.applyInvoice(SALE, read({}))
    ledger.applyInvoice(SALE, read({ status: 'Expired' }))
    // A processor that moves an expired invoice on by itself: the checkout stays closed.
    ledger.applyInvoice(SALE, read({ status: 'Processing', ...paidInFull('Processing') }))
    expect(state()).toBe('expired')
    ledger.applyInvoice(SALE, read({ status: 'Settled', ...paidInFull('Settled') }))
    expect(state()).toBe('paid')
    expect(saleActions()).toEqual([
      'cashier:sale.created',
      'system:sale.awaiting',
      'system:sale.expired',
      'system:invoice.paid-late',
      'system:sale.paid'
    ])
  })

  it('keeps an invalid sale invalid when its invoice reads as open or expired again', () => {
    ledger.applyInvoice(SALE, read({ status: 'Invalid' }))
    ledger.applyInvoice(SALE, read({ status: 'New' }))
    expect(state()).toBe('invalid')
    ledger.applyInvoice(SALE, read({ status: 'Expired' }))
    expect(state()).toBe('invalid')
  })

  it('follows a replacement invoice from an ended sale: the customer pays the new one', () => {
    ledger.applyInvoice(SALE, read({ status: 'Invalid', rawStatus: 'cancelled duplicate' }))
    ledger.applyInvoice(SALE, fakeInvoice('inv2', SALE, { status: 'New' }))
    expect(state()).toBe('awaiting')
  })

  it('makes a cancelled sale paid when the customer’s payment settles its invoice anyway', () => {
    ledger.applyInvoice(SALE, read({}))
    ledger.setSaleState(SALE, 'cancelled', null, 'cashier')
    // Cancelling at the processor failed; the customer had already sent the money.
    ledger.applyInvoice(SALE, read({ status: 'Processing', ...paidInFull('Processing') }))
    expect(state()).toBe('cancelled')
    ledger.applyInvoice(SALE, read({ status: 'Settled', ...paidInFull('Settled') }))
    expect(state()).toBe('paid')
    expect(saleActions().slice(-2)).toEqual(['cashier:sale.cancelled', 'system:sale.paid'])
  })

  it('keeps a cancelled sale cancelled when its invoice is settled without a payment', () => {
    ledger.applyInvoice(SALE, read({}))
    ledger.setSaleState(SALE, 'cancelled', null, 'cashier')
    ledger.applyInvoice(SALE, read({ status: 'Settled', additionalStatus: 'Marked' }))
    expect(state()).toBe('cancelled')
    ledger.applyInvoice(SALE, read({ status: 'Settled', additionalStatus: 'None' }))
    expect(state()).toBe('cancelled')
  })

  it('refuses to cancel a paid sale, or to set by hand a state only an invoice gives, changing nothing', () => {
    ledger.applyInvoice(SALE, read({ status: 'Settled', ...paidInFull('Settled') }))
    const before = saleActions()
    expect(() => ledger.setSaleState(SALE, 'cancelled', null, 'cashier')).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/paid.*cancelled/) })
    )
    expect(() => ledger.setSaleState(SALE, 'awaiting')).toThrow(/paid.*awaiting/)
    expect(() => ledger.setSaleState(SALE, 'failed')).toThrow(/paid.*failed/)
    expect(state()).toBe('paid')
    expect(saleActions()).toEqual(before)
  })

  it('lets the till cancel, retry and fail a sale that is still being created', () => {
    ledger.setSaleState(SALE, 'creating', { code: 'processor-connection', message: 'retrying' })
    ledger.setSaleState(SALE, 'failed', { code: 'processor-invalid-request', message: 'Refused' })
    ledger.setSaleState(SALE, 'cancelled', null, 'cashier')
    expect(ledger.getSale(SALE)).toMatchObject({ state: 'cancelled', error: null })
  })
})
