import type { z } from 'zod'

/**
 * One settings group (Settings → Till, Refund policy, Offline sales, Kiosk …) from its stored JSON: each field of
 * `defaults` is checked with its own schema in `shape` (the group's patch schema), and a missing, unreadable or
 * invalid one takes its default, so a damaged row never stops the till (nor locks it in kiosk mode).
 * @param stored the settings row's JSON text, or null when never saved
 * @param defaults the group's defaults; copied (`structuredClone`), never shared with the result
 * @param shape the patch schema's `shape`: one optional zod schema per field
 */
export function readStoredFields<T extends object>(
  stored: string | null,
  defaults: T,
  shape: { [K in keyof T]: z.ZodType }
): T {
  let raw: unknown = {}
  try {
    raw = stored ? JSON.parse(stored) : {}
  } catch {
    raw = {}
  }
  const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
  const view = structuredClone(defaults)
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const parsed = shape[key].safeParse(fields[key])
    if (parsed.success && parsed.data !== undefined) Object.assign(view, { [key]: parsed.data })
  }
  return view
}

/**
 * `current` with the fields `patch` gives (an `undefined` field keeps the current value). A shallow copy: the
 * caller checks the result whole before storing it.
 */
export function withPatch<T extends object>(current: T, patch: { [K in keyof T]?: T[K] | undefined }): T {
  const next = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(next, { [key]: value })
  }
  return next
}
