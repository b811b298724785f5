import Big from 'big.js'
import { parseAmount, percentOf } from './money'

/** BTCPay's refund variants (pull payments). */
export type RefundVariantName = 'RateThen' | 'CurrentRate' | 'Fiat' | 'OverpaidAmount' | 'Custom'

/** Every pull-payment variant, in the order the refund screen offers them. */
export const REFUND_VARIANTS: readonly RefundVariantName[] = [
  'RateThen',
  'CurrentRate',
  'Fiat',
  'OverpaidAmount',
  'Custom'
]

/**
 * The owner's refund policy (Settings → Refund policy; `settings:update {refundPolicy}`, owner-only). The defaults
 * (`DEFAULT_REFUND_POLICY`) keep the till as it was before a policy existed.
 */
export interface RefundPolicyView {
  /** Days after the sale was paid (24-hour periods from the payment's ms) a cashier may refund alone; null = any time. */
  windowDays: number | null
  /** Largest refund a cashier may give alone, decimal string in the store currency; null = no limit. */
  cashierLimit: string | null
  /** Pull-payment variants the cashier may use (BTCPay, Demo); all by default. */
  allowedVariants: RefundVariantName[]
  /** The variant the refund screen chooses first; null = the first available. */
  defaultVariant: RefundVariantName | null
  /**
   * Restocking fee in percent, decimal string (`"0"` = none): a pull payment's `subtractPercentage`; a recorded or
   * withdrawal refund is reduced by it (`withFee`).
   */
  restockingFee: string
  /** Reasons the cashier chooses from; empty = the cashier's own words (as before). */
  reasons: string[]
  /** With `reasons` set: whether the cashier may give another reason in their own words ("Other"). */
  allowOtherReason: boolean
  /** Whether a sale may be refunded more than once without the owner's PIN. */
  multipleRefunds: boolean
}

/** A shop that set nothing: no window, no limit, every variant, no fee, free-text reason, several refunds. */
export const DEFAULT_REFUND_POLICY: Readonly<RefundPolicyView> = Object.freeze({
  windowDays: null,
  cashierLimit: null,
  allowedVariants: [...REFUND_VARIANTS],
  defaultVariant: null,
  restockingFee: '0',
  reasons: [],
  allowOtherReason: true,
  multipleRefunds: true
})

/** The policy rule a triage names. */
export type RefundPolicyRule =
  'window' | 'cashier-limit' | 'restocking-fee' | 'one-per-sale' | 'variant' | 'reason'

/** `allowed`: the cashier may; `needs-owner`: only with the owner's PIN; `refused`: not at all. */
export type RefundDecision = 'allowed' | 'needs-owner' | 'refused'

/**
 * What the triage of one refund decided, naming the rule that decided it (null when allowed) and that rule's
 * values as strings (`limit`, `amount`, `currency`, `days`, `windowDays`, `variant`, …).
 */
export interface RefundTriageView {
  decision: RefundDecision
  rule: RefundPolicyRule | null
  values: Record<string, string>
}

/**
 * The triage as kept on a refund (`refunds.policy_json`) and shown with it: the decision and rule, and who let a
 * `needs-owner` refund through: `owner` (a valid owner session), `no-pin` (no owner PIN is set, so nothing could
 * be asked; as the owner-only calls, the till is open then), null when the cashier needed nobody.
 */
export interface RefundPolicyStamp extends RefundTriageView {
  approvedBy: 'owner' | 'no-pin' | null
}

/** A fee of `percent` of `minor` (minor units), rounded up: the customer gets the amount rounded down, as BTCPay's preview. */
export function restockingFeeMinor(minor: bigint, percent: string): bigint {
  return isZeroPercent(percent) ? 0n : percentOf(minor, percent, 'up')
}

/**
 * A recorded refund's amount after the restocking fee, in minor units of `currency`: `gross` typed by the cashier,
 * `fee` taken off (rounded up, so `net` is rounded down). @throws AmountError for a malformed amount
 */
export function withFee(
  gross: string,
  currency: string,
  percent: string
): { grossMinor: bigint; feeMinor: bigint; netMinor: bigint } {
  const grossMinor = parseAmount(gross, currency)
  const feeMinor = restockingFeeMinor(grossMinor, percent)
  return { grossMinor, feeMinor, netMinor: grossMinor - feeMinor }
}

/** Decimal places a coin amount keeps after the fee: the amount's own, and at least 8 (satoshis). */
const COIN_PLACES = 8

/**
 * A withdrawal's coin amount (decimal string) after the restocking fee: the fee rounded up to
 * max(8, the amount's decimals) places, the rest sent. Exact (big.js), no float.
 */
export function coinWithFee(amount: string, percent: string): { fee: string; net: string } {
  if (isZeroPercent(percent)) return { fee: '0', net: amount }
  const places = Math.max(COIN_PLACES, (amount.split('.')[1] ?? '').length)
  const fee = new Big(amount).times(new Big(percent)).div(100).round(places, Big.roundUp)
  return { fee: fee.toFixed(), net: new Big(amount).minus(fee).toFixed() }
}

/** True for `"0"`, `"0.0"`, … */
export function isZeroPercent(percent: string): boolean {
  return /^0*(\.0*)?$/.test(percent)
}
