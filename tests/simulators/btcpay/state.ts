/**
 * The simulator's store: invoices with their payments, pull payments, payouts, payment requests, webhooks, API
 * keys, apps and users, plus the invoice lifecycle the control API drives. Amounts are decimal strings and
 * big.js (BTC with 8 decimals), like BTCPay's own JSON.
 */
import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import Big from 'big.js'
import { bech32 } from 'bech32'
import type {
  SimInvoice,
  SimPaymentMethodId,
  SimPayout,
  SimPullPayment,
  SimPaymentRequest,
  SimStore,
  SimUser,
  SimWebhook,
  SimDeliveryRecord
} from './models'

export type * from './models'

/** A payment scenario of the control API. */
export type PayKind = 'full' | 'partial' | 'over' | 'late'

const BTC_DP = 8
const FINAL = new Set(['Settled', 'Invalid', 'Expired'])

export function now(): number {
  return Math.floor(Date.now() / 1000)
}

export function newId(bytes = 11): string {
  // BTCPay ids are base58-ish; url-safe base64 without symbols is close enough.
  return randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x')
}

function regtestAddress(): string {
  return bech32.encode('bcrt', [0, ...bech32.toWords(randomBytes(20))])
}

function fakeBolt11(btc: string): string {
  const sats = new Big(btc).times('100000000').round(0, Big.roundUp)
  const words = bech32.toWords(randomBytes(40))
  // Not a real BOLT11 (no valid signature), but the right prefix, amount and charset.
  return bech32.encode(`lnbcrt${sats.times('10').toFixed(0)}n`, words, 1023)
}

/** The order id BTCPay gives the invoices of a payment request. */
export function paymentRequestOrderId(id: string): string {
  return `PAY_REQUEST_${id}`
}

/** A refusal BTCPay words as an API error `{code, message}` (400). */
export class SimApiError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** Everything the simulated server knows; `events` emits `invoice` (id, eventType) on every status change. */
export class SimState {
  readonly events = new EventEmitter()
  readonly store: SimStore
  /** Invoice currency per BTC for new invoices and for CurrentRate refunds. */
  rates: Record<string, string> = { USD: '65000', EUR: '60000', CHF: '57000', JPY: '9800000' }
  fullySynched = true
  /** Server info's `syncStatus[0].available` (`control.setNodeAvailable`). */
  nodeAvailable = true
  readonly apiKeys = new Map<string, { label: string; permissions: string[]; userId: string }>()
  readonly invoices = new Map<string, SimInvoice>()
  readonly pullPayments = new Map<string, SimPullPayment>()
  readonly payouts = new Map<string, SimPayout>()
  readonly paymentRequests = new Map<string, SimPaymentRequest>()
  readonly webhooks = new Map<string, SimWebhook>()
  /** Every webhook delivery attempt, oldest first (the sender appends). */
  readonly deliveries: SimDeliveryRecord[] = []
  /** Send a delivery again (set by the sender): the new delivery id, or null when there is no such delivery. */
  redeliver: (deliveryId: string) => string | null = () => null
  readonly users = new Map<string, SimUser>()
  readonly stores = new Map<string, SimStore>()
  /**
   * Webhooks listed with their secret (`control.listWebhookSecrets`): BTCPay sends it only in the create answer, but
   * a server that leaked it must not reach anything Kassa shows.
   */
  listWebhookSecrets = false
  /**
   * `currency`: the PoS app's own; absent = the store's default, null = none set (the app follows the store).
   * `archived`: hidden from BTCPay's app lists by default (`control.archiveApp`).
   */
  readonly apps: {
    id: string
    appName: string
    appType: string
    created: number
    items: unknown[]
    currency?: string | null
    archived?: boolean
  }[] = []

  constructor() {
    this.store = {
      id: newId(16),
      name: 'Kassa Test Shop',
      defaultCurrency: 'USD',
      invoiceExpiration: 900,
      website: null
    }
    this.stores.set(this.store.id, this.store)
    const admin: SimUser = {
      id: newId(16),
      email: 'owner@shop.test',
      name: 'Owner',
      imageUrl: null,
      created: now()
    }
    this.users.set(admin.id, admin)
  }

