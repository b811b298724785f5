/**
 * The BTCPay Server connector (Greenfield API), stripe-node style: resources with verb methods on one client.
 * `createBtcpayProcessor(config)` returns a `PaymentProcessor` that also exposes the resources
 * (`invoices`, `refunds`, `payouts`, `paymentRequests`, `webhooks`, `apps`, `rates`, `users`, `stores`,
 * `apiKeys`, `server`). Every call uses the store-nested routes so any BTCPay 2.x server works.
 */
import type { Invoice } from '@shared/invoice'
import { ProcessorError } from '../errors'
import type { ProcessorPorts } from '../ports'
import type {
  CallOptions,
  ConnectionInfo,
  CreateInvoiceRequest,
  InvoicePage,
  PaymentProcessor,
  ProcessorCapabilities,
  Rate,
  Refund,
  RefundRequest,
  WebhookEvent,
  WebhookRegistrar
} from '../types'
import { Apps, btcpayCatalog } from './catalog'
import { BtcpayClient, type BtcpayClientConfig } from './client'
import { btcpayHealth } from './health'
import { btcpayInsight } from './insight'
import { btcpayInvoiceList } from './invoice-list'
import { Invoices } from './invoices'
import { ApiKeys, Rates, Server, Stores, Users } from './misc'
import { toInvoice } from './normalize'
import { btcpayPaymentRequests, PaymentRequests } from './payment-requests'
import { missingFeatures } from './permissions'
import { btcpayPullPayments, Payouts, Refunds, toRefund } from './pull-payments'
import type { ServerInfoData, StoreData } from './schemas'
import { subscribeStatus, type WebSocketConstructor } from './subscribe'
import { btcpayWebhookRegistrar, verifyWebhookDelivery, Webhooks } from './webhooks'

/**
 * Settings of the BTCPay connector: the server, store and key, the shared HTTP settings (`HttpSettings`: timeouts,
 * retries, backoff, log; creates are never retried), and the push and webhook extras. Times in milliseconds.
 */
export interface BtcpayConfig extends BtcpayClientConfig {
  /** Secret of the webhook Kassa registered (from the keychain); `verifyWebhook` refuses every delivery without. */
  webhookSecret?: string
  /** `ws`'s WebSocket class, injectable for tests. */
  WebSocket?: WebSocketConstructor
  /** Websocket reconnect backoff (defaults 1 000 … 30 000). */
  reconnect?: { minBackoffMs?: number; maxBackoffMs?: number }
}

/** `ConnectionInfo` plus what BTCPay tells about the server and the store. */
export interface BtcpayConnectionInfo extends ConnectionInfo {
  server: { version: string; fullySynched: boolean; syncStatus: ServerInfoData['syncStatus'] } | null
  /** null when the key cannot read store settings (canviewstoresettings). */
  store: { id: string; name: string; defaultCurrency: string; invoiceExpirationSeconds: number } | null
}

/** The BTCPay connector: `PaymentProcessor` plus Greenfield resources. */
export class BtcpayProcessor implements PaymentProcessor {
  readonly id = 'btcpay' as const
  readonly label = 'BTCPay Server'
  readonly capabilities: ProcessorCapabilities = {
    push: true,
    simulate: false,
    minPollIntervalMs: 1_000,
    // No published limit; 600 a minute keeps even 500 open invoices gentle on a small server.
    requestsPerMinute: 600
  }
  readonly client: BtcpayClient
  readonly invoices: Invoices
  readonly refunds: Refunds
  readonly payouts: Payouts
  readonly paymentRequests: PaymentRequests
  readonly webhooks: Webhooks
  readonly apps: Apps
  readonly rates: Rates
  readonly users: Users
  readonly stores: Stores
  readonly apiKeys: ApiKeys
  readonly server: Server
  /** Registers the store's webhook for the till (`src/main/webhooks/`). */
  readonly webhookRegistrar: WebhookRegistrar
  /**
   * Pull-payment refunds, the store's invoice list, payment requests, the PoS catalog, webhook registration and
   * health for the domain code; read-only insight for agents.
   */
  readonly ports: ProcessorPorts
  private readonly subscriptions = new Set<() => void>()
  private webhookSecret: string | null

  constructor(private readonly config: BtcpayConfig) {
    this.client = new BtcpayClient(config)
    this.invoices = new Invoices(this.client)
    this.refunds = new Refunds(this.client)
    this.payouts = new Payouts(this.client)
    this.paymentRequests = new PaymentRequests(this.client)
    this.webhooks = new Webhooks(this.client)
    this.apps = new Apps(this.client)
    this.rates = new Rates(this.client)
    this.users = new Users(this.client)
    this.stores = new Stores(this.client)
    this.apiKeys = new ApiKeys(this.client)
    this.server = new Server(this.client)
    this.webhookSecret = config.webhookSecret || null
    this.webhookRegistrar = btcpayWebhookRegistrar(this.webhooks, (secret) => {
      this.webhookSecret = secret
    })
    this.ports = {
      pullPayments: btcpayPullPayments(this.refunds, this.payouts),
      invoiceList: btcpayInvoiceList(this.invoices),
      paymentRequests: btcpayPaymentRequests(this.paymentRequests, this.client.serverUrl),
      catalog: btcpayCatalog(this.apps, this.stores),
      webhooks: this.webhookRegistrar,
      health: btcpayHealth(this.client, this.server),
      insight: btcpayInsight(
        {
          server: this.server,
          stores: this.stores,
          paymentRequests: this.paymentRequests,
          webhooks: this.webhooks,
          apps: this.apps
        },
        { serverUrl: this.client.serverUrl, apiKey: config.apiKey }
      )
    }
  }

