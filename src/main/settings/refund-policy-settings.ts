import type { z } from 'zod'
import { KassaError } from '@shared/errors'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import { DEFAULT_REFUND_POLICY, type RefundPolicyView } from '@shared/refund-policy'
import { RefundPolicyPatchSchema } from '@shared/refund-policy-schema'
import { readStoredFields, withPatch } from './stored-settings'

/** The settings key of Settings → Refund policy (JSON of `RefundPolicyView`). */
export const REFUND_POLICY_KEY = 'refundPolicy'

/** What `settings:update {refundPolicy}` takes: only the fields given change. */
export type RefundPolicyPatch = z.output<typeof RefundPolicyPatchSchema>

/**
 * The refund policy from its stored JSON; each field checked with the contract's schema, a missing, unreadable or
 * invalid one takes its default (`DEFAULT_REFUND_POLICY`: today's behaviour), so a damaged row never stops refunds.
 */
export function readRefundPolicy(stored: string | null): RefundPolicyView {
  return readStoredFields(stored, DEFAULT_REFUND_POLICY, RefundPolicyPatchSchema.shape)
}

/**
 * The policy after `patch`, checked whole: the cashier limit must be an amount of `currency` (the store currency;
 * `"10.5"` is refused for JPY), the default variant one of the allowed, the reasons without duplicates.
 * @throws KassaError `invalid-input` naming the field; nothing is stored by the caller then
 */
export function applyRefundPolicyPatch(
  current: RefundPolicyView,
  patch: RefundPolicyPatch,
  currency: string
): RefundPolicyView {
  const next = withPatch(current, patch)
  if (next.cashierLimit !== null) {
    try {
      next.cashierLimit = formatLimit(next.cashierLimit, currency)
    } catch (error) {
      const message = error instanceof AmountError ? error.message : 'Not an amount'
      throw new KassaError('invalid-input', `Cashier limit: ${message}`, {
        field: 'refundPolicy.cashierLimit'
      })
    }
  }
  if (next.defaultVariant !== null && !next.allowedVariants.includes(next.defaultVariant)) {
    throw new KassaError('invalid-input', 'The default refund variant must be one of the allowed ones', {
      field: 'refundPolicy.defaultVariant'
    })
  }
  if (new Set(next.reasons).size !== next.reasons.length) {
    throw new KassaError('invalid-input', 'Each refund reason once', { field: 'refundPolicy.reasons' })
  }
  next.allowedVariants = [...new Set(next.allowedVariants)]
  return next
}

/** The limit as an amount of `currency`, e.g. `"50"` → `"50.00"` for EUR. @throws AmountError */
function formatLimit(limit: string, currency: string): string {
  return formatMinor(parseAmount(limit, currency, { allowZero: true }), currency)
}
