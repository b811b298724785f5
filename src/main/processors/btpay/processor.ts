import Big from 'big.js'
import type { Invoice } from '@shared/invoice'
import { AmountError, parseAmount } from '@shared/money'
import { ProcessorError } from '../errors'
import type {
  CallOptions,
  ConnectionInfo,
  CreateInvoiceRequest,
  InvoicePage,
  PaymentProcessor,
  Rate,
  WebhookRegistrar
} from '../types'
import { createRequestBudget, type RequestBudget } from './budget'
import { BtpayClient, type BtpayClientOptions } from './client'
import { BtpayInvoices, type BtpayInvoiceCreateParams } from './invoices'
import { orderIdOf, saleMarker, toIsoTimestamp, toKassaInvoice } from './normalize'
import { BtpayPaymentLinks } from './payment-links'
import { btpayPaymentRequests } from './payment-request-port'
import { BtpayRatesSchema, type BtpayInvoice } from './schemas'
import { CANCELLABLE_STATUSES, isPastGrace } from './status'
import { BtpayWebhooks, btpayWebhookRegistrar, verifyBtpayWebhook } from './webhooks'

/** Settings of a BTPay connector. Times in milliseconds unless named `…Seconds`. */
export interface BtpayConfig {
  /** Server root, e.g. `https://pay.example.com`. */
  baseUrl: string
  /** Raw API key from BTPay Settings → API Keys. */
  apiKey: string
  fetch?: typeof fetch
  /** Seconds after the quote deadline before `isPastGrace` says give up and cancel (default 600). */
  graceSeconds?: number
  /** BTPay's limit on `/api/v1/` per key and per IP (default 100). Ignored when `budget` is given. */
  requestsPerMinute?: number
  /** A budget to share with other connectors on the same key or IP. */
  budget?: RequestBudget
  /** Secret of the webhook endpoint (from the keychain); `verifyWebhook` refuses every delivery without. */
  webhookSecret?: string
  /** Quote deadline assumed when `status.json` cannot be read (BTPay's default: 1800). */
  quoteDeadlineSeconds?: number
  timeoutMs?: number
  maxRetries?: number
  minBackoffMs?: number
  maxBackoffMs?: number
  /** Pause after a 429 without `Retry-After` (default 15 000). */
  rateLimitPauseMs?: number
  /** Clock, injected in tests (default `Date.now`). */
  now?: () => number
  /** One line per HTTP request. */
  log?: BtpayClientOptions['log']
}

/** A sale as BTPay can bill it: Kassa's request plus tax, discount and customer. */
export interface BtpayCreateInvoiceRequest extends CreateInvoiceRequest {
  /** Tax in percent as a decimal string (`"10"`), applied by BTPay to the sum of the lines. */
  taxRate?: string
  /** Fiat decimal string subtracted by BTPay after tax. */
  discountAmount?: string
  customer?: { email?: string; name?: string; company?: string }
}

/** `verifyConnection`'s answer, with the server's rates (BTPay has no "who am I" endpoint). */
export interface BtpayConnectionInfo extends ConnectionInfo {
  rates: Rate[]
}

/** The BTPay connector: Kassa's `PaymentProcessor` plus BTPay's resources. */
export interface BtpayProcessor extends PaymentProcessor {
  readonly id: 'btpay'
  readonly invoices: BtpayInvoices
  readonly paymentLinks: BtpayPaymentLinks
  readonly webhooks: BtpayWebhooks
  /** Registers a webhook endpoint for the till (`src/main/webhooks/`); BTPay makes the secret itself. */
  readonly webhookRegistrar: WebhookRegistrar
  /** The token bucket every request of this connector takes from. */
  readonly budget: RequestBudget
  readonly graceSeconds: number
  /**
   * Create and finalize an invoice for a sale (`POST /api/v1/invoices`, then `POST …/finalize`). Idempotent per
   * `orderId`: an open BTPay invoice of the sale (found in the list by the `notes` marker) is returned, a draft
   * one finalized. Checks that BTPay's total equals `amount`, else cancels the draft.
   * @throws ProcessorError `processor-invalid-request` (bad amount, total mismatch, "No active wallet configured")
   */
  createInvoice(request: BtpayCreateInvoiceRequest, options?: CallOptions): Promise<Invoice>
  /** `GET /api/v1/rates`; 401 → `processor-auth` "key not accepted"; 503 → `processor-unavailable`. */
  verifyConnection(options?: CallOptions): Promise<BtpayConnectionInfo>
  /** `isPastGrace(invoice, now, this.graceSeconds)`. */
  isPastGrace(invoice: Invoice, now?: number): boolean
}

