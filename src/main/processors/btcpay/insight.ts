/**
 * BTCPay's insight port: read-only views of the server and the store for agents (issue 16), over the connector's
 * Greenfield resources (store-nested routes, so any 2.x server answers), each answer parsed with zod and rebuilt from
 * the fields named here only.
 */
import Big from 'big.js'
import { ProcessorError } from '../errors'
import { insightPort } from '../insight'
import type { InsightPort, InsightValue } from '../ports'
import type { Apps } from './catalog'
import type { Server, Stores } from './misc'
import { isoFromUnix } from './normalize'
import { paymentRequestView, type PaymentRequests } from './payment-requests'
import type { AppData, PaymentRequestData, ServerInfoData, StoreData, WebhookData } from './schemas'
import type { Webhooks } from './webhooks'

/** The Greenfield resources the port reads. */
export interface BtcpayInsightSources {
  server: Server
  stores: Stores
  paymentRequests: PaymentRequests
  webhooks: Webhooks
  apps: Apps
}

/**
 * BTCPay Server as the insight port. Topics, their endpoint, the permission BTCPay's code asks (reference §4–9) and
 * the answer:
 * - `server-info`: `GET /api/v1/server/info` (any valid key) → `{version, onion, supportedPaymentMethods,
 *   fullySynched, syncStatus: [{paymentMethodId, available, chainHeight, syncHeight, verificationProgress}]}`.
 * - `store`: `GET /api/v1/stores/{storeId}` (canviewstoresettings) → `{id, name, website, defaultCurrency,
 *   invoiceExpiration, monitoringExpiration, displayExpirationTimer (seconds), refundBOLT11Expiration (days),
 *   speedPolicy, paymentTolerance (percent, decimal string), defaultPaymentMethod, defaultLang, networkFeeMode,
 *   anyoneCanCreateInvoice, lightningAmountInSatoshi, payJoinEnabled, archived}` (`storeView`; no secret there).
 * - `payment-requests`: `GET /api/v1/stores/{storeId}/payment-requests` (canviewpaymentrequests), with
 *   `includeArchived=true` only when `query.includeArchived` (a parameter BTCPay serves but its spec omits) →
 *   `{paymentRequests: [{id, title, amount (decimal string), currency, state (open|paid|expired|archived), status
 *   (BTCPay's), archived, referenceId, email, description, createdAt, expiresAt (ISO 8601), link}]}`.
 * - `webhooks`: `GET /api/v1/stores/{storeId}/webhooks` (webhooks.canmodifywebhooks) → `{webhooks: [{id, url,
 *   enabled, automaticRedelivery, authorizedEvents: {everything, specificEvents}}]}`: never the secret, even from a
 *   server that sends one, and a URL's user and password are dropped.
 * - `apps`: `GET /api/v1/stores/{storeId}/apps` (canmodifystoresettings, which is more than a read: a key without it
 *   gets `processor-permission` naming it) → `{apps: [{id, appName, appType, created (ISO 8601 or null), archived}]}`.
 * @throws ProcessorError as the connector's calls (`processor-permission` with `permission` on 403,
 *   `processor-bad-response` for an answer of another shape); `processor-invalid-request` for another topic.
 */
export function btcpayInsight(
  sources: BtcpayInsightSources,
  config: { serverUrl: string; apiKey: string; now?: () => number }
): InsightPort {
  const now = config.now ?? Date.now
  return insightPort('BTCPay Server', config.apiKey, {
    'server-info': async (_query, options) => serverInfoView(await sources.server.info(options)),
    store: async (_query, options) => storeView(await sources.stores.retrieve(options)),
    'payment-requests': async (query, options) => {
      const list = await sources.paymentRequests.list(
        query.includeArchived === true ? { includeArchived: true } : {},
        options
      )
      return { paymentRequests: list.map((pr) => paymentRequestInsight(pr, config.serverUrl, now())) }
    },
    webhooks: async (_query, options) => ({
      webhooks: (await sources.webhooks.list(options)).map(webhookView)
    }),
    apps: async (_query, options) => {
      try {
        return { apps: (await sources.apps.list(options)).map(appView) }
      } catch (error) {
        throw appsRefusal(error)
      }
    }
  })
}

