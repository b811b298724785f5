/**
 * The BTPay connector (btpay-org/btpay 0.1.x, self-hosted), built to what BTPay does rather than to its API
 * document. `createBtpayProcessor(config)` returns a `PaymentProcessor` that also exposes the resources
 * (`invoices`, `paymentLinks`, `webhooks`) and the request budget every call takes from.
 */
import { btpayHealth } from './health'
import type { Invoice } from '@shared/invoice'
import { AmountError, parseAmount } from '@shared/money'
import { silentLogger, type Logger } from '../../log/logger'
import { ProcessorError } from '../errors'
import type { ProcessorPorts } from '../ports'
import type {
  CallOptions,
  ConnectionInfo,
  PaymentProcessor,
  ProcessorCapabilities,
  Rate,
  WebhookEvent,
  WebhookRegistrar
} from '../types'
import { createRequestBudget, type RequestBudget } from './budget'
import { BtpayClient, type BtpayClientConfig } from './client'
import { InvoiceCache } from './invoice-cache'
import { btpayInvoiceList } from './invoice-list'
import { Invoices, type BtpayCreateInvoiceRequest } from './invoices'
import { PaymentLinks } from './payment-links'
import { btpayPaymentRequests } from './payment-requests'
import { BtpayRatesSchema } from './schemas'
import { isPastGrace } from './status'
import { btpayWebhookRegistrar, verifyBtpayWebhook, Webhooks } from './webhooks'

/**
 * Settings of a BTPay connector: the server and key, the shared HTTP settings (`HttpSettings`), its request budget,
 * and how long an unpaid invoice is kept. Times in milliseconds unless named `…Seconds`.
 */
export interface BtpayConfig extends Omit<BtpayClientConfig, 'budget' | 'checkoutBudget'> {
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
  /** Clock, injected in tests (default `Date.now`). */
  now?: () => number
}

/** `verifyConnection`'s answer, with the server's rates (BTPay has no "who am I" endpoint). */
export interface BtpayConnectionInfo extends ConnectionInfo {
  rates: Rate[]
}

/**
 * The BTPay connector: Kassa's `PaymentProcessor` plus BTPay's resources. Statuses are read by polling
 * `GET /api/v1/invoices/<invoice_number>/status` (BTPay cannot push to a till); all requests share one budget under
 * BTPay's 100-a-minute limit.
 */
export class BtpayProcessor implements PaymentProcessor {
  readonly id = 'btpay' as const
  readonly label = 'BTPay'
  readonly capabilities: ProcessorCapabilities
  readonly client: BtpayClient
  readonly invoices: Invoices
  readonly paymentLinks: PaymentLinks
  readonly webhooks: Webhooks
  /** Registers a webhook endpoint for the till (`src/main/webhooks/`); BTPay makes the secret itself. */
  readonly webhookRegistrar: WebhookRegistrar
  /** The token bucket every request of this connector takes from. */
  readonly budget: RequestBudget
  readonly graceSeconds: number
  /** Its invoice list, payable links (a new invoice) and webhooks; no refund API (refunds are recorded). */
  readonly ports: ProcessorPorts
  private readonly cache: InvoiceCache
  private readonly now: () => number
  private readonly log: Logger
  private webhookSecret: string | undefined

  constructor(config: BtpayConfig) {
    this.now = config.now ?? Date.now
    this.log = config.log ?? silentLogger()
    const perMinute = config.budget?.perMinute ?? config.requestsPerMinute ?? 100
    // A burst of a quarter of the limit, of which background reads never take the last 20 (ten charges of two
    // requests back to back); the bucket then refills at the rest, so the server's 60 s window is never exceeded.
    const burst = Math.max(1, Math.floor(perMinute / 4))
    this.budget =
      config.budget ?? createRequestBudget({ perMinute, burst, cashierReserve: Math.floor(burst * 0.8) })
    this.capabilities = {
      push: false,
      simulate: false,
      // The invoice on screen as often as one budget slot allows (0.6 s at 100 a minute; the tracker's focus pace
      // of 1 s applies); the others are planned within what the bucket refills a minute.
      minPollIntervalMs: Math.ceil(60_000 / perMinute),
      requestsPerMinute: Math.max(2, perMinute - burst)
    }
    this.client = new BtpayClient({
      ...config,
      budget: this.budget,
      checkoutBudget: createRequestBudget({ perMinute: 30 })
    })
    this.invoices = new Invoices(this.client)
    this.paymentLinks = new PaymentLinks(this.client)
    this.webhooks = new Webhooks(this.client)
    this.graceSeconds = config.graceSeconds ?? 600
    this.cache = new InvoiceCache(this.invoices, {
      baseUrl: this.client.baseUrl,
      deadlineMs: (config.quoteDeadlineSeconds ?? 1800) * 1000,
      now: this.now
    })
    this.webhookSecret = config.webhookSecret || undefined
    this.webhookRegistrar = btpayWebhookRegistrar(this.webhooks, (secret) => {
      this.webhookSecret = secret ?? undefined
    })
    this.ports = {
      invoiceList: btpayInvoiceList(this.invoices, this.cache),
      paymentRequests: btpayPaymentRequests(this),
      webhooks: this.webhookRegistrar,
      health: btpayHealth(this)
    }
  }

