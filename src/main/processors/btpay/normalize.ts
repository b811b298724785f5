import Big from 'big.js'
import type { Invoice, InvoicePayment } from '@shared/invoice'
import { btcToSats, satsToBtc } from '@shared/money'
import { currencyExponent } from '@shared/currency'
import { buildBip21 } from './bip21'
import type { BtpayInvoice, BtpayInvoiceStatus, BtpayPayment } from './schemas'
import { mapStatus } from './status'

/**
 * BTPay returns no metadata, so the sale id also travels in `notes` inside this marker; `findInvoiceByOrderId`
 * reads it back from the invoice list.
 */
export function saleMarker(orderId: string): string {
  return `[kassa-sale:${orderId}]`
}

/** The sale id of a BTPay invoice: from the `notes` marker, else from `metadata.kassa_sale_id`; null if none. */
export function orderIdOf(invoice: Pick<BtpayInvoice, 'notes' | 'metadata'>): string | null {
  const match = /\[kassa-sale:([^\]\s]+)\]/.exec(invoice.notes ?? '')
  if (match?.[1]) return match[1]
  const fromMetadata = invoice.metadata?.kassa_sale_id
  return typeof fromMetadata === 'string' ? fromMetadata : null
}

/** The till marker in `notes` (BTPay returns no metadata, so the till id travels there too). */
export function tillMarker(tillId: string): string {
  return `[kassa-till:${tillId}]`
}

/** The till that made a BTPay invoice: from the `notes` marker, else `metadata.kassa_till`; null if none. */
export function tillIdOf(invoice: Pick<BtpayInvoice, 'notes' | 'metadata'>): string | null {
  const match = /\[kassa-till:([^\]\s]+)\]/.exec(invoice.notes ?? '')
  if (match?.[1]) return match[1]
  const fromMetadata = invoice.metadata?.kassa_till
  return typeof fromMetadata === 'string' ? fromMetadata : null
}

/**
 * ISO 8601 in UTC (`…Z`) from BTPay's Python timestamps (`2026-11-21T12:54:26.595061+00:00`, or naive, which
 * BTPay means as UTC). null when missing or unparseable.
 */
export function toIsoTimestamp(value: string | null | undefined): string | null {
  if (!value) return null
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`
  const ms = Date.parse(withZone)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

function fiat(value: string, currency: string): string {
  try {
    return new Big(value).toFixed(currencyExponent(currency))
  } catch {
    return value
  }
}

function paymentStatus(raw: string): InvoicePayment['status'] {
  if (raw === 'confirmed') return 'Settled'
  if (raw === 'failed') return 'Invalid'
  return 'Processing'
}

function toPayment(payment: BtpayPayment, fallbackTime: string): InvoicePayment {
  return {
    id: payment.txid || String(payment.id),
    method: 'BTC-CHAIN',
    amount: payment.amount_btc,
    currency: 'BTC',
    receivedAt: toIsoTimestamp(payment.created_at) ?? fallbackTime,
    status: paymentStatus(payment.status)
  }
}

/** What the normalizer needs besides BTPay's invoice JSON. */
export interface NormalizeContext {
  /** A fresher `/status` answer, preferred over the details' status and amounts. */
  status?: BtpayInvoiceStatus
  /** ISO 8601 quote deadline (from `status.json`), since the invoice JSON has none. */
  expiresAt: string
  /** Kassa's sale id. */
  orderId: string
  /** Server root for the hosted checkout link (`<base>/checkout/<ref>`). */
  baseUrl: string
}

/**
 * Normalize a BTPay invoice into Kassa's `Invoice`: `id` is the `invoice_number` (never the `ref`, which changes
 * on a BTPay restart); `due` = total − paid in fiat (negative when overpaid, unlike BTPay's `amount_due`); one
 * `BTC-CHAIN` payment method whose `paymentLink` is BIP21 built from `payment_address` and `btc_amount`.
 */
export function toKassaInvoice(invoice: BtpayInvoice, context: NormalizeContext): Invoice {
  const rawStatus = context.status?.status ?? invoice.status
  const total = context.status?.total ?? invoice.total
  const amountPaid = context.status?.amount_paid ?? invoice.amount_paid
  const currency = invoice.currency
  const createdAt = toIsoTimestamp(invoice.created_at) ?? context.expiresAt
  const mapped = mapStatus(rawStatus, { total, amountPaid })
  const payments = (invoice.payments ?? []).map((payment) => toPayment(payment, createdAt))
  const paymentMethods: Invoice['paymentMethods'] = []
  if (invoice.payment_address && invoice.btc_amount) {
    const btcTotal = btcToSats(invoice.btc_amount)
    const btcPaid = (invoice.payments ?? []).reduce((sum, p) => sum + btcToSats(p.amount_btc), 0n)
    paymentMethods.push({
      id: 'BTC-CHAIN',
      currency: 'BTC',
      destination: invoice.payment_address,
      paymentLink: buildBip21(invoice.payment_address, invoice.btc_amount),
      amount: satsToBtc(btcTotal),
      due: satsToBtc(btcTotal - btcPaid),
      paid: satsToBtc(btcPaid),
      rate: invoice.btc_rate ?? '0'
    })
  }
  return {
    id: invoice.invoice_number,
    processor: 'btpay',
    orderId: context.orderId,
    tillId: tillIdOf(invoice),
    status: mapped.status,
    additionalStatus: mapped.additionalStatus,
    rawStatus,
    currency,
    amount: fiat(total, currency),
    paid: fiat(amountPaid, currency),
    due: fiat(new Big(total).minus(new Big(amountPaid)).toString(), currency),
    createdAt,
    expiresAt: context.expiresAt,
    checkoutLink: invoice.ref ? `${context.baseUrl}/checkout/${encodeURIComponent(invoice.ref)}` : null,
    paymentMethods,
    payments
  }
}
