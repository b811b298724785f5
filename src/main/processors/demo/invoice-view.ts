import type { Invoice, InvoicePaymentMethod } from '@shared/invoice'
import { DEFAULT_MONITORING_MS } from '@shared/late-payment'
import { formatMinor, satsToBtc, satsToFiat } from '@shared/money'
import type { MappedStatus } from '../types'
import { DEMO_RATE_LABEL } from './rates'
import { bip21, demoLightningInvoice } from './destinations'
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

/** Build the normalized invoice from the Demo's rows, as of `now` (ms). */
export function toDemoInvoice(row: DemoInvoiceRow, payments: DemoPaymentRow[], now: number): Invoice {
  const { status, additionalStatus } = demoStatus(row, payments, now)
  const paidSats = payments.reduce((sum, p) => sum + p.sats, 0n)
  const dueSats = row.totalSats - paidSats
  const fullyPaid = dueSats <= 0n
  const paidMinor =
    fullyPaid && paidSats === row.totalSats
      ? row.amountMinor
      : satsToFiat(paidSats, row.currency, row.rate, 'down')
  let dueMinor = row.amountMinor - paidMinor
  if (!fullyPaid && dueMinor <= 0n) dueMinor = 1n // sats still due, worth less than one minor unit
  const lightning = demoLightningInvoice(dueSats > 0n ? dueSats : row.totalSats, row.seed)
  const common = {
    currency: 'BTC',
    amount: satsToBtc(row.totalSats),
    due: satsToBtc(dueSats),
    rate: row.rate,
    rateLabel: DEMO_RATE_LABEL
  }
  const open = status === 'New'
  const methods: InvoicePaymentMethod[] = [
    {
      id: 'BTC-CHAIN',
      destination: row.address,
      paymentLink: open ? bip21(row.address, dueSats, 'Kassa demo') : '',
      paid: satsToBtc(payments.filter((p) => p.method === 'BTC-CHAIN').reduce((s, p) => s + p.sats, 0n)),
      ...common
    },
    {
      id: 'BTC-LN',
      destination: lightning,
      paymentLink: open ? `lightning:${lightning}` : '',
      paid: satsToBtc(payments.filter((p) => p.method === 'BTC-LN').reduce((s, p) => s + p.sats, 0n)),
      ...common
    }
  ]
  return {
    id: row.id,
    processor: 'demo',
    orderId: row.orderId,
    status,
    additionalStatus,
    rawStatus:
      additionalStatus === 'None' ? status.toLowerCase() : `${status.toLowerCase()}:${additionalStatus}`,
    currency: row.currency,
    amount: formatMinor(row.amountMinor, row.currency),
    paid: formatMinor(paidMinor, row.currency),
    due: formatMinor(dueMinor, row.currency),
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    // The Demo plays a BTCPay store with the default monitoring window.
    monitorUntil: new Date(row.expiresAt + DEFAULT_MONITORING_MS).toISOString(),
    checkoutLink: null,
    paymentMethods: methods,
    payments: payments.map((p) => ({
      id: p.id,
      method: p.method,
      amount: satsToBtc(p.sats),
      currency: 'BTC',
      receivedAt: new Date(p.receivedAt).toISOString(),
      status: p.confirmAt <= now ? 'Settled' : 'Processing'
    }))
  }
}
