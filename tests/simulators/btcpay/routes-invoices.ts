/** Invoice, refund, pull payment and payout routes (store-nested, as every BTCPay 2.x serves them). */
import Big from 'big.js'
import { invoiceBody, paymentMethodsBody, payoutBody, pullPaymentBody } from './bodies'
import { allows } from './auth'
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
import { newId, now, type SimInvoice, type SimPaymentMethodId, type SimPullPayment } from './state'

const P = 'btcpay.store.'
const INV = '/api/v1/stores/:storeId/invoices'
const METHODS: readonly string[] = ['BTC-CHAIN', 'BTC-LN']
const FIAT_OR_BTC = /^[A-Z]{3,4}$/

function find(ctx: Ctx): SimInvoice | Reply {
  const invoice = ctx.state.invoices.get(ctx.params.invoiceId ?? '')
  if (!invoice || invoice.storeId !== ctx.params.storeId) {
    return apiError(404, 'invoice-not-found', 'The invoice was not found')
  }
  return invoice
}

function isReply(value: SimInvoice | Reply): value is Reply {
  return 'status' in value && typeof value.status === 'number' && !('id' in value)
}

function createInvoice(ctx: Ctx): Reply {
  const body = asObject(ctx.body)
  const errors: { path: string; message: string }[] = []
  const amount = body.amount === undefined || body.amount === null ? null : decimalOf(body.amount)
  if (body.amount !== undefined && body.amount !== null && amount === null)
    errors.push({ path: 'amount', message: 'Invalid decimal' })
  if (amount !== null && new Big(amount).lt('0'))
    errors.push({ path: 'amount', message: 'Amount should be greater or equal to 0' })
  const currency = (
    typeof body.currency === 'string' && body.currency.trim()
      ? body.currency
      : ctx.state.store.defaultCurrency
  )
    .trim()
    .toUpperCase()
  if (!FIAT_OR_BTC.test(currency)) errors.push({ path: 'currency', message: 'Invalid currency' })
  const checkout = asObject(body.checkout)
  const minutes = checkout.expirationMinutes
  if (
    minutes !== undefined &&
    minutes !== null &&
    (typeof minutes !== 'number' || !Number.isInteger(minutes))
  ) {
    errors.push({ path: 'checkout.expirationMinutes', message: 'Invalid timespan, expected integer' })
  }
  const monitoring = checkout.monitoringMinutes
  if (
    monitoring !== undefined &&
    monitoring !== null &&
    (typeof monitoring !== 'number' || !Number.isInteger(monitoring) || monitoring < 0)
  ) {
    errors.push({ path: 'checkout.monitoringMinutes', message: 'Invalid timespan, expected integer' })
  }
  const methods = Array.isArray(checkout.paymentMethods) ? (checkout.paymentMethods as unknown[]) : []
  methods.forEach((m, i) => {
    if (typeof m !== 'string' || !METHODS.includes(m))
      errors.push({ path: `checkout.paymentMethods[${i}]`, message: 'Invalid PaymentMethodId' })
  })
  if (errors.length) return validation(...errors)
  const invoice = ctx.state.createInvoice({
    amount: new Big(amount ?? '0').toFixed(currency === 'BTC' ? 8 : 2),
    currency,
    metadata: asObject(body.metadata),
    expirationMinutes: typeof minutes === 'number' ? minutes : undefined,
    monitoringMinutes: typeof monitoring === 'number' ? monitoring : undefined,
    methods: methods as SimPaymentMethodId[]
  })
  return ok(invoiceBody(ctx.state, invoice, ctx.root))
}

function listInvoices(ctx: Ctx): Reply {
  const orderIds = ctx.query.getAll('orderId')
  const statuses = ctx.query.getAll('status').map((s) => s.toLowerCase())
  const start = ctx.query.get('startDate')
  const end = ctx.query.get('endDate')
  const skip = Number(ctx.query.get('skip') ?? '0')
  const take = ctx.query.get('take')
  const includeArchived = ctx.query.get('includeArchived') === 'true'
  const list = [...ctx.state.invoices.values()]
    .filter((i) => i.storeId === ctx.params.storeId)
    .filter((i) => includeArchived || !i.archived)
    .filter((i) => orderIds.length === 0 || orderIds.includes(String(i.metadata.orderId)))
    .filter((i) => statuses.length === 0 || statuses.includes(i.status.toLowerCase()))
    .filter((i) => start === null || i.createdTime >= Number(start))
    .filter((i) => end === null || i.createdTime <= Number(end))
    .reverse() // newest first, as BTCPay orders by creation time (ties: the later made first)
    .sort((a, b) => b.createdTime - a.createdTime)
  const page = list.slice(skip, take === null ? undefined : skip + Number(take))
  return ok(page.map((i) => invoiceBody(ctx.state, i, ctx.root)))
}

