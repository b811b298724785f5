import { EventEmitter } from 'node:events'
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Invoice } from '@shared/invoice'
import type { SimulateKind } from '@shared/contract'
import { AmountError, fiatToSats, formatMinor, parseAmount, percentOf, satsToFiat } from '@shared/money'
import { isFiatCurrency } from '@shared/currency'
import { openDatabase, type Db } from '../../ledger/database'
import { ProcessorError } from '../errors'
import type { ProcessorPorts } from '../ports'
import type {
  ConnectionInfo,
  CreateInvoiceRequest,
  InvoicePage,
  PaymentProcessor,
  Rate,
  Refund,
  RefundRequest,
  RefundVariant,
  WebhookEvent
} from '../types'
import { DEMO_RATE_LABEL, demoRate } from './rates'
import { demoAddress } from './destinations'
import { DEMO_MIGRATIONS, DemoStore, type DemoRefundRow } from './store'
import { nextDemoChange, toDemoInvoice, demoStatus } from './invoice-view'
import { demoPaymentRequests } from './payment-request-port'

/** Options of the Demo processor. Times in milliseconds. */
export interface DemoOptions {
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
 * The built-in Demo processor: a regtest-like store that needs no account. Regtest addresses (`bcrt1…`), a fixed
 * labelled rate, a Lightning-shaped invoice string, and a Simulate payment control. It keeps its own SQLite file
 * so its invoices outlive a restart, like a remote server's would. It pushes changes (`subscribe`).
 */
export class DemoProcessor implements PaymentProcessor {
  readonly id = 'demo' as const
  readonly label = 'Demo (no account)'
  readonly capabilities = { push: true, simulate: true, minPollIntervalMs: 250 } as const
  /**
   * Refunds as pull payments with BTCPay's variants (no preview figures of its own: Kassa prices them from the
   * invoice and the fixed rate; never claimed, so they wait for a claim until cancelled, which is Kassa's alone),
   * its invoice list, and payable links as new Demo invoices.
   */
  readonly ports: ProcessorPorts = {
    pullPayments: {
      previewFigures: async () => null,
      create: (request) => this.refund(request),
      find: (request) => this.findRefund(request),
      follow: async () => 'awaiting-claim',
      cancel: async () => undefined
    },
    invoiceList: { list: (query) => this.listInvoices(query) },
    paymentRequests: demoPaymentRequests(this)
  }
  private readonly db: Db
  private readonly store: DemoStore
  private readonly now: () => number
  private readonly confirmDelayMs: number
  private readonly defaultExpiryMs: number
  private readonly webhookSecret: string
  private readonly events = new EventEmitter()
  private readonly timers = new Set<NodeJS.Timeout>()

  constructor(options: DemoOptions) {
    this.db = openDatabase(options.path, DEMO_MIGRATIONS)
    this.store = new DemoStore(this.db)
    this.now = options.now ?? Date.now
    this.confirmDelayMs = options.confirmDelayMs ?? 500
    this.defaultExpiryMs = options.defaultExpiryMs ?? 15 * 60_000
    this.webhookSecret = options.webhookSecret ?? randomBytes(32).toString('hex')
    this.events.setMaxListeners(0)
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
    const existing = this.store.byOrderId(request.orderId)
    if (existing) return this.view(existing.id)
    const rate = demoRate(request.currency)
    if (!rate) {
      throw new ProcessorError('processor-invalid-request', `The Demo has no rate for ${request.currency}`, {
        fields: [{ field: 'currency', message: 'no demo rate' }]
      })
    }
    const amountMinor = parseAmount(request.amount, request.currency)
    const now = this.now()
    const id = 'demo_' + randomUUID().replace(/-/g, '').slice(0, 20)
    this.store.insertInvoice({
      id,
      orderId: request.orderId,
      currency: request.currency,
      amountMinor,
      rate,
      totalSats: fiatToSats(amountMinor, request.currency, rate, 'up'),
      address: demoAddress(),
      seed: randomBytes(16).toString('hex'),
      description: request.description,
      createdAt: now,
      expiresAt: now + (request.expirySeconds ? request.expirySeconds * 1000 : this.defaultExpiryMs),
      forced: null
    })
    this.scheduleChange(id)
    return this.view(id)
  }

  async findInvoiceByOrderId(orderId: string): Promise<Invoice | null> {
    const row = this.store.byOrderId(orderId)
    return row ? this.view(row.id) : null
  }

  /** @throws ProcessorError `processor-not-found`. */
  async getInvoice(invoiceId: string): Promise<Invoice> {
    return this.view(invoiceId)
  }