interface CacheEntry {
  details: BtpayInvoice
  expiresAt: string
  orderId: string
}

const LIST_PAGE = 100
const LOOKUP_PAGES = 5
const LIVE = ['draft', 'pending', 'partial', 'paid', 'confirmed']

/**
 * Create the BTPay connector. Statuses are read by polling `GET /api/v1/invoices/<invoice_number>/status` (BTPay
 * cannot push to a till); all requests share one budget under BTPay's 100-a-minute limit.
 */
export function createBtpayProcessor(config: BtpayConfig): BtpayProcessor {
  const now = config.now ?? Date.now
  const perMinute = config.budget?.perMinute ?? config.requestsPerMinute ?? 100
  const budget = config.budget ?? createRequestBudget({ perMinute })
  const client = new BtpayClient({
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    fetch: config.fetch,
    budget,
    checkoutBudget: createRequestBudget({ perMinute: 30 }),
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    minBackoffMs: config.minBackoffMs,
    maxBackoffMs: config.maxBackoffMs,
    rateLimitPauseMs: config.rateLimitPauseMs,
    log: config.log
  })
  const invoices = new BtpayInvoices(client)
  const graceSeconds = config.graceSeconds ?? 600
  const deadlineMs = (config.quoteDeadlineSeconds ?? 1800) * 1000
  const cache = new Map<string, CacheEntry>()

  async function quoteDeadline(invoice: BtpayInvoice, options: CallOptions): Promise<string> {
    if (invoice.ref && invoice.status !== 'draft') {
      try {
        const checkout = await invoices.checkoutStatus(invoice.ref, { signal: options.signal, maxRetries: 0 })
        if (typeof checkout.quote_expires_in === 'number') {
          return new Date(now() + checkout.quote_expires_in * 1000).toISOString()
        }
      } catch (error) {
        if (!(error instanceof ProcessorError)) throw error
        // The public page is rate limited to 30 a minute per IP; fall back to BTPay's default deadline.
      }
    }
    const created = Date.parse(toIsoTimestamp(invoice.created_at) ?? '')
    return new Date((Number.isNaN(created) ? now() : created) + deadlineMs).toISOString()
  }

  async function remember(details: BtpayInvoice, options: CallOptions, orderId?: string): Promise<Invoice> {
    // After a restart the cache is empty: the deadline Kassa stored spares a read of the rate-limited public page.
    const stored = (): Invoice | undefined => {
      const invoice = options.previous?.()
      return invoice?.id === details.invoice_number ? invoice : undefined
    }
    const previous = cache.get(details.invoice_number) ?? stored()
    const entry: CacheEntry = {
      details,
      expiresAt: previous?.expiresAt ?? (await quoteDeadline(details, options)),
      orderId: orderId ?? (previous?.orderId || orderIdOf(details)) ?? ''
    }
    cache.set(details.invoice_number, entry)
    return toKassaInvoice(details, {
      expiresAt: entry.expiresAt,
      orderId: entry.orderId,
      baseUrl: client.baseUrl
    })
  }

  /** Newest BTPay invoice of the sale; live ones (not cancelled/expired) preferred. */
  async function lookup(orderId: string, options: CallOptions): Promise<BtpayInvoice | null> {
    let fallback: BtpayInvoice | null = null
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const answer = await invoices.list({ limit: LIST_PAGE, offset: page * LIST_PAGE }, options)
      for (const invoice of answer.invoices) {
        if (orderIdOf(invoice) !== orderId) continue
        if (LIVE.includes(invoice.status)) return invoice
        fallback ??= invoice
      }
      if ((page + 1) * LIST_PAGE >= answer.total) break
    }
    return fallback
  }

  function ambiguous(error: unknown): boolean {
    return (
      error instanceof ProcessorError &&
      (error.code === 'processor-connection' ||
        error.code === 'processor-unavailable' ||
        error.code === 'processor-bad-response')
    )
  }

  async function cancelQuietly(ref: string): Promise<void> {
    try {
      await invoices.cancel(ref)
    } catch {
      // Best effort: the draft is harmless, and the next create for the sale finds and reuses it.
    }
  }

  /** Finalize a draft (re-reading it after an ambiguous failure) and check BTPay's total against the sale. */
  async function makePayable(
    invoice: BtpayInvoice,
    expected: Big | null,
    options: CallOptions
  ): Promise<BtpayInvoice> {
    if (expected && !new Big(invoice.total).eq(expected) && CANCELLABLE_STATUSES.includes(invoice.status)) {
      await cancelQuietly(invoice.invoice_number)
      throw new ProcessorError(
        'processor-invalid-request',
        `BTPay computed a total of ${invoice.total} ${invoice.currency} but the sale is ${expected.toString()}: invoice cancelled`
      )
    }
    let current = invoice
    for (let attempt = 0; current.status === 'draft'; attempt++) {
      try {
        current = await invoices.finalize(current.invoice_number, options)
      } catch (error) {
        if (ambiguous(error) && attempt < 2) {
          current = await invoices.retrieve(current.invoice_number, {}, options)
          continue
        }
        if (error instanceof ProcessorError && error.code === 'processor-invalid-request') {
          await cancelQuietly(current.invoice_number)
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

  async function createDraft(params: BtpayInvoiceCreateParams, options: CallOptions): Promise<BtpayInvoice> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await invoices.create(params, { ...options, maxRetries: 0 })
      } catch (error) {
        // A 429 is refused before BTPay does anything, so creating again is safe (the budget has paused).
        const limited = error instanceof ProcessorError && error.code === 'processor-rate-limit'
        if (!limited || attempt >= (options.maxRetries ?? config.maxRetries ?? 2)) throw error
      }
    }
  }

  const listInvoices = async (
    query: { from: string; to: string; cursor?: string | null; limit?: number },
    options: CallOptions = {}
  ): Promise<InvoicePage> => {
    const from = Date.parse(query.from)
    const to = Date.parse(query.to)
    const limit = Math.min(Math.max(query.limit ?? 50, 1), LIST_PAGE)
    const offset = query.cursor ? Number.parseInt(query.cursor, 10) || 0 : 0
    const answer = await invoices.list({ limit, offset }, options)
    const items: Invoice[] = []
    let reachedStart = false
    for (const invoice of answer.invoices) {
      const created = Date.parse(toIsoTimestamp(invoice.created_at) ?? '')
      if (created < from) reachedStart = true
      if (!(created >= from && created < to)) continue
      const cached = cache.get(invoice.invoice_number)
      items.push(
        toKassaInvoice(invoice, {
          expiresAt: cached?.expiresAt ?? new Date(created + deadlineMs).toISOString(),
          orderId: cached?.orderId ?? orderIdOf(invoice) ?? '',
          baseUrl: client.baseUrl
        })
      )
    }
    const next = offset + answer.invoices.length
    const nextCursor =
      reachedStart || next >= answer.total || answer.invoices.length === 0 ? null : String(next)
    return { items, nextCursor } satisfies InvoicePage
  }

  let webhookSecret = config.webhookSecret || undefined
  const webhooks = new BtpayWebhooks(client)
  const webhookRegistrar = btpayWebhookRegistrar(webhooks, (secret) => {
    webhookSecret = secret ?? undefined
  })
  const processor: BtpayProcessor = {
    id: 'btpay',
    label: 'BTPay',
    capabilities: {
      push: false,
      simulate: false,
      // One invoice polled at most every 4 budget slots (2.4 s at 100 a minute), as BTPay's notes advise.
      minPollIntervalMs: Math.ceil(60_000 / perMinute) * 4
    },
    invoices,
    paymentLinks: new BtpayPaymentLinks(client),
    webhooks,
    webhookRegistrar,
    // No refund API: refunds are paid outside BTPay and recorded.
    ports: {
      invoiceList: { list: listInvoices },
      paymentRequests: btpayPaymentRequests(() => processor),
      webhooks: webhookRegistrar
    },
    budget,
    graceSeconds,

    async verifyConnection(options = {}) {
      const rates = await processor.getRates([], options)
      return {
        account: new URL(client.baseUrl).host,
        // BTPay stores key permissions but never enforces them.
        permissions: [],
        missing: [],
        version: null,
        defaultCurrency: null,
        rates
      }
    },

    async createInvoice(request, options = {}) {
      try {
        parseAmount(request.amount, request.currency)
      } catch (error) {
        if (!(error instanceof AmountError)) throw error
        throw new ProcessorError('processor-invalid-request', error.message)
      }
      // A sale Kassa has never billed cannot have an invoice yet: skip the paged look-up (up to 5 list requests).
      const existing = request.firstAttempt ? null : await lookup(request.orderId, options)
      let invoice: BtpayInvoice
      if (existing && LIVE.includes(existing.status)) {
        invoice = existing
      } else {
        const params: BtpayInvoiceCreateParams = {
          lines: request.lines.map((line) => ({
            description: line.name,
            quantity: line.quantity,
            unit_price: line.unitPrice
          })),
          currency: request.currency,
          tax_rate: request.taxRate,
          discount_amount: request.discountAmount,
          customer_email: request.customer?.email,
          customer_name: request.customer?.name,
          customer_company: request.customer?.company,
          notes: `${request.description} ${saleMarker(request.orderId)}`.trim(),
          payment_methods: ['onchain_btc'],
          metadata: { kassa_sale_id: request.orderId }
        }
        try {
          invoice = await createDraft(params, options)
        } catch (error) {
          if (!ambiguous(error)) throw error
          // BTPay may have created it before the answer was lost: look before creating again.
          invoice = (await lookupLive(request.orderId, options)) ?? (await createDraft(params, options))
        }
      }
      const payable = await makePayable(invoice, new Big(request.amount), options)
      return remember(payable, options, request.orderId)
    },

    async findInvoiceByOrderId(orderId, options = {}) {
      const found = await lookup(orderId, options)
      if (!found) return null
      const details = await invoices.retrieve(found.invoice_number, { includePayments: true }, options)
      return remember(details, options, orderId)
    },

    async getInvoice(invoiceId, options = {}) {
      const status = await invoices.status(invoiceId, options)
      const entry = cache.get(status.invoice_number)
      if (
        !entry ||
        entry.details.status !== status.status ||
        entry.details.amount_paid !== status.amount_paid
      ) {
        const details = await invoices.retrieve(status.invoice_number, { includePayments: true }, options)
        await remember(details, options)
      }
      const fresh = cache.get(status.invoice_number)
      if (!fresh)
        throw new ProcessorError('processor-bad-response', 'BTPay invoice vanished while reading it')
      return toKassaInvoice(fresh.details, {
        status,
        expiresAt: fresh.expiresAt,
        orderId: fresh.orderId,
        baseUrl: client.baseUrl
      })
    },

    async cancelInvoice(invoiceId, options = {}) {
      try {
        await invoices.cancel(invoiceId, options)
      } catch (error) {
        if (!(error instanceof ProcessorError) || error.code !== 'processor-invalid-request') throw error
        const state = /status: (\w+)/.exec(error.message)?.[1] ?? 'no longer open'
        throw new ProcessorError(
          'processor-invalid-request',
          `BTPay cannot cancel invoice ${invoiceId}: it is ${state === 'paid' || state === 'confirmed' || state === 'partial' ? `already ${state} (money arrived)` : state}; only unpaid invoices can be cancelled`,
          { status: error.status, cause: error }
        )
      }
      return processor.getInvoice(invoiceId, options)
    },

    async getRates(currencies, options = {}) {
      const answer = await client.request(
        { method: 'GET', path: 'api/v1/rates', schema: BtpayRatesSchema },
        options
      )
      const wanted = new Set(currencies.map((code) => code.toUpperCase()))
      return answer.rates
        .filter((rate) => wanted.size === 0 || wanted.has(rate.currency.toUpperCase()))
        .map((rate) => ({ base: 'BTC', quote: rate.currency, rate: rate.rate, source: 'BTPay' }))
    },

    verifyWebhook(rawBody, headers) {
      return verifyBtpayWebhook(rawBody, headers, webhookSecret)
    },

    isPastGrace(invoice, at = now()) {
      return isPastGrace(invoice, at, graceSeconds)
    },

    shouldAbandon(invoice, at) {
      return isPastGrace(invoice, at, graceSeconds)
    }
  }

  async function lookupLive(orderId: string, options: CallOptions): Promise<BtpayInvoice | null> {
    const found = await lookup(orderId, options)
    return found && LIVE.includes(found.status) ? found : null
  }

  return processor
}
