import { businessDayOf, type BusinessDayRule } from '../day/business-day'
import { statementCache, type Db } from '../ledger/database'

/** The till id when Settings names none (h-cart's `SettingsView.till.tillId` default). */
export const DEFAULT_TILL_ID = 'T1'

/** The OS's IANA time zone (`Europe/Berlin`): the shop's business day follows it. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/**
 * The business day of an instant as `yyyymmdd`: its local calendar day in the zone, less one before the start hour
 * (`src/main/day/business-day.ts`).
 * @param at ISO 8601 instant (`2026-11-28T23:30:00Z`)
 * @param rule the store's business day, or an IANA zone alone (start hour 0): `Europe/Berlin` → `20261129` above
 * @throws RangeError on a malformed instant or unknown zone
 */
export function businessDay(at: string, rule: string | BusinessDayRule): string {
  const day = businessDayOf(at, typeof rule === 'string' ? { timeZone: rule, startHour: 0 } : rule)
  return day.replace(/-/g, '')
}

/** `<till>-<yyyymmdd>-<n>`, e.g. `T1-20261128-42`. */
export function formatReceiptNumber(tillId: string, day: string, sequence: number | bigint): string {
  return `${tillId}-${day}-${sequence}`
}

/**
 * This till's id from the settings store: h-cart keeps the till settings as JSON under `till` (`{tillId}`); a
 * plain `tillId` key is read too; else `T1`. Only letters, digits, `_` and `.` are kept, so the number stays one
 * searchable word-group.
 */
export function tillIdFrom(getSetting: (key: string) => string | null): string {
  let id: unknown = null
  const till = getSetting('till')
  if (till) {
    try {
      id = (JSON.parse(till) as { tillId?: unknown }).tillId
    } catch {
      id = null
    }
  }
  if (typeof id !== 'string' || !id.trim()) id = getSetting('tillId')
  const clean = typeof id === 'string' ? id.trim().replace(/[^\p{L}\p{N}_.]/gu, '') : ''
  return clean || DEFAULT_TILL_ID
}

/**
 * Receipt numbers in the ledger: `receipt_counters` (one row per till and business day, the last number given) and
 * `sales.receipt_number` (unique). Run inside the transaction that makes a sale paid, so a number is given exactly
 * once and never reused: the counter and the sale commit together or not at all.
 */
export class ReceiptNumbers {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /**
   * Give the sale its receipt number if it has none.
   * @param paidAt ISO 8601, when it became paid (its business day is taken by `rule`)
   * @param rule the store's business day (zone and start hour), or a zone alone (start hour 0)
   * @returns the number given now, or null when the sale already had one (or does not exist)
   */
  assign(saleId: string, paidAt: string, tillId: string, rule: string | BusinessDayRule): string | null {
    const row = this.stmt('SELECT receipt_number FROM sales WHERE id = ?').get(saleId) as
      { receipt_number: string | null } | undefined
    if (!row || row.receipt_number !== null) return null
    const day = businessDay(paidAt, rule)
    const next = this.stmt(
      `INSERT INTO receipt_counters (till, day, last) VALUES (?, ?, 1)
         ON CONFLICT (till, day) DO UPDATE SET last = last + 1 RETURNING last`
    ).get(tillId, day) as { last: bigint | number }
    const number = formatReceiptNumber(tillId, day, BigInt(next.last))
    this.stmt('UPDATE sales SET receipt_number = ? WHERE id = ?').run(number, saleId)
    return number
  }
}
