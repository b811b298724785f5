import type { Invoice } from '@shared/invoice'
import type { PaymentRequestView } from './ports'

/**
 * Processors without a payment-request object of their own (Plisio, BTPay, Demo) make a payable link as a new
 * invoice for the amount. Its order id is the caller's with this prefix, so it never meets the invoice of the sale
 * it recovers (every one of them takes one invoice per order id: asking with the sale's own id would hand back
 * the failed sale's invoice), and a repeat with the same `orderId` finds the same invoice.
 */
export const REQUEST_ORDER_PREFIX = 'payreq-'

/** The order id a payment request made as an invoice carries: `payreq-<orderId>`. */
export function requestOrderId(orderId: string): string {
  return REQUEST_ORDER_PREFIX + orderId
}

/**
 * A normalized invoice seen as a payment request. Only money that arrived in full and settled makes it `paid`:
 * `Settled`, or `Expired` + `PaidLate` once every payment is settled; a payment seen but unconfirmed
 * (`Processing`) stays `open`, as the sale path calls a sale paid only at `Settled`. `Expired` (and a late payment
 * still confirming) is `expired`. `Invalid` is what `invalid` says the processor means by it: `archived` where only
 * Kassa's cancel makes an invoice invalid (BTPay `cancelled`, the Demo), `expired` where the processor gave up on it
 * (Plisio `error`). `rawStatus` is the processor's own word.
 * @param link what the customer opens to pay
 */
export function invoiceRequestView(
  invoice: Invoice,
  link: string,
  invalid: 'archived' | 'expired'
): PaymentRequestView {
  return {
    id: invoice.id,
    amount: invoice.amount,
    currency: invoice.currency,
    link,
    status: requestStatus(invoice, invalid),
    rawStatus: invoice.rawStatus,
    expiresAt: invoice.expiresAt || null
  }
}

function requestStatus(invoice: Invoice, invalid: 'archived' | 'expired'): PaymentRequestView['status'] {
  switch (invoice.status) {
    case 'Settled':
      return 'paid'
    case 'Expired': {
      const settled = invoice.payments.length > 0 && invoice.payments.every((p) => p.status === 'Settled')
      return invoice.additionalStatus === 'PaidLate' && settled ? 'paid' : 'expired'
    }
    case 'Invalid':
      return invalid
    default:
      return 'open'
  }
}
