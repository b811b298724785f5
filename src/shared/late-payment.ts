/**
 * A payment after expiry. BTCPay keeps watching an expired invoice until its `monitoringExpiration` (the store's
 * monitoring window, 24 h by default) and records a full payment that arrives meanwhile as `Expired` +
 * `PaidLate`; the status stays `Expired`, only the payments' own statuses move from `Processing` to `Settled`
 * as they confirm. A processor may instead report `Settled` + `PaidLate`. Both count once confirmed.
 */
import type { Invoice } from './invoice'

/**
 * How long after `expiresAt` a processor that does not say otherwise still records a payment, in milliseconds:
 * 24 h, BTCPay's default monitoring window (store `monitoringExpiration` 86 400 s, invoice `monitoringMinutes`
 * 1440). Plisio's reference says it gives up on an unpaid invoice within 10 h, so 24 h covers it too.
 */
export const DEFAULT_MONITORING_MS = 24 * 60 * 60 * 1000

/**
 * True when an expired invoice was paid in full late and every payment that counts (not `Invalid`) is
 * confirmed. An invoice without a payments list is taken at its processor's word (`PaidLate` = paid in full).
 */
export function isLatePaymentConfirmed(invoice: Invoice): boolean {
  if (invoice.status !== 'Expired' || invoice.additionalStatus !== 'PaidLate') return false
  return invoice.payments.filter((p) => p.status !== 'Invalid').every((p) => p.status === 'Settled')
}

/**
 * True when the processor may still record a payment for this invoice although its attempt ended: it is
 * `Expired` and not (yet) paid late and confirmed. `Invalid` and `Settled` invoices are never awaited.
 */
export function awaitsLatePayment(invoice: Invoice): boolean {
  return invoice.status === 'Expired' && !isLatePaymentConfirmed(invoice)
}

/**
 * When the processor stops watching the invoice for payments, in milliseconds since the epoch: `monitorUntil`,
 * else `expiresAt` + `DEFAULT_MONITORING_MS`. null when neither date parses (nothing to wait for).
 */
export function monitoringEndsAt(invoice: Invoice): number | null {
  const given = invoice.monitorUntil ? Date.parse(invoice.monitorUntil) : Number.NaN
  if (!Number.isNaN(given)) return given
  const expires = Date.parse(invoice.expiresAt)
  return Number.isNaN(expires) ? null : expires + DEFAULT_MONITORING_MS
}

/**
 * True when this read of an invoice reports a payment after expiry for the first time: `PaidLate` appears, or
 * an invoice stored `Expired` is now paid (`Processing`/`Settled`, from a processor that moves an expired
 * invoice on by itself). A status the merchant set by hand (`Marked`) is not a payment.
 * @param before the invoice as stored before this read, or null
 */
export function isNewLatePayment(before: Invoice | null, invoice: Invoice): boolean {
  if (!before || before.additionalStatus === 'PaidLate') return false
  if (invoice.additionalStatus === 'PaidLate') return true
  return (
    before.status === 'Expired' &&
    (invoice.status === 'Processing' || invoice.status === 'Settled') &&
    invoice.additionalStatus !== 'Marked'
  )
}