/** Server info as an agent reads it: the sync state per payment method, without the node's raw details. */
export function serverInfoView(info: ServerInfoData): InsightValue {
  return {
    version: info.version,
    onion: info.onion || null,
    supportedPaymentMethods: info.supportedPaymentMethods ?? [],
    fullySynched: info.fullySynched,
    syncStatus: (info.syncStatus ?? []).map((status) => ({
      paymentMethodId: status.paymentMethodId ?? null,
      available: status.available ?? null,
      chainHeight: status.chainHeight ?? null,
      syncHeight: status.syncHeight ?? null,
      verificationProgress: status.nodeInformation?.verificationProgress ?? null
    }))
  }
}

/**
 * The store's settings an agent may read, under BTCPay's names: `invoiceExpiration`, `monitoringExpiration`,
 * `displayExpirationTimer` in seconds, `refundBOLT11Expiration` in days, `paymentTolerance` a percentage as a decimal
 * string (BTCPay sends a JSON number).
 */
export function storeView(store: StoreData): InsightValue {
  return {
    id: store.id,
    name: store.name,
    website: store.website ?? null,
    defaultCurrency: store.defaultCurrency,
    invoiceExpiration: store.invoiceExpiration,
    monitoringExpiration: store.monitoringExpiration ?? null,
    displayExpirationTimer: store.displayExpirationTimer ?? null,
    refundBOLT11Expiration: store.refundBOLT11Expiration ?? null,
    speedPolicy: store.speedPolicy ?? null,
    paymentTolerance: store.paymentTolerance === undefined ? null : new Big(store.paymentTolerance).toFixed(),
    defaultPaymentMethod: store.defaultPaymentMethod ?? null,
    defaultLang: store.defaultLang ?? null,
    networkFeeMode: store.networkFeeMode ?? null,
    anyoneCanCreateInvoice: store.anyoneCanCreateInvoice ?? null,
    lightningAmountInSatoshi: store.lightningAmountInSatoshi ?? null,
    payJoinEnabled: store.payJoinEnabled ?? null,
    archived: store.archived ?? false
  }
}

/** A payment request with Kassa's reading of its state (`paymentRequestView`) and its public page. */
export function paymentRequestInsight(pr: PaymentRequestData, serverUrl: string, now: number): InsightValue {
  const view = paymentRequestView(pr, serverUrl, now)
  return {
    id: pr.id,
    title: pr.title,
    amount: pr.amount,
    currency: pr.currency ?? null,
    state: view.status,
    status: pr.status,
    archived: pr.archived ?? false,
    referenceId: pr.referenceId ?? null,
    email: pr.email ?? null,
    description: pr.description ?? null,
    createdAt: isoFromUnix(pr.createdTime),
    expiresAt: view.expiresAt,
    link: view.link
  }
}

/** A webhook without its secret; the URL without user or password. */
export function webhookView(hook: WebhookData): InsightValue {
  return {
    id: hook.id,
    url: withoutCredentials(hook.url),
    enabled: hook.enabled,
    automaticRedelivery: hook.automaticRedelivery,
    authorizedEvents: {
      everything: hook.authorizedEvents.everything,
      specificEvents: hook.authorizedEvents.specificEvents ?? []
    }
  }
}

/** An app of the store (Point of Sale, Crowdfund, …). */
export function appView(app: AppData): InsightValue {
  return {
    id: app.id,
    appName: app.appName,
    appType: app.appType,
    created: app.created === undefined ? null : isoFromUnix(app.created),
    archived: app.archived ?? false
  }
}

/** BTCPay asks a permission that also allows changing the store just to list its apps: say so plainly. */
function appsRefusal(error: unknown): unknown {
  if (!(error instanceof ProcessorError) || error.code !== 'processor-permission') return error
  const permission = error.permission ?? APPS_PERMISSION
  return new ProcessorError(
    'processor-permission',
    `BTCPay Server lists a store's apps only for an API key with the permission "${permission}" (which also ` +
      'allows changing the store); this key lacks it.',
    { status: error.status, permission }
  )
}

const APPS_PERMISSION = 'btcpay.store.canmodifystoresettings'

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url)
    if (!parsed.username && !parsed.password) return url
    parsed.username = ''
    parsed.password = ''
    return parsed.toString()
  } catch {
    return url
  }
}
