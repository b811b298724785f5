/**
 * BTPay invoices (`/api/v1/invoices`, and the public `/checkout/<ref>/status.json`): the resource's verbs, the
 * look-up of a sale's invoice by the marker in its notes, and the create-once of a sale.
 */
import Big from 'big.js'
import { ProcessorError } from '../errors'
import type { CallOptions, CreateInvoiceRequest, InvoiceCustomer } from '../types'
import { btpayCartForm } from './cart'
import type { BtpayClient } from './client'
import { orderIdOf, saleMarker, tillMarker } from './normalize'
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
import { CANCELLABLE_STATUSES, type BtpayRawStatus } from './status'

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

/**
 * A sale as BTPay can bill it: Kassa's request plus customer; `taxRate`/`discountAmount` apply BTPay's own formula
 * to `lines` when there is no `cart` (a cart brings its own form).
 */
export interface BtpayCreateInvoiceRequest extends CreateInvoiceRequest {
  /** Tax in percent as a decimal string (`"10"`), applied by BTPay to the sum of the lines. */
  taxRate?: string
  /** Fiat decimal string subtracted by BTPay after tax. */
  discountAmount?: string
  /** `customer_email`, `customer_name`, `customer_company` (the phone has no field at BTPay). */
  customer?: InvoiceCustomer & { company?: string }
}

const path = (ref: string): string => `api/v1/invoices/${encodeURIComponent(ref)}`

/** Invoices per page of `GET /api/v1/invoices` (BTPay's most). */
export const LIST_PAGE = 100
/** Pages a look-up by sale id reads at most (the newest 500 invoices). */
const LOOKUP_PAGES = 5
/** Statuses of an invoice that is still the sale's (not cancelled or expired). */
const LIVE: readonly string[] = ['draft', 'pending', 'partial', 'paid', 'confirmed']

/**
 * The body of `POST /api/v1/invoices` for a sale: its lines (a cart in the form of `btpayCartForm`, whose BTPay
 * total is the sale's), `onchain_btc`, and the sale and till markers in `notes`.
 */
export function toCreateParams(request: BtpayCreateInvoiceRequest): BtpayInvoiceCreateParams {
  const form = request.cart
    ? btpayCartForm(request.cart)
    : {
        lines: request.lines.map((line) => ({
          description: line.name,
          quantity: line.quantity,
          unit_price: line.unitPrice
        })),
        tax_rate: request.taxRate,
        discount_amount: request.discountAmount,
        taxNote: ''
      }
  return {
    lines: form.lines,
    currency: request.currency,
    tax_rate: form.tax_rate,
    discount_amount: form.discount_amount,
    customer_email: request.customer?.email,
    customer_name: request.customer?.name,
    customer_company: request.customer?.company,
    notes: [
      request.description,
      form.taxNote,
      saleMarker(request.orderId),
      request.tillId ? tillMarker(request.tillId) : ''
    ]
      .filter(Boolean)
      .join(' ')
      .trim(),
    payment_methods: ['onchain_btc'],
    metadata: { kassa_sale_id: request.orderId, ...(request.tillId && { kassa_till: request.tillId }) }
  }
}

/** A failure after which BTPay may or may not have done what was asked. */
function ambiguous(error: unknown): boolean {
  return (
    error instanceof ProcessorError &&
    (error.code === 'processor-connection' ||
      error.code === 'processor-unavailable' ||
      error.code === 'processor-bad-response')
  )
}

/**
 * BTPay invoices (`/api/v1/invoices`). `ref` everywhere is the `invoice_number` (`INV-0001`) or the encrypted
 * `ref`; a numeric `id` is answered 404 whatever BTPay's document says. Every method may throw `ProcessorError`.
 */
export class Invoices {
  constructor(private readonly client: BtpayClient) {}

  /**
   * `POST /api/v1/invoices` → a `draft` invoice with BTPay's computed subtotal, tax and total. Never retried after a
   * timeout, network failure or 5xx (look the invoice up instead of creating a second one); a 429 is, since BTPay
   * refuses it before doing anything. Prefer `createOnce`.
   * @throws ProcessorError `processor-invalid-request` ("At least one line item required", bad decimals)
   */
  create(params: BtpayInvoiceCreateParams, options: CallOptions = {}): Promise<BtpayInvoice> {
    return this.client.send(
      BtpayInvoiceSchema,
      { method: 'POST', path: 'api/v1/invoices', body: params, idempotent: false },
      options
    )
  }

  /**
   * `POST /api/v1/invoices/<ref>/finalize`: draft → `pending`; assigns the address and locks the BTC rate for the
   * quote deadline (30 min by default). Safe to retry: a second call answers 400 "Cannot finalize invoice in
   * status: pending", which the caller resolves by reading the invoice.
   * @throws ProcessorError `processor-invalid-request` ("No active wallet configured", not a draft, total ≤ 0)
   */
  finalize(ref: string, options: CallOptions = {}): Promise<BtpayInvoice> {
    return this.client.send(
      BtpayInvoiceSchema,
      { method: 'POST', path: `${path(ref)}/finalize` },
      { maxRetries: 0, ...options }
    )
  }

  /** `GET /api/v1/invoices/<ref>[?include_payments=true]`: the full invoice with lines (and payments). */
  retrieve(
    ref: string,
    params: { includePayments?: boolean } = {},
    options: CallOptions = {}
  ): Promise<BtpayInvoice> {
    return this.client.send(
      BtpayInvoiceSchema,
      {
        method: 'GET',
        path: path(ref),
        query: { include_payments: params.includePayments ? 'true' : undefined }
      },
      options
    )
  }

