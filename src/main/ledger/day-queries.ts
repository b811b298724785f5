// The day close's read queries (X report, day list, charts), run in the `LedgerReader` worker and, for a close's
// single transaction, on the main connection. Plain rows only: the figures are worked out from them in
// `src/main/day/day-figures.ts`. No import beyond this folder's types (the worker loads it through read-queries).
import type { ReadConnection } from './read-queries'

/** A sale counted on the day. Minor units of `currency`; times ISO 8601. */
export interface DaySaleRow {
  id: string
  currency: string
  processor: string
  amountMinor: bigint
  tipMinor: bigint
  taxMinor: bigint
  discountMinor: bigint
  /** The coin or method the cashier chose, or null. */
  paymentMethod: string | null
  paidAt: string
  receiptNumber: string | null
  /** The closed day it belongs to by time, when it was counted here as a correction. */
  correctsDay: string | null
  /** Its invoice's amount and paid (minor units of `currency`) and qualifier; null without an invoice. */
  invoiceAmountMinor: bigint | null
  invoicePaidMinor: bigint | null
  additionalStatus: string | null
}

/** A sale created on the day (an invoice attempt) and how its invoice stands. */
export interface DayInvoiceRow {
  saleId: string
  state: string
  currency: string
  processor: string
  /** Null while there is no invoice (creating, refused). */
  status: string | null
  amountMinor: bigint | null
  paidMinor: bigint | null
}

/** A payment of an invoice the day's figures need (its sale counted, underpaid, or refunded that day). */
export interface DayPaymentRow {
  saleId: string
  method: string
  /** The coin (`BTC`, `USDT`, …). */
  currency: string
  /** Decimal string in `currency`. */
  amount: string
  status: string
}

/** A payment method of such an invoice with its rate (invoice currency per 1 coin, decimal string). */
export interface DayRateRow {
  saleId: string
  method: string
  currency: string
  rate: string | null
}

/** A refund counted on the day (`sign` 1), or given back on it after its own day was closed (`sign` −1). */
export interface DayRefundRow {
  id: string
  saleId: string
  processor: string
  kind: string
  variant: string | null
  /** Decimal string in `currency` (the refund's own: fiat, BTC or the coin). */
  amount: string
  currency: string
  /** Its value in the sale currency's minor units, when recorded. */
  fiatMinor: bigint | null
  /** Without `fiatMinor` and paid in a coin: the invoice's rate of that coin (sale currency per coin). */
  rate: string | null
  saleCurrency: string
  /** The coin or method the cashier chose for the sale, or null. */
  paymentMethod: string | null
  /** The sale's receipt number. */
  receiptNumber: string | null
  /** Who gave it: the actor of its first audit row, or null. */
  actor: string | null
  createdAt: string
  sign: 1 | -1
  /** The day it belongs to by time (a correction counted here), or for a give-back the closed day it counted on. */
  correctsDay: string | null
  /** When it stopped counting (give-backs only). */
  reversedAt: string | null
}

/** Everything one business day's figures are made of. */
export interface DayRows {
  sales: DaySaleRow[]
  invoices: DayInvoiceRow[]
  payments: DayPaymentRow[]
  rates: DayRateRow[]
  refunds: DayRefundRow[]
}

/** A day and the instants it covers (ISO 8601 as `toISOString` writes them: the ledger's own format). */
export interface DayBounds {
  day: string
  from: string
  to: string
}

const num = (value: bigint | number | null): bigint | null => (value === null ? null : BigInt(value))