  get adminId(): string {
    return [...this.users.keys()][0] ?? ''
  }

  /** Create an invoice; `amount`, `currency` already validated. */
  createInvoice(input: {
    amount: string
    currency: string
    metadata: Record<string, unknown>
    expirationMinutes?: number
    /** Minutes after expiry BTCPay keeps watching the invoice for payments; default 1440 (the store's 24 h). */
    monitoringMinutes?: number
    methods?: SimPaymentMethodId[]
  }): SimInvoice {
    const rate = this.rates[input.currency] ?? '65000'
    const btcAmount =
      input.currency === 'BTC'
        ? new Big(input.amount).toFixed(BTC_DP)
        : new Big(input.amount).div(rate).round(BTC_DP, Big.roundUp).toFixed(BTC_DP)
    const minutes = input.expirationMinutes ?? Math.round(this.store.invoiceExpiration / 60)
    const created = now()
    const invoice: SimInvoice = {
      id: newId(),
      storeId: this.store.id,
      amount: input.amount,
      currency: input.currency,
      rate: input.currency === 'BTC' ? '1' : rate,
      btcAmount,
      createdTime: created,
      expirationTime: created + minutes * 60,
      monitoringExpiration: created + minutes * 60 + (input.monitoringMinutes ?? 1440) * 60,
      status: 'New',
      additionalStatus: 'None',
      archived: false,
      metadata: input.metadata,
      methods: input.methods?.length ? input.methods : ['BTC-CHAIN', 'BTC-LN'],
      address: regtestAddress(),
      bolt11: fakeBolt11(btcAmount),
      payments: [],
      expirationMinutes: minutes
    }
    this.invoices.set(invoice.id, invoice)
    this.changed(invoice, 'InvoiceCreated')
    return invoice
  }

  /** BTC paid (payments not Invalid). */
  paid(invoice: SimInvoice): Big {
    return invoice.payments
      .filter((p) => p.status !== 'Invalid')
      .reduce((sum, p) => sum.plus(p.value), new Big('0'))
  }

  /** BTC still due; negative when overpaid. */
  due(invoice: SimInvoice): Big {
    return new Big(invoice.btcAmount).minus(this.paid(invoice))
  }

  /** Fiat value paid, in invoice currency with 2 decimals. */
  paidFiat(invoice: SimInvoice): string {
    return this.paid(invoice).times(invoice.rate).round(2, Big.roundHalfEven).toFixed(2)
  }

  /** Lazily expire invoices whose timer ran out. */
  tick(): void {
    for (const invoice of this.invoices.values()) {
      if (invoice.status === 'New' && now() >= invoice.expirationTime) this.expire(invoice.id)
    }
  }

  /**
   * A customer pays: full, partial (half), over (+10 %), late (after expiry, full; expires a New invoice first).
   * As BTCPay's InvoiceWatcher: a late payment leaves the status `Expired` and sets `PaidLate`; after the
   * invoice's `monitoringExpiration` BTCPay no longer watches it, so a late payment is refused (never recorded).
   */
  pay(invoiceId: string, kind: PayKind, method: SimPaymentMethodId = 'BTC-CHAIN'): SimInvoice {
    const invoice = this.mustGet(invoiceId)
    if (kind === 'late' && invoice.status === 'New') this.expire(invoiceId)
    if (kind !== 'late' && FINAL.has(invoice.status))
      throw new Error(`invoice ${invoiceId} is ${invoice.status}`)
    if (kind === 'late' && invoice.status !== 'Expired')
      throw new Error(`invoice ${invoiceId} is ${invoice.status}, not Expired`)
    if (kind === 'late' && now() >= invoice.monitoringExpiration)
      throw new Error(`invoice ${invoiceId} is no longer monitored: the payment is not recorded`)
    const due = this.due(invoice)
    const value =
      kind === 'partial'
        ? due.div('2').round(BTC_DP, Big.roundDown)
        : kind === 'over'
          ? due.times('1.1').round(BTC_DP, Big.roundUp)
          : due
    const settledNow = method === 'BTC-LN'
    invoice.payments.push({
      id: method === 'BTC-LN' ? randomBytes(32).toString('hex') : `${randomBytes(32).toString('hex')}-0`,
      method,
      value: value.toFixed(BTC_DP),
      receivedDate: now(),
      status: settledNow ? 'Settled' : 'Processing'
    })
    this.changed(invoice, 'InvoiceReceivedPayment')
    if (kind === 'partial') {
      invoice.additionalStatus = 'PaidPartial'
    } else if (kind === 'late') {
      invoice.additionalStatus = 'PaidLate'
      this.changed(invoice, 'InvoicePaidAfterExpiration')
      return invoice
    } else {
      invoice.additionalStatus = kind === 'over' ? 'PaidOver' : 'None'
      invoice.status = settledNow ? 'Settled' : 'Processing'
      this.changed(invoice, settledNow ? 'InvoiceSettled' : 'InvoiceProcessing')
    }
    return invoice
  }

