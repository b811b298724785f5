import type { Invoice, InvoicePaymentMethod, PaymentMethodId } from '@shared/invoice'

/** The method shown first: on-chain when offered, else the first one. */
export function defaultMethodId(invoice: Invoice): PaymentMethodId | null {
  const onChain = invoice.paymentMethods.find((m) => m.id === 'BTC-CHAIN')
  return onChain?.id ?? invoice.paymentMethods[0]?.id ?? null
}

/** The method with `id`, or the default one when `id` is null or not offered. */
export function pickMethod(invoice: Invoice, id: PaymentMethodId | null): InvoicePaymentMethod | null {
  const methods = invoice.paymentMethods
  return methods.find((m) => m.id === id) ?? methods.find((m) => m.id === defaultMethodId(invoice)) ?? null
}

/** What the QR encodes: the method's payment link, else the processor's checkout page, else nothing. */
export function qrLink(invoice: Invoice, method: InvoicePaymentMethod | null): string {
  return method?.paymentLink || invoice.checkoutLink || ''
}

/** A method's name for the cashier. */
export function methodLabel(id: PaymentMethodId): string {
  if (id === 'BTC-CHAIN') return 'Bitcoin (on-chain)'
  if (id === 'BTC-LN') return 'Lightning'
  return id
}

/** True when a decimal string is above zero (`"0.00000000"` → false), without a float. */
export function isPositiveDecimal(decimal: string): boolean {
  return !decimal.startsWith('-') && /[1-9]/.test(decimal)
}