  /** `GET /api/v1/invoices/<ref>/status`: `{invoice_number, status, total, amount_paid, amount_due, currency}`. */
  status(ref: string, options: CallOptions = {}): Promise<BtpayInvoiceStatus> {
    return this.client.send(BtpayInvoiceStatusSchema, { method: 'GET', path: `${path(ref)}/status` }, options)
  }

  /** `GET /api/v1/invoices?status=&limit=(≤100)&offset=`: newest first, without lines. */
  list(
    params: { status?: BtpayRawStatus; limit?: number; offset?: number } = {},
    options: CallOptions = {}
  ): Promise<BtpayInvoiceList> {
    return this.client.send(
      BtpayInvoiceListSchema,
      {
        method: 'GET',
        path: 'api/v1/invoices',
        query: { status: params.status, limit: params.limit, offset: params.offset }
      },
      options
    )
  }

  /**
   * `DELETE /api/v1/invoices/<ref>` → `{ok: true, status: "cancelled"}`; only draft and pending invoices.
   * @throws ProcessorError `processor-invalid-request` "Cannot cancel invoice in status: paid" for the others
   */
  cancel(ref: string, options: CallOptions = {}): Promise<{ ok: true; status: string }> {
    return this.client.send(BtpayCancelSchema, { method: 'DELETE', path: path(ref) }, options)
  }

  /**
   * Public `GET /checkout/<ref>/status.json` (no key; 30 a minute per IP). `publicRef` must be the encrypted
   * `ref` (the invoice number is not accepted there). Its `quote_expires_in` (seconds) is the only quote deadline
   * BTPay exposes.
   */
  checkoutStatus(publicRef: string, options: CallOptions = {}): Promise<BtpayCheckoutStatus> {
    return this.client.checkout.send(
      BtpayCheckoutStatusSchema,
      {
        method: 'GET',
        path: `checkout/${encodeURIComponent(publicRef)}/status.json`
      },
      options
    )
  }

  /**
   * The newest BTPay invoice of the sale `orderId` (by the marker in its notes), live ones (not cancelled or
   * expired) preferred; null when none is among the newest 500. `GET /api/v1/invoices?limit=100&offset=` page by page.
   */
  async findByOrderId(orderId: string, options: CallOptions = {}): Promise<BtpayInvoice | null> {
    let fallback: BtpayInvoice | null = null
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const answer = await this.list({ limit: LIST_PAGE, offset: page * LIST_PAGE }, options)
      for (const invoice of answer.invoices) {
        if (orderIdOf(invoice) !== orderId) continue
        if (LIVE.includes(invoice.status)) return invoice
        fallback ??= invoice
      }
      if ((page + 1) * LIST_PAGE >= answer.total) break
    }
    return fallback
  }

  /**
   * The sale's invoice, made at most once and payable: an open one of the sale is reused (the look-up is skipped on
   * a `firstAttempt`), else `POST /api/v1/invoices` (looked up again after an ambiguous failure before creating
   * again); then a draft is finalized (`POST …/finalize`, re-read after an ambiguous failure) and BTPay's total
   * checked against `request.amount`.
   * @throws ProcessorError `processor-invalid-request` when BTPay's total differs from the sale's or it cannot
   *   finalize (e.g. "No active wallet configured"): the draft is cancelled first
   */
  async createOnce(request: BtpayCreateInvoiceRequest, options: CallOptions = {}): Promise<BtpayInvoice> {
    // A sale Kassa has never billed cannot have an invoice yet: skip the paged look-up (up to 5 list requests).
    const existing = request.firstAttempt ? null : await this.findByOrderId(request.orderId, options)
    let invoice: BtpayInvoice
    if (existing && LIVE.includes(existing.status)) {
      invoice = existing
    } else {
      const params = toCreateParams(request)
      try {
        invoice = await this.create(params, options)
      } catch (error) {
        if (!ambiguous(error)) throw error
        // BTPay may have created it before the answer was lost: look before creating again.
        const found = await this.findByOrderId(request.orderId, options)
        invoice = found && LIVE.includes(found.status) ? found : await this.create(params, options)
      }
    }
    return this.makePayable(invoice, new Big(request.amount), options)
  }

  /** Finalize a draft (re-reading it after an ambiguous failure) and check BTPay's total against the sale. */
  private async makePayable(
    invoice: BtpayInvoice,
    expected: Big,
    options: CallOptions
  ): Promise<BtpayInvoice> {
    if (!new Big(invoice.total).eq(expected) && CANCELLABLE_STATUSES.includes(invoice.status)) {
      await this.cancelQuietly(invoice.invoice_number)
      throw new ProcessorError(
        'processor-invalid-request',
        `BTPay computed a total of ${invoice.total} ${invoice.currency} but the sale is ${expected.toString()}: invoice cancelled`
      )
    }
    let current = invoice
    for (let attempt = 0; current.status === 'draft'; attempt++) {
      try {
        current = await this.finalize(current.invoice_number, options)
      } catch (error) {
        if (ambiguous(error) && attempt < 2) {
          current = await this.retrieve(current.invoice_number, {}, options)
          continue
        }
        if (error instanceof ProcessorError && error.code === 'processor-invalid-request') {
          await this.cancelQuietly(current.invoice_number)
          throw new ProcessorError(
            'processor-invalid-request',
            `BTPay could not open invoice ${current.invoice_number} for payment: ${error.message.replace(/^BTPay: /, '')}`,
            { status: error.status, cause: error }
          )
        }
        throw error
      }
    }
    return current
  }

  private async cancelQuietly(ref: string): Promise<void> {
    try {
      await this.cancel(ref)
    } catch {
      // Best effort: the draft is harmless, and the next create for the sale finds and reuses it.
    }
  }
}
