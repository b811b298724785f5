/**
 * Time left until `expiresAt` as `mm:ss` (minutes not capped at 59: `75:00`), `00:00` once it has passed,
 * or `--:--` for an unreadable date. Time, not money: plain numbers are fine here.
 * @param expiresAt ISO 8601
 * @param nowMs milliseconds since the epoch (`Date.now()`)
 */
export function formatCountdown(expiresAt: string, nowMs: number): string {
  const end = Date.parse(expiresAt)
  if (Number.isNaN(end)) return '--:--'
  const seconds = Math.max(0, Math.ceil((end - nowMs) / 1000))
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0')
  const ss = String(seconds % 60).padStart(2, '0')
  return `${mm}:${ss}`
}

/** Seconds left until `expiresAt` (0 once passed, or for an unreadable date). */
export function secondsLeft(expiresAt: string, nowMs: number): number {
  const end = Date.parse(expiresAt)
  return Number.isNaN(end) ? 0 : Math.max(0, Math.ceil((end - nowMs) / 1000))
}
