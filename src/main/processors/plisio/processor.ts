/**
 * The Plisio connector (https://api.plisio.net/api/v1): every call a GET with `api_key` in the query, answers in a
 * `{status, data}` envelope. `createPlisioProcessor(config)` returns a `PaymentProcessor` that also exposes the
 * resources (`invoices`, `operations`, `withdrawals`, `account`) and Plisio's own operations.
 */
import { plisioHealth } from './health'
import type { Invoice, PaymentMethodId } from '@shared/invoice'
import { ProcessorError } from '../errors'
import type { ProcessorPorts } from '../ports'
import type {
  CallOptions,
  ConnectionInfo,
  CreateInvoiceRequest,
  PaymentProcessor,
  ProcessorCapabilities,
  Rate,
  WebhookEvent
} from '../types'
import { plisioDescription, plisioOrderName } from './cart-text'
import { Account, plisioAccount, type PlisioBalance, type PlisioCoin, type PlisioShop } from './account'
import { PlisioClient, type PlisioClientConfig } from './client'
import { plisioInsight } from './insight'
import { plisioInvoiceList } from './invoice-list'
import { Invoices, type PlisioInvoiceParams } from './invoices'
import { PLISIO_CHECKOUT_BASE, invoiceFromOperation } from './normalize'
import {
  Operations,
  type OperationListFilters,
  type OperationPage,
  type PayoutPlan,
  type PlisioCommission,
  type PlisioFee,
  type PlisioFeePlan
} from './operations'
import { plisioPayOptions } from './pay-options'
import { plisioPaymentRequests } from './payment-requests'
import { callbackEvent, verifyCallback } from './webhooks'
import {
  plisioWithdrawals,
  Withdrawals,
  type Withdrawal,
  type WithdrawalEstimate,
  type WithdrawRequest
} from './withdrawals'

/**
 * Settings of the Plisio connector: the key, the API root, the shared HTTP settings (`HttpSettings`), and how
 * invoices are made. Times in milliseconds.
 */
export interface PlisioConfig extends PlisioClientConfig {
  /** Where Plisio POSTs status callbacks (a relay; a desktop till usually has none). */
  callbackUrl?: string
  /** Prefix of the hosted invoice page for invoices read back (default `https://plisio.net/invoice/`). */
  checkoutBaseUrl?: string
  /** How long `GET /currencies/{fiat}` answers are reused for pre-checks and rates (default 60 000). */
  coinsCacheMs?: number
  /** Invoice lifetime when the request has no `expirySeconds`, in minutes (default 30). */
  defaultExpireMin?: number
}

/** Kassa's payment-method ids → Plisio coins: `BTC-CHAIN` is `BTC`; Plisio has no Lightning. */
export function psysCidsFor(methods: readonly PaymentMethodId[] | undefined): string[] | undefined {
  if (!methods || methods.length === 0) return undefined
  const cids = methods.filter((m) => m !== 'BTC-LN').map((m) => (m === 'BTC-CHAIN' ? 'BTC' : m))
  if (cids.length === 0)
    throw new ProcessorError(
      'processor-invalid-request',
      'Plisio does not take Lightning payments: choose on-chain'
    )
  return [...new Set(cids)]
}

/**
 * The Plisio connector: Kassa's `PaymentProcessor` plus Plisio's resources and operations. Refunds are withdrawals
 * (`ports.withdrawals`), push is off (poll `getInvoice`), and callbacks are verified with the same Secret key.
 */
export class PlisioProcessor implements PaymentProcessor {
  readonly id = 'plisio' as const
  readonly label = 'Plisio'
  readonly capabilities: ProcessorCapabilities = {
    push: false,
    simulate: false,
    // No published limit; the reference advises at most one read per invoice every 5–10 s. Kassa keeps its
    // background reads within 2 a second of its own accord, so a backlog after an outage is caught up at that pace.
    minPollIntervalMs: 5_000,
    requestsPerMinute: 120
  }
  readonly client: PlisioClient
  readonly invoices: Invoices
  readonly operations: Operations
  readonly withdrawals: Withdrawals
  readonly account: Account
  /**
   * Withdrawals, coins at charge time, the account's books, its invoice list, payable links and health; read-only
   * insight for agents.
   */
  readonly ports: ProcessorPorts
  private readonly checkoutBase: string

