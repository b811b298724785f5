// The day close's read queries (X report, day list, charts), run in the `LedgerReader` worker and, for a close's
// single transaction, on the main connection. SQLite sums what it can exactly (integer minor units and sats, grouped
// per currency, processor and payment method), so a day of thousands of sales comes back as a few dozen rows; only
// what needs decimal arithmetic comes back per row: sales paid through several methods, payments in coins other
// than BTC, underpaid invoices, refunds and corrections. The figures are worked out in `src/main/day/day-figures.ts`.
// No import beyond this folder (the worker loads it through read-queries).
import type { ReadConnection } from './read-queries'

/** Sales counted on the day, paid through at most one payment method, summed per group. Minor units. */
export interface DaySaleGroup {
  currency: string
  processor: string
  /** The raw method id of the payments (`BTC-CHAIN`, `BTC`, `LTC`, …), or null without a payment. */
  method: string | null
  /** The payments' coin (`BTC`, `USDT`, …), or null without a payment. */
  coin: string | null
  /** The method the cashier chose (used when no payment is recorded). */
  chosenMethod: string | null
  count: number
  amountMinor: bigint
  tipMinor: bigint
  taxMinor: bigint
  discountMinor: bigint
  /** Paid over the invoice amount, summed over sales that were overpaid. */
  overpaidMinor: bigint
  /** What the invoices show paid (fiat at each invoice's rate). */
  paidMinor: bigint
  /** BTC payments in satoshis (null when none). */
  sats: bigint | null
}

/** A sale counted on the day (those paid through several methods, and corrections). Minor units; ISO 8601. */
export interface DaySaleRow {
  id: string
  currency: string
  processor: string
  amountMinor: bigint
  tipMinor: bigint
  taxMinor: bigint
  discountMinor: bigint
  paymentMethod: string | null
  paidAt: string
  receiptNumber: string | null
  /** The closed day it belongs to by time, when it was counted here as a correction. */
  correctsDay: string | null
  /** Its invoice's amount and paid (minor units of `currency`); null without an invoice. */
  invoiceAmountMinor: bigint | null
  invoicePaidMinor: bigint | null
}

/** A payment in a coin other than BTC of a grouped sale (SQLite lists their amounts), for exact sums in the coin. */
export interface DayCoinPaymentRow {
  method: string
  /** The coin (`USDT`, `LTC`). */
  coin: string
  /** Decimal string in the coin. */
  amount: string
}

/** How many invoices created on the day stand where (`status` null: no invoice yet or refused). */
export interface DayOutcomeRow {
  state: string
  status: string | null
  count: number
}

/** An invoice created on the day that ended underpaid (expired or invalid with a partial payment). */
export interface DayUnderpaidRow {
  saleId: string
  currency: string
  processor: string
  paymentMethod: string | null
  amountMinor: bigint
  paidMinor: bigint
}

/** A payment of an invoice the figures read one by one. */
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

/** A failed charge whose payment request was paid and counts on the day (`recovery_items.recovered_day`). */
export interface DayRecoveryRow {
  itemId: string
  saleId: string
  receiptNumber: string | null
  /** ISO 8601: when the original sale was made (its business day is the caller's to work out). */
  saleCreatedAt: string
  /** ISO 8601: when the request was seen paid. */
  at: string
  currency: string
  /** What the request brought, minor units of `currency`. */
  amountMinor: bigint
}

/** Everything one business day's figures are made of. */
export interface DayRows {
  groups: DaySaleGroup[]
  /** Sales paid through several methods, one by one. */
  splitSales: DaySaleRow[]
  coinPayments: DayCoinPaymentRow[]
  /** Sales counted here whose own day was closed. */
  corrections: DaySaleRow[]
  outcomes: DayOutcomeRow[]
  /** Sales created on the day and still being created. */
  creating: string[]
  underpaid: DayUnderpaidRow[]
  refunds: DayRefundRow[]
  /** Payments and rates of the split sales, the underpaid invoices and the refunded sales. */
  payments: DayPaymentRow[]
  rates: DayRateRow[]
  /** Failed charges recovered on the day: apart from its own sales (not in totals or net). */
  recoveries: DayRecoveryRow[]
}

