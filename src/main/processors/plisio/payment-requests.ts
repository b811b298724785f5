import type { Invoice } from '@shared/invoice'
import { ProcessorError } from '../errors'
import { invoiceRequestView, requestOrderId } from '../invoice-request'
import type { PaymentRequestsPort, PaymentRequestView } from '../ports'
import type { Invoices } from './invoices'

/** What the Plisio payment-request port needs from the connector's settings. */
export interface PlisioRequestSettings {
  /** Prefix of the hosted invoice page, for an answer without `invoice_url`. */
  checkoutBase: string
  /** Lifetime of the invoice in minutes (default 30, the connector's `defaultExpireMin`). */
  expireMin?: number
  /** Where Plisio POSTs status callbacks, if the till has a relay. */
  callbackUrl?: string
}

/**
 * Plisio has no payment request or payment link in its API: a payable link is a new Plisio invoice for the amount,
 * its hosted page (`invoice_url`) the link.
 * - `create`: `GET /invoices/new` with `order_number` = `payreq-<orderId>` (never the sale's own: Plisio would hand
 *   back the failed sale's invoice), `order_name` = the title, `source_currency`/`source_amount`, `email`,
 *   `expire_min` and `return_existing=1`, so asking again returns the same invoice. Every coin the shop enables is
 *   offered. @throws ProcessorError `processor-invalid-request` for an amount that is not positive (before any
 *   request) or Plisio's 422 with its fields.
 * - `get`: `GET /operations/{txn_id}` (a replaced `cancelled duplicate` is followed to the live invoice). Plisio's
 *   `error` (and a replaced invoice with no live one) reads as `expired`: Plisio gave up on it.
 * - `archive`: Plisio cannot cancel an invoice through its API; it expires by itself at the end of its lifetime.
 *   `archive` reads it (`GET /operations/{txn_id}`): one that is no longer payable (paid, expired) needs nothing;
 *   an open one is refused with `processor-invalid-request` saying until when it stays payable. Nothing is recorded.
 */
export function plisioPaymentRequests(
  invoices: Invoices,
  settings: PlisioRequestSettings
): PaymentRequestsPort {
  const view = (invoice: Invoice): PaymentRequestView =>
    invoiceRequestView(
      invoice,
      invoice.checkoutLink ?? `${settings.checkoutBase}${encodeURIComponent(invoice.id)}`,
      'expired'
    )
  return {
    create: async (request, options) =>
      view(
        await invoices.create(
          {
            orderNumber: requestOrderId(request.orderId),
            orderName: request.title,
            sourceCurrency: request.currency,
            sourceAmount: request.amount,
            expireMin: settings.expireMin,
            email: request.email,
            callbackUrl: settings.callbackUrl
          },
          options
        )
      ),
    get: async (id, options) => view(await invoices.retrieve(id, options)),
    async archive(id, options) {
      const current = view(await invoices.retrieve(id, options))
      if (current.status !== 'open') return
      throw new ProcessorError(
        'processor-invalid-request',
        `Plisio cannot cancel invoice ${current.id} through its API: its link stays payable until it expires by itself` +
          (current.expiresAt ? ` at ${current.expiresAt}` : '')
      )
    }
  }
}