  /** `GET /api/v1/rates`; 401 → `processor-auth` "key not accepted"; 503 → `processor-unavailable`. */
  async verifyConnection(options: CallOptions = {}): Promise<BtpayConnectionInfo> {
    const rates = await this.getRates([], options)
    return {
      account: new URL(this.client.baseUrl).host,
      // BTPay stores key permissions but never enforces them.
      permissions: [],
      missing: [],
      version: null,
      defaultCurrency: null,
      rates
    }
  }

  /**
   * Create and finalize an invoice for a sale (`POST /api/v1/invoices`, then `POST …/finalize`). Idempotent per
   * `orderId`: an open BTPay invoice of the sale (found in the list by the `notes` marker) is returned, a draft
   * one finalized. Checks that BTPay's total equals `amount`, else cancels the draft.
   * @throws ProcessorError `processor-invalid-request` (bad amount, total mismatch, "No active wallet configured")
   */
  async createInvoice(request: BtpayCreateInvoiceRequest, options: CallOptions = {}): Promise<Invoice> {
    try {
      parseAmount(request.amount, request.currency)
    } catch (error) {
      if (!(error instanceof AmountError)) throw error
      throw new ProcessorError('processor-invalid-request', error.message)
    }
    const payable = await this.invoices.createOnce(request, options)
    const invoice = await this.cache.remember(payable, options, request.orderId, true)
    // The deadline BTPay counts down comes from its public page, limited to 30 reads a minute: read it after the
    // answer, not before (it used to cost up to 2 s per charge).
    void this.cache.refineDeadline(payable.invoice_number).catch((error: unknown) => {
      this.log.warn(
        { err: error, invoice: payable.invoice_number },
        'reading the BTPay quote deadline failed'
      )
    })
    return invoice
  }

  /** The sale's newest BTPay invoice (`GET /api/v1/invoices` pages, then the invoice with payments), or null. */
  async findInvoiceByOrderId(orderId: string, options: CallOptions = {}): Promise<Invoice | null> {
    const found = await this.invoices.findByOrderId(orderId, options)
    if (!found) return null
    const details = await this.invoices.retrieve(found.invoice_number, { includePayments: true }, options)
    return this.cache.remember(details, options, orderId)
  }

  /**
   * `GET /api/v1/invoices/<n>/status`, plus `GET /api/v1/invoices/<n>?include_payments=true` when the status or the
   * amount paid changed since the last read. @throws ProcessorError `processor-not-found`
   */
  async getInvoice(invoiceId: string, options: CallOptions = {}): Promise<Invoice> {
    const status = await this.invoices.status(invoiceId, options)
    const entry = this.cache.get(status.invoice_number)
    if (
      !entry ||
      entry.details.status !== status.status ||
      entry.details.amount_paid !== status.amount_paid
    ) {
      const details = await this.invoices.retrieve(status.invoice_number, { includePayments: true }, options)
      await this.cache.remember(details, options)
    }
    return this.cache.current(status.invoice_number, status)
  }

  /**
   * `DELETE /api/v1/invoices/<n>` (draft and pending only), then the invoice read back.
   * @throws ProcessorError `processor-invalid-request` naming the state when BTPay refuses (money arrived).
   */
  async cancelInvoice(invoiceId: string, options: CallOptions = {}): Promise<Invoice> {
    try {
      await this.invoices.cancel(invoiceId, options)
    } catch (error) {
      if (!(error instanceof ProcessorError) || error.code !== 'processor-invalid-request') throw error
      const state = /status: (\w+)/.exec(error.message)?.[1] ?? 'no longer open'
      throw new ProcessorError(
        'processor-invalid-request',
        `BTPay cannot cancel invoice ${invoiceId}: it is ${state === 'paid' || state === 'confirmed' || state === 'partial' ? `already ${state} (money arrived)` : state}; only unpaid invoices can be cancelled`,
        { status: error.status, cause: error }
      )
    }
    return this.getInvoice(invoiceId, options)
  }

  /** `GET /api/v1/rates`: BTC in each of `currencies` (every rate when empty). */
  async getRates(currencies: string[], options: CallOptions = {}): Promise<Rate[]> {
    const answer = await this.client.send(BtpayRatesSchema, { method: 'GET', path: 'api/v1/rates' }, options)
    const wanted = new Set(currencies.map((code) => code.toUpperCase()))
    return answer.rates
      .filter((rate) => wanted.size === 0 || wanted.has(rate.currency.toUpperCase()))
      .map((rate) => ({ base: 'BTC', quote: rate.currency, rate: rate.rate, source: 'BTPay' }))
  }

  /** `X-BTPay-Signature` over the raw body. @throws ProcessorError `processor-auth` */
  verifyWebhook(rawBody: Uint8Array, headers: Record<string, string | undefined>): WebhookEvent {
    return verifyBtpayWebhook(rawBody, headers, this.webhookSecret)
  }

  /** `isPastGrace(invoice, now, this.graceSeconds)`. */
  isPastGrace(invoice: Invoice, now: number = this.now()): boolean {
    return isPastGrace(invoice, now, this.graceSeconds)
  }

  /** Past the quote deadline plus the grace, still unpaid: the tracker cancels it. */
  shouldAbandon(invoice: Invoice, now: number): boolean {
    return isPastGrace(invoice, now, this.graceSeconds)
  }
}

/** Create the BTPay connector (no network until a call). */
export function createBtpayProcessor(config: BtpayConfig): BtpayProcessor {
  return new BtpayProcessor(config)
}