/** A day and the instants it covers (ISO 8601 as `toISOString` writes them: the ledger's own format). */
export interface DayBounds {
  day: string
  from: string
  to: string
}

const SALE_COLUMNS = `s.id, s.currency, s.processor, s.amount_minor, s.tip_minor, s.tax_minor, s.discount_minor,
   s.payment_method, s.paid_at, s.receipt_number, s.corrects_day,
   i.amount_minor AS invoice_amount, i.paid_minor AS invoice_paid`

const REFUND_COLUMNS = `r.id, r.sale_id, r.processor, r.kind, r.variant, r.amount, r.currency, r.fiat_minor,
   s.currency AS sale_currency, s.payment_method, s.receipt_number, r.created_at, r.reversed_at,
   CASE WHEN r.fiat_minor IS NULL AND r.currency <> s.currency THEN
     (SELECT json_extract(m.value, '$.rate') FROM invoices i, json_each(i.data_json, '$.paymentMethods') m
        WHERE i.sale_id = r.sale_id AND json_extract(m.value, '$.currency') = r.currency LIMIT 1) END AS rate,
   (SELECT a.actor FROM audit_log a WHERE a.sale_id = r.sale_id AND a.action LIKE 'refund.%'
      AND json_extract(a.details_json, '$.refundId') = r.id ORDER BY a.seq LIMIT 1) AS actor`

/**
 * The day close's SQL, by name (the benchmark prints each one's `EXPLAIN QUERY PLAN`; a test checks they search
 * indexes). `?1` is the day (`yyyy-mm-dd`); `outcomes`, `creating`, `underpaid` take the day's bounds [from, to);
 * `byHour` the day, its start in Unix seconds and a currency; `salesPerDay`/`refundDays` a range of days;
 * `payments` and `rates` a sale id.
 */