  constructor(private readonly config: PlisioConfig) {
    this.client = new PlisioClient(config)
    this.checkoutBase = config.checkoutBaseUrl ?? PLISIO_CHECKOUT_BASE
    this.account = new Account(this.client, config.coinsCacheMs ?? 60_000)
    this.operations = new Operations(this.client)
    this.withdrawals = new Withdrawals(this.client, this.operations)
    this.invoices = new Invoices(this.client, this.operations, this.account, this.checkoutBase)
    const accountPort = plisioAccount(this.account, this.operations)
    this.ports = {
      withdrawals: plisioWithdrawals(this.withdrawals, this.operations, this.account),
      payOptions: plisioPayOptions(this.account),
      account: accountPort,
      invoiceList: plisioInvoiceList(this.operations, this.checkoutBase),
      paymentRequests: plisioPaymentRequests(this.invoices, {
        checkoutBase: this.checkoutBase,
        expireMin: config.defaultExpireMin,
        callbackUrl: config.callbackUrl
      }),
      health: plisioHealth(this.account),
      insight: plisioInsight(
        { account: this.account, accountPort, operations: this.operations },
        config.apiKey
      )
    }
  }

  /**
   * `GET /shops` (name, white label), then `GET /balances/BTC` once to learn whether this computer's IP is under
   * Request IP (without it refunds, tracking and the day close are listed as missing).
   * @throws ProcessorError `processor-auth` for a wrong key, `processor-connection` when Plisio cannot be reached.
   */
  async verifyConnection(options?: CallOptions): Promise<ConnectionInfo> {
    const shop = await this.account.shop(options)
    const permissions = ['api_key', shop.whiteLabel ? 'white_label' : 'hosted_invoice']
    const missing: ConnectionInfo['missing'] = []
    try {
      await this.account.balance('BTC', { ...options, maxRetries: 0 })
      permissions.push('Request IP')
    } catch (error) {
      if (error instanceof ProcessorError && error.code === 'processor-permission') {
        for (const feature of ['refunds', 'tracking', 'day-close'])
          missing.push({ feature, permission: 'Request IP' })
      }
    }
    return { account: shop.name, permissions, missing, version: null, defaultCurrency: null }
  }

  /**
   * `GET /invoices/new` for the sale (`order_number` = its id, `return_existing=1`: idempotent per sale), after the
   * coin pre-checks. Lifetime `ceil(expirySeconds / 60)` minutes, else `defaultExpireMin`. A cart goes as
   * `order_name` (`Table 4: 3 items`) and `description` (lines, discount, tax, tip, total: `cart-text.ts`).
   */
  createInvoice(request: CreateInvoiceRequest, options?: CallOptions): Promise<Invoice> {
    const expireMin =
      request.expirySeconds !== undefined
        ? Math.max(1, Math.ceil(request.expirySeconds / 60))
        : (this.config.defaultExpireMin ?? 30)
    return this.invoices.create(
      {
        orderNumber: request.orderId,
        orderName: request.cart
          ? plisioOrderName(request.description, request.cart)
          : request.description.trim() || `Sale ${request.orderId}`,
        sourceCurrency: request.currency,
        sourceAmount: request.amount,
        psysCids: psysCidsFor(request.paymentMethods),
        expireMin,
        description: request.cart
          ? plisioDescription(request.cart, request.currency)
          : request.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ') || undefined,
        callbackUrl: this.config.callbackUrl,
        // Pre-fills the hosted page's e-mail field (Plisio has no field for a name).
        ...(request.customer?.email && { email: request.customer.email })
      },
      options
    )
  }

  /** `GET /operations?type=invoice&search=<order>`: the live invoice of the sale, or null. */
  findInvoiceByOrderId(orderId: string, options?: CallOptions): Promise<Invoice | null> {
    return this.invoices.findByOrderNumber(orderId, options)
  }

  /** `GET /operations/{txn_id}`, a replaced invoice followed to the live one. @throws `processor-not-found` */
  getInvoice(invoiceId: string, options?: CallOptions): Promise<Invoice> {
    return this.invoices.retrieve(invoiceId, options)
  }

