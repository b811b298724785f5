import type { Invoice } from '@shared/invoice'
import { ProcessorError } from '../errors'
import { invoiceRequestView, requestOrderId } from '../invoice-request'
import type { PaymentRequestsPort, PaymentRequestView } from '../ports'
import type { CallOptions, PaymentProcessor } from '../types'
import type { BtpayCreateInvoiceRequest } from './invoices'

/** The connector's invoice calls the port makes its links with. */
type InvoiceCalls = Pick<PaymentProcessor, 'getInvoice' | 'cancelInvoice'> & {
  createInvoice(request: BtpayCreateInvoiceRequest, options?: CallOptions): Promise<Invoice>
}

function view(invoice: Invoice): PaymentRequestView {
  // A finalized invoice always has its public ref; the BIP21 URI is the fallback a wallet can still pay.
  const link = invoice.checkoutLink ?? invoice.paymentMethods[0]?.paymentLink ?? ''
  return invoiceRequestView(invoice, link, 'archived')
}

/**
 * BTPay's payment links (`/api/v1/payment-links`) cannot be paid: BTPay 0.1.x has no public page for one
 * (`../shared/reference/btpay.md`). So a payable link is a new BTPay invoice for the amount, and the link is its
 * public checkout page `<server>/checkout/<ref>` (which changes when BTPay restarts without its refnum keys: `get`
 * always gives the current one).
 * - `create`: the connector's `createInvoice` with one line (the title × 1 at the amount), order id
 *   `payreq-<orderId>` in the notes marker (never the sale's own, which would find the failed sale's invoice) and
 *   the customer's email: `GET /api/v1/invoices` (an open invoice for the order is returned instead of a second),
 *   `POST /api/v1/invoices`, `POST /api/v1/invoices/<n>/finalize`, `GET /checkout/<ref>/status.json`.
 * - `get`: `GET /api/v1/invoices/<n>/status` (+ `GET /api/v1/invoices/<n>` when it changed). BTPay's `pending` and
 *   `partial` are `open`, `paid` (unconfirmed) too; `confirmed` is `paid`; `cancelled` is `archived`.
 * - `archive`: `DELETE /api/v1/invoices/<n>` (BTPay cancels only draft and pending invoices). One already cancelled,
 *   expired or paid in full needs nothing; one with money on it (`partial`, `paid`) is refused.
 * @throws ProcessorError `processor-invalid-request` (an amount that is not positive, "No active wallet configured",
 *   an invoice BTPay cannot cancel), `processor-not-found`, the connector's others.
 */
export function btpayPaymentRequests(calls: InvoiceCalls): PaymentRequestsPort {
  return {
    create: async (request, options) =>
      view(
        await calls.createInvoice(
          {
            orderId: requestOrderId(request.orderId),
            amount: request.amount,
            currency: request.currency,
            description: request.title,
            lines: [{ name: request.title, unitPrice: request.amount, quantity: 1 }],
            ...(request.email ? { customer: { email: request.email } } : {})
          },
          options
        )
      ),
    get: async (id, options) => view(await calls.getInvoice(id, options)),
    async archive(id, options) {
      try {
        await calls.cancelInvoice(id, options)
      } catch (error) {
        if (!(error instanceof ProcessorError) || error.code !== 'processor-invalid-request') throw error
        // Refused: fine when it is no longer payable anyway; not when money is on it.
        if (view(await calls.getInvoice(id, options)).status === 'open') throw error
      }
    }
  }
}
