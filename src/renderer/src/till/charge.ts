import type { CallInput } from '@shared/contract'
import type { Adjustment } from '@shared/cart'
import type { ErrorCode } from '@shared/errors'

/**
 * What `sale:charge` takes (src/shared/cart.ts decides the arithmetic): the cart's lines, the order discount and the
 * tip as the cashier gave them (percent or amount), and `amount` = `cartTotals(...).total`. `confirmLarge` says the
 * cashier confirmed an amount above `SettingsView.till.maxSaleAmount`.
 */
export type ChargeRequest = CallInput<'sale:charge'>

/** The error code main answers a charge above the maximum with (unless `confirmLarge`). */
export const ABOVE_MAXIMUM: ErrorCode = 'sale-above-maximum'

/** The error code main refuses a charge with while its processor is offline (`src/shared/outbox.ts`). */
export const PROCESSOR_OFFLINE: ErrorCode = 'processor-offline'

/** An adjustment worth sending: a positive percent or amount (zero and empty are left out). */
export function isSet(value: Adjustment | null | undefined): value is Adjustment {
  return !!value && /[1-9]/.test(value.value)
}