  async listInvoices(query: {
    from: string
    to: string
    cursor?: string | null
    limit?: number
  }): Promise<InvoicePage> {
    const limit = query.limit ?? 100
    const offset = query.cursor ? Number.parseInt(query.cursor, 10) : 0
    const rows = this.store.list(Date.parse(query.from), Date.parse(query.to), offset, limit)
    return {
      items: rows.map((row) => toDemoInvoice(row, this.store.payments(row.id), this.now())),
      nextCursor: rows.length === limit ? String(offset + limit) : null
    }
  }

  /** Marks an unpaid invoice invalid. @throws ProcessorError when payment arrived in full (in time or late). */
  async cancelInvoice(invoiceId: string): Promise<Invoice> {
    const invoice = this.view(invoiceId)
    const paidLate = invoice.additionalStatus === 'PaidLate'
    if ((invoice.status !== 'New' && invoice.status !== 'Expired') || paidLate) {
      throw new ProcessorError(
        'processor-invalid-request',
        'This invoice has been paid and cannot be cancelled'
      )
    }
    this.store.setForced(invoiceId, 'invalid')
    this.emit(invoiceId)
    return this.view(invoiceId)
  }

  /**
   * Refund with BTCPay's variants, as a pull payment whose claim link points at the reserved `.invalid` domain.
   * @throws ProcessorError when the invoice is not refundable or the variant does not apply.
   */
  async refund(request: RefundRequest): Promise<Refund> {
    const made = this.store.refundByKey(request.refundId)
    if (made) return toDemoRefund(made)
    const row = this.requireRow(request.invoiceId)
    const payments = this.store.payments(row.id)
    const { status, additionalStatus } = demoStatus(row, payments, this.now())
    const paidSats = payments.reduce((sum, p) => sum + p.sats, 0n)
    const refundable = status === 'Settled' || status === 'Invalid' || (status === 'Expired' && paidSats > 0n)
    if (!refundable || paidSats === 0n) {
      throw new ProcessorError('processor-invalid-request', 'Only a paid invoice can be refunded')
    }
    // BTCPay's `RefundInvoice` arithmetic: the fiat paid is the BTC paid at the invoice's rate, half-even.
    const fiatPaid = satsToFiat(paidSats, row.currency, row.rate, 'half-even')
    let minor: bigint
    let currency: string
    switch (request.variant) {
      case 'RateThen':
        minor = paidSats
        currency = 'BTC'
        break
      case 'CurrentRate':
        minor = fiatToSats(fiatPaid, row.currency, demoRate(row.currency) ?? row.rate, 'half-even')
        currency = 'BTC'
        break
      case 'Fiat':
        minor = fiatPaid
        currency = row.currency
        break
      case 'OverpaidAmount':
        if (additionalStatus !== 'PaidOver')
          throw new ProcessorError('processor-invalid-request', 'Invoice is not overpaid')
        minor = paidSats - row.totalSats
        currency = 'BTC'
        break
      case 'Custom':
        if (!request.customAmount || !request.customCurrency) {
          throw new ProcessorError(
            'processor-invalid-request',
            'A custom refund needs an amount and a currency'
          )
        }
        currency = request.customCurrency.toUpperCase()
        if (!isFiatCurrency(currency) && currency !== 'BTC') {
          throw new ProcessorError('processor-invalid-request', `Unknown refund currency ${currency}`)
        }
        minor = customMinor(request.customAmount, currency)
        break
    }
    // What is kept back is rounded up, so the refund is rounded down to the currency's unit.
    if (request.subtractPercentage) minor -= percentOf(minor, request.subtractPercentage, 'up')
    const amount = formatMinor(minor, currency)
    const refund = {
      id: 'demopp_' + randomUUID().replace(/-/g, '').slice(0, 16),
      invoiceId: row.id,
      variant: request.variant,
      amount,
      currency,
      createdAt: this.now(),
      refundKey: request.refundId
    }
    this.store.insertRefund(refund)
    return toDemoRefund(refund)
  }

  /** The refund made for `request.refundId`, or null. */
  async findRefund(request: RefundRequest): Promise<Refund | null> {
    const made = this.store.refundByKey(request.refundId)
    return made ? toDemoRefund(made) : null
  }

  async getRates(currencies: string[]): Promise<Rate[]> {
    return currencies.flatMap((quote) => {
      const rate = demoRate(quote)
      return rate ? [{ base: 'BTC', quote, rate, source: DEMO_RATE_LABEL }] : []
    })
  }

