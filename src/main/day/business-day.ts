import { Temporal } from 'temporal-polyfill'
import type { BusinessDayId } from '@shared/day'

/**
 * Business-day arithmetic in the store's time zone (Temporal, so daylight-saving days have 23 or 25 hours and no
 * offset is ever hand-made). A business day `2026-03-29` with start hour 3 in `Europe/Berlin` runs from
 * 2026-03-29 03:00 local to 2026-03-30 03:00 local.
 */
export interface BusinessDayRule {
  /** IANA zone (`Europe/Berlin`). */
  timeZone: string
  /** 0–23: the local hour the day starts at. */
  startHour: number
}

/** `yyyy-mm-dd` of a plain date. */
function dayId(date: Temporal.PlainDate): BusinessDayId {
  return date.toString()
}

/**
 * The local start of a business day. A start hour that does not exist that night (a spring-forward gap) is taken
 * as the first instant after the gap; one that exists twice (fall back) as the earlier.
 */
function startOf(date: Temporal.PlainDate, rule: BusinessDayRule): Temporal.ZonedDateTime {
  return date.toZonedDateTime({
    timeZone: rule.timeZone,
    plainTime: new Temporal.PlainTime(rule.startHour)
  })
}

/**
 * The business day an instant belongs to.
 * @param at ISO 8601 instant (`2026-11-28T01:30:00Z`) or ms since the epoch
 * @returns `yyyy-mm-dd`: the local date, minus one day when the local time is before the start hour
 * @throws RangeError for a malformed instant or an unknown zone
 */
export function businessDayOf(at: string | number, rule: BusinessDayRule): BusinessDayId {
  const instant =
    typeof at === 'number' ? Temporal.Instant.fromEpochMilliseconds(at) : Temporal.Instant.from(at)
  const local = instant.toZonedDateTimeISO(rule.timeZone)
  const date = local.toPlainDate()
  // Compare with that date's own start (not the hour field), so a start inside a DST gap is right too.
  return Temporal.Instant.compare(instant, startOf(date, rule).toInstant()) < 0
    ? dayId(date.subtract({ days: 1 }))
    : dayId(date)
}

/** A business day's bounds. */
export interface BusinessDayRange {
  day: BusinessDayId
  /** ISO 8601 UTC instants, [from, to). */
  from: string
  to: string
  /** ms since the epoch, the same bounds. */
  fromMs: number
  toMs: number
  /** 23, 24 or 25 (a DST change inside the day). */
  hours: number
}

/**
 * The instants a business day covers.
 * @param day `yyyy-mm-dd`
 * @throws RangeError for a malformed day or an unknown zone
 */
export function businessDayRange(day: BusinessDayId, rule: BusinessDayRule): BusinessDayRange {
  const date = Temporal.PlainDate.from(day, { overflow: 'reject' })
  const start = startOf(date, rule).toInstant()
  const end = startOf(date.add({ days: 1 }), rule).toInstant()
  return {
    day: dayId(date),
    from: start.toString(),
    to: end.toString(),
    fromMs: start.epochMilliseconds,
    toMs: end.epochMilliseconds,
    hours: Math.round((end.epochMilliseconds - start.epochMilliseconds) / 3_600_000)
  }
}

/** The day after (`delta` 1) or before (−1) a business day. */
export function addDays(day: BusinessDayId, delta: number): BusinessDayId {
  return dayId(Temporal.PlainDate.from(day, { overflow: 'reject' }).add({ days: delta }))
}

/**
 * The local hours of a business day in order, each with its start instant and its `HH:mm` wall-clock label (a
 * fall-back day shows `02:00` twice, a spring-forward day skips one).
 */
export function businessDayHours(
  day: BusinessDayId,
  rule: BusinessDayRule
): { label: string; at: string; fromMs: number; toMs: number }[] {
  const range = businessDayRange(day, rule)
  const hours = []
  for (let at = range.fromMs; at < range.toMs; at += 3_600_000) {
    const local = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(rule.timeZone)
    hours.push({
      label: `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`,
      at: new Date(at).toISOString(),
      fromMs: at,
      toMs: Math.min(at + 3_600_000, range.toMs)
    })
  }
  return hours
}
