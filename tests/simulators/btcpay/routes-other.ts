/** Payment request, webhook, app and rate routes. */
import Big from 'big.js'
import { invoiceBody, webhookBody } from './bodies'
import {
  apiError,
  asObject,
  decimalOf,
  empty,
  ok,
  validation,
  type Ctx,
  type Reply,
  type Route
} from './router'
import { newId, now, SimApiError, type SimDeliveryRecord, type SimWebhook } from './state'

const P = 'btcpay.store.'
const STORE = '/api/v1/stores/:storeId'

function paymentRequestBody(ctx: Ctx, id: string): Record<string, unknown> | null {
  const pr = ctx.state.paymentRequests.get(id)
  if (!pr) return null
  // `archived` is sent by BTCPay (`FromModel`) though the spec's PaymentRequestData does not declare it.
  return {
    ...pr.body,
    id: pr.id,
    storeId: ctx.state.store.id,
    status: ctx.state.paymentRequestStatus(pr.id),
    createdTime: pr.createdTime,
    archived: pr.archived
  }
}

/** `POST …/payment-requests/{id}/pay`: an invoice for what is still due (`InvoiceData`). */
function payPaymentRequest(ctx: Ctx): Reply {
  if (!ctx.state.paymentRequests.has(ctx.params.id ?? ''))
    return apiError(404, 'payment-request-not-found', 'The payment request was not found')
  try {
    return ok(invoiceBody(ctx.state, ctx.state.payPaymentRequest(ctx.params.id ?? ''), ctx.root))
  } catch (error) {
    if (error instanceof SimApiError) return apiError(400, error.code, error.message)
    throw error
  }
}

function createPaymentRequest(ctx: Ctx): Reply {
  const body = asObject(ctx.body)
  const errors: { path: string; message: string }[] = []
  const amount = decimalOf(body.amount)
  if (amount === null || new Big(amount).lte('0'))
    errors.push({ path: 'amount', message: 'Please provide an amount greater than 0' })
  if (typeof body.title !== 'string' || !body.title.trim())
    errors.push({ path: 'title', message: 'Title is required' })
  if (body.email !== undefined && body.email !== null && !/^[^@\s]+@[^@\s]+$/.test(String(body.email))) {
    errors.push({ path: 'email', message: 'Email is invalid' })
  }
  if (errors.length) return validation(...errors)
  const id = newId()
  const stored: Record<string, unknown> = {
    amount,
    title: body.title,
    currency: typeof body.currency === 'string' ? body.currency : ctx.state.store.defaultCurrency,
    email: body.email ?? null,
    description: body.description ?? null,
    expiryDate: body.expiryDate ?? null,
    referenceId: body.referenceId ?? null,
    allowCustomPaymentAmounts: body.allowCustomPaymentAmounts ?? false,
    formId: null,
    formResponse: null
  }
  ctx.state.paymentRequests.set(id, {
    id,
    createdTime: now(),
    archived: false,
    status: 'Pending',
    body: stored
  })
  return ok(paymentRequestBody(ctx, id))
}

function createWebhook(ctx: Ctx): Reply {
  const body = asObject(ctx.body)
  let valid = false
  try {
    valid = ['http:', 'https:'].includes(new URL(String(body.url)).protocol)
  } catch {
    valid = false
  }
  if (!valid) return validation({ path: 'url', message: 'Invalid Url' })
  const events = asObject(body.authorizedEvents)
  const webhook: SimWebhook = {
    id: newId(),
    url: String(body.url),
    secret: typeof body.secret === 'string' && body.secret ? body.secret : newId(20),
    enabled: body.enabled !== false,
    automaticRedelivery: body.automaticRedelivery !== false,
    everything: events.everything !== false,
    specificEvents: Array.isArray(events.specificEvents) ? events.specificEvents.map(String) : []
  }
  ctx.state.webhooks.set(webhook.id, webhook)
  return ok(webhookBody(webhook, true))
}

function withWebhook(ctx: Ctx, fn: (w: SimWebhook) => Reply): Reply {
  const webhook = ctx.state.webhooks.get(ctx.params.webhookId ?? '')
  return webhook ? fn(webhook) : apiError(404, 'webhook-not-found', 'The webhook was not found')
}

/** `WebhookDeliveryData`: BTCPay's record of one attempt. */
function deliveryBody(delivery: SimDeliveryRecord): Record<string, unknown> {
  return {
    id: delivery.deliveryId,
    timestamp: delivery.timestamp,
    deliveryTime: delivery.deliveryTime,
    httpCode: delivery.status,
    errorMessage: delivery.errorMessage,
    status: delivery.outcome ?? 'Failed'
  }
}

function withDelivery(ctx: Ctx, fn: (d: SimDeliveryRecord) => Reply): Reply {
  return withWebhook(ctx, (w) => {
    const delivery = ctx.state.deliveries.find(
      (d) => d.webhookId === w.id && d.deliveryId === ctx.params.deliveryId
    )
    return delivery
      ? fn(delivery)
      : apiError(404, 'webhookdelivery-not-found', 'The webhook delivery was not found')
  })
}

/** `?count=` newest first (BTCPay's default and cap are 50). */
function listDeliveries(ctx: Ctx): Reply {
  return withWebhook(ctx, (w) => {
    const count = Math.min(Math.max(Number.parseInt(ctx.query.get('count') ?? '50', 10) || 50, 0), 50)
    const mine = ctx.state.deliveries.filter((d) => d.webhookId === w.id).reverse()
    return ok(mine.slice(0, count).map(deliveryBody))
  })
}

