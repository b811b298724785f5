/**
 * What Kassa knows of each BTPay invoice that BTPay's answers lack: its quote deadline (only the rate-limited public
 * `status.json` tells it) and its sale id, kept with the invoice's last full details so that a poll reads only
 * `/status` and fetches the details again only when something changed.
 */
import type { Invoice } from '@shared/invoice'
import { ProcessorError } from '../errors'
import type { CallOptions } from '../types'
import type { Invoices } from './invoices'
import { orderIdOf, toIsoTimestamp, toKassaInvoice } from './normalize'
import type { BtpayInvoice, BtpayInvoiceStatus } from './schemas'

/** One invoice as last read in full, with the facts BTPay does not return. */
export interface CacheEntry {
  details: BtpayInvoice
  /** ISO 8601 quote deadline. */
  expiresAt: string
  /** Kassa's sale id ('' when unknown). */
  orderId: string
}

/** Settings of the cache. Times in milliseconds. */
export interface InvoiceCacheSettings {
  /** Server root, for the hosted checkout link. */
  baseUrl: string
  /** Quote lifetime assumed when `status.json` cannot be read (BTPay's default: 30 minutes). */
  deadlineMs: number
  now: () => number
}

/** The connector's memory of its invoices, by invoice number; empty after a restart (see `remember`). */
export class InvoiceCache {
  private readonly entries = new Map<string, CacheEntry>()

  constructor(
    private readonly invoices: Invoices,
    private readonly settings: InvoiceCacheSettings
  ) {}

  /** The entry of an invoice number, if read before. */
  get(invoiceNumber: string): CacheEntry | undefined {
    return this.entries.get(invoiceNumber)
  }

  /**
   * Keep `details` (a full `GET /api/v1/invoices/<n>` answer) and return it normalized. The quote deadline and sale id
   * come from the entry already kept, else from the invoice Kassa stored (`options.previous`: after a restart it
   * spares a read of the rate-limited public page), else are read (`GET /checkout/<ref>/status.json`) or derived.
   * @param orderId the sale id when the caller knows it (a create)
   * @param justFinalized a create's answer: the quote was locked just now, so its deadline is now plus the store's
   *   quote lifetime (`deadlineMs`), with no request on the charge's answer path; call `refineDeadline` after.
   */
  async remember(
    details: BtpayInvoice,
    options: CallOptions,
    orderId?: string,
    justFinalized = false
  ): Promise<Invoice> {
    const stored = (): Invoice | undefined => {
      const invoice = options.previous?.()
      return invoice?.id === details.invoice_number ? invoice : undefined
    }
    const previous = this.entries.get(details.invoice_number) ?? stored()
    const entry: CacheEntry = {
      details,
      expiresAt:
        previous?.expiresAt ??
        (justFinalized
          ? new Date(this.settings.now() + this.settings.deadlineMs).toISOString()
          : await this.quoteDeadline(details, options)),
      orderId: orderId ?? (previous?.orderId || orderIdOf(details)) ?? ''
    }
    this.entries.set(details.invoice_number, entry)
    return this.view(entry)
  }

  /**
   * Read the quote deadline BTPay itself counts down (`GET /checkout/<ref>/status.json`, its own 30-a-minute bucket,
   * never retried) and keep it when it differs from the estimate by more than 2 s (the store's quote minutes are not
   * what Kassa assumed). Meant to run after a create has answered, off the charge's path; the next read of the
   * invoice carries the new deadline to the screen.
   * @returns true when the deadline changed
   */
  async refineDeadline(invoiceNumber: string, options: CallOptions = {}): Promise<boolean> {
    const entry = this.entries.get(invoiceNumber)
    if (!entry?.details.ref || entry.details.status === 'draft') return false
    let checkout
    try {
      checkout = await this.invoices.checkoutStatus(entry.details.ref, {
        signal: options.signal,
        maxRetries: 0
      })
    } catch (error) {
      if (error instanceof ProcessorError) return false
      throw error
    }
    if (typeof checkout.quote_expires_in !== 'number') return false
    const read = this.settings.now() + checkout.quote_expires_in * 1000
    if (Math.abs(read - Date.parse(entry.expiresAt)) <= 2000) return false
    entry.expiresAt = new Date(read).toISOString()
    return true
  }

  /**
   * The invoice `invoiceNumber` normalized from its entry and a fresher `/status` answer.
   * @throws ProcessorError `processor-bad-response` when it was never remembered
   */
  current(invoiceNumber: string, status: BtpayInvoiceStatus): Invoice {
    const entry = this.entries.get(invoiceNumber)
    if (!entry) throw new ProcessorError('processor-bad-response', 'BTPay invoice vanished while reading it')
    return this.view(entry, status)
  }

  /**
   * An invoice of BTPay's list (no lines, no payments) normalized: the deadline and sale id of its entry when read
   * before, else its creation plus the default quote lifetime and the sale id of its notes.
   */
  listed(invoice: BtpayInvoice): Invoice {
    const cached = this.entries.get(invoice.invoice_number)
    const created = Date.parse(toIsoTimestamp(invoice.created_at) ?? '')
    return toKassaInvoice(invoice, {
      expiresAt: cached?.expiresAt ?? new Date(created + this.settings.deadlineMs).toISOString(),
      orderId: cached?.orderId ?? orderIdOf(invoice) ?? '',
      baseUrl: this.settings.baseUrl
    })
  }

  private view(entry: CacheEntry, status?: BtpayInvoiceStatus): Invoice {
    return toKassaInvoice(entry.details, {
      ...(status && { status }),
      expiresAt: entry.expiresAt,
      orderId: entry.orderId,
      baseUrl: this.settings.baseUrl
    })
  }

  /** `quote_expires_in` of the public status page, else the creation time plus the default quote lifetime. */
  private async quoteDeadline(invoice: BtpayInvoice, options: CallOptions): Promise<string> {
    if (invoice.ref && invoice.status !== 'draft') {
      try {
        const checkout = await this.invoices.checkoutStatus(invoice.ref, {
          signal: options.signal,
          maxRetries: 0
        })
        if (typeof checkout.quote_expires_in === 'number') {
          return new Date(this.settings.now() + checkout.quote_expires_in * 1000).toISOString()
        }
      } catch (error) {
        if (!(error instanceof ProcessorError)) throw error
        // The public page is rate limited to 30 a minute per IP; fall back to BTPay's default deadline.
      }
    }
    const created = Date.parse(toIsoTimestamp(invoice.created_at) ?? '')
    return new Date(
      (Number.isNaN(created) ? this.settings.now() : created) + this.settings.deadlineMs
    ).toISOString()
  }
}