/** The sales counted on the day (index `sales_by_business_day`, then each row and its invoice by key). */
function daySales(db: ReadConnection, day: string): DaySaleRow[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.currency, s.processor, s.amount_minor, s.tip_minor, s.tax_minor, s.discount_minor,
          s.payment_method, s.paid_at, s.receipt_number, s.corrects_day,
          i.amount_minor AS invoice_amount, i.paid_minor AS invoice_paid, i.additional_status
        FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
        WHERE s.business_day = ?`
    )
    .all(day) as {
    id: string
    currency: string
    processor: string
    amount_minor: bigint
    tip_minor: bigint
    tax_minor: bigint
    discount_minor: bigint
    payment_method: string | null
    paid_at: string
    receipt_number: string | null
    corrects_day: string | null
    invoice_amount: bigint | null
    invoice_paid: bigint | null
    additional_status: string | null
  }[]
  return rows.map((r) => ({
    id: r.id,
    currency: r.currency,
    processor: r.processor,
    amountMinor: BigInt(r.amount_minor),
    tipMinor: BigInt(r.tip_minor),
    taxMinor: BigInt(r.tax_minor),
    discountMinor: BigInt(r.discount_minor),
    paymentMethod: r.payment_method,
    paidAt: r.paid_at,
    receiptNumber: r.receipt_number,
    correctsDay: r.corrects_day,
    invoiceAmountMinor: num(r.invoice_amount),
    invoicePaidMinor: num(r.invoice_paid),
    additionalStatus: r.additional_status
  }))
}

/** The sales created in [from, to) and their invoices' outcome (index `sales_by_created`). */
function dayInvoices(db: ReadConnection, bounds: DayBounds): DayInvoiceRow[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.state, s.currency, s.processor, i.status, i.amount_minor, i.paid_minor
        FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
        WHERE s.created_at >= ? AND s.created_at < ?`
    )
    .all(bounds.from, bounds.to) as {
    id: string
    state: string
    currency: string
    processor: string
    status: string | null
    amount_minor: bigint | null
    paid_minor: bigint | null
  }[]
  return rows.map((r) => ({
    saleId: r.id,
    state: r.state,
    currency: r.currency,
    processor: r.processor,
    status: r.status,
    amountMinor: num(r.amount_minor),
    paidMinor: num(r.paid_minor)
  }))
}

/** Refunds counted on the day (any state but failed/cancelled), and give-backs of refunds of closed days. */
function dayRefunds(db: ReadConnection, day: string): DayRefundRow[] {
  const columns = `r.id, r.sale_id, r.processor, r.kind, r.variant, r.amount, r.currency, r.fiat_minor,
      s.currency AS sale_currency, s.payment_method, s.receipt_number, r.created_at, r.reversed_at,
      CASE WHEN r.fiat_minor IS NULL AND r.currency <> s.currency THEN
        (SELECT json_extract(m.value, '$.rate') FROM invoices i, json_each(i.data_json, '$.paymentMethods') m
           WHERE i.sale_id = r.sale_id AND json_extract(m.value, '$.currency') = r.currency LIMIT 1) END AS rate,
      (SELECT a.actor FROM audit_log a WHERE a.sale_id = r.sale_id AND a.action LIKE 'refund.%'
         AND json_extract(a.details_json, '$.refundId') = r.id ORDER BY a.seq LIMIT 1) AS actor`
  const rows = db
    .prepare(
      `SELECT ${columns}, 1 AS sign, r.corrects_day AS corrects FROM refunds r JOIN sales s ON s.id = r.sale_id
         WHERE r.business_day = ?1 AND r.state NOT IN ('failed', 'cancelled')
       UNION ALL
       SELECT ${columns}, -1 AS sign, r.business_day AS corrects FROM refunds r JOIN sales s ON s.id = r.sale_id
         WHERE r.reversed_day = ?1`
    )
    .all(day) as {
    id: string
    sale_id: string
    processor: string
    kind: string
    variant: string | null
    amount: string
    currency: string
    fiat_minor: bigint | null
    sale_currency: string
    payment_method: string | null
    receipt_number: string | null
    created_at: string
    reversed_at: string | null
    rate: string | number | null
    actor: string | null
    sign: bigint | number
    corrects: string | null
  }[]
  return rows.map((r) => ({
    id: r.id,
    saleId: r.sale_id,
    processor: r.processor,
    kind: r.kind,
    variant: r.variant,
    amount: r.amount,
    currency: r.currency,
    fiatMinor: num(r.fiat_minor),
    rate: r.rate === null || r.rate === '' ? null : String(r.rate),
    saleCurrency: r.sale_currency,
    paymentMethod: r.payment_method,
    receiptNumber: r.receipt_number,
    actor: r.actor,
    createdAt: r.created_at,
    sign: Number(r.sign) < 0 ? -1 : 1,
    correctsDay: r.corrects,
    reversedAt: r.reversed_at
  }))
}

