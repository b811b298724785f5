import type { Invoice, InvoicePaymentMethod } from '@shared/invoice'

const ZERO = /^0*\.?0*$/

/** The payment method the customer paid through (optionally BTC only), or undefined. */
export function paidMethod(invoice: Invoice, btcOnly = false): InvoicePaymentMethod | undefined {
  return invoice.paymentMethods.find(
    (m) => (!btcOnly || m.currency === 'BTC') && Boolean(m.paid) && !ZERO.test(m.paid)
  )
}
