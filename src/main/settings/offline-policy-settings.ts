import type { z } from 'zod'
import { KassaError } from '@shared/errors'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import { DEFAULT_OFFLINE_POLICY, type OfflinePolicyView } from '@shared/outbox'
import { OfflinePolicyPatchSchema } from '@shared/outbox-schema'
import { parseCap } from '../sales/offline-rules'
import { readStoredFields, withPatch } from './stored-settings'

/** The settings key of Settings → Offline sales (JSON of `OfflinePolicyView`). */
export const OFFLINE_POLICY_KEY = 'offlinePolicy'

/** What `settings:update {offline}` takes: only the fields given change. */
export type OfflinePolicyPatch = z.output<typeof OfflinePolicyPatchSchema>

/**
 * The offline policy from its stored JSON; each field checked with the contract's schema, a missing, unreadable or
 * invalid one takes its default (`DEFAULT_OFFLINE_POLICY`), so a damaged row never stops the till.
 */
export function readOfflinePolicy(stored: string | null): OfflinePolicyView {
  return readStoredFields(stored, DEFAULT_OFFLINE_POLICY, OfflinePolicyPatchSchema.shape)
}

/**
 * The policy after `patch`, checked whole in `currency` (the store currency, the new one when it changes too):
 * a cap given now must be an amount of it above zero with no more decimals than it has (`"10.5"` is refused for
 * JPY, `"0"` everywhere); a kept cap is carried into it (`"100.00"` becomes `"100"` in JPY; `"49.99"` cannot be, and
 * is refused naming it); `totalMax` may not be below `perSaleMax`. Caps are stored in the currency's form (`"100.00"`).
 * @throws KassaError `invalid-input` with `params.field` (`offline.perSaleMax`, `offline.totalMax`); nothing is
 *   stored by the caller then
 */
export function applyOfflinePolicyPatch(
  current: OfflinePolicyView,
  patch: OfflinePolicyPatch,
  currency: string
): OfflinePolicyView {
  const next = withPatch(current, patch)
  const perSale = capOf('perSaleMax', next.perSaleMax, currency, patch.perSaleMax !== undefined)
  const total = capOf('totalMax', next.totalMax, currency, patch.totalMax !== undefined)
  if (total < perSale) {
    throw new KassaError(
      'invalid-input',
      `Offline total cap: ${formatMinor(total, currency)} ${currency} is below the per-sale cap of ` +
        `${formatMinor(perSale, currency)} ${currency}`,
      { field: 'offline.totalMax', reason: 'below-per-sale' }
    )
  }
  next.perSaleMax = formatMinor(perSale, currency)
  next.totalMax = formatMinor(total, currency)
  return next
}

/** A cap as minor units: strict for a value typed now, trailing zeros forgiven for one kept from before. */
function capOf(field: 'perSaleMax' | 'totalMax', value: string, currency: string, given: boolean): bigint {
  try {
    return given ? parseAmount(value.trim(), currency) : parseCap(value, currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    const label = field === 'perSaleMax' ? 'Offline per-sale cap' : 'Offline total cap'
    throw new KassaError(
      'invalid-input',
      `${label}: ${value} is not an amount in ${currency} (${error.message})`,
      {
        field: `offline.${field}`
      }
    )
  }
}