function markStatus(ctx: Ctx): Reply {
  const invoice = find(ctx)
  if (isReply(invoice)) return invoice
  const status = asObject(ctx.body).status
  if (status !== 'Invalid' && status !== 'Settled')
    return validation({ path: 'status', message: 'Status can only be marked to invalid or settled' })
  if (!ctx.state.mark(invoice.id, status)) {
    return validation({
      path: 'status',
      message: 'Status can only be marked to invalid or settled within certain conditions.'
    })
  }
  return ok(invoiceBody(ctx.state, invoice, ctx.root))
}

function refund(ctx: Ctx): Reply {
  const invoice = find(ctx)
  if (isReply(invoice)) return invoice
  const body = asObject(ctx.body)
  const variant = body.refundVariant
  if (typeof variant !== 'string')
    return validation({ path: 'refundVariant', message: '`refundVariant` is mandatory' })
  if (!['RateThen', 'CurrentRate', 'Fiat', 'OverpaidAmount', 'Custom'].includes(variant)) {
    return validation({ path: 'refundVariant', message: `Invalid refund variant ${variant}` })
  }
  if (!ctx.state.canRefund(invoice)) return apiError(400, 'non-refundable', 'Cannot refund this invoice')
  const payoutMethodId =
    typeof body.payoutMethodId === 'string' ? body.payoutMethodId : (invoice.methods[0] ?? 'BTC-CHAIN')
  if (!invoice.methods.includes(payoutMethodId as SimPaymentMethodId)) {
    return validation({
      path: 'payoutMethodId',
      message: 'Please select one of the payment methods which were available for the original invoice'
    })
  }
  const pct = body.subtractPercentage === undefined ? '0' : decimalOf(body.subtractPercentage)
  if (pct === null || new Big(pct).lt('0') || new Big(pct).gt('100')) {
    return validation({
      path: 'subtractPercentage',
      message: 'Percentage must be a numeric value between 0 and 100'
    })
  }
  const customAmount = body.customAmount
  if (variant !== 'Custom' && (customAmount !== undefined || body.customCurrency !== undefined)) {
    return validation({
      path: 'customAmount',
      message: 'customAmount is only allowed for the Custom refund variant'
    })
  }
  const paid = ctx.state.paid(invoice)
  let amount: Big
  let currency = 'BTC'
  let autoApprove = allows(ctx.permissions, `${P}cancreatepullpayments`, invoice.storeId)
  if (variant === 'RateThen') amount = paid
  else if (variant === 'CurrentRate') amount = amountNow(ctx, invoice)
  else if (variant === 'Fiat') {
    amount = new Big(ctx.state.paidFiat(invoice))
    currency = invoice.currency
    autoApprove = false
  } else if (variant === 'OverpaidAmount') {
    if (invoice.additionalStatus !== 'PaidOver')
      return validation({ path: 'refundVariant', message: 'Invoice is not overpaid' })
    amount = ctx.state.due(invoice).times('-1')
  } else {
    const custom = decimalOf(customAmount)
    if (custom === null || new Big(custom).lte('0'))
      return validation({ path: 'customAmount', message: 'Amount must be greater than 0' })
    const cur = typeof body.customCurrency === 'string' ? body.customCurrency.toUpperCase() : ''
    if (!FIAT_OR_BTC.test(cur)) return validation({ path: 'customCurrency', message: 'Invalid currency' })
    amount = new Big(custom)
    currency = cur
    autoApprove = autoApprove && cur === 'BTC'
  }
  const dp = currency === 'BTC' ? 8 : 2
  amount = amount.times(new Big('100').minus(pct)).div('100').round(dp, Big.roundDown)
  const pull: SimPullPayment = {
    id: newId(),
    name: typeof body.name === 'string' ? body.name : `Refund ${invoice.id}`,
    description: typeof body.description === 'string' ? body.description : '',
    currency,
    amount: amount.toFixed(dp),
    autoApproveClaims: autoApprove,
    startsAt: now(),
    invoiceId: invoice.id,
    payoutMethodId
  }
  ctx.state.pullPayments.set(pull.id, pull)
  ctx.state.events.emit('invoice', invoice.id, 'InvoiceRefund')
  return ok(pullPaymentBody(pull, ctx.root))
}

/**
 * `CurrentRate`'s BTC, as BTCPay's `RefundInvoice` works it out: the fiat value paid (BTC paid at the invoice's rate,
 * `Math.Round` half-even to the currency) at the current rate, half-even to the satoshi.
 */
function amountNow(ctx: Ctx, invoice: SimInvoice): Big {
  const current = ctx.state.rates[invoice.currency] ?? invoice.rate
  return new Big(ctx.state.paidFiat(invoice)).div(current).round(8, Big.roundHalfEven)
}

