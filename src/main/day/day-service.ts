import type {
  BusinessDayId,
  DayChartsView,
  DayFiguresView,
  DayRecoveryView,
  DayReportView,
  DaySummaryView
} from '@shared/day'
import { KassaError } from '@shared/errors'
import { decimalToMinor, formatMinor } from '@shared/money'
import { inTransaction } from '../ledger/database'
import { dayRows, type DayBounds, type DayRows } from '../ledger/day-queries'
import type { Ledger } from '../ledger/ledger'
import type { LedgerReader } from '../ledger/ledger-reader'
import type { RefundBook } from '../ledger/refund-book'
import { OutboxStore } from '../ledger/outbox-store'
import {
  addDays,
  businessDayHours,
  businessDayOf,
  businessDayRange,
  type BusinessDayRule
} from './business-day'
import { DayBook, type DayCloseRecord } from './day-book'
import { dayCorrections, dayFigures, refundMinor } from './day-figures'

/** What the day close needs from the core. */
export interface DayServiceDeps {
  ledger: Ledger
  refunds: RefundBook
  /** Runs the long reads (the X report, the day list, charts) off the main thread. */
  reader: LedgerReader
  /** The business-day setting now. */
  rule: () => BusinessDayRule
  /** The store currency (charts are in it). */
  currency: () => string
  /** ms since the epoch. */
  now: () => number
}

/** The day list's default length and the chart's span, in business days. */
const DEFAULT_LIST_DAYS = 30
const CHART_DAYS = 30

/**
 * The owner's day: which day each paid sale and refund counts on (`DayBook`, hooked into the paid transaction and
 * the refund book), the X report (figures of an open day, computed in the read worker), closing a day (its figures
 * and corrections frozen in `day_closes`, audited), the day list and the chart data. Handlers of `day:report`,
 * `day:close`, `day:list`, `day:charts`.
 */
export class DayService {
  readonly book: DayBook

  constructor(private readonly deps: DayServiceDeps) {
    this.book = new DayBook(deps.ledger.database, deps.rule)
    deps.ledger.onPaid((saleId, at) => this.book.salePaid(saleId, at))
    deps.refunds.watchCounts(this.book)
  }

  /** The business day now. */
  currentDay(): BusinessDayId {
    return businessDayOf(this.deps.now(), this.deps.rule())
  }

  /**
   * The day's report: the frozen Z report once closed, else the X report (figures so far).
   * @param day `yyyy-mm-dd`, default the current business day
   */
  async report(day: BusinessDayId = this.currentDay()): Promise<DayReportView> {
    const closed = this.book.close(day)
    if (closed) return this.closedView(closed)
    const bounds = this.bounds(day)
    const rows = await this.deps.reader.run('dayRows', bounds)
    return this.openView(day, rows)
  }

  /**
   * Close a business day: in one transaction, check it may close, compute its figures and corrections on the main
   * connection (nothing can slip in between), store them with who and when, and audit `day.closed`. From then on a
   * payment or refund of that day counts on the next open day.
   * @throws KassaError `conflict` with `reason`: `future` (the day has not begun), `already-closed`,
   *   `outbox-open` while a sale of the day waits in the outbox (`params.sales`: the ids of every sale of the day
   *   still `creating`, comma-separated; `params.count`), or `creating` (same params) while sales of the day are
   *   still being created but none waits in the outbox
   */
  close(day: BusinessDayId): DayReportView {
    const current = this.currentDay()
    if (day > current) {
      throw new KassaError('conflict', `The business day ${day} has not begun yet`, { reason: 'future', day })
    }
    const db = this.deps.ledger.database
    return inTransaction(db, () => {
      if (this.book.isClosed(day)) {
        throw new KassaError('conflict', `The business day ${day} is already closed`, {
          reason: 'already-closed',
          day
        })
      }
      const bounds = this.bounds(day)
      const rows = dayRows(db, bounds)
      const creating = creatingSales(rows)
      const waiting = new OutboxStore(db).waiting(creating)
      if (waiting.size > 0) {
        const others = creating.length - waiting.size
        throw new KassaError(
          'conflict',
          `${waiting.size} sale(s) of ${day} wait in the outbox` +
            (others > 0 ? ` and ${others} more are still being created` : '') +
            `: ${creating.join(', ')}. Close the day once they are charged, expired or cancelled`,
          { reason: 'outbox-open', day, sales: creating.join(','), count: String(creating.length) }
        )
      }
      if (creating.length > 0) {
        throw new KassaError(
          'conflict',
          `${creating.length} sale(s) of ${day} are still being created: wait for them before closing`,
          { reason: 'creating', day, sales: creating.join(', '), count: String(creating.length) }
        )
      }
      const rule = this.deps.rule()
      const figures = dayFigures(rows)
      const record: DayCloseRecord = {
        day,
        closedAt: new Date(this.deps.now()).toISOString(),
        closedBy: 'owner',
        timeZone: rule.timeZone,
        startHour: rule.startHour,
        from: bounds.from,
        to: bounds.to,
        figures,
        corrections: dayCorrections(rows),
        recoveries: this.recoveries(rows)
      }
      this.book.insertClose(record)
      this.deps.ledger.audit('owner', 'day.closed', null, {
        day,
        sales: figures.totals.reduce((sum, total) => sum + total.sales, 0),
        net: figures.totals.map((total) => `${total.net} ${total.currency}`).join(', ')
      })
      return this.closedView(record)
    })
  }

