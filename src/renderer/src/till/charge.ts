import type { CallInput, SaleLine } from '@shared/contract'
import type { Adjustment } from '@shared/cart'

/**
 * What `sale:charge` takes since issue 12 (src/shared/cart.ts decides the arithmetic): the cart's lines, the
 * order discount and the tip as the cashier gave them (percent or amount), and `amount` = `cartTotals(...).total`.
 * `confirmLarge` says the cashier confirmed an amount above `SettingsView.till.maxSaleAmount`.
 */
export interface ChargeRequest {
  amount: string
  currency: string
  memo?: string
  lines?: SaleLine[]
  taxRate?: string
  discount?: Adjustment
  tip?: Adjustment
  paymentMethod?: string
  confirmLarge?: boolean
}

/**
 * The request as the contract's `sale:charge` input. The shapes are the same once the cart contract is merged; the
 * cast only bridges a branch whose schema still has the older discount field.
 */
export function asChargeInput(request: ChargeRequest): CallInput<'sale:charge'> {
  return request as unknown as CallInput<'sale:charge'>
}

/** The error code main answers a charge above the maximum with (unless `confirmLarge`). */
export const ABOVE_MAXIMUM = 'sale-above-maximum'

/** An adjustment worth sending: a positive percent or amount (zero and empty are left out). */
export function isSet(value: Adjustment | null | undefined): value is Adjustment {
  return !!value && /[1-9]/.test(value.value)
}
