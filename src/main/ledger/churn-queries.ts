// Churn signals (issue 14, docs/customers.md): the arithmetic (pure, table-tested) and the reads the `LedgerReader`
// worker runs. No import beyond this folder (the worker loads it through read-queries).
import type { ReadConnection } from './read-queries'

/** The rules as applied; the view repeats them so the screen can say what a signal means. */
export const CHURN_RULES = {
  /** A returning customer: at least this many visits (distinct business days with a paid sale). */
  minVisits: 3,
  /** Lapsed: days since the last visit > lapseFactor × the median gap between visits. */
  lapseFactor: 2,
  /** A refund spike: the week's rate > spikeFactor × the mean of the 4 weeks before … */
  spikeFactor: 2,
  /** … with at least this many refunds in the week (a single refund in a quiet week is no spike). */
  spikeMinRefunds: 3,
  /** Weeks shown (rolling 7-day windows ending now). */
  weeks: 8
} as const

/** Weeks of history behind each week's trailing mean. */
export const TRAILING_WEEKS = 4
/** Most lapsed customers listed (the most overdue first); most sale ids carried per week. */
export const LAPSED_LIMIT = 200
export const IDS_PER_WEEK = 50
const WEEK_MS = 7 * 86_400_000

/** The signals' SQL (the benchmark prints each one's plan). */
export const CHURN_SQL = {
  /**
   * Lapsed returning customers from `customer_stats` (kept by `CustomerStore.refreshStats`): ?1 min visits, ?2 today
   * as a day number, ?3 the lapse factor; the same rule as `lapsedVisit`.
   */
  lapsed: `SELECT customer_id, visits, last_visit, usual_gap, ?2 - last_day AS days_since FROM customer_stats
      WHERE visits >= ?1 AND usual_gap > 0 AND ?2 - last_day > ?3 * usual_gap`,
  /** Sales rung up in [from, to): a count over the index `sales_by_created` alone. */
  weekSales: 'SELECT count(*) AS n FROM sales WHERE created_at >= ? AND created_at < ?',
  /** Of them, expired and cancelled, by state, on the partial index `sales_unpaid_by_created`. */
  weekUnpaid: `SELECT state, count(*) AS n FROM sales INDEXED BY sales_unpaid_by_created
      WHERE created_at >= ? AND created_at < ? AND state IN ('expired', 'cancelled') GROUP BY state`,
  weekFailedIds: `SELECT id FROM sales INDEXED BY sales_unpaid_by_created
      WHERE created_at >= ? AND created_at < ? AND state IN ('expired', 'cancelled')
      ORDER BY created_at DESC LIMIT ${IDS_PER_WEEK}`,
  weekPaid: 'SELECT count(*) AS n FROM sales WHERE paid_at >= ? AND paid_at < ?',
  refunds: `SELECT created_at, sale_id FROM refunds
      WHERE created_at >= ? AND created_at < ? AND state NOT IN ('cancelled', 'failed') ORDER BY created_at DESC`
} as const

/** Days since 1970-01-01 of a business day `yyyy-mm-dd`. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000)
}

/**
 * The median of the gaps between consecutive visits, in days (mean of the two middle gaps for an even count).
 * @param days visit days as day numbers, ascending, distinct
 * @returns null with fewer than 2 visits
 */
export function medianGap(days: readonly number[]): number | null {
  if (days.length < 2) return null
  const gaps = days
    .slice(1)
    .map((day, i) => day - days[i]!)
    .sort((a, b) => a - b)
  const middle = gaps.length >> 1
  return gaps.length % 2 === 1 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2
}

/**
 * Whether a customer's usual interval has lapsed: at least `minVisits` visits and `today − last visit` greater
 * than `lapseFactor × median gap`.
 * @param days visit days (day numbers), ascending, distinct
 * @param today today's business day as a day number
 * @returns the usual interval and days since, or null when not lapsed (or not a returning customer)
 */
export function lapsedVisit(
  days: readonly number[],
  today: number,
  rules: { minVisits: number; lapseFactor: number } = CHURN_RULES
): { usualIntervalDays: number; daysSince: number } | null {
  if (days.length < rules.minVisits) return null
  const usual = medianGap(days)
  if (usual === null || usual <= 0) return null
  const daysSince = today - days[days.length - 1]!
  return daysSince > rules.lapseFactor * usual ? { usualIntervalDays: usual, daysSince } : null
}

/** `part / whole` as a decimal string with 4 places (`"0.0312"`), rounded half up; `"0.0000"` when whole is 0. */
export function rateText(part: number, whole: number): string {
  if (whole <= 0) return '0.0000'
  const tenThousandths = Math.floor((part * 20000) / whole + 1) >> 1
  const whole4 = String(tenThousandths).padStart(5, '0')
  return `${whole4.slice(0, -4)}.${whole4.slice(-4)}`
}

/** One week's refunds against its paid sales. */
export interface RefundCounts {
  paidSales: number
  refunds: number
}

/**
 * Flag refund spikes: for each week from the `trailing`-th on, its rate (refunds / paid sales) against the mean
 * rate of the `trailing` weeks before it (weeks without paid sales left out of the mean). A spike: at least
 * `spikeMinRefunds` refunds and a rate above `spikeFactor × mean`, or any rate when the mean is 0 (or none).
 * @param weeks oldest first, `trailing` weeks of history then the weeks judged
 * @returns one entry per judged week: rate and mean as exact fractions' decimal text (4 places), the flag
 */
