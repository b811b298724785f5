import type { CallOptions } from '../types'
import type { BtpayClient } from './client'
import {
  BtpayCancelSchema,
  BtpayCheckoutStatusSchema,
  BtpayInvoiceListSchema,
  BtpayInvoiceSchema,
  BtpayInvoiceStatusSchema,
  type BtpayCheckoutStatus,
  type BtpayInvoice,
  type BtpayInvoiceList,
  type BtpayInvoiceStatus
} from './schemas'
import type { BtpayRawStatus } from './status'

/** Body of `POST /api/v1/invoices`. Money as decimal strings; `tax_rate` in percent (`"10"` = 10 %). */
export interface BtpayInvoiceCreateParams {
  lines: { description: string; quantity: number; unit_price: string }[]
  currency: string
  tax_rate?: string
  discount_amount?: string
  customer_email?: string
  customer_name?: string
  customer_company?: string
  notes?: string
  /** BTPay's method names; Kassa sends `['onchain_btc']`. */
  payment_methods?: string[]
  /** Stored by BTPay but never returned by its API (0.1.x). */
  metadata?: Record<string, string>
}

const path = (ref: string): string => `api/v1/invoices/${encodeURIComponent(ref)}`

/**
 * BTPay invoices (`/api/v1/invoices`). `ref` everywhere is the `invoice_number` (`INV-0001`) or the encrypted
 * `ref`; a numeric `id` is answered 404 whatever BTPay's document says. Every method may throw `ProcessorError`.
 */
export class BtpayInvoices {
  constructor(private readonly client: BtpayClient) {}

  /**
   * `POST /api/v1/invoices` → a `draft` invoice with BTPay's computed subtotal, tax and total. Not retried by
   * default (`maxRetries: 0`): after a timeout, look the invoice up instead of creating a second one.
   * @throws ProcessorError `processor-invalid-request` ("At least one line item required", bad decimals)
   */
  create(params: BtpayInvoiceCreateParams, options: CallOptions = {}): Promise<BtpayInvoice> {
    return this.client.request(
      { method: 'POST', path: 'api/v1/invoices', body: params, schema: BtpayInvoiceSchema },
      { maxRetries: 0, ...options }
    )
  }

  /**
   * `POST /api/v1/invoices/<ref>/finalize`: draft → `pending`; assigns the address and locks the BTC rate for the
   * quote deadline (30 min by default). Safe to retry: a second call answers 400 "Cannot finalize invoice in
   * status: pending", which the caller resolves by reading the invoice.
   * @throws ProcessorError `processor-invalid-request` ("No active wallet configured", not a draft, total ≤ 0)
   */
  finalize(ref: string, options: CallOptions = {}): Promise<BtpayInvoice> {
    return this.client.request(
      { method: 'POST', path: `${path(ref)}/finalize`, schema: BtpayInvoiceSchema },
      { maxRetries: 0, ...options }
    )
  }

  /** `GET /api/v1/invoices/<ref>[?include_payments=true]`: the full invoice with lines (and payments). */
  retrieve(
    ref: string,
    params: { includePayments?: boolean } = {},
    options: CallOptions = {}
  ): Promise<BtpayInvoice> {
    return this.client.request(
      {
        method: 'GET',
        path: path(ref),
        query: { include_payments: params.includePayments ? 'true' : undefined },
        schema: BtpayInvoiceSchema
      },
      options
    )
  }

  /** `GET /api/v1/invoices/<ref>/status`: `{invoice_number, status, total, amount_paid, amount_due, currency}`. */
  status(ref: string, options: CallOptions = {}): Promise<BtpayInvoiceStatus> {
    return this.client.request(
      { method: 'GET', path: `${path(ref)}/status`, schema: BtpayInvoiceStatusSchema },
      options
    )
  }

  /** `GET /api/v1/invoices?status=&limit=(≤100)&offset=`: newest first, without lines. */
  list(
    params: { status?: BtpayRawStatus; limit?: number; offset?: number } = {},
    options: CallOptions = {}
  ): Promise<BtpayInvoiceList> {
    return this.client.request(
      {
        method: 'GET',
        path: 'api/v1/invoices',
        query: { status: params.status, limit: params.limit, offset: params.offset },
        schema: BtpayInvoiceListSchema
      },
      options
    )
  }

  /**
   * `DELETE /api/v1/invoices/<ref>` → `{ok: true, status: "cancelled"}`; only draft and pending invoices.
   * @throws ProcessorError `processor-invalid-request` "Cannot cancel invoice in status: paid" for the others
   */
  cancel(ref: string, options: CallOptions = {}): Promise<{ ok: true; status: string }> {
    return this.client.request({ method: 'DELETE', path: path(ref), schema: BtpayCancelSchema }, options)
  }

  /**
   * Public `GET /checkout/<ref>/status.json` (no key; 30 a minute per IP). `publicRef` must be the encrypted
   * `ref` (the invoice number is not accepted there). Its `quote_expires_in` (seconds) is the only quote deadline
   * BTPay exposes.
   */
  checkoutStatus(publicRef: string, options: CallOptions = {}): Promise<BtpayCheckoutStatus> {
    return this.client.request(
      {
        method: 'GET',
        path: `checkout/${encodeURIComponent(publicRef)}/status.json`,
        schema: BtpayCheckoutStatusSchema,
        public: true
      },
      options
    )
  }
}