/**
 * The payments and the payment methods' rates of the given sales' invoices (by the `invoices.sale_id` key, then the
 * payments' primary key; the rates from each invoice's stored JSON).
 */
function paymentsOf(
  db: ReadConnection,
  saleIds: string[]
): { payments: DayPaymentRow[]; rates: DayRateRow[] } {
  const payments: DayPaymentRow[] = []
  const rates: DayRateRow[] = []
  const paymentStatement = db.prepare(
    `SELECT p.method, p.currency, p.amount, p.status FROM invoices i
       JOIN payments p ON p.processor = i.processor AND p.invoice_id = i.id WHERE i.sale_id = ?`
  )
  const rateStatement = db.prepare(
    `SELECT json_extract(m.value, '$.id') AS method, json_extract(m.value, '$.currency') AS currency,
        json_extract(m.value, '$.rate') AS rate
       FROM invoices i, json_each(i.data_json, '$.paymentMethods') m WHERE i.sale_id = ?`
  )
  for (const saleId of saleIds) {
    for (const row of paymentStatement.all(saleId) as Omit<DayPaymentRow, 'saleId'>[]) {
      payments.push({ saleId, ...row })
    }
    for (const row of rateStatement.all(saleId) as {
      method: string | null
      currency: string | null
      rate: string | number | null
    }[]) {
      rates.push({
        saleId,
        method: row.method ?? '',
        currency: row.currency ?? '',
        // A rate stored as a JSON number comes back as a number: keep its text form (never computed with).
        rate: row.rate === null || row.rate === '' ? null : String(row.rate)
      })
    }
  }
  return { payments, rates }
}

/**
 * Everything one business day's figures are made of: its counted sales, the invoices created in its bounds, its
 * refunds and give-backs, and the payments and rates of every invoice among them.
 */
export function dayRows(db: ReadConnection, bounds: DayBounds): DayRows {
  const sales = daySales(db, bounds.day)
  const invoices = dayInvoices(db, bounds)
  const refunds = dayRefunds(db, bounds.day)
  const ids = new Set<string>(sales.map((sale) => sale.id))
  for (const invoice of invoices) {
    if ((invoice.status === 'Expired' || invoice.status === 'Invalid') && (invoice.paidMinor ?? 0n) > 0n) {
      ids.add(invoice.saleId)
    }
  }
  for (const refund of refunds) ids.add(refund.saleId)
  return { sales, invoices, refunds, ...paymentsOf(db, [...ids]) }
}

/** Counted sales of one day in one currency: how many, and their amounts' sum (minor units). */
export interface DaySalesSum {
  day: string
  currency: string
  count: number
  amountMinor: bigint
}

/**
 * For the day list and the 30-day chart: per day in [fromDay, toDay] and currency, the counted sales (from the
 * covering index `sales_by_business_day` alone), and the refunds and give-backs of those days.
 */
export function dayNets(
  db: ReadConnection,
  range: { fromDay: string; toDay: string }
): { sales: DaySalesSum[]; refunds: (DayRefundRow & { day: string })[] } {
  const sales = (
    db
      .prepare(
        `SELECT business_day, currency, count(*) AS n, sum(amount_minor) AS total FROM sales
           WHERE business_day >= ? AND business_day <= ? GROUP BY business_day, currency`
      )
      .all(range.fromDay, range.toDay) as {
      business_day: string
      currency: string
      n: bigint | number
      total: bigint | number
    }[]
  ).map((r) => ({
    day: r.business_day,
    currency: r.currency,
    count: Number(r.n),
    amountMinor: BigInt(r.total)
  }))
  const days = (
    db
      .prepare(
        `SELECT business_day AS day FROM refunds WHERE business_day >= ?1 AND business_day <= ?2
         UNION SELECT reversed_day FROM refunds WHERE reversed_day >= ?1 AND reversed_day <= ?2`
      )
      .all(range.fromDay, range.toDay) as { day: string }[]
  ).map((r) => r.day)
  const refunds = [...new Set(days)].flatMap((day) => dayRefunds(db, day).map((row) => ({ ...row, day })))
  return { sales, refunds }
}
