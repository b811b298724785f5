import type { z } from 'zod'
import { DEFAULT_AGENT_PORT, type AgentSettingsView } from '@shared/agents'
import { AgentSettingsPatchSchema } from '@shared/agent-schemas'
import { KassaError } from '@shared/errors'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import { readStoredFields, withPatch } from '../settings/stored-settings'

/** The settings key of Settings → Agent access (JSON of `AgentSettingsView`). */
export const AGENT_SETTINGS_KEY = 'agentAccess'

/** Settings → Agent access when the owner changed nothing: server off, 100 of the store currency, 60 calls/min. */
export const DEFAULT_AGENT_SETTINGS: AgentSettingsView = Object.freeze({
  enabled: false,
  port: DEFAULT_AGENT_PORT,
  paymentRequestLimit: '100',
  callsPerMinute: 60
})

/** What `agent:configure` takes: only the fields given change. */
export type AgentSettingsPatch = z.output<typeof AgentSettingsPatchSchema>

/**
 * Settings → Agent access from its stored JSON; each field checked with the contract's schema, a missing, unreadable
 * or invalid one takes its default (`DEFAULT_AGENT_SETTINGS`), so a damaged row never stops the till (it leaves the
 * server off, its default).
 */
export function readAgentSettings(stored: string | null): AgentSettingsView {
  return readStoredFields(stored, DEFAULT_AGENT_SETTINGS, AgentSettingsPatchSchema.shape)
}

/**
 * The settings after `patch` (already checked by the schema). A limit given now must be an amount of `currency`
 * (the store currency), `"0"` or more, with no more decimals than it has (`"10.5"` is refused for JPY); it is stored
 * in the currency's form (`"49.9"` → `"49.90"`).
 * @throws KassaError `invalid-input` (`params.field: 'paymentRequestLimit'`); nothing is stored by the caller then
 */
export function applyAgentSettingsPatch(
  current: AgentSettingsView,
  patch: AgentSettingsPatch,
  currency: string
): AgentSettingsView {
  const next = withPatch(current, patch)
  if (patch.paymentRequestLimit !== undefined) {
    try {
      next.paymentRequestLimit = formatMinor(
        parseAmount(patch.paymentRequestLimit.trim(), currency, { allowZero: true }),
        currency
      )
    } catch (error) {
      if (!(error instanceof AmountError)) throw error
      throw new KassaError(
        'invalid-input',
        `Payment request limit: ${patch.paymentRequestLimit} is not an amount in ${currency} (${error.message})`,
        { field: 'paymentRequestLimit' }
      )
    }
  }
  return next
}

/**
 * The payment request limit as minor units of `currency`; trailing zeros of the fraction do not count (`"100.00"`
 * is 100 yen after the store moved to JPY). A limit that cannot be an amount of `currency` (`"49.99"` in JPY) is 0:
 * every payment request then waits for a person, the safe side.
 */
export function limitMinor(limit: string, currency: string): bigint {
  const trimmed = limit
    .trim()
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')
  try {
    return parseAmount(trimmed, currency, { allowZero: true })
  } catch (error) {
    if (error instanceof AmountError) return 0n
    throw error
  }
}