  /**
   * The last `limit` business days ending with today, newest first: closed ones from their frozen figures, open
   * ones summed now (one query over the covering index in the read worker).
   */
  async list(limit = DEFAULT_LIST_DAYS): Promise<DaySummaryView[]> {
    const toDay = this.currentDay()
    const fromDay = addDays(toDay, -(limit - 1))
    const sums = await this.netsBetween(fromDay, toDay)
    const closes = new Map(this.book.closesBetween(fromDay, toDay).map((close) => [close.day, close]))
    const days: DaySummaryView[] = []
    for (let day = toDay; day >= fromDay; day = addDays(day, -1)) {
      const closed = closes.get(day)
      if (closed) {
        days.push({
          day,
          state: 'closed',
          closedAt: closed.closedAt,
          sales: closed.figures.totals.reduce((sum, total) => sum + total.sales, 0),
          net: closed.figures.totals.map((total) => ({ currency: total.currency, amount: total.net }))
        })
        continue
      }
      const open = sums.get(day)
      days.push({
        day,
        state: 'open',
        closedAt: null,
        sales: open?.sales ?? 0,
        net: [...(open?.net.entries() ?? [])]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([currency, minor]) => ({ currency, amount: formatMinor(minor, currency) }))
      })
    }
    return days
  }

  /**
   * Chart data in the store currency: the day's sales by local hour (23–25 of them; a correction paid during an
   * earlier closed day is drawn in the first hour), the 30 business days ending with it, and its payment-method mix.
   * @param day default the current business day
   */
  async charts(day: BusinessDayId = this.currentDay()): Promise<DayChartsView> {
    const currency = this.deps.currency()
    const rule = this.deps.rule()
    // A closed day's sales stay on it (later ones count elsewhere): its hours are read the same way.
    const bounds = this.bounds(day)
    const closed = this.book.close(day)
    const figures = closed?.figures ?? dayFigures(await this.deps.reader.run('dayRows', bounds))
    const hours = businessDayHours(day, rule).map((hour) => ({ ...hour, sales: 0, minor: 0n }))
    const startMs = Date.parse(bounds.from)
    for (const row of await this.deps.reader.run('dayHours', { day, startMs, currency })) {
      const hour = hours[Math.min(row.hour, hours.length - 1)]
      if (!hour) continue
      hour.sales += row.count
      hour.minor += row.amountMinor
    }
    const fromDay = addDays(day, -(CHART_DAYS - 1))
    const sums = await this.netsBetween(fromDay, day)
    const closes = new Map(this.book.closesBetween(fromDay, day).map((close) => [close.day, close]))
    const last30Days: DayChartsView['last30Days'] = []
    for (let each = fromDay; each <= day; each = addDays(each, 1)) {
      const closed = closes.get(each)?.figures.totals.find((total) => total.currency === currency)
      const open = sums.get(each)
      last30Days.push(
        closes.has(each)
          ? { day: each, sales: closed?.sales ?? 0, net: closed?.net ?? formatMinor(0n, currency) }
          : {
              day: each,
              sales: open?.salesIn.get(currency) ?? 0,
              net: formatMinor(open?.net.get(currency) ?? 0n, currency)
            }
      )
    }
    return {
      day,
      currency,
      byHour: hours.map((hour) => ({
        label: hour.label,
        at: hour.at,
        sales: hour.sales,
        amount: formatMinor(hour.minor, currency)
      })),
      last30Days,
      methodMix: methodMix(figures, currency)
    }
  }

  private bounds(day: BusinessDayId): DayBounds {
    const range = businessDayRange(day, this.deps.rule())
    // The ledger writes times with toISOString (milliseconds, `Z`): bounds in the same form compare as strings.
    return {
      day: range.day,
      from: new Date(range.fromMs).toISOString(),
      to: new Date(range.toMs).toISOString()
    }
  }

  /** Per open day: sales (all currencies and per currency) and net per currency, minor units. */
  private async netsBetween(
    fromDay: BusinessDayId,
    toDay: BusinessDayId
  ): Promise<Map<string, { sales: number; salesIn: Map<string, number>; net: Map<string, bigint> }>> {
    const { sales, refunds } = await this.deps.reader.run('dayNets', { fromDay, toDay })
    const days = new Map<string, { sales: number; salesIn: Map<string, number>; net: Map<string, bigint> }>()
    const dayOf = (day: string) => {
      let entry = days.get(day)
      if (!entry) days.set(day, (entry = { sales: 0, salesIn: new Map(), net: new Map() }))
      return entry
    }
    for (const sum of sales) {
      const entry = dayOf(sum.day)
      entry.sales += sum.count
      entry.salesIn.set(sum.currency, (entry.salesIn.get(sum.currency) ?? 0) + sum.count)
      entry.net.set(sum.currency, (entry.net.get(sum.currency) ?? 0n) + sum.amountMinor)
    }
    for (const refund of refunds) {
      const entry = dayOf(refund.day)
      const value = BigInt(refund.sign) * refundMinor(refund)
      entry.net.set(refund.saleCurrency, (entry.net.get(refund.saleCurrency) ?? 0n) - value)
    }
    return days
  }

  private openView(day: BusinessDayId, rows: DayRows): DayReportView {
    const rule = this.deps.rule()
    const range = businessDayRange(day, rule)
    return {
      day,
      from: range.from,
      to: range.to,
      timeZone: rule.timeZone,
      startHour: rule.startHour,
      hours: range.hours,
      state: 'open',
      closedAt: null,
      closedBy: null,
      current: day === this.currentDay(),
      figures: dayFigures(rows),
      corrections: dayCorrections(rows),
      recoveries: this.recoveries(rows),
      creatingSales: creatingSales(rows)
    }
  }

  /** The day's recovered failed charges, each with the business day its original sale was made on. */
  private recoveries(rows: DayRows): DayRecoveryView[] {
    const rule = this.deps.rule()
    return rows.recoveries.map((row) => ({
      itemId: row.itemId,
      saleId: row.saleId,
      receiptNumber: row.receiptNumber,
      saleDay: businessDayOf(row.saleCreatedAt, rule),
      at: row.at,
      currency: row.currency,
      amount: formatMinor(row.amountMinor, row.currency)
    }))
  }

  private closedView(close: DayCloseRecord): DayReportView {
    const range = businessDayRange(close.day, { timeZone: close.timeZone, startHour: close.startHour })
    return {
      day: close.day,
      from: range.from,
      to: range.to,
      timeZone: close.timeZone,
      startHour: close.startHour,
      hours: range.hours,
      state: 'closed',
      closedAt: close.closedAt,
      closedBy: close.closedBy,
      current: close.day === this.currentDay(),
      figures: close.figures,
      corrections: close.corrections,
      recoveries: close.recoveries ?? [],
      creatingSales: []
    }
  }
}

/** Sales created on the day and still being created. */
function creatingSales(rows: DayRows): string[] {
  return rows.creating
}

/** The day's payment-method slices in `currency`: sales and the amount charged (gross − discounts + tax + tips). */
function methodMix(figures: DayFiguresView, currency: string): DayChartsView['methodMix'] {
  return figures.byPaymentMethod
    .filter((slice) => slice.currency === currency)
    .map((slice) => {
      const minor = (decimal: string) => decimalToMinor(decimal, currency)
      const charged = minor(slice.gross) - minor(slice.discounts) + minor(slice.tax) + minor(slice.tips)
      return { method: slice.key, sales: slice.sales, amount: formatMinor(charged, currency) }
    })
}
