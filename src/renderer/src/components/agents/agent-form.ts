import { separatorsOf, parseLocaleDecimal } from '@shared/locale-number'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import type { AgentSettingsView } from '@shared/agents'

/** Settings → Agent access as typed: the limit in the locale's form (`"100,50"` in German), numbers as text. */
export interface AgentSettingsForm {
  enabled: boolean
  port: string
  paymentRequestLimit: string
  callsPerMinute: string
}

/** Which fields are wrong. */
export interface AgentSettingsProblems {
  port: boolean
  paymentRequestLimit: boolean
  callsPerMinute: boolean
}

/** The form for the settings as main reports them, the limit in `locale`'s form (`"100.5"` → `"100,5"`). */
export function agentFormOf(settings: AgentSettingsView, locale: string): AgentSettingsForm {
  return {
    enabled: settings.enabled,
    port: String(settings.port),
    paymentRequestLimit: settings.paymentRequestLimit.replace('.', separatorsOf(locale).decimal),
    callsPerMinute: String(settings.callsPerMinute)
  }
}

/** A whole number typed as plain digits within [min, max], else null. */
function wholeIn(text: string, min: number, max: number): number | null {
  const trimmed = text.trim()
  if (!/^\d{1,6}$/.test(trimmed)) return null
  const value = Number(trimmed)
  return value >= min && value <= max ? value : null
}

/** A typed limit → a decimal string of `currency` (0 allowed), or null when it is not one (or too precise). */
function limitOf(text: string, currency: string, locale: string): string | null {
  try {
    return formatMinor(parseAmount(parseLocaleDecimal(text, locale), currency, { allowZero: true }), currency)
  } catch (error) {
    if (error instanceof AmountError) return null
    throw error
  }
}

/**
 * Check the form and turn it into `agent:configure`: the port 1024–65535, the payment-request limit an amount of
 * the store currency of 0 or more (`parseLocaleDecimal`, at most the currency's decimals), 1–600 calls a minute.
 * @returns `{patch}` to send, or `{problems}` naming the wrong fields
 */
export function agentSettingsPatch(
  form: AgentSettingsForm,
  currency: string,
  locale: string
): { patch: AgentSettingsView } | { problems: AgentSettingsProblems } {
  const port = wholeIn(form.port, 1024, 65535)
  const callsPerMinute = wholeIn(form.callsPerMinute, 1, 600)
  const paymentRequestLimit = limitOf(form.paymentRequestLimit, currency, locale)
  if (port === null || callsPerMinute === null || paymentRequestLimit === null) {
    return {
      problems: {
        port: port === null,
        paymentRequestLimit: paymentRequestLimit === null,
        callsPerMinute: callsPerMinute === null
      }
    }
  }
  return { patch: { enabled: form.enabled, port, paymentRequestLimit, callsPerMinute } }
}

/** The MCP client config a stdio client (Claude Desktop …) pastes: runs `kassa mcp` with the token. */
export function stdioSnippet(token: string): string {
  const config = {
    mcpServers: { kassa: { command: 'kassa', args: ['mcp'], env: { KASSA_MCP_TOKEN: token } } }
  }
  return JSON.stringify(config, null, 2)
}

/** The header an HTTP client sends with every request. */
export function bearerHeader(token: string): string {
  return `Authorization: Bearer ${token}`
}
