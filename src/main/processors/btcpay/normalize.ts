/**
 * Greenfield `InvoiceData` + its payment methods → Kassa's `Invoice`. Fiat paid/due are computed in big.js from
 * the invoice amount and the payment method's crypto `due` × `rate`; no amount passes through a float.
 */
import Big from 'big.js'
import { currencyExponent } from '@shared/currency'
import type { Invoice, InvoicePayment, InvoicePaymentMethod } from '@shared/invoice'
import type { InvoiceData, InvoicePaymentMethodData } from './schemas'
import { mapPaymentStatus, mapStatus } from './status'

/** ISO 8601 from Unix seconds. */
export function isoFromUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

/** Unix seconds from ISO 8601. @throws Error for an unparseable date. */
export function unixFromIso(iso: string): number {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new Error(`"${iso}" is not an ISO 8601 date`)
  return Math.floor(ms / 1000)
}

/**
 * The payment request an invoice pays: BTCPay writes `metadata.paymentRequestId`, and gives such an invoice the
 * order id `PAY_REQUEST_<id>` (`PaymentRequestRepository.GetOrderIdForPaymentRequest`).
 */
function paymentRequestOf(metadataId: unknown, orderId: unknown): string | undefined {
  if (typeof metadataId === 'string' && metadataId) return metadataId
  const match = typeof orderId === 'string' ? /^PAY_REQUEST_(.+)$/.exec(orderId) : null
  return match?.[1]
}

/**
 * Normalize one invoice. `methods` comes from `GET …/invoices/{id}/payment-methods` (empty for a zero-amount
 * invoice or when not fetched).
 */
export function toInvoice(data: InvoiceData, methods: InvoicePaymentMethodData[]): Invoice {
  const { status, additionalStatus } = mapStatus(data.status, data.additionalStatus)
  const orderId = data.metadata?.orderId
  const tillId = data.metadata?.kassaTill
  const paymentRequestId = paymentRequestOf(data.metadata?.paymentRequestId, orderId)
  const { paid, due } = fiatTotals(data, methods)
  return {
    id: data.id,
    processor: 'btcpay',
    orderId: typeof orderId === 'string' ? orderId : '',
    tillId: typeof tillId === 'string' ? tillId : null,
    ...(paymentRequestId && { paymentRequestId }),
    status,
    additionalStatus,
    rawStatus: data.additionalStatus ? `${data.status}/${data.additionalStatus}` : data.status,
    currency: data.currency,
    amount: data.amount,
    paid,
    due,
    createdAt: isoFromUnix(data.createdTime),
    expiresAt: isoFromUnix(data.expirationTime),
    // Until then BTCPay still records a payment to the expired invoice (Expired + PaidLate).
    monitorUntil: data.monitoringExpiration === undefined ? null : isoFromUnix(data.monitoringExpiration),
    checkoutLink: data.checkoutLink ?? null,
    paymentMethods: methods.map(toPaymentMethod),
    payments: methods.flatMap(toPayments)
  }
}

function toPaymentMethod(method: InvoicePaymentMethodData): InvoicePaymentMethod {
  return {
    id: method.paymentMethodId,
    currency: method.currency,
    destination: method.destination ?? '',
    paymentLink: method.paymentLink ?? '',
    amount: method.amount,
    due: method.due,
    paid: method.paymentMethodPaid,
    rate: method.rate
  }
}

function toPayments(method: InvoicePaymentMethodData): InvoicePayment[] {
  return method.payments.map((payment) => ({
    id: payment.id,
    method: method.paymentMethodId,
    amount: payment.value,
    currency: method.currency,
    receivedAt: isoFromUnix(payment.receivedDate),
    status: mapPaymentStatus(payment.status)
  }))
}

/**
 * Fiat paid and due (decimal strings with the currency's decimals). due = method.due × rate (half-even), paid =
 * amount − due, so an exactly paid invoice shows due 0 and paid = amount; an overpaid one a negative due.
 * Without a payment method, falls back to `paidAmount`.
 */
function fiatTotals(data: InvoiceData, methods: InvoicePaymentMethodData[]): { paid: string; due: string } {
  const exponent = exponentOf(data.currency)
  const amount = new Big(data.amount)
  const method = methods.find((m) => m.payments.length > 0) ?? methods.find((m) => m.activated) ?? methods[0]
  if (!method) {
    const paid = new Big(data.paidAmount ?? '0')
    return { paid: paid.toFixed(exponent), due: amount.minus(paid).toFixed(exponent) }
  }
  const due = new Big(method.due).times(new Big(method.rate)).round(exponent, Big.roundHalfEven)
  return { paid: amount.minus(due).toFixed(exponent), due: due.toFixed(exponent) }
}

function exponentOf(currency: string): number {
  try {
    return currencyExponent(currency)
  } catch {
    return 2
  }
}