function refundPreview(ctx: Ctx): Reply {
  const invoice = find(ctx)
  if (isReply(invoice)) return invoice
  if (!invoice.methods.includes(ctx.params.paymentMethodId as SimPaymentMethodId)) {
    return apiError(400, 'invalid-payment-method', 'Invalid payment method')
  }
  if (!ctx.state.canRefund(invoice)) return apiError(400, 'non-refundable', 'Cannot refund this invoice')
  const paid = ctx.state.paid(invoice)
  const due = ctx.state.due(invoice)
  return ok({
    paymentAmountThen: paid.toFixed(8),
    paymentAmountNow: amountNow(ctx, invoice).toFixed(8),
    invoiceAmount: invoice.amount,
    overpaidPaymentAmount: due.lt('0') ? due.times('-1').toFixed(8) : null,
    paymentCurrency: 'BTC',
    paymentCurrencyDivisibility: 8,
    invoiceCurrencyDivisibility: 2,
    invoiceCurrency: invoice.currency
  })
}

function listPayouts(ctx: Ctx): Reply {
  if (!ctx.state.pullPayments.has(ctx.params.pullPaymentId ?? '')) {
    return apiError(404, 'pullpayment-not-found', 'Pull payment not found')
  }
  const includeCancelled = ctx.query.get('includeCancelled') === 'true'
  const list = [...ctx.state.payouts.values()].filter(
    (p) => p.pullPaymentId === ctx.params.pullPaymentId && (includeCancelled || p.state !== 'Cancelled')
  )
  return ok(list.map(payoutBody))
}

function cancelPayout(ctx: Ctx): Reply {
  const payout = ctx.state.payouts.get(ctx.params.payoutId ?? '')
  if (!payout) return apiError(404, 'payout-not-found', 'The payout is not found')
  if (payout.state === 'InProgress' || payout.state === 'Completed') {
    return apiError(400, 'invalid-state', `Payout is in state ${payout.state}`)
  }
  payout.state = 'Cancelled'
  payout.revision += 1
  return empty()
}

/** `GET /api/v1/stores/{storeId}/pull-payments?includeArchived=`: the store's pull payments, newest first. */
function listPullPayments(ctx: Ctx): Reply {
  const includeArchived = ctx.query.get('includeArchived') === 'true'
  const list = [...ctx.state.pullPayments.values()]
    .filter((pull) => includeArchived || !pull.archived)
    .reverse()
  return ok(list.map((pull) => pullPaymentBody(pull, ctx.root)))
}

/** `DELETE /api/v1/stores/{storeId}/pull-payments/{id}`: archive; its payouts awaiting approval are cancelled. */
function archivePullPayment(ctx: Ctx): Reply {
  const pull = ctx.state.pullPayments.get(ctx.params.pullPaymentId ?? '')
  if (!pull) return apiError(404, 'pullpayment-not-found', 'The pull payment is not found')
  pull.archived = true
  for (const payout of ctx.state.payouts.values()) {
    if (payout.pullPaymentId === pull.id && payout.state === 'AwaitingApproval') {
      payout.state = 'Cancelled'
      payout.revision += 1
    }
  }
  return empty()
}

export const invoiceRoutes: Route[] = [
  { method: 'POST', pattern: INV, auth: { policy: `${P}cancreateinvoice` }, handler: createInvoice },
  { method: 'GET', pattern: INV, auth: { policy: `${P}canviewinvoices` }, handler: listInvoices },
  {
    method: 'GET',
    pattern: `${INV}/:invoiceId`,
    auth: { policy: `${P}canviewinvoices` },
    handler: (ctx) => {
      const invoice = find(ctx)
      return isReply(invoice) ? invoice : ok(invoiceBody(ctx.state, invoice, ctx.root))
    }
  },
  {
    method: 'GET',
    pattern: `${INV}/:invoiceId/payment-methods`,
    auth: { policy: `${P}canviewinvoices` },
    handler: (ctx) => {
      const invoice = find(ctx)
      return isReply(invoice) ? invoice : ok(paymentMethodsBody(ctx.state, invoice))
    }
  },
  {
    method: 'POST',
    pattern: `${INV}/:invoiceId/status`,
    auth: { policy: `${P}canmodifyinvoices` },
    handler: markStatus
  },
  {
    method: 'POST',
    pattern: `${INV}/:invoiceId/refund`,
    auth: { policy: `${P}cancreatenonapprovedpullpayments` },
    handler: refund
  },
  {
    method: 'GET',
    pattern: `${INV}/:invoiceId/refund/:paymentMethodId`,
    auth: { policy: `${P}cancreatenonapprovedpullpayments` },
    handler: refundPreview
  },
  {
    method: 'GET',
    pattern: '/api/v1/pull-payments/:pullPaymentId/payouts',
    auth: 'anonymous',
    handler: listPayouts
  },
  {
    method: 'GET',
    pattern: '/api/v1/stores/:storeId/pull-payments',
    auth: { policy: `${P}canviewpullpayments` },
    handler: listPullPayments
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/stores/:storeId/pull-payments/:pullPaymentId',
    auth: { policy: `${P}canarchivepullpayments` },
    handler: archivePullPayment
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/stores/:storeId/payouts/:payoutId',
    auth: { policy: `${P}canmanagepayouts` },
    handler: cancelPayout
  }
]
