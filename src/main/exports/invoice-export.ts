import Big from 'big.js'
import { currencyExponent } from '@shared/currency'
import type { Invoice } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import type { Db } from '../ledger/database'
import { businessDayOf, type BusinessDayRule } from '../day/business-day'

/**
 * The invoice export's columns, one row per sale with an invoice created in the range (a sale the processor never
 * made an invoice for has no row). Amounts are exact decimal strings with a point, in the currency named:
 * - `created_at`: when the sale was rung up (ISO 8601 UTC); `paid_at`: when it first became paid, else empty.
 * - `business_day`: the business day `created_at` falls on (`yyyy-mm-dd`, the store's zone and start hour).
 * - `till`: this till's id; `receipt_number`: given when paid, else empty; `sale_id`: Kassa's id (the processor's
 *   order id); `processor`, `invoice_id`: the processor and its own invoice id.
 * - `status`, `additional_status`: the invoice's normalized status (New, Processing, Settled, Expired, Invalid) and
 *   qualifier (None, PaidPartial, PaidOver, PaidLate, Marked) as last read.
 * - `currency`: the sale's fiat currency; `amount`: the sale's total; `paid`: what the processor counts as paid of
 *   it, in fiat; `discount`, `tax`, `tip`: the sale's parts of `amount`.
 * - `payment_methods`: the methods payments came in through (`BTC-CHAIN`, `BTC-LN`, …), `;` between several.
 * - `crypto_currency`, `crypto_paid`, `crypto_paid_smallest_unit`: per coin paid (`;` between several coins), the
 *   sum of its payments not marked invalid (seen or confirmed) and the same in its smallest unit (sats for BTC; empty
 *   for another coin).
 * - `invoice_rate`: fiat per coin the invoice quoted for the methods paid through (`;` between different rates), or
 *   its first method's when nothing was paid.
 * - `fiat_at_invoice_rate`: Σ each payment × its method's invoice rate, rounded half-up to the fiat's minor unit.
 * - `fiat_at_payment`: the fiat value the processor credited for the payments when they came, i.e. the invoice's
 *   paid amount in fiat (`paid`); it differs from `fiat_at_invoice_rate` by the processor's own rounding and for a
 *   processor that values a late payment at the rate of its day.
 */
export const INVOICE_COLUMNS = [
  'created_at',
  'paid_at',
  'business_day',
  'till',
  'receipt_number',
  'sale_id',
  'processor',
  'invoice_id',
  'status',
  'additional_status',
  'currency',
  'amount',
  'paid',
  'discount',
  'tax',
  'tip',
  'payment_methods',
  'crypto_currency',
  'crypto_paid',
  'crypto_paid_smallest_unit',
  'invoice_rate',
  'fiat_at_invoice_rate',
  'fiat_at_payment'
] as const

interface InvoiceRow {
  sale_id: string
  created_at: string
  paid_at: string | null
  receipt_number: string | null
  currency: string
  amount_minor: bigint
  discount_minor: bigint
  tax_minor: bigint
  tip_minor: bigint
  processor: string
  invoice_id: string
  status: string
  additional_status: string
  paid_minor: bigint
  data_json: string
}

interface PaymentRow {
  method: string
  currency: string
  amount: string
  amount_sats: bigint | null
}

const DECIMAL = /^\d+(\.\d+)?$/

/** Per coin: Σ amount (exact), Σ sats (BTC), in the order first paid. */
function coinsPaid(payments: PaymentRow[]): { coin: string; amount: Big; sats: bigint | null }[] {
  const coins = new Map<string, { coin: string; amount: Big; sats: bigint | null }>()
  for (const payment of payments) {
    const entry = coins.get(payment.currency) ?? { coin: payment.currency, amount: new Big(0), sats: 0n }
    entry.amount = entry.amount.plus(payment.amount)
    entry.sats =
      payment.currency === 'BTC' && entry.sats !== null && payment.amount_sats !== null
        ? entry.sats + BigInt(payment.amount_sats)
        : null
    coins.set(payment.currency, entry)
  }
  return [...coins.values()]
}

/** A coin amount as a plain decimal: BTC with its 8 places, another coin with the places its payments had. */
function coinText(coin: string, amount: Big): string {
  return coin === 'BTC' ? amount.toFixed(8) : amount.toFixed()
}

/**
 * One CSV row per invoice of the sales created in [fromMs, toMs), oldest first (see `INVOICE_COLUMNS`). Plain
 * SELECTs on the ledger's connection: `sales` by `created_at` (its index), the invoice by `sale_id`, the payments
 * by invoice.
 */
export function invoiceExportRows(
  db: Db,
  range: { fromMs: number; toMs: number },
  rule: BusinessDayRule,
  tillId: string
): string[][] {
  const sales = db
    .prepare(
      `SELECT s.id AS sale_id, s.created_at, s.paid_at, s.receipt_number, s.currency, s.amount_minor,
              s.discount_minor, s.tax_minor, s.tip_minor, i.processor, i.id AS invoice_id, i.status,
              i.additional_status, i.paid_minor, i.data_json
         FROM sales s JOIN invoices i ON i.sale_id = s.id
        WHERE s.created_at >= ? AND s.created_at < ?
        ORDER BY s.created_at, s.rowid`
    )
    .all(new Date(range.fromMs).toISOString(), new Date(range.toMs).toISOString()) as unknown as InvoiceRow[]
  const paymentsOf = db.prepare(
    `SELECT method, currency, amount, amount_sats FROM payments
      WHERE processor = ? AND invoice_id = ? AND status <> 'Invalid' ORDER BY received_at, id`
  )
  return sales.map((sale) => {
    const currency = sale.currency
    const money = (minor: bigint): string => formatMinor(BigInt(minor), currency)
    const invoice = JSON.parse(sale.data_json) as Invoice
    const rateOf = new Map(invoice.paymentMethods.map((method) => [method.id, method.rate]))
    const payments = (paymentsOf.all(sale.processor, sale.invoice_id) as unknown as PaymentRow[]).filter(
      (payment) => DECIMAL.test(payment.amount)
    )
    const methods = [...new Set(payments.map((payment) => payment.method))]
    const rates = [
      ...new Set(
        payments.length > 0
          ? payments.map((payment) => rateOf.get(payment.method) ?? '')
          : [invoice.paymentMethods[0]?.rate ?? '']
      )
    ].filter((rate) => DECIMAL.test(rate))
    const exponent = currencyExponent(currency)
    let atRate: Big | null = payments.length > 0 ? new Big(0) : null
    for (const payment of payments) {
      const rate = rateOf.get(payment.method)
      atRate = atRate && rate && DECIMAL.test(rate) ? atRate.plus(new Big(payment.amount).times(rate)) : null
    }
    const coins = coinsPaid(payments)
    return [
      sale.created_at,
      sale.paid_at ?? '',
      businessDayOf(sale.created_at, rule),
      tillId,
      sale.receipt_number ?? '',
      sale.sale_id,
      sale.processor,
      sale.invoice_id,
      sale.status,
      sale.additional_status,
      currency,
      money(sale.amount_minor),
      money(sale.paid_minor),
      money(sale.discount_minor),
      money(sale.tax_minor),
      money(sale.tip_minor),
      methods.join(';'),
      coins.map((coin) => coin.coin).join(';'),
      coins.map((coin) => coinText(coin.coin, coin.amount)).join(';'),
      coins.map((coin) => (coin.sats === null ? '' : coin.sats.toString())).join(';'),
      rates.join(';'),
      atRate ? atRate.round(exponent, Big.roundHalfUp).toFixed(exponent) : '',
      money(sale.paid_minor)
    ]
  })
}
