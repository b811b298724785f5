/**
 * The built-in Demo processor: a regtest-like store that needs no account. `createDemoProcessor(config)` returns a
 * `PaymentProcessor` over its own SQLite books, with the resources `invoices` and `refunds`.
 */
import { demoHealth } from './health'
import { randomBytes } from 'node:crypto'
import type { Invoice, PaymentMethodId } from '@shared/invoice'
import type { SimulateKind } from '@shared/contract'
import { openDatabase, type Db } from '../../ledger/database'
import type { ProcessorPorts } from '../ports'
import type {
  ConnectionInfo,
  CreateInvoiceRequest,
  InvoicePage,
  PaymentProcessor,
  ProcessorCapabilities,
  Rate,
  Refund,
  RefundRequest,
  WebhookEvent
} from '../types'
import { demoInvoiceList } from './invoice-list'
import { Invoices } from './invoices'
import { demoPaymentRequests } from './payment-requests'
import { demoPullPayments, Refunds } from './pull-payments'
import { DEMO_RATE_LABEL, demoRate } from './rates'
import { DEMO_MIGRATIONS, DemoStore, type DemoInvoiceCart } from './store'
import { signDemoWebhook, verifyDemoWebhook } from './webhooks'

/** Settings of the Demo processor. Times in milliseconds. */
export interface DemoConfig {
  /** SQLite file of the Demo's own books (`:memory:` for a throw-away one). */
  path: string
  now?: () => number
  /** Time from a simulated on-chain payment to its confirmation (regtest block). Default 500 ms. */
  confirmDelayMs?: number
  /** Quote lifetime when the request gives none. Default 15 minutes. */
  defaultExpiryMs?: number
  /** Secret for the Demo's webhook signatures (`Kassa-Demo-Sig: sha256=<hex>`). */
  webhookSecret?: string
}

/**
 * The Demo: regtest addresses (`bcrt1…`), a fixed labelled rate, a Lightning-shaped invoice string, and a Simulate
 * payment control. It keeps its own SQLite file so its invoices outlive a restart, like a remote server's would. It
 * pushes changes (`subscribe`).
 */
export class DemoProcessor implements PaymentProcessor {
  readonly id = 'demo' as const
  readonly label = 'Demo (no account)'
  readonly capabilities: ProcessorCapabilities = { push: true, simulate: true, minPollIntervalMs: 250 }
  readonly invoices: Invoices
  readonly refunds: Refunds
  /**
   * Refunds as pull payments with BTCPay's variants, its invoice list, and payable links as new Demo invoices.
   */
  readonly ports: ProcessorPorts
  private readonly db: Db
  private readonly store: DemoStore
  private readonly now: () => number
  private readonly webhookSecret: string

  constructor(config: DemoConfig) {
    this.db = openDatabase(config.path, DEMO_MIGRATIONS)
    this.store = new DemoStore(this.db)
    this.now = config.now ?? Date.now
    this.webhookSecret = config.webhookSecret ?? randomBytes(32).toString('hex')
    this.invoices = new Invoices(this.store, {
      now: this.now,
      confirmDelayMs: config.confirmDelayMs ?? 500,
      defaultExpiryMs: config.defaultExpiryMs ?? 15 * 60_000
    })
    this.refunds = new Refunds(this.store, this.invoices, this.now)
    this.ports = {
      pullPayments: demoPullPayments(this.refunds),
      invoiceList: demoInvoiceList(this.store, this.now),
      paymentRequests: demoPaymentRequests(this),
      health: demoHealth()
    }
  }

  async verifyConnection(): Promise<ConnectionInfo> {
    return {
      account: 'Demo store (regtest)',
      permissions: ['unrestricted'],
      missing: [],
      version: 'demo',
      defaultCurrency: 'USD'
    }
  }

  /** Idempotent per `orderId`: a second call returns the first invoice. @throws ProcessorError for a currency without a Demo rate. */
  async createInvoice(request: CreateInvoiceRequest): Promise<Invoice> {
    return this.invoices.create(request)
  }

  /** What an invoice was for (its lines and cart), as the Demo's books keep it; null when unknown. */
  invoiceCart(invoiceId: string): DemoInvoiceCart | null {
    return this.store.cartOf(invoiceId)
  }

  async findInvoiceByOrderId(orderId: string): Promise<Invoice | null> {
    return this.invoices.findByOrderId(orderId)
  }

  /** @throws ProcessorError `processor-not-found`. */
  async getInvoice(invoiceId: string): Promise<Invoice> {
    return this.invoices.get(invoiceId)
  }

  /** Its invoices created in [from, to), oldest first (`ports.invoiceList`). */
  listInvoices(query: {
    from: string
    to: string
    cursor?: string | null
    limit?: number
  }): Promise<InvoicePage> {
    return this.ports.invoiceList!.list(query)
  }

  /** Marks an unpaid invoice invalid. @throws ProcessorError when payment arrived in full (in time or late). */
  async cancelInvoice(invoiceId: string): Promise<Invoice> {
    return this.invoices.cancel(invoiceId)
  }

  /**
   * Refund with BTCPay's variants, as a pull payment whose claim link points at the reserved `.invalid` domain.
   * @throws ProcessorError when the invoice is not refundable or the variant does not apply.
   */
  async refund(request: RefundRequest): Promise<Refund> {
    return this.refunds.create(request)
  }

  /** The refund made for `request.refundId`, or null. */
  async findRefund(request: RefundRequest): Promise<Refund | null> {
    return this.refunds.find(request)
  }

  async getRates(currencies: string[]): Promise<Rate[]> {
    return currencies.flatMap((quote) => {
      const rate = demoRate(quote)
      return rate ? [{ base: 'BTC', quote, rate, source: DEMO_RATE_LABEL }] : []
    })
  }

  /** Verifies `Kassa-Demo-Sig: sha256=<hex>` (HMAC-SHA256 over the raw body). @throws ProcessorError `processor-auth`. */
  verifyWebhook(rawBody: Uint8Array, headers: Record<string, string | undefined>): WebhookEvent {
    return verifyDemoWebhook(rawBody, headers, this.webhookSecret)
  }

  /** Sign a body as the Demo would (for tests of webhook handling). */
  signWebhook(rawBody: Uint8Array): string {
    return signDemoWebhook(rawBody, this.webhookSecret)
  }

  subscribe(invoiceId: string, listener: () => void): () => void {
    return this.invoices.subscribe(invoiceId, listener)
  }

  /** Simulate the customer's payment (see `Invoices.simulate`), paid by `method` (default on-chain). @throws ProcessorError `processor-invalid-request` */
  async simulate(invoiceId: string, kind: SimulateKind, method?: PaymentMethodId): Promise<Invoice> {
    return this.invoices.simulate(invoiceId, kind, method)
  }

  async close(): Promise<void> {
    this.invoices.close()
    this.db.close()
  }
}

/** Create the Demo processor over its books at `config.path` (opened, and migrated, now). */
export function createDemoProcessor(config: DemoConfig): DemoProcessor {
  return new DemoProcessor(config)
}