export const DAY_SQL = {
  /**
   * Sales counted on a day in one pass (the index `sales_by_business_day`, each invoice and its valid payments by
   * key): each sale once with its payments (`per`), then those paid through at most one method summed per
   * currency, processor, chosen method, method and coin (`split` 0; other coins' amounts listed for exact sums),
   * and those paid through several methods one by one (`split` 1).
   */
  sales: `WITH per AS MATERIALIZED (
       SELECT s.id, s.currency, s.processor, s.payment_method, s.amount_minor, s.tip_minor, s.tax_minor,
         s.discount_minor, s.paid_at, s.receipt_number, s.corrects_day, i.paid_minor AS paid, i.amount_minor AS due,
         min(p.method) AS method, min(p.currency) AS coin, count(DISTINCT p.method) AS methods,
         sum(CASE WHEN p.currency = 'BTC' THEN p.amount_sats END) AS sats,
         group_concat(CASE WHEN p.currency <> 'BTC' THEN p.amount END, ' ') AS coin_amounts
       FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
         LEFT JOIN payments p ON p.processor = i.processor AND p.invoice_id = i.id AND p.status <> 'Invalid'
       WHERE s.business_day = ?1 GROUP BY s.rowid)
     SELECT 0 AS split, NULL AS id, currency, processor, payment_method, method, coin, count(*) AS n,
       sum(amount_minor) AS amount, sum(tip_minor) AS tips, sum(tax_minor) AS tax, sum(discount_minor) AS discounts,
       sum(max(coalesce(paid, 0) - coalesce(due, 0), 0)) AS overpaid, sum(coalesce(paid, 0)) AS paid,
       sum(sats) AS sats, group_concat(coin_amounts, ' ') AS coin_amounts, NULL AS paid_at, NULL AS receipt_number,
       NULL AS corrects_day, NULL AS invoice_amount, NULL AS invoice_paid
     FROM per WHERE methods <= 1 GROUP BY currency, processor, payment_method, method, coin
     UNION ALL
     SELECT 1, id, currency, processor, payment_method, method, coin, 1, amount_minor, tip_minor, tax_minor,
       discount_minor, NULL, NULL, sats, coin_amounts, paid_at, receipt_number, corrects_day, due, paid
     FROM per WHERE methods > 1`,
  /** Corrections counted on a day: the partial index `sales_corrections`. */
  corrections: `SELECT ${SALE_COLUMNS} FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
     WHERE s.business_day = ?1 AND s.corrects_day IS NOT NULL`,
  /** Invoices created in [from, to) by how they stand: `sales_by_created`. */
  outcomes: `SELECT s.state, i.status, count(*) AS n FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
     WHERE s.created_at >= ?1 AND s.created_at < ?2 GROUP BY s.state, i.status`,
  /** Sales created in [from, to) still being created: `sales_creating`. */
  creating: `SELECT id FROM sales WHERE state = 'creating' AND created_at >= ?1 AND created_at < ?2`,
  /** Invoices created in [from, to) that ended underpaid. */
  underpaid: `SELECT s.id, s.currency, s.processor, s.payment_method, i.amount_minor, i.paid_minor
     FROM sales s JOIN invoices i ON i.sale_id = s.id
     WHERE s.created_at >= ?1 AND s.created_at < ?2 AND i.status IN ('Expired', 'Invalid')
       AND i.paid_minor > 0 AND i.paid_minor < i.amount_minor`,
  /** Refunds counted on a day and give-backs: `refunds_by_business_day`, `refunds_by_reversed_day`. */
  refunds: `SELECT ${REFUND_COLUMNS}, 1 AS sign, r.corrects_day AS corrects
       FROM refunds r JOIN sales s ON s.id = r.sale_id
       WHERE r.business_day = ?1 AND r.state NOT IN ('failed', 'cancelled')
     UNION ALL
     SELECT ${REFUND_COLUMNS}, -1 AS sign, r.business_day AS corrects
       FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE r.reversed_day = ?1`,
  /** A sale's payments: its invoice by `sale_id`, the payments by primary key. */
  payments: `SELECT p.method, p.currency, p.amount, p.status FROM invoices i
     JOIN payments p ON p.processor = i.processor AND p.invoice_id = i.id WHERE i.sale_id = ?1`,
  /** A sale's payment methods with their rates, from its invoice's JSON. */
  rates: `SELECT json_extract(m.value, '$.id') AS method, json_extract(m.value, '$.currency') AS currency,
       json_extract(m.value, '$.rate') AS rate
     FROM invoices i, json_each(i.data_json, '$.paymentMethods') m WHERE i.sale_id = ?1`,
  /** Sales of a day in one currency per hour since the day's start (Unix seconds). */
  byHour: `SELECT (CAST(strftime('%s', paid_at) AS INTEGER) - CAST(?2 AS INTEGER)) / 3600 AS hour, count(*) AS n,
       sum(amount_minor) AS amount
     FROM sales WHERE business_day = ?1 AND currency = ?3 GROUP BY hour`,
  /** Counted sales per day and currency over a range: the covering index alone. */
  salesPerDay: `SELECT business_day, currency, count(*) AS n, sum(amount_minor) AS total FROM sales
     WHERE business_day >= ?1 AND business_day <= ?2 GROUP BY business_day, currency`,
  /** Failed charges recovered on a day by a paid payment request: the partial index `recovery_items_by_day`. */
  recoveries: `SELECT r.id, r.sale_id, s.receipt_number, s.created_at, r.recovered_at, r.currency, r.recovered_minor
     FROM recovery_items r JOIN sales s ON s.id = r.sale_id
     WHERE r.recovered_day = ?1 AND r.recovered_minor IS NOT NULL ORDER BY r.recovered_at, r.id`,
  /** Days of a range with refunds or give-backs. */
  refundDays: `SELECT business_day AS day FROM refunds WHERE business_day >= ?1 AND business_day <= ?2
     UNION SELECT reversed_day FROM refunds WHERE reversed_day >= ?1 AND reversed_day <= ?2`
} as const

