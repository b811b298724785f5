/** The Demo's rows → Kassa's `Invoice`, regtest-style (BIP21 and a Lightning-shaped string, the fixed rate). */
import type { Invoice, InvoicePaymentMethod } from '@shared/invoice'
import { DEFAULT_MONITORING_MS } from '@shared/late-payment'
import { formatMinor, satsToBtc, satsToFiat } from '@shared/money'
import { DEMO_RATE_LABEL } from './rates'
import { bip21, demoLightningInvoice } from './destinations'
import { demoStatus } from './status'
import type { DemoInvoiceRow, DemoPaymentRow } from './store'

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
    tillId: row.tillId ?? null,
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
