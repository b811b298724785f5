import type { SaleView } from '@shared/contract'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import type { InvoicePaymentMethod } from '@shared/invoice'
import type {
  ReceiptCrypto,
  ReceiptDocument,
  ReceiptLanguage,
  ReceiptPaymentKind,
  ShopDetails
} from '@shared/receipt'

/** How a receipt is built beyond the sale and the shop. */
export interface ReceiptOptions {
  /** `en` or `de` (a tag such as `de-AT` is reduced to its language; anything else is `en`). Default `en`. */
  locale?: string | null
  /** The processor's name for people (`BTCPay Server`); default its id. */
  processorLabel?: string
  /** ISO 8601: when the sale became paid; the receipt's date (default: when it was rung up). */
  paidAt?: string | null
}

/** `de-AT` → `de`; anything not written in → `en`. */
export function receiptLanguage(locale: string | null | undefined): ReceiptLanguage {
  return (locale ?? '').toLowerCase().startsWith('de') ? 'de' : 'en'
}

/** The `Intl` locale for a tag: the tag itself when it names a region, else `de-DE` / `en-US`. */
export function receiptIntlLocale(locale: string | null | undefined): string {
  if (locale && /^[A-Za-z]{2,3}[-_][A-Za-z0-9]{2,8}/.test(locale)) return locale.replace('_', '-')
  return receiptLanguage(locale) === 'de' ? 'de-DE' : 'en-US'
}

/** `BTC-LN`/Lightning → lightning, `BTC-CHAIN`/`BTC` → on-chain, any other coin (`LTC`, `USDT_TRX`) → coin. */
export function paymentKind(methodId: string): ReceiptPaymentKind {
  if (/(^|[-_])(LN|LNURL|lightning(network)?)$/i.test(methodId)) return 'lightning'
  if (/^BTC([-_](CHAIN|ONCHAIN))?$/i.test(methodId)) return 'onchain'
  return 'coin'
}

const ZERO = /^-?0*\.?0*$/

function nonZero(decimal: string | undefined | null): decimal is string {
  return typeof decimal === 'string' && !ZERO.test(decimal)
}

/** `unitPrice × quantity` in the sale's minor units, exact (bigint); the unit price itself if it does not parse. */
function lineTotal(unitPrice: string, quantity: number, currency: string): string {
  try {
    return formatMinor(parseAmount(unitPrice, currency, { allowZero: true }) * BigInt(quantity), currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    return unitPrice
  }
}

/** Methods that received money; none paid (an unpaid sale's receipt): none shown. */
function paidMethods(methods: InvoicePaymentMethod[], used: Set<string>): InvoicePaymentMethod[] {
  return methods.filter((method) => nonZero(method.paid) || used.has(method.id))
}

/**
 * The receipt of a sale, as data (pure: same sale, shop and options → same document). Sale fields the cart work
 * adds (`tip`, `taxes`, `taxInclusive`) are read when present, else: no tip, one tax line from `taxRate`/`tax`,
 * tax added on top. A sale without lines gets one line for its total (named by its memo, else empty for the
 * outputs to word as "Sale"). Crypto amounts, rates, payment kinds and transaction ids come from the invoice's
 * payment methods and payments (a payment's id is the processor's transaction id).
 */
export function buildReceipt(
  sale: SaleView,
  shop: ShopDetails,
  options: ReceiptOptions = {}
): ReceiptDocument {
  const currency = sale.currency
  const lines =
    sale.lines.length > 0
      ? sale.lines.map((line) => ({
          name: line.name,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          total: lineTotal(line.unitPrice, line.quantity, currency),
          sku: line.sku ?? null
        }))
      : [{ name: sale.memo ?? '', quantity: 1, unitPrice: sale.amount, total: sale.amount, sku: null }]
  const taxes =
    sale.taxes && sale.taxes.length > 0
      ? sale.taxes.filter((line) => nonZero(line.tax) || nonZero(line.rate))
      : nonZero(sale.tax)
        ? [{ rate: sale.taxRate, base: sale.subtotal, tax: sale.tax }]
        : []
  const invoice = sale.invoice
  const used = new Set(invoice?.payments.map((payment) => payment.method) ?? [])
  const crypto: ReceiptCrypto[] = paidMethods(invoice?.paymentMethods ?? [], used).map((method) => ({
    kind: paymentKind(method.id),
    coin: method.currency,
    amount: nonZero(method.paid) ? method.paid : method.amount,
    rate: method.rate,
    rateLabel: method.rateLabel ?? null
  }))
  const payments = (invoice?.payments ?? [])
    .filter((payment) => payment.status !== 'Invalid')
    .map((payment) => ({
      kind: paymentKind(payment.method),
      coin: payment.currency,
      amount: payment.amount,
      txId: payment.id || null
    }))
  return {
    language: receiptLanguage(options.locale),
    intlLocale: receiptIntlLocale(options.locale),
    shop: { ...shop },
    receiptNumber: sale.receiptNumber ?? null,
    saleId: sale.id,
    state: sale.state,
    issuedAt: options.paidAt ?? sale.createdAt,
    currency,
    lines,
    subtotal: sale.subtotal,
    discount: nonZero(sale.discount) ? sale.discount : null,
    taxes,
    taxInclusive: sale.taxInclusive ?? false,
    tip: nonZero(sale.tip) ? sale.tip : null,
    total: sale.amount,
    crypto,
    payments,
    processor: options.processorLabel ?? sale.processor,
    invoiceId: invoice?.id ?? null,
    invoiceLink: invoice?.checkoutLink ?? null,
    refunds: sale.refunds.map((refund) => ({
      createdAt: refund.createdAt,
      kind: refund.kind,
      amount: refund.amount,
      currency: refund.currency,
      fiatAmount: refund.currency !== currency ? (refund.fiatAmount ?? null) : null,
      state: refund.state
    })),
    refunded: sale.refunds.length > 0 ? sale.refunded : null
  }
}