  /**
   * `GET /api/v1/api-keys/current` (permissions → `missing` features), `GET /api/v1/server/info`, and
   * `GET /api/v1/stores/{storeId}` when the key may read it.
   * @throws ProcessorError `processor-auth` for a bad key, `processor-connection` for a wrong URL.
   */
  async verifyConnection(options?: CallOptions): Promise<BtcpayConnectionInfo> {
    const key = await this.apiKeys.current(options)
    const [server, store] = await Promise.all([
      this.server.info(options).catch(tolerate),
      this.stores.retrieve(options).catch((error: unknown) => {
        if (error instanceof ProcessorError && error.code === 'processor-not-found') {
          throw new ProcessorError(
            'processor-not-found',
            `BTCPay Server has no store "${this.config.storeId}"`,
            {
              status: 404,
              cause: error
            }
          )
        }
        return tolerate(error)
      })
    ])
    return {
      account: store?.name ?? this.config.storeId,
      permissions: key.permissions,
      missing: missingFeatures(key.permissions, this.config.storeId),
      version: server?.version ?? null,
      defaultCurrency: store?.defaultCurrency ?? null,
      server: server
        ? { version: server.version, fullySynched: server.fullySynched, syncStatus: server.syncStatus }
        : null,
      store: store ? storeSummary(store) : null
    }
  }

  /** Create the sale's invoice once (look-up by order id before and after a failed POST); normalized. */
  async createInvoice(request: CreateInvoiceRequest, options?: CallOptions): Promise<Invoice> {
    const data = await this.invoices.createOnce(request, options)
    const methods = await this.invoices.paymentMethods(data.id, options)
    return toInvoice(data, methods)
  }

  /** `GET …/invoices?orderId=`; null if the sale has no invoice. */
  async findInvoiceByOrderId(orderId: string, options?: CallOptions): Promise<Invoice | null> {
    const data = await this.invoices.findByOrderId(orderId, options)
    if (!data) return null
    return toInvoice(data, await this.invoices.paymentMethods(data.id, options))
  }

  /** Invoice + payment methods (links, rates, payments). @throws ProcessorError `processor-not-found`. */
  getInvoice(invoiceId: string, options?: CallOptions): Promise<Invoice> {
    return this.invoices.get(invoiceId, options)
  }

  /** Invoices created in [from, to), newest first; cursor = skip offset. */
  listInvoices(
    query: { from: string; to: string; cursor?: string | null; limit?: number },
    options?: CallOptions
  ): Promise<InvoicePage> {
    return this.ports.invoiceList!.list(query, options)
  }

  /** Mark the invoice `Invalid`. @throws ProcessorError `processor-invalid-request` when it is paid or final. */
  async cancelInvoice(invoiceId: string, options?: CallOptions): Promise<Invoice> {
    await this.invoices.markStatus(invoiceId, 'Invalid', options)
    return this.invoices.get(invoiceId, options)
  }

  /** Refund through a pull payment named after Kassa's refund id; `claimLink` is its view link. */
  async refund(request: RefundRequest, options?: CallOptions): Promise<Refund> {
    return toRefund(request, await this.refunds.create(request, options))
  }

  /** The pull payment made for `refundId`, found by its name among the store's pull payments, or null. */
  async findRefund(request: RefundRequest, options?: CallOptions): Promise<Refund | null> {
    const pull = await this.refunds.find(request.refundId, options)
    return pull ? toRefund(request, pull) : null
  }

  /** Store rates of BTC in `currencies`. */
  getRates(currencies: string[], options?: CallOptions): Promise<Rate[]> {
    return this.rates.get(currencies, options)
  }

  /**
   * Verify `BTCPay-Sig` over the raw body with the configured webhook secret and parse the event.
   * @throws ProcessorError `processor-auth` (missing/wrong signature, or no secret configured).
   */
  verifyWebhook(rawBody: Uint8Array, headers: Record<string, string | undefined>): WebhookEvent {
    if (!this.webhookSecret) {
      throw new ProcessorError('processor-auth', 'No BTCPay webhook secret is configured')
    }
    return verifyWebhookDelivery(rawBody, headers, this.webhookSecret)
  }

  /** Listen to the checkout websocket of one invoice; returns the unsubscribe function. */
  subscribe(invoiceId: string, listener: () => void): () => void {
    const stop = subscribeStatus(this.config.serverUrl, invoiceId, listener, {
      ...this.config.reconnect,
      WebSocket: this.config.WebSocket
    })
    const unsubscribe = (): void => {
      this.subscriptions.delete(unsubscribe)
      stop()
    }
    this.subscriptions.add(unsubscribe)
    return unsubscribe
  }

  /** Close every websocket. */
  async close(): Promise<void> {
    for (const unsubscribe of [...this.subscriptions]) unsubscribe()
  }
}

/** Create the BTCPay connector (no network until a call). */
export function createBtcpayProcessor(config: BtcpayConfig): BtcpayProcessor {
  return new BtcpayProcessor(config)
}

function tolerate(error: unknown): null {
  // Server info and store settings are extras: a permission gap must not fail the connection check.
  if (
    error instanceof ProcessorError &&
    (error.code === 'processor-permission' || error.code === 'processor-not-found')
  ) {
    return null
  }
  throw error
}

function storeSummary(store: StoreData): NonNullable<BtcpayConnectionInfo['store']> {
  return {
    id: store.id,
    name: store.name,
    defaultCurrency: store.defaultCurrency,
    invoiceExpirationSeconds: store.invoiceExpiration
  }
}
