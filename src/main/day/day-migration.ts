import type { Db } from '../ledger/database'
import { readBusinessDaySettings, businessDayRule } from '../settings/business-day-settings'
import { addDays, businessDayOf, businessDayRange, type BusinessDayRule } from './business-day'

/**
 * The owner's day (issue 13): which business day each paid sale and each refund counts on, the closed days, and the
 * indexes the day queries need at 10⁶ sales.
 *
 * - `sales.business_day` (`yyyy-mm-dd`): the day the sale counts on, given in the transaction that makes it paid;
 *   `sales.corrects_day`: the closed day it belongs to by time when it was moved to the next open day (a
 *   correction), else NULL.
 * - `refunds.business_day`, `refunds.corrects_day`: the same for a refund, given when its money is committed (any
 *   state but `failed`/`cancelled`); `refunds.reversed_day`, `refunds.reversed_at`: a counted refund that later
 *   failed or was cancelled after its day was closed is given back on this (the next open) day.
 * - `day_closes`: one row per closed day, who closed it and when, the figures and corrections frozen as JSON.
 * - `sales_by_business_day` covers the day list's sums (no table reads); `sales_corrections` finds a day's
 *   corrections; `audit_log_by_sale` finds who gave a refund (and every `auditFor(saleId)`) without reading the
 *   whole log.
 *
 * Sales already paid and refunds already counted get their day now, by the business-day setting in effect.
 */
export function businessDaysAndCloses(db: Db): void {
  db.exec(`
  ALTER TABLE sales ADD COLUMN business_day TEXT;
  ALTER TABLE sales ADD COLUMN corrects_day TEXT;
  ALTER TABLE refunds ADD COLUMN business_day TEXT;
  ALTER TABLE refunds ADD COLUMN corrects_day TEXT;
  ALTER TABLE refunds ADD COLUMN reversed_day TEXT;
  ALTER TABLE refunds ADD COLUMN reversed_at TEXT;
  CREATE TABLE day_closes (
    day TEXT PRIMARY KEY,
    closed_at TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    start_hour INTEGER NOT NULL,
    from_at TEXT NOT NULL,
    to_at TEXT NOT NULL,
    figures_json TEXT NOT NULL,
    corrections_json TEXT NOT NULL
  ) WITHOUT ROWID;
  `)
  const stored = db.prepare('SELECT value FROM settings WHERE key = ?').get('businessDay') as
    { value: string } | undefined
  backfillBusinessDays(db, businessDayRule(readBusinessDaySettings(stored?.value ?? null)))
  // Indexes after the backfill: filling an indexed column row by row costs more than building the index once.
  db.exec(`
  CREATE INDEX sales_by_business_day ON sales
    (business_day, currency, processor, amount_minor, tip_minor, tax_minor, discount_minor)
    WHERE business_day IS NOT NULL;
  CREATE INDEX sales_corrections ON sales (business_day) WHERE corrects_day IS NOT NULL;
  CREATE INDEX refunds_by_business_day ON refunds (business_day) WHERE business_day IS NOT NULL;
  CREATE INDEX refunds_by_reversed_day ON refunds (reversed_day) WHERE reversed_day IS NOT NULL;
  CREATE INDEX audit_log_by_sale ON audit_log (sale_id, seq) WHERE sale_id IS NOT NULL;
  `)
}

/**
 * Give every paid sale without a business day the day its `paid_at` falls in, and every counted refund the day of
 * its `created_at`, by `rule` (no day is closed yet when this runs). Sales go one day range at a time through the
 * index on `paid_at` (an update per day, not per sale).
 * @returns how many sales and refunds got a day
 */
export function backfillBusinessDays(db: Db, rule: BusinessDayRule): { sales: number; refunds: number } {
  const bounds = db
    .prepare('SELECT min(paid_at) AS first, max(paid_at) AS last FROM sales WHERE paid_at IS NOT NULL')
    .get() as { first: string | null; last: string | null }
  let sales = 0
  if (bounds.first !== null && bounds.last !== null) {
    const update = db.prepare(
      `UPDATE sales SET business_day = ? WHERE paid_at >= ? AND paid_at < ? AND business_day IS NULL`
    )
    const lastDay = businessDayOf(bounds.last, rule)
    for (let day = businessDayOf(bounds.first, rule); day <= lastDay; day = addDays(day, 1)) {
      const range = businessDayRange(day, rule)
      // paid_at is written by toISOString (milliseconds, `Z`): compare with bounds written the same way.
      const { changes } = update.run(
        day,
        new Date(range.fromMs).toISOString(),
        new Date(range.toMs).toISOString()
      )
      sales += Number(changes)
    }
  }
  const refunds = db
    .prepare(
      `SELECT id, created_at FROM refunds
         WHERE business_day IS NULL AND state NOT IN ('failed', 'cancelled')`
    )
    .all() as { id: string; created_at: string }[]
  const setRefund = db.prepare('UPDATE refunds SET business_day = ? WHERE id = ?')
  for (const refund of refunds) setRefund.run(businessDayOf(refund.created_at, rule), refund.id)
  return { sales, refunds: refunds.length }
}