type Int = bigint | number
const big = (value: Int | null): bigint => (value === null ? 0n : BigInt(value))
const bigOrNull = (value: Int | null): bigint | null => (value === null ? null : BigInt(value))
const text = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value)

interface SaleRowRaw {
  id: string
  currency: string
  processor: string
  amount_minor: Int
  tip_minor: Int
  tax_minor: Int
  discount_minor: Int
  payment_method: string | null
  paid_at: string
  receipt_number: string | null
  corrects_day: string | null
  invoice_amount: Int | null
  invoice_paid: Int | null
}

function toSaleRow(r: SaleRowRaw): DaySaleRow {
  return {
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
    invoiceAmountMinor: bigOrNull(r.invoice_amount),
    invoicePaidMinor: bigOrNull(r.invoice_paid)
  }
}

/** Refunds counted on the day (any state but failed/cancelled), and give-backs of refunds of closed days. */
function dayRefunds(db: ReadConnection, day: string): DayRefundRow[] {
  const rows = db.prepare(DAY_SQL.refunds).all(day) as {
    id: string
    sale_id: string
    processor: string
    kind: string
    variant: string | null
    amount: string
    currency: string
    fiat_minor: Int | null
    sale_currency: string
    payment_method: string | null
    receipt_number: string | null
    created_at: string
    reversed_at: string | null
    rate: unknown
    actor: string | null
    sign: Int
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
    fiatMinor: bigOrNull(r.fiat_minor),
    // A rate stored as a JSON number comes back as a number: its text form is kept (never computed as a float).
    rate: text(r.rate),
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

/** The payments and payment-method rates of the given sales' invoices, sale by sale. */
function paymentsOf(
  db: ReadConnection,
  saleIds: Iterable<string>
): { payments: DayPaymentRow[]; rates: DayRateRow[] } {
  const payments: DayPaymentRow[] = []
  const rates: DayRateRow[] = []
  const paymentStatement = db.prepare(DAY_SQL.payments)
  const rateStatement = db.prepare(DAY_SQL.rates)
  for (const saleId of saleIds) {
    for (const row of paymentStatement.all(saleId) as Omit<DayPaymentRow, 'saleId'>[]) {
      payments.push({ saleId, ...row })
    }
    for (const row of rateStatement.all(saleId) as { method: unknown; currency: unknown; rate: unknown }[]) {
      rates.push({
        saleId,
        method: text(row.method) ?? '',
        currency: text(row.currency) ?? '',
        rate: text(row.rate)
      })
    }
  }
  return { payments, rates }
}

/** Everything one business day's figures are made of (see `DayRows`). */
export function dayRows(db: ReadConnection, bounds: DayBounds): DayRows {
  const rows = db.prepare(DAY_SQL.sales).all(bounds.day) as (SaleRowRaw & {
    split: Int
    method: string | null
    coin: string | null
    n: Int
    amount: Int
    tips: Int
    tax: Int
    discounts: Int
    overpaid: Int | null
    paid: Int | null
    sats: Int | null
    coin_amounts: string | null
  })[]
  const groups: DaySaleGroup[] = []
  const splitSales: DaySaleRow[] = []
  const coinPayments: DayCoinPaymentRow[] = []
  for (const r of rows) {
    if (Number(r.split) === 1) {
      splitSales.push(
        toSaleRow({
          ...r,
          amount_minor: r.amount,
          tip_minor: r.tips,
          tax_minor: r.tax,
          discount_minor: r.discounts
        })
      )
      continue
    }
    groups.push({
      currency: r.currency,
      processor: r.processor,
      method: r.method,
      coin: r.coin,
      chosenMethod: r.payment_method,
      count: Number(r.n),
      amountMinor: big(r.amount),
      tipMinor: big(r.tips),
      taxMinor: big(r.tax),
      discountMinor: big(r.discounts),
      overpaidMinor: big(r.overpaid),
      paidMinor: big(r.paid),
      sats: bigOrNull(r.sats)
    })
    for (const amount of r.coin_amounts?.split(' ') ?? []) {
      if (amount) coinPayments.push({ method: r.method ?? '', coin: r.coin ?? '', amount })
    }
  }
  const corrections = (db.prepare(DAY_SQL.corrections).all(bounds.day) as SaleRowRaw[]).map(toSaleRow)
  const outcomes = (
    db.prepare(DAY_SQL.outcomes).all(bounds.from, bounds.to) as {
      state: string
      status: string | null
      n: Int
    }[]
  ).map((r) => ({ state: r.state, status: r.status, count: Number(r.n) }))
  const creating = (db.prepare(DAY_SQL.creating).all(bounds.from, bounds.to) as { id: string }[]).map(
    (r) => r.id
  )
  const underpaid = (
    db.prepare(DAY_SQL.underpaid).all(bounds.from, bounds.to) as {
      id: string
      currency: string
      processor: string
      payment_method: string | null
      amount_minor: Int
      paid_minor: Int
    }[]
  ).map((r) => ({
    saleId: r.id,
    currency: r.currency,
    processor: r.processor,
    paymentMethod: r.payment_method,
    amountMinor: BigInt(r.amount_minor),
    paidMinor: BigInt(r.paid_minor)
  }))
  const refunds = dayRefunds(db, bounds.day)
  const ids = new Set<string>([
    ...splitSales.map((sale) => sale.id),
    ...underpaid.map((invoice) => invoice.saleId),
    ...refunds.map((refund) => refund.saleId)
  ])
  return {
    groups,
    splitSales,
    coinPayments,
    corrections,
    outcomes,
    creating,
    underpaid,
    refunds,
    ...paymentsOf(db, ids),
    recoveries: dayRecoveries(db, bounds.day)
  }
}

/** Failed charges recovered on `day` (see `DayRecoveryRow`), in the order they were paid. */
function dayRecoveries(db: ReadConnection, day: string): DayRecoveryRow[] {
  const rows = db.prepare(DAY_SQL.recoveries).all(day) as {
    id: string
    sale_id: string
    receipt_number: string | null
    created_at: string
    recovered_at: string
    currency: string
    recovered_minor: Int
  }[]
  return rows.map((r) => ({
    itemId: r.id,
    saleId: r.sale_id,
    receiptNumber: r.receipt_number,
    saleCreatedAt: r.created_at,
    at: r.recovered_at,
    currency: r.currency,
    amountMinor: BigInt(r.recovered_minor)
  }))
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
    db.prepare(DAY_SQL.salesPerDay).all(range.fromDay, range.toDay) as {
      business_day: string
      currency: string
      n: Int
      total: Int
    }[]
  ).map((r) => ({
    day: r.business_day,
    currency: r.currency,
    count: Number(r.n),
    amountMinor: BigInt(r.total)
  }))
  const days = (db.prepare(DAY_SQL.refundDays).all(range.fromDay, range.toDay) as { day: string }[]).map(
    (r) => r.day
  )
  const refunds = [...new Set(days)].flatMap((day) => dayRefunds(db, day).map((row) => ({ ...row, day })))
  return { sales, refunds }
}

/**
 * Sales of a day in one currency by hour since its start (hour 0 is the first; a correction paid during an
 * earlier closed day is counted in hour 0).
 * @param startMs the day's start, ms since the epoch (a whole second)
 */
export function dayHours(
  db: ReadConnection,
  query: { day: string; startMs: number; currency: string }
): { hour: number; count: number; amountMinor: bigint }[] {
  const rows = db
    .prepare(DAY_SQL.byHour)
    .all(query.day, Math.floor(query.startMs / 1000), query.currency) as { hour: Int; n: Int; amount: Int }[]
  return rows.map((r) => ({
    hour: Math.max(0, Number(r.hour)),
    count: Number(r.n),
    amountMinor: BigInt(r.amount)
  }))
}
