/** Whole hours and minutes left until a moment (never negative), for an outbox sale's countdown. */
export interface TimeLeft {
  hours: number
  minutes: number
  /** The moment has passed (or `until` is not a date). */
  over: boolean
}

/**
 * Time left from `now` until `until`, rounded down to whole minutes (a countdown never claims more than is left).
 * @param until ISO 8601 (`SaleOutboxView.until`)
 * @param now ms since the epoch
 */
export function timeLeft(until: string, now: number): TimeLeft {
  const end = Date.parse(until)
  if (Number.isNaN(end) || end <= now) return { hours: 0, minutes: 0, over: true }
  const minutes = Math.floor((end - now) / 60_000)
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60, over: false }
}
