import type { Invoice, PaymentMethodId } from '@shared/invoice'
import { ProcessorError } from '../errors'
import type {
  CallOptions,
  ConnectionInfo,
  CreateInvoiceRequest,
  InvoicePage,
  PaymentProcessor,
  ProcessorCapabilities,
  Rate,
  WebhookEvent
} from '../types'
import { callbackEvent, verifyCallback } from './callbacks'
import { PlisioClient } from './client'
import type { PlisioClientConfig } from './client'
import { InvoicesResource } from './invoices'
import type { PlisioInvoiceParams } from './invoices'
import { PLISIO_CHECKOUT_BASE, invoiceFromOperation } from './normalize'
import { OperationsResource } from './operations'
import type {
  OperationListFilters,
  OperationPage,
  PayoutPlan,
  PlisioCommission,
  PlisioFee,
  PlisioFeePlan
} from './operations'
import { AccountResource } from './shop'
import type { PlisioBalance, PlisioCoin, PlisioShop } from './shop'
import { isDuplicateStatus } from './status'
import { WithdrawalsResource } from './withdrawals'
import { plisioWithdrawals } from './withdrawal-port'
import { plisioPayOptions } from './pay-options'
import { plisioAccount } from './account'
import { plisioPaymentRequests } from './payment-request-port'
import type { Withdrawal, WithdrawalEstimate, WithdrawRequest } from './withdrawals'

/** Settings of the Plisio connector. Times in milliseconds. */
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

/** The Plisio connector: Kassa's `PaymentProcessor` plus Plisio's own operations. */
export interface PlisioProcessor extends PaymentProcessor {
  readonly id: 'plisio'
  readonly invoices: InvoicesResource
  readonly operations: OperationsResource
  readonly withdrawals: WithdrawalsResource
  readonly account: AccountResource
  /** `GET /shops`: name, white-label flag, commission payer. */
  getShop(options?: CallOptions): Promise<PlisioShop>
  /**
   * `GET /currencies/{fiat}`: coins with `min_sum_in`, maintenance, enabled flag and rate, read now; the answer also
   * refreshes the cache the invoice pre-checks use.
   */
  listCurrencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]>
  /** The same list, reused for `coinsCacheMs` (what the invoice pre-checks see). */
  cachedCurrencies(fiat: string, options?: CallOptions): Promise<PlisioCoin[]>
  /** `GET /invoices/new` with Plisio's own parameters (see `PlisioInvoiceParams`). */
  createPlisioInvoice(params: PlisioInvoiceParams, options?: CallOptions): Promise<Invoice>
  /** `GET /operations/{id}`: the raw operation, normalized as an invoice. */
  getOperation(id: string, options?: CallOptions): Promise<Invoice>
  /** `GET /operations` with filters and paging (raw operations). */
  listOperations(filters?: OperationListFilters, options?: CallOptions): Promise<OperationPage>
  /** `GET /balances/{psys_cid}`. Needs Request IP. */
  getBalance(psysCid: string, options?: CallOptions): Promise<PlisioBalance>
  /** `GET /operations/fee/{psys_cid}`: network fee of a payout. Needs Request IP. */
  estimateFee(psysCid: string, plan: PayoutPlan, options?: CallOptions): Promise<PlisioFee>
  /** `GET /operations/commission/{psys_cid}`: Plisio's commission of a payout. Needs Request IP. */
  getCommission(psysCid: string, plan: PayoutPlan, options?: CallOptions): Promise<PlisioCommission>
  /** `GET /operations/fee-plan/{psys_cid}`. Needs Request IP. */
  getFeePlans(psysCid: string, options?: CallOptions): Promise<PlisioFeePlan[]>
  /** Fee + commission of a withdrawal before making it. */
  estimateWithdrawal(request: WithdrawRequest, options?: CallOptions): Promise<WithdrawalEstimate>
  /** `GET /operations/withdraw`: pay out from the balance (Kassa's refund by withdrawal). Never retried. */
  withdraw(request: WithdrawRequest, options?: CallOptions): Promise<Withdrawal>
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

const CURSOR = /^[1-9]\d*$/

/**
 * Create the Plisio connector. Every call is a `GET` to `baseUrl` (default `https://api.plisio.net/api/v1`) with
 * `api_key` in the query. Refunds are withdrawals (`withdraw`), push is off (poll `getInvoice`), and callbacks are
 * verified with the same Secret key.
 */
