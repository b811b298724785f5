import type { DayCorrectionView, DayFiguresView, DayRecoveryView } from '@shared/day'
import { statementCache, type Db } from '../ledger/database'
import type { RefundCountHooks, RefundRecord } from '../ledger/refund-book'
import { addDays, businessDayOf, type BusinessDayRule } from './business-day'

/** Where an event counts: its business day, or the next day not closed when that one is. */
export interface DayAssignment {
  /** The day it counts on. */
  day: string
  /** The closed day it belongs to by time, when it was moved (a correction); else null. */
  belongsTo: string | null
}

/** A closed day as stored. Times ISO 8601. */
export interface DayCloseRecord {
  day: string
  closedAt: string
  closedBy: string
  timeZone: string
  startHour: number
  from: string
  to: string
  figures: DayFiguresView
  corrections: DayCorrectionView[]
  /** Failed charges recovered on the day, frozen with it (absent for closes made before recovery existed). */
  recoveries?: DayRecoveryView[]
}

interface CloseRow {
  day: string
  closed_at: string
  closed_by: string
  time_zone: string
  start_hour: bigint | number
  from_at: string
  to_at: string
  figures_json: string
  corrections_json: string
  recoveries_json: string | null
}

/**
 * The ledger's side of the business day: which day a paid sale or a refund counts on (written in the transaction
 * that makes the sale paid or commits the refund's money), and the closed days (`day_closes`). A closed day never
 * changes: an event whose day is closed counts on the next day that is not, remembering the day it belongs to, and a
 * counted refund that fails after its day was closed is given back on the next open day (`reversed_day`).
 */
export class DayBook implements RefundCountHooks {
  private readonly stmt: ReturnType<typeof statementCache>

  /** @param rule the business-day setting now (read at each event, so a change applies from then on) */
  constructor(
    private readonly db: Db,
    private readonly rule: () => BusinessDayRule
  ) {
    this.stmt = statementCache(db)
  }

  /**
   * The day an event at `at` counts on.
   * @param at ISO 8601 instant
   * @throws RangeError for a malformed instant or an unknown zone
   */
  assignment(at: string): DayAssignment {
    const own = businessDayOf(at, this.rule())
    let day = own
    while (this.isClosed(day)) day = addDays(day, 1)
    return { day, belongsTo: day === own ? null : own }
  }

  /** True when `day` is closed. */
  isClosed(day: string): boolean {
    return this.stmt('SELECT 1 FROM day_closes WHERE day = ?').get(day) !== undefined
  }

  /**
   * Inside the paid transaction (`Ledger.onPaid`): the sale counts on the day it became paid, or the next open one.
   * A sale that already has a day keeps it. @param at ISO 8601, when it became paid
   */
  salePaid(saleId: string, at: string): void {
    const { day, belongsTo } = this.assignment(at)
    this.stmt(
      'UPDATE sales SET business_day = ?, corrects_day = ? WHERE id = ? AND business_day IS NULL'
    ).run(day, belongsTo, saleId)
  }

  /**
   * A refund's money is committed: it counts on the day it was given, or the next open one. A refund that already
   * has a day keeps it. @param at ISO 8601, when it was given (its `createdAt` for a new refund)
   */
  counted(refund: RefundRecord, at: string): void {
    const { day, belongsTo } = this.assignment(at)
    this.stmt(
      'UPDATE refunds SET business_day = ?, corrects_day = ? WHERE id = ? AND business_day IS NULL'
    ).run(day, belongsTo, refund.id)
  }

  /**
   * A counted refund failed or was cancelled. While its day is open it simply stops counting there; once its day is
   * closed (its frozen figures hold it) it is given back on the next open day, as a correction.
   * @param at ISO 8601, when it stopped counting
   * @returns true when a give-back was recorded (the refund row must be kept)
   */
  uncounted(refund: RefundRecord, at: string): boolean {
    const row = this.stmt('SELECT business_day, reversed_day FROM refunds WHERE id = ?').get(refund.id) as
      { business_day: string | null; reversed_day: string | null } | undefined
    if (!row?.business_day || row.reversed_day !== null || !this.isClosed(row.business_day)) return false
    const { day } = this.assignment(at)
    this.stmt('UPDATE refunds SET reversed_day = ?, reversed_at = ? WHERE id = ?').run(day, at, refund.id)
    return true
  }

  /** The closed day, or null while it is open. */
  close(day: string): DayCloseRecord | null {
    const row = this.stmt('SELECT * FROM day_closes WHERE day = ?').get(day) as CloseRow | undefined
    return row ? toClose(row) : null
  }

  /** Closed days in [fromDay, toDay], by day. */
  closesBetween(fromDay: string, toDay: string): DayCloseRecord[] {
    const rows = this.stmt('SELECT * FROM day_closes WHERE day >= ? AND day <= ? ORDER BY day').all(
      fromDay,
      toDay
    ) as CloseRow[]
    return rows.map(toClose)
  }

  /**
   * Record a close. The caller runs it in the transaction that computed the figures.
   * @throws Error from SQLite when the day is already closed (primary key)
   */
  insertClose(close: DayCloseRecord): void {
    this.stmt(
      `INSERT INTO day_closes (day, closed_at, closed_by, time_zone, start_hour, from_at, to_at, figures_json,
           corrections_json, recoveries_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      close.day,
      close.closedAt,
      close.closedBy,
      close.timeZone,
      close.startHour,
      close.from,
      close.to,
      JSON.stringify(close.figures),
      JSON.stringify(close.corrections),
      JSON.stringify(close.recoveries ?? [])
    )
  }

  /** The database, for a close's single transaction. */
  get database(): Db {
    return this.db
  }
}

function toClose(row: CloseRow): DayCloseRecord {
  return {
    day: row.day,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    timeZone: row.time_zone,
    startHour: Number(row.start_hour),
    from: row.from_at,
    to: row.to_at,
    figures: JSON.parse(row.figures_json) as DayFiguresView,
    corrections: JSON.parse(row.corrections_json) as DayCorrectionView[],
    recoveries: row.recoveries_json ? (JSON.parse(row.recoveries_json) as DayRecoveryView[]) : []
  }
}
