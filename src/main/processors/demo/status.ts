/**
 * The Demo invoice's status over time: what a regtest store would report at a moment, and when that next changes
 * by itself (a confirmation, the expiry).
 */
import type { MappedStatus } from '../types'
import type { DemoInvoiceRow, DemoPaymentRow } from './store'

/**
 * The Demo invoice's status at time `now` (ms), regtest-style: paid in full → `Processing` until every payment
 * confirms, then `Settled`; underpaid → `New`+`PaidPartial`; overpaid → `PaidOver`; past expiry → `Expired`
 * (+`PaidPartial` if something came in); paid in full by a payment at or after expiry → `Expired`+`PaidLate`, as
 * BTCPay reports it (its payments still confirm); cancelled → `Invalid`+`Marked`.
 */
export function demoStatus(row: DemoInvoiceRow, payments: DemoPaymentRow[], now: number): MappedStatus {
  const paid = payments.reduce((sum, p) => sum + p.sats, 0n)
  if (row.forced === 'invalid') return { status: 'Invalid', additionalStatus: 'Marked' }
  if (paid >= row.totalSats) {
    const completedAt = completingPayment(row, payments)?.receivedAt ?? 0
    if (completedAt >= row.expiresAt) return { status: 'Expired', additionalStatus: 'PaidLate' }
    const confirmed = payments.every((p) => p.confirmAt <= now)
    return {
      status: confirmed ? 'Settled' : 'Processing',
      additionalStatus: paid > row.totalSats ? 'PaidOver' : 'None'
    }
  }
  if (row.forced === 'expired' || now >= row.expiresAt) {
    return { status: 'Expired', additionalStatus: paid > 0n ? 'PaidPartial' : 'None' }
  }
  return { status: 'New', additionalStatus: paid > 0n ? 'PaidPartial' : 'None' }
}

/** The payment that brought the total paid up to the invoice's total (payments in order received), or null. */
function completingPayment(row: DemoInvoiceRow, payments: DemoPaymentRow[]): DemoPaymentRow | null {
  let sum = 0n
  for (const payment of [...payments].sort((a, b) => a.receivedAt - b.receivedAt)) {
    sum += payment.sats
    if (sum >= row.totalSats) return payment
  }
  return null
}

/** The earliest future moment the Demo invoice changes by itself (a confirmation or the expiry), or null. */
export function nextDemoChange(row: DemoInvoiceRow, payments: DemoPaymentRow[], now: number): number | null {
  const times = [row.expiresAt, ...payments.map((p) => p.confirmAt)].filter((t) => t > now)
  return times.length ? Math.min(...times) : null
}