  /**
   * Confirm the payments (`Processing` → `Settled`) and, as BTCPay's InvoiceWatcher, move a `Processing` invoice
   * to `Settled`. An `Expired` invoice paid late stays `Expired` + `PaidLate`: only its payments confirm.
   */
  settle(invoiceId: string): SimInvoice {
    const invoice = this.mustGet(invoiceId)
    for (const payment of invoice.payments) if (payment.status === 'Processing') payment.status = 'Settled'
    if (invoice.status === 'Expired') {
      this.changed(invoice, 'InvoicePaymentSettled')
      return invoice
    }
    invoice.status = 'Settled'
    this.changed(invoice, 'InvoiceSettled')
    return invoice
  }

  /** The monitoring window ends now: BTCPay stops watching the invoice for payments. */
  endMonitoring(invoiceId: string): SimInvoice {
    const invoice = this.mustGet(invoiceId)
    invoice.monitoringExpiration = now()
    return invoice
  }

  expire(invoiceId: string): SimInvoice {
    const invoice = this.mustGet(invoiceId)
    invoice.status = 'Expired'
    invoice.additionalStatus = this.paid(invoice).gt('0') ? 'PaidPartial' : 'None'
    this.changed(
      invoice,
      invoice.additionalStatus === 'PaidPartial' ? 'InvoiceExpiredPaidPartial' : 'InvoiceExpired'
    )
    return invoice
  }

  /** The payment failed to confirm (or `marked` by the merchant). */
  invalidate(invoiceId: string, marked = false): SimInvoice {
    const invoice = this.mustGet(invoiceId)
    invoice.status = 'Invalid'
    invoice.additionalStatus = marked ? 'Marked' : 'None'
    this.changed(invoice, 'InvoiceInvalid')
    return invoice
  }

  /** Manual marking per `InvoiceEntity.CanMarkComplete/CanMarkInvalid`; false when not allowed. */
  mark(invoiceId: string, status: 'Settled' | 'Invalid'): boolean {
    const invoice = this.mustGet(invoiceId)
    const allowed =
      status === 'Invalid'
        ? ['New', 'Processing', 'Expired'].includes(invoice.status) ||
          (invoice.additionalStatus === 'Marked' && invoice.status !== 'Invalid')
        : ['New', 'Processing', 'Expired', 'Invalid'].includes(invoice.status) ||
          (invoice.additionalStatus === 'Marked' && invoice.status !== 'Settled')
    if (!allowed) return false
    if (status === 'Invalid') return Boolean(this.invalidate(invoiceId, true))
    invoice.status = 'Settled'
    invoice.additionalStatus = 'Marked'
    this.changed(invoice, 'InvoiceSettled')
    return true
  }

  /** BTCPay's `CanRefund`. */
  canRefund(invoice: SimInvoice): boolean {
    if (invoice.status === 'Settled' || invoice.status === 'Invalid') return true
    return (
      invoice.status === 'Expired' &&
      ['PaidLate', 'PaidOver', 'PaidPartial'].includes(invoice.additionalStatus)
    )
  }

