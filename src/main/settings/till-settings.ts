import type { TillSettingsView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import { AmountError, parseAmount } from '@shared/money'
import { TillSettingsPatchSchema } from '@shared/schemas'
import type { z } from 'zod'
import { readStoredFields, withPatch } from './stored-settings'

/** What `settings:update` takes under `till`: only the fields given change. */
export type TillSettingsPatch = z.output<typeof TillSettingsPatchSchema>

/** Settings → Till before the owner changes anything. `maxSaleAmount` is in the store currency. */
export const DEFAULT_TILL_SETTINGS: Readonly<TillSettingsView> = Object.freeze({
  taxInclusive: false,
  tipsEnabled: false,
  tipPresets: ['10', '15', '20'],
  maxSaleAmount: '5000',
  tillId: 'T1'
})

/** The ledger's settings key holding the till settings as JSON. */
export const TILL_SETTINGS_KEY = 'till'

/**
 * The till settings stored under `TILL_SETTINGS_KEY` (JSON), each field checked with the contract's schema; a
 * missing, unreadable or invalid field takes its default, so a damaged row never stops the till.
 */
export function readTillSettings(stored: string | null): TillSettingsView {
  return readStoredFields(stored, DEFAULT_TILL_SETTINGS, TillSettingsPatchSchema.shape)
}

/**
 * The till settings after `patch`, checked whole: `maxSaleAmount` must be an amount of `currency` (the store
 * currency the limit is read in: `"5000.5"` is refused for JPY).
 * @throws KassaError `invalid-input` naming the field; nothing is stored by the caller then
 */
export function applyTillPatch(
  current: TillSettingsView,
  patch: TillSettingsPatch,
  currency: string
): TillSettingsView {
  const next = withPatch(current, patch)
  try {
    parseAmount(next.maxSaleAmount, currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    throw new KassaError(
      'invalid-input',
      `till.maxSaleAmount: ${next.maxSaleAmount} is not an amount in ${currency} (${error.message})`
    )
  }
  return next
}
