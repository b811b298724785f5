import type { SaleView } from '@shared/contract'

/** A paid keypad sale of $7.50 on the Demo; override what a test needs. */
export function saleView(over: Partial<SaleView> = {}): SaleView {
  return {
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
    simulatable: false,
    taxRate: '0',
    subtotal: '7.50',
    tax: '0.00',
    discount: '0.00',
    paymentMethod: null,
    tip: '0.00',
    taxes: [],
    taxInclusive: false,
    discountGiven: null,
    tipGiven: null,
    receiptNumber: null,
    customer: null,
    refunds: [],
    refunded: '0.00',
    outbox: null,
    ...over
  }
}