  mustGet(invoiceId: string): SimInvoice {
    const invoice = this.invoices.get(invoiceId)
    if (!invoice) throw new Error(`no invoice ${invoiceId}`)
    return invoice
  }

  /**
   * A payment request's status as BTCPay works it out (`PaymentRequestService`): from the invoices made for it
   * (order id `PAY_REQUEST_<id>`), their prices counted once `Settled` (or paid, `Processing`). Paid in full and
   * settled → `Completed` (for good: BTCPay re-checks only `Pending`/`Processing` ones); paid in full, not all
   * settled → `Processing`; else past `expiryDate` → `Expired`; else `Pending`.
   */
  paymentRequestStatus(id: string): string {
    const pr = this.paymentRequests.get(id)
    if (!pr) throw new Error(`no payment request ${id}`)
    if (pr.status === 'Completed') return pr.status
    const amount = new Big(String(pr.body.amount))
    let settled = new Big('0')
    let paid = new Big('0')
    for (const invoice of this.invoices.values()) {
      if (invoice.metadata.orderId !== paymentRequestOrderId(id)) continue
      if (invoice.status === 'Settled') settled = settled.plus(invoice.amount)
      if (invoice.status === 'Settled' || invoice.status === 'Processing') paid = paid.plus(invoice.amount)
    }
    const expiry = typeof pr.body.expiryDate === 'number' ? pr.body.expiryDate : null
    if (settled.gte(amount)) pr.status = 'Completed'
    else if (paid.gte(amount)) pr.status = 'Processing'
    else if (expiry !== null && now() >= expiry) pr.status = 'Expired'
    else pr.status = 'Pending'
    return pr.status
  }

  /**
   * The customer presses Pay on the payment request's public page (or `POST …/payment-requests/{id}/pay`): an
   * invoice for the amount still due, order id `PAY_REQUEST_<id>`. Refused as BTCPay refuses it.
   * @throws Error `archived`, `already-paid`, `expired` (BTCPay's API error codes), or `no payment request`
   */
  payPaymentRequest(id: string): SimInvoice {
    const pr = this.paymentRequests.get(id)
    if (!pr) throw new Error(`no payment request ${id}`)
    if (pr.archived) throw new SimApiError('archived', 'You cannot pay an archived payment request')
    const status = this.paymentRequestStatus(id)
    let due = new Big(String(pr.body.amount))
    for (const invoice of this.invoices.values()) {
      if (invoice.metadata.orderId !== paymentRequestOrderId(id)) continue
      if (invoice.status === 'Settled' || invoice.status === 'Processing') due = due.minus(invoice.amount)
    }
    if (status === 'Completed' || status === 'Processing' || due.lte('0'))
      throw new SimApiError('already-paid', 'This payment request is already paid')
    if (status === 'Expired') throw new SimApiError('expired', 'This payment request is expired')
    const currency = String(pr.body.currency)
    return this.createInvoice({
      amount: due.toFixed(currency === 'BTC' ? 8 : 2),
      currency,
      metadata: { orderId: paymentRequestOrderId(id), itemDesc: pr.body.title }
    })
  }

  /** A customer claims a refund: a payout awaiting approval (or payment when auto-approved). */
  claim(pullPaymentId: string, destination?: string): SimPayout {
    const pull = this.pullPayments.get(pullPaymentId)
    if (!pull) throw new Error(`no pull payment ${pullPaymentId}`)
    const payout: SimPayout = {
      id: newId(),
      revision: 0,
      pullPaymentId,
      date: now(),
      destination: destination ?? regtestAddress(),
      originalCurrency: pull.currency,
      originalAmount: pull.amount,
      payoutMethodId: pull.payoutMethodId,
      state: pull.autoApproveClaims ? 'AwaitingPayment' : 'AwaitingApproval'
    }
    this.payouts.set(payout.id, payout)
    return payout
  }

  private changed(invoice: SimInvoice, eventType: string): void {
    this.events.emit('invoice', invoice.id, eventType)
  }
}
