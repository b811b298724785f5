import { z } from 'zod'
import { OFFLINE_MODES } from './outbox'

const CapSchema = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,8})?$/, 'A cap must be an amount like "100" or "49.99"')

/**
 * Settings → Offline sales as `settings:update {offline}` takes it (main only: zod). Only the fields given change;
 * the caps are checked as amounts of the store currency by main (more decimals than the currency has are refused).
 */
export const OfflinePolicyPatchSchema = z.strictObject({
  mode: z.enum(OFFLINE_MODES).optional(),
  /** Decimal string in the store currency, above zero. */
  perSaleMax: CapSchema.optional(),
  /** Decimal string in the store currency, above zero and not below `perSaleMax`. */
  totalMax: CapSchema.optional(),
  /** Whole hours, 1–72. */
  maxHours: z.int().min(1).max(72).optional()
})
