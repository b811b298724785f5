import { describe, expect, it } from 'vitest'
import type { Invoice } from '@shared/invoice'
import { compareOne, type CompareContext } from '../../../src/main/reconcile/compare'
import type { LedgerSale } from '../../../src/main/reconcile/reconcile-book'

const DAY = { fromMs: Date.parse('2026-11-27T00:00:00Z'), toMs: Date.parse('2026-11-28T00:00:00Z') }
const context: CompareContext = { processor: 'btcpay', ...DAY, tillId: 'T1', complete: true }

function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: 'inv1',
    processor: 'btcpay',
    orderId: 'sale_abc',
    tillId: 'T1',
    status: 'Settled',
    additionalStatus: 'None',
    rawStatus: 'Settled',
    currency: 'EUR',
    amount: '10.00',
    paid: '10.00',
    due: '0.00',
    createdAt: '2026-11-27T12:00:00.000Z',
    expiresAt: '2026-11-27T12:15:00.000Z',
    checkoutLink: null,
    paymentMethods: [],
    payments: [],
    ...overrides
  }
}

function sale(stored: Invoice | null, saleId = 'sale_abc'): LedgerSale {
  return { saleId, state: 'paid', createdAt: '2026-11-27T11:59:59.000Z', invoice: stored }
}

describe('compareOne', () => {
  it('matches the same status and amounts, however the decimals are written', () => {
    expect(compareOne(invoice({ amount: '10', paid: '10.0' }), sale(invoice()), context)).toEqual({
      type: 'matched'
    })
  })

  it('tells a status difference (recheck) from an amount difference (review)', () => {
    const status = compareOne(invoice({ additionalStatus: 'PaidOver' }), sale(invoice()), context)
    expect(status).toMatchObject({
      difference: { kind: 'status-differs', action: 'recheck', key: 'status-differs:btcpay:inv1' }
    })
    const amount = compareOne(invoice({ paid: '9.99' }), sale(invoice()), context)
    expect(amount).toMatchObject({ difference: { kind: 'amount-differs', action: 'review' } })
  })

  it('names where an invoice Kassa lacks was made, by its order id and till id', () => {
    const origin = (listed: Invoice) => {
      const outcome = compareOne(listed, null, context)
      return outcome?.type === 'difference' ? outcome.difference : null
    }
    expect(origin(invoice({ orderId: 'pos-42', tillId: null }))).toMatchObject({
      origin: 'outside-kassa',
      action: 'import'
    })
    expect(origin(invoice({ tillId: 'T2' }))).toMatchObject({ origin: 'other-till', action: 'review' })
    expect(origin(invoice({ orderId: 'payreq-sale_x', tillId: undefined }))).toMatchObject({
      origin: 'other-till'
    })
    expect(origin(invoice({ tillId: 'T1' }))).toMatchObject({ origin: 'this-till', action: 'import' })
  })

  it('counts this till’s recovery payment requests (payreq-… invoices, BTCPay’s invoices paying one) as known', () => {
    const request = invoice({ id: 'inv-req', orderId: 'payreq-rec_1-1', tillId: undefined })
    const own = { ...context, isRecoveryRequest: (id: string) => id === 'inv-req' }
    expect(compareOne(request, null, own)).toEqual({ type: 'matched' })
    // Another till's request (not in this ledger) stays another till's; a sale's order id is never taken for one.
    expect(compareOne({ ...request, id: 'inv-other' }, null, own)).toMatchObject({
      difference: { origin: 'other-till' }
    })
    expect(compareOne(invoice({ id: 'inv-req', orderId: 'pos-1', tillId: null }), null, own)).toMatchObject({
      difference: { origin: 'outside-kassa' }
    })
    // BTCPay makes its own invoice to pay a payment request: known by the request's id.
    const paid = invoice({ id: 'inv-9', orderId: 'PAY_REQUEST_pr1', tillId: null, paymentRequestId: 'pr1' })
    const ownRequest = { ...context, isRecoveryRequest: (id: string) => id === 'pr1' }
    expect(compareOne(paid, null, ownRequest)).toEqual({ type: 'matched' })
    expect(compareOne(paid, null, context)).toMatchObject({ difference: { origin: 'outside-kassa' } })
  })

  it('attaches an invoice to this till’s sale that has none (recheck)', () => {
    expect(compareOne(invoice(), sale(null), context)).toMatchObject({
      difference: { kind: 'missing-in-kassa', origin: 'this-till', action: 'recheck', saleId: 'sale_abc' }
    })
  })

  it('says missing at the processor only after a complete read', () => {
    expect(compareOne(null, sale(invoice()), context)).toMatchObject({
      difference: { kind: 'missing-at-processor', saleId: 'sale_abc', processorSide: null }
    })
    expect(compareOne(null, sale(invoice()), { ...context, complete: false })).toBeNull()
  })

  it('compares only invoices created in the range (the widened read is not judged)', () => {
    const before = invoice({ createdAt: '2026-11-26T23:59:00.000Z' })
    expect(compareOne(before, null, context)).toBeNull()
    expect(compareOne(null, sale(before), context)).toBeNull()
    expect(compareOne(invoice({ createdAt: '2026-11-28T00:00:00.000Z' }), null, context)).toBeNull()
  })
})