export function createPlisioProcessor(config: PlisioConfig): PlisioProcessor {
  const client = new PlisioClient(config)
  const account = new AccountResource(client)
  const operations = new OperationsResource(client)
  const withdrawals = new WithdrawalsResource(client, operations)
  const checkoutBase = config.checkoutBaseUrl ?? PLISIO_CHECKOUT_BASE
  const cacheMs = config.coinsCacheMs ?? 60_000
  const coinCache = new Map<string, { at: number; coins: Promise<PlisioCoin[]> }>()

  const freshCoins = (fiat: string, options?: CallOptions): Promise<PlisioCoin[]> => {
    const key = fiat.toUpperCase()
    const coins = account.currencies(key, options)
    coinCache.set(key, { at: Date.now(), coins })
    coins.catch(() => coinCache.delete(key))
    return coins
  }
  const cachedCoins = (fiat: string, options?: CallOptions): Promise<PlisioCoin[]> => {
    const hit = coinCache.get(fiat.toUpperCase())
    return hit && Date.now() - hit.at < cacheMs ? hit.coins : freshCoins(fiat, options)
  }
  const invoices = new InvoicesResource(client, operations, cachedCoins, checkoutBase)
  const capabilities: ProcessorCapabilities = {
    push: false,
    simulate: false,
    // No published limit; the reference advises at most one read per invoice every 5–10 s.
    minPollIntervalMs: 5_000
  }

  const listInvoices = async (
    query: { from: string; to: string; cursor?: string | null; limit?: number },
    options?: CallOptions
  ): Promise<InvoicePage> => {
    const cursor = query.cursor ?? '1'
    if (!CURSOR.test(cursor))
      throw new ProcessorError('processor-invalid-request', `"${cursor}" is not a Plisio page cursor`)
    const page = await operations.list(
      { type: 'invoice', page: Number(cursor), limit: query.limit ?? 50 },
      options
    )
    const from = Date.parse(query.from)
    const to = Date.parse(query.to)
    const items: Invoice[] = []
    let newestFirst = true
    let allBefore = page.items.length > 0
    let previous = Number.POSITIVE_INFINITY
    for (const op of page.items) {
      const invoice = invoiceFromOperation(op, checkoutBase)
      const at = Date.parse(invoice.createdAt)
      if (at > previous) newestFirst = false
      previous = at
      if (at >= from) allBefore = false
      // A replaced sibling is not a sale of its own: its active invoice is listed instead.
      if (at >= from && at < to && !isDuplicateStatus(op.status)) items.push(invoice)
    }
    // Plisio lists newest first: once a whole page is older than `from`, later pages are too.
    const done = page.nextPage === null || (newestFirst && allBefore)
    return { items, nextCursor: done ? null : String(page.nextPage) }
  }

  return {
    id: 'plisio',
    label: 'Plisio',
    capabilities,
    ports: {
      withdrawals: plisioWithdrawals(withdrawals, operations, account),
      payOptions: plisioPayOptions(freshCoins, cachedCoins),
      account: plisioAccount(account, operations, freshCoins),
      invoiceList: { list: listInvoices },
      paymentRequests: plisioPaymentRequests(invoices, {
        checkoutBase,
        expireMin: config.defaultExpireMin,
        callbackUrl: config.callbackUrl
      })
    },
    invoices,
    operations,
    withdrawals,
    account,

    async verifyConnection(options?: CallOptions): Promise<ConnectionInfo> {
      const shop = await account.shop(options)
      const permissions = ['api_key', shop.whiteLabel ? 'white_label' : 'hosted_invoice']
      const missing: ConnectionInfo['missing'] = []
      try {
        await account.balance('BTC', { ...options, maxRetries: 0 })
        permissions.push('Request IP')
      } catch (error) {
        if (error instanceof ProcessorError && error.code === 'processor-permission') {
          for (const feature of ['refunds', 'tracking', 'day-close'])
            missing.push({ feature, permission: 'Request IP' })
        }
      }
      return { account: shop.name, permissions, missing, version: null, defaultCurrency: null }
    },

    createInvoice(request: CreateInvoiceRequest, options?: CallOptions): Promise<Invoice> {
      const expireMin =
        request.expirySeconds !== undefined
          ? Math.max(1, Math.ceil(request.expirySeconds / 60))
          : (config.defaultExpireMin ?? 30)
      return invoices.create(
        {
          orderNumber: request.orderId,
          orderName: request.description.trim() || `Sale ${request.orderId}`,
          sourceCurrency: request.currency,
          sourceAmount: request.amount,
          psysCids: psysCidsFor(request.paymentMethods),
          expireMin,
          description: request.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ') || undefined,
          callbackUrl: config.callbackUrl
        },
        options
      )
    },

    findInvoiceByOrderId: (orderId, options) => invoices.findByOrderNumber(orderId, options),
    getInvoice: (invoiceId, options) => invoices.retrieve(invoiceId, options),

    async cancelInvoice(): Promise<Invoice> {
      throw new ProcessorError(
        'processor-invalid-request',
        'Plisio cannot cancel an invoice through its API: it expires by itself at the end of its lifetime'
      )
    },

    async getRates(currencies: string[], options?: CallOptions): Promise<Rate[]> {
      const rates: Rate[] = []
      for (const fiat of currencies) {
        const btc = (await cachedCoins(fiat, options)).find((c) => c.psysCid === 'BTC')
        if (btc?.fiatRate)
          rates.push({ base: 'BTC', quote: fiat.toUpperCase(), rate: btc.fiatRate, source: 'Plisio' })
      }
      return rates
    },

    verifyWebhook(rawBody: Uint8Array, headers: Record<string, string | undefined>): WebhookEvent {
      return callbackEvent(verifyCallback(rawBody, headers, config.apiKey))
    },

    getShop: (options) => account.shop(options),
    listCurrencies: freshCoins,
    cachedCurrencies: cachedCoins,
    createPlisioInvoice: (params, options) => invoices.create(params, options),
    getOperation: async (id, options) =>
      invoiceFromOperation(await operations.retrieve(id, options), checkoutBase),
    listOperations: (filters, options) => operations.list(filters, options),
    getBalance: (psysCid, options) => account.balance(psysCid, options),
    estimateFee: (psysCid, plan, options) => operations.fee(psysCid, plan, options),
    getCommission: (psysCid, plan, options) => operations.commission(psysCid, plan, options),
    getFeePlans: (psysCid, options) => operations.feePlans(psysCid, options),
    estimateWithdrawal: (request, options) => withdrawals.estimate(request, options),
    withdraw: (request, options) => withdrawals.create(request, options)
  }
}
