import type { Invoice, InvoicePaymentMethod, PaymentMethodId } from '@shared/invoice'
import { currencyExponent } from '@shared/currency'
import { formatMoney } from '../i18n'
import { translate as t } from '../till/translate'

/**
 * The method shown first: the coin the cashier picked at charge time (`preferred`, e.g. Plisio's `LTC`) when the
 * invoice offers it, else on-chain bitcoin when offered, else the first one.
 */
export function defaultMethodId(invoice: Invoice, preferred: string | null = null): PaymentMethodId | null {
  const methods = invoice.paymentMethods
  const picked = preferred ? methods.find((m) => m.id === preferred || m.currency === preferred) : undefined
  const onChain = methods.find((m) => m.id === 'BTC-CHAIN')
  return picked?.id ?? onChain?.id ?? methods[0]?.id ?? null
}

/** The method with `id`, or the default one (see `defaultMethodId`) when `id` is null or not offered. */
export function pickMethod(
  invoice: Invoice,
  id: PaymentMethodId | null,
  preferred: string | null = null
): InvoicePaymentMethod | null {
  const methods = invoice.paymentMethods
  const fallback = defaultMethodId(invoice, preferred)
  return methods.find((m) => m.id === id) ?? methods.find((m) => m.id === fallback) ?? null
}

/** What the QR encodes: the method's payment link, else the processor's checkout page, else nothing. */
export function qrLink(invoice: Invoice, method: InvoicePaymentMethod | null): string {
  return method?.paymentLink || invoice.checkoutLink || ''
}

/** A method's name for the cashier: `BTC-CHAIN` → "Bitcoin (on-chain)", Plisio's `USDT_TRX` → "USDT (TRX)". */
export function methodLabel(id: PaymentMethodId): string {
  if (id === 'BTC-CHAIN') return t('payment.method.chain')
  if (id === 'BTC-LN') return t('payment.method.lightning')
  const network = /^([A-Za-z0-9]+)_([A-Za-z0-9]+)$/.exec(id)
  return network ? `${network[1]} (${network[2]})` : id
}

/**
 * A rate (fiat per 1 coin, decimal string) for people. Cheap coins have rates finer than the fiat's minor unit
 * (`0.0812` EUR per DOGE): those are shown digit for digit (`0.0812 EUR`) rather than rounded to `€0.08`.
 */
export function formatRate(rate: string, fiat: string): string {
  const decimals = rate.split('.')[1]?.replace(/0+$/, '').length ?? 0
  try {
    return decimals > currencyExponent(fiat) ? `${rate} ${fiat}` : formatMoney(rate, fiat)
  } catch {
    return `${rate} ${fiat}`
  }
}

/** True when a decimal string is above zero (`"0.00000000"` → false), without a float. */
export function isPositiveDecimal(decimal: string): boolean {
  return !decimal.startsWith('-') && /[1-9]/.test(decimal)
}
