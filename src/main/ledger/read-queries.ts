// The read-only queries `LedgerReader` runs in its worker, also used on the main thread by the stores. No import
// beyond this folder: the worker loads this file on its own (bundled, or through tsx from source).
import { dayHours, dayNets, dayRows, type DayBounds } from './day-queries'
import { failedChargeWeeks, lapsedCustomers, refundWeeks } from './churn-queries'

/** What a read query needs of a connection: prepared statements returning rows. */
export interface ReadConnection {
  prepare(sql: string): { all(...params: unknown[]): unknown[] }
}

/** Sales paid in a time range in one currency: how many, and their total in the currency's minor units. */
export interface PaidTotal {
  currency: string
  count: number
  totalMinor: bigint
}

/**
 * Number and total (minor units, bigint: SQLite sums integers exactly) of the sales that became paid in
 * [from, to), per currency, in currency order; through the index `sales_by_paid_at`.
 * @param from ISO 8601, included
 * @param to ISO 8601, excluded
 * @throws Error from SQLite when a total exceeds 2⁶³ − 1 minor units (integer overflow)
 */
export function paidTotals(db: ReadConnection, from: string, to: string): PaidTotal[] {
  const rows = db
    .prepare(
      `SELECT currency, count(*) AS n, sum(amount_minor) AS total FROM sales
         WHERE paid_at >= ? AND paid_at < ? GROUP BY currency ORDER BY currency`
    )
    .all(from, to) as { currency: string; n: bigint | number; total: bigint | number }[]
  return rows.map((row) => ({ currency: row.currency, count: Number(row.n), totalMinor: BigInt(row.total) }))
}

/**
 * The queries a `LedgerReader` worker runs, by name: each takes the worker's read-only connection and plain,
 * structured-clonable parameters and returns plain data (bigint allowed). Times are ms since the epoch.
 */
export const READ_QUERIES = {
  /** `paidTotals` over [from, to), ms since the epoch. */
  paidTotals: (db: ReadConnection, range: { from: number; to: number }): PaidTotal[] =>
    paidTotals(db, new Date(range.from).toISOString(), new Date(range.to).toISOString()),
  /** Number and total of every sale in the ledger per currency and state (reports over all time). */
  salesTotals: (
    db: ReadConnection
  ): { currency: string; state: string; count: number; totalMinor: bigint }[] =>
    (
      db
        .prepare(
          `SELECT currency, state, count(*) AS n, sum(amount_minor) AS total FROM sales
             GROUP BY currency, state ORDER BY currency, state`
        )
        .all() as { currency: string; state: string; n: bigint | number; total: bigint | number }[]
    ).map((row) => ({
      currency: row.currency,
      state: row.state,
      count: Number(row.n),
      totalMinor: BigInt(row.total)
    })),
  /** Everything a business day's figures are made of (`day-queries.ts`; the X report). */
  dayRows: (db: ReadConnection, bounds: DayBounds) => dayRows(db, bounds),
  /** Per day in [fromDay, toDay]: counted sales per currency and the refunds (day list, 30-day chart). */
  dayNets: (db: ReadConnection, range: { fromDay: string; toDay: string }) => dayNets(db, range),
  /** A day's sales in one currency by hour since its start (charts). */
  dayHours: (db: ReadConnection, query: { day: string; startMs: number; currency: string }) =>
    dayHours(db, query),
  /** Churn signals (`churn-queries.ts`): lapsed returning customers, failed charges and refunds per week. */
  churnSignals: (db: ReadConnection, query: { now: number; today: string }) => ({
    lapsed: lapsedCustomers(db, query.today),
    failedCharges: failedChargeWeeks(db, query.now),
    refunds: refundWeeks(db, query.now)
  })
} satisfies Record<string, (db: ReadConnection, params: never) => unknown>

/** A query's name. */
export type ReadQueryName = keyof typeof READ_QUERIES
/** What a query takes (besides the connection). */
export type ReadQueryParams<K extends ReadQueryName> = Parameters<(typeof READ_QUERIES)[K]>[1]
/** What a query returns. */
export type ReadQueryResult<K extends ReadQueryName> = ReturnType<(typeof READ_QUERIES)[K]>