  /** Plisio cannot cancel an invoice. @throws ProcessorError `processor-invalid-request` always. */
  async cancelInvoice(_invoiceId: string, _options?: CallOptions): Promise<Invoice> {
    throw new ProcessorError(
      'processor-invalid-request',
      'Plisio cannot cancel an invoice through its API: it expires by itself at the end of its lifetime'
    )
  }

  /** BTC's `fiat_rate` in each currency from the (cached) `GET /currencies/{fiat}`; a currency without one is left out. */
  async getRates(currencies: string[], options?: CallOptions): Promise<Rate[]> {
    const rates: Rate[] = []
    for (const fiat of currencies) {
      const btc = (await this.account.cachedCurrencies(fiat, options)).find((c) => c.psysCid === 'BTC')
      if (btc?.fiatRate)
        rates.push({ base: 'BTC', quote: fiat.toUpperCase(), rate: btc.fiatRate, source: 'Plisio' })
    }
    return rates
  }

  /** Verify a status callback's `verify_hash` with the Secret key. @throws ProcessorError `processor-auth` */
  verifyWebhook(rawBody: Uint8Array, headers: Record<string, string | undefined>): WebhookEvent {
    return callbackEvent(verifyCallback(rawBody, headers, this.config.apiKey))
  }

  /** `GET /shops`: name, white-label flag, commission payer. */
  getShop(options?: CallOptions): Promise<PlisioShop> {
    return this.account.shop(options)
  }

  /**
   * `GET /currencies/{fiat}`: coins with `min_sum_in`, maintenance, enabled flag and rate, read now; the answer also
   * refreshes the cache the invoice pre-checks use.
   */
  listCurrencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]> {
    return this.account.currencies(fiat, options)
  }

  /** The same list, reused for `coinsCacheMs` (what the invoice pre-checks see). */
  cachedCurrencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]> {
    return this.account.cachedCurrencies(fiat, options)
  }

  /** `GET /invoices/new` with Plisio's own parameters (see `PlisioInvoiceParams`). */
  createPlisioInvoice(params: PlisioInvoiceParams, options?: CallOptions): Promise<Invoice> {
    return this.invoices.create(params, options)
  }

  /** `GET /operations/{id}`: the raw operation, normalized as an invoice. */
  async getOperation(id: string, options?: CallOptions): Promise<Invoice> {
    return invoiceFromOperation(await this.operations.retrieve(id, options), this.checkoutBase)
  }

  /** `GET /operations` with filters and paging (raw operations). */
  listOperations(filters?: OperationListFilters, options?: CallOptions): Promise<OperationPage> {
    return this.operations.list(filters, options)
  }

  /** `GET /balances/{psys_cid}`. Needs Request IP. */
  getBalance(psysCid: string, options?: CallOptions): Promise<PlisioBalance> {
    return this.account.balance(psysCid, options)
  }

  /** `GET /operations/fee/{psys_cid}`: network fee of a payout. Needs Request IP. */
  estimateFee(psysCid: string, plan: PayoutPlan, options?: CallOptions): Promise<PlisioFee> {
    return this.operations.fee(psysCid, plan, options)
  }

  /** `GET /operations/commission/{psys_cid}`: Plisio's commission of a payout. Needs Request IP. */
  getCommission(psysCid: string, plan: PayoutPlan, options?: CallOptions): Promise<PlisioCommission> {
    return this.operations.commission(psysCid, plan, options)
  }

  /** `GET /operations/fee-plan/{psys_cid}`. Needs Request IP. */
  getFeePlans(psysCid: string, options?: CallOptions): Promise<PlisioFeePlan[]> {
    return this.operations.feePlans(psysCid, options)
  }

  /** Fee + commission of a withdrawal before making it. */
  estimateWithdrawal(request: WithdrawRequest, options?: CallOptions): Promise<WithdrawalEstimate> {
    return this.withdrawals.estimate(request, options)
  }

  /** `GET /operations/withdraw`: pay out from the balance (Kassa's refund by withdrawal). Never retried. */
  withdraw(request: WithdrawRequest, options?: CallOptions): Promise<Withdrawal> {
    return this.withdrawals.create(request, options)
  }
}

/** Create the Plisio connector (no network until a call). */
export function createPlisioProcessor(config: PlisioConfig): PlisioProcessor {
  return new PlisioProcessor(config)
}
