import { z } from 'zod'
import { PERCENT_MESSAGE, PERCENT_PATTERN } from './percent'
import { REFUND_VARIANTS, type RefundVariantName } from './refund-policy'

const VariantSchema = z.enum(REFUND_VARIANTS as [RefundVariantName, ...RefundVariantName[]])

/**
 * Settings → Refund policy as `settings:update {refundPolicy}` takes it (main only: zod). Only the fields given
 * change; `cashierLimit` is checked as an amount of the store currency by main (`applyRefundPolicyPatch`).
 */
export const RefundPolicyPatchSchema = z.strictObject({
  /** Whole days, 1–3650; null = no window. */
  windowDays: z.int().min(1).max(3650).nullable().optional(),
  /** Decimal string in the store currency; null = no limit. */
  cashierLimit: z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,8})?$/, 'The cashier limit must be an amount like "50" or "49.99"')
    .nullable()
    .optional(),
  allowedVariants: z.array(VariantSchema).min(1, 'Allow at least one refund variant').max(5).optional(),
  defaultVariant: VariantSchema.nullable().optional(),
  restockingFee: z.string().trim().regex(PERCENT_PATTERN, PERCENT_MESSAGE).optional(),
  reasons: z.array(z.string().trim().min(1).max(80)).max(20).optional(),
  allowOtherReason: z.boolean().optional(),
  multipleRefunds: z.boolean().optional()
})
