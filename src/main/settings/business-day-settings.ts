import type { BusinessDaySettingsView } from '@shared/day'
import type { BusinessDayRule } from '../day/business-day'
import { systemTimeZone } from '../receipts/receipt-numbers'

/** The settings key of Settings → Business day (JSON `{timeZone, startHour}`). */
export const BUSINESS_DAY_SETTINGS_KEY = 'businessDay'

/** What `settings:update {businessDay}` may change; null time zone = follow the OS. */
export interface BusinessDayPatch {
  timeZone?: string | null
  startHour?: number
}

/**
 * The business-day settings from their stored JSON, defaults where unset or unreadable: the OS zone (`osZone`),
 * start hour 0. A stored zone the runtime no longer knows falls back to the OS zone.
 */
export function readBusinessDaySettings(
  stored: string | null,
  osZone: string = systemTimeZone()
): BusinessDaySettingsView {
  let parsed: { timeZone?: unknown; startHour?: unknown } = {}
  try {
    parsed = stored ? (JSON.parse(stored) as typeof parsed) : {}
  } catch {
    parsed = {}
  }
  const timeZone = typeof parsed.timeZone === 'string' && knownZone(parsed.timeZone) ? parsed.timeZone : null
  const startHour =
    typeof parsed.startHour === 'number' &&
    Number.isInteger(parsed.startHour) &&
    parsed.startHour >= 0 &&
    parsed.startHour <= 23
      ? parsed.startHour
      : 0
  return { timeZone, effectiveTimeZone: timeZone ?? osZone, startHour }
}

/** The settings after a patch, as the JSON to store. */
export function applyBusinessDayPatch(current: BusinessDaySettingsView, patch: BusinessDayPatch): string {
  return JSON.stringify({
    timeZone: patch.timeZone === undefined ? current.timeZone : patch.timeZone,
    startHour: patch.startHour ?? current.startHour
  })
}

/** The rule the day arithmetic uses. */
export function businessDayRule(view: BusinessDaySettingsView): BusinessDayRule {
  return { timeZone: view.effectiveTimeZone, startHour: view.startHour }
}

function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
