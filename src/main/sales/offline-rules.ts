import type { OfflinePolicyView, OfflineRefusal } from '@shared/outbox'
import { AmountError, formatMinor, parseAmount } from '@shared/money'

/** What the owner's offline rules are asked about one sale. Minor units of the sale's `currency`. */
export interface OfflineQuestion {
  policy: OfflinePolicyView
  /** The store currency the caps are amounts of. */
  storeCurrency: string
  currency: string
  amountMinor: bigint
  /** What the sales waiting in the outbox now add up to in `currency` (this sale not among them). */
  openMinor: bigint
  /** The cashier agreed that the sale waits (`sale:charge {outbox: true}`), or nobody is asked (a creation that failed). */
  agreed: boolean
}

/** The answer: the sale may wait in the outbox, or why not (with the cap and the open total, decimal strings). */
export type OfflineDecision =
  { allowed: true } | { allowed: false; reason: OfflineRefusal; limit?: string; open?: string }

/**
 * May this sale wait in the outbox while its processor cannot be reached? Pure, exact (bigint minor units).
 * In order: mode `none` → `offline-not-allowed`; in `capped` mode a sale in another currency than the store's →
 * `outbox-currency`, above `perSaleMax` → `outbox-per-sale-cap`, taking the open outbox above `totalMax` →
 * `outbox-total-cap` (a sale exactly at a cap passes); then, the rules allowing it, a cashier who has not agreed →
 * `outbox-confirm` (caps first: the cashier is not asked to agree to a sale the rules then refuse).
 * A cap that is not an amount of the store currency (a damaged setting) refuses as a cap of zero would.
 */
export function decideOffline(question: OfflineQuestion): OfflineDecision {
  const { policy, storeCurrency, currency, amountMinor, openMinor } = question
  if (policy.mode === 'none') return { allowed: false, reason: 'offline-not-allowed' }
  if (policy.mode === 'capped') {
    if (currency !== storeCurrency) return { allowed: false, reason: 'outbox-currency' }
    const perSale = capMinor(policy.perSaleMax, storeCurrency)
    if (amountMinor > perSale) {
      return { allowed: false, reason: 'outbox-per-sale-cap', limit: formatMinor(perSale, storeCurrency) }
    }
    const total = capMinor(policy.totalMax, storeCurrency)
    if (openMinor + amountMinor > total) {
      return {
        allowed: false,
        reason: 'outbox-total-cap',
        limit: formatMinor(total, storeCurrency),
        open: formatMinor(openMinor, storeCurrency)
      }
    }
  }
  if (!question.agreed) return { allowed: false, reason: 'outbox-confirm' }
  return { allowed: true }
}

/**
 * A cap as minor units of `currency`; trailing zeros of the fraction do not count (`"100.00"` is 100 yen).
 * @throws AmountError when it is not a positive amount of `currency`
 */
export function parseCap(cap: string, currency: string): bigint {
  const trimmed = cap
    .trim()
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')
  return parseAmount(trimmed, currency)
}

function capMinor(cap: string, currency: string): bigint {
  try {
    return parseCap(cap, currency)
  } catch (error) {
    if (error instanceof AmountError) return 0n
    throw error
  }
}