  /** Verifies `Kassa-Demo-Sig: sha256=<hex>` (HMAC-SHA256 over the raw body). @throws ProcessorError `processor-auth`. */
  verifyWebhook(rawBody: Uint8Array, headers: Record<string, string | undefined>): WebhookEvent {
    const header = headers['kassa-demo-sig'] ?? ''
    const expected = 'sha256=' + createHmac('sha256', this.webhookSecret).update(rawBody).digest('hex')
    const a = Buffer.from(header)
    const b = Buffer.from(expected)
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      throw new ProcessorError('processor-auth', 'Webhook signature does not match: delivery ignored')
    }
    const payload = JSON.parse(Buffer.from(rawBody).toString('utf8')) as { invoiceId?: string; type?: string }
    return { invoiceId: payload.invoiceId ?? null, type: payload.type ?? 'unknown', payload }
  }

  /** Sign a body as the Demo would (for tests of webhook handling). */
  signWebhook(rawBody: Uint8Array): string {
    return 'sha256=' + createHmac('sha256', this.webhookSecret).update(rawBody).digest('hex')
  }

  subscribe(invoiceId: string, listener: () => void): () => void {
    this.events.on(invoiceId, listener)
    return () => this.events.off(invoiceId, listener)
  }

  /**
   * Simulate the customer: `full` pays what is due on-chain (confirms after `confirmDelayMs`), `partial` half of
   * what is due, `over` what is due plus 10 % of the total, `expire` ends the quote now, `late` ends the quote
   * (if still open) and then pays what is due: `Expired` + `PaidLate`, as BTCPay reports a payment after expiry.
   * @throws ProcessorError `processor-invalid-request` when the invoice no longer takes payments (`late`: when it
   * is not New or Expired, or already paid in full).
   */
  async simulate(invoiceId: string, kind: SimulateKind): Promise<Invoice> {
    const row = this.requireRow(invoiceId)
    const payments = this.store.payments(invoiceId)
    const now = this.now()
    const { status, additionalStatus } = demoStatus(row, payments, now)
    const payable =
      status === 'New' || (kind === 'late' && status === 'Expired' && additionalStatus !== 'PaidLate')
    if (!payable) {
      throw new ProcessorError(
        'processor-invalid-request',
        `The invoice is ${status}: it takes no more payments`
      )
    }
    if (kind === 'expire') {
      this.store.setForced(invoiceId, 'expired')
    } else {
      if (kind === 'late') this.store.expireAt(invoiceId, now)
      const due = row.totalSats - payments.reduce((sum, p) => sum + p.sats, 0n)
      const sats =
        kind === 'full' || kind === 'late'
          ? due
          : kind === 'partial'
            ? due / 2n > 0n
              ? due / 2n
              : 1n
            : due + row.totalSats / 10n
      this.store.insertPayment({
        id: randomBytes(32).toString('hex'),
        invoiceId,
        method: 'BTC-CHAIN',
        sats,
        receivedAt: now,
        confirmAt: now + this.confirmDelayMs
      })
      this.scheduleChange(invoiceId)
    }
    this.emit(invoiceId)
    return this.view(invoiceId)
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.events.removeAllListeners()
    this.db.close()
  }

  private requireRow(invoiceId: string) {
    const row = this.store.byId(invoiceId)
    if (!row)
      throw new ProcessorError('processor-not-found', `Invoice ${invoiceId} not found`, { status: 404 })
    return row
  }

  private view(invoiceId: string): Invoice {
    const row = this.requireRow(invoiceId)
    return toDemoInvoice(row, this.store.payments(invoiceId), this.now())
  }

  private emit(invoiceId: string): void {
    this.events.emit(invoiceId)
  }

  /** Push a change when a confirmation lands or the quote expires, as a server's websocket would. */
  private scheduleChange(invoiceId: string): void {
    const row = this.requireRow(invoiceId)
    const at = nextDemoChange(row, this.store.payments(invoiceId), this.now())
    if (at === null) return
    const timer = setTimeout(
      () => {
        this.timers.delete(timer)
        this.emit(invoiceId)
      },
      Math.max(0, at - this.now()) + 5
    )
    timer.unref()
    this.timers.add(timer)
  }
}

/**
 * A custom refund amount in minor units of `currency`, exactly as given.
 * @throws ProcessorError `processor-invalid-request` naming `customAmount` when it is not a positive amount of it.
 */
function customMinor(amount: string, currency: string): bigint {
  try {
    return parseAmount(amount, currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    throw new ProcessorError('processor-invalid-request', `customAmount: ${error.message}`, {
      fields: [{ field: 'customAmount', message: error.message }]
    })
  }
}

/** A Demo refund row as Kassa's `Refund`, with a claim link on the reserved `.invalid` domain. */
function toDemoRefund(row: DemoRefundRow): Refund {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    variant: row.variant as RefundVariant,
    amount: row.amount,
    currency: row.currency,
    claimLink: `https://demo.kassa.invalid/pull-payments/${row.id}`,
    createdAt: new Date(row.createdAt).toISOString()
  }
}