export function refundSpikes(
  weeks: readonly RefundCounts[],
  trailing = TRAILING_WEEKS,
  rules: { spikeFactor: number; spikeMinRefunds: number } = CHURN_RULES
): { rate: string; trailingMean: string | null; spike: boolean }[] {
  const rate = (week: RefundCounts): number => (week.paidSales > 0 ? week.refunds / week.paidSales : 0)
  return weeks.slice(trailing).map((week, i) => {
    const before = weeks.slice(i, i + trailing).filter((w) => w.paidSales > 0)
    const mean = before.length ? before.reduce((sum, w) => sum + rate(w), 0) / before.length : null
    const spike =
      week.refunds >= rules.spikeMinRefunds &&
      week.paidSales > 0 &&
      (mean === null || mean === 0 || rate(week) > rules.spikeFactor * mean)
    return {
      rate: rateText(week.refunds, week.paidSales),
      trailingMean: mean === null ? null : rateText(Math.round(mean * 1e6), 1e6),
      spike
    }
  })
}

/** A lapsed customer as the worker returns it (labels are read on the main thread). */
export interface LapsedRow {
  customerId: string
  visits: number
  lastVisit: string
  usualIntervalDays: number
  daysSince: number
}

/**
 * Returning customers whose usual interval lapsed, most overdue (days since / usual interval) first, at most
 * `LAPSED_LIMIT`, and how many there are: one pass over `customer_stats` (one row per customer with a visit).
 * @param today the current business day `yyyy-mm-dd`
 */
export function lapsedCustomers(db: ReadConnection, today: string): { rows: LapsedRow[]; total: number } {
  const rows = db
    .prepare(CHURN_SQL.lapsed)
    .all(CHURN_RULES.minVisits, dayNumber(today), CHURN_RULES.lapseFactor) as {
    customer_id: string
    visits: bigint | number
    last_visit: string
    usual_gap: number
    days_since: bigint | number
  }[]
  const found: LapsedRow[] = rows.map((row) => ({
    customerId: row.customer_id,
    visits: Number(row.visits),
    lastVisit: row.last_visit,
    usualIntervalDays: Number(row.usual_gap),
    daysSince: Number(row.days_since)
  }))
  found.sort((a, b) => b.daysSince / b.usualIntervalDays - a.daysSince / a.usualIntervalDays)
  return { rows: found.slice(0, LAPSED_LIMIT), total: found.length }
}

/** Week bounds, oldest first: `count` rolling 7-day windows ending at `now` (ms). */
export function weekBounds(now: number, count: number): { from: number; to: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    from: now - (count - i) * WEEK_MS,
    to: now - (count - 1 - i) * WEEK_MS
  }))
}

/** Sales rung up per week, and those that expired or were cancelled (abandoned), with their ids. */
export function failedChargeWeeks(
  db: ReadConnection,
  now: number
): { from: number; to: number; sales: number; expired: number; abandoned: number; saleIds: string[] }[] {
  const total = db.prepare(CHURN_SQL.weekSales)
  const unpaid = db.prepare(CHURN_SQL.weekUnpaid)
  const ids = db.prepare(CHURN_SQL.weekFailedIds)
  return weekBounds(now, CHURN_RULES.weeks).map(({ from, to }) => {
    const range = [new Date(from).toISOString(), new Date(to).toISOString()]
    const byState = new Map(
      (unpaid.all(...range) as { state: string; n: bigint | number }[]).map((row) => [
        row.state,
        Number(row.n)
      ])
    )
    const sales = Number((total.all(...range)[0] as { n: bigint | number }).n)
    const expired = byState.get('expired') ?? 0
    const abandoned = byState.get('cancelled') ?? 0
    return {
      from,
      to,
      sales,
      expired,
      abandoned,
      saleIds: expired + abandoned > 0 ? (ids.all(...range) as { id: string }[]).map((row) => row.id) : []
    }
  })
}

/**
 * Refunds and paid sales per week for the last 8 weeks and the 4 before them (the trailing mean), oldest first.
 * Paid sales by `paid_at` (index `sales_by_paid_at`); refunds by when asked for, cancelled and failed ones left out.
 */
export function refundWeeks(
  db: ReadConnection,
  now: number
): { from: number; to: number; paidSales: number; refunds: number; saleIds: string[] }[] {
  const bounds = weekBounds(now, CHURN_RULES.weeks + TRAILING_WEEKS)
  const paid = db.prepare(CHURN_SQL.weekPaid)
  const refunds = db
    .prepare(CHURN_SQL.refunds)
    .all(new Date(bounds[0]!.from).toISOString(), new Date(now).toISOString()) as {
    created_at: string
    sale_id: string
  }[]
  return bounds.map(({ from, to }) => {
    const range = [new Date(from).toISOString(), new Date(to).toISOString()] as const
    const inWeek = refunds.filter((row) => row.created_at >= range[0] && row.created_at < range[1])
    const row = paid.all(...range)[0] as { n: bigint | number }
    return {
      from,
      to,
      paidSales: Number(row.n),
      refunds: inWeek.length,
      saleIds: [...new Set(inWeek.map((r) => r.sale_id))].slice(0, IDS_PER_WEEK)
    }
  })
}