function posApp(ctx: Ctx): Reply {
  const app = ctx.state.apps.find((a) => a.id === ctx.params.appId && a.appType === 'PointOfSale')
  if (!app) return apiError(404, 'app-not-found', 'The app was not found')
  return ok({
    id: app.id,
    appName: app.appName,
    storeId: ctx.state.store.id,
    created: app.created,
    appType: app.appType,
    archived: app.archived ?? false,
    title: app.appName,
    description: 'Coffee bar',
    defaultView: 'Cart',
    showItems: true,
    showCustomAmount: true,
    showDiscount: false,
    showSearch: true,
    showCategories: true,
    enableTips: true,
    currency: app.currency === undefined ? ctx.state.store.defaultCurrency : app.currency,
    fixedAmountPayButtonText: 'Buy for {0}',
    customAmountPayButtonText: 'Pay',
    tipText: 'Do you want to leave a tip?',
    customTipPercentages: [15, 18, 20],
    notificationUrl: null,
    redirectUrl: null,
    redirectAutomatically: null,
    htmlLang: 'en',
    htmlMetaTags: null,
    formId: null,
    items: app.items
  })
}

function rates(ctx: Ctx): Reply {
  const pairs = ctx.query.getAll('currencyPair')
  const out: Record<string, unknown>[] = []
  for (const pair of pairs) {
    const [base, quote] = pair.split('_')
    const rate = quote ? ctx.state.rates[quote] : undefined
    if (base !== 'BTC' || !rate)
      return validation({ path: 'currencyPair', message: `Invalid currency pair '${pair}'` })
    out.push({ currencyPair: pair, errors: [], rate })
  }
  return ok(out)
}

export const otherRoutes: Route[] = [
  {
    method: 'POST',
    pattern: `${STORE}/payment-requests`,
    auth: { policy: `${P}canmodifypaymentrequests` },
    handler: createPaymentRequest
  },
  {
    method: 'GET',
    pattern: `${STORE}/payment-requests`,
    auth: { policy: `${P}canviewpaymentrequests` },
    handler: (ctx) => {
      const all = ctx.query.get('includeArchived') === 'true'
      return ok(
        [...ctx.state.paymentRequests.values()]
          .filter((p) => all || !p.archived)
          .map((p) => paymentRequestBody(ctx, p.id))
      )
    }
  },
  {
    method: 'GET',
    pattern: `${STORE}/payment-requests/:id`,
    auth: { policy: `${P}canviewpaymentrequests` },
    handler: (ctx) => {
      const body = paymentRequestBody(ctx, ctx.params.id ?? '')
      return body ? ok(body) : apiError(404, 'payment-request-not-found', 'The payment request was not found')
    }
  },
  {
    method: 'DELETE',
    pattern: `${STORE}/payment-requests/:id`,
    auth: { policy: `${P}canmodifypaymentrequests` },
    handler: (ctx) => {
      // BTCPay looks the request up among the live ones: archiving twice answers 404.
      const pr = ctx.state.paymentRequests.get(ctx.params.id ?? '')
      if (!pr || pr.archived)
        return apiError(404, 'payment-request-not-found', 'The payment request was not found')
      pr.archived = true
      return empty()
    }
  },
  {
    method: 'POST',
    pattern: `${STORE}/payment-requests/:id/pay`,
    auth: { policy: `${P}canviewpaymentrequests` },
    handler: payPaymentRequest
  },
  {
    method: 'POST',
    pattern: `${STORE}/webhooks`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: createWebhook
  },
  {
    method: 'GET',
    pattern: `${STORE}/webhooks`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: (ctx) =>
      ok([...ctx.state.webhooks.values()].map((w) => webhookBody(w, ctx.state.listWebhookSecrets)))
  },
  {
    method: 'GET',
    pattern: `${STORE}/webhooks/:webhookId`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: (ctx) => withWebhook(ctx, (w) => ok(webhookBody(w, false)))
  },
  {
    method: 'DELETE',
    pattern: `${STORE}/webhooks/:webhookId`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: (ctx) => withWebhook(ctx, (w) => (ctx.state.webhooks.delete(w.id), empty()))
  },
  {
    method: 'GET',
    pattern: `${STORE}/webhooks/:webhookId/deliveries`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: listDeliveries
  },
  {
    method: 'GET',
    pattern: `${STORE}/webhooks/:webhookId/deliveries/:deliveryId`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: (ctx) => withDelivery(ctx, (d) => ok(deliveryBody(d)))
  },
  {
    method: 'GET',
    pattern: `${STORE}/webhooks/:webhookId/deliveries/:deliveryId/request`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: (ctx) => withDelivery(ctx, (d) => ok(JSON.parse(d.body)))
  },
  {
    method: 'POST',
    pattern: `${STORE}/webhooks/:webhookId/deliveries/:deliveryId/redeliver`,
    auth: { policy: `${P}webhooks.canmodifywebhooks` },
    handler: (ctx) => withDelivery(ctx, (d) => ok(ctx.state.redeliver(d.deliveryId)))
  },
  {
    method: 'GET',
    pattern: `${STORE}/apps`,
    auth: { policy: `${P}canmodifystoresettings` },
    handler: (ctx) =>
      ok(
        ctx.state.apps.map((a) => ({
          id: a.id,
          appName: a.appName,
          storeId: ctx.state.store.id,
          created: a.created,
          appType: a.appType,
          archived: a.archived ?? false
        }))
      )
  },
  { method: 'GET', pattern: '/api/v1/apps/pos/:appId', auth: 'auth', handler: posApp },
  { method: 'GET', pattern: `${STORE}/rates`, auth: { policy: `${P}canviewstoresettings` }, handler: rates }
]
