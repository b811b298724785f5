import { z } from 'zod'
import { KIOSK_IDLE_MAX_SECONDS, KIOSK_IDLE_MIN_SECONDS, KIOSK_MODES } from './kiosk'

/**
 * Settings → Kiosk as `settings:update {kiosk}` takes it (main only: zod). Only the fields given change; turning
 * `enabled` on needs an owner PIN (main checks: it is the only way out of kiosk mode).
 */
export const KioskSettingsPatchSchema = z.strictObject({
  enabled: z.boolean().optional(),
  /** Whole seconds, 15–600. */
  idleSeconds: z.int().min(KIOSK_IDLE_MIN_SECONDS).max(KIOSK_IDLE_MAX_SECONDS).optional(),
  startAtLogin: z.boolean().optional(),
  mode: z.enum(KIOSK_MODES).optional(),
  tips: z.boolean().optional()
})
