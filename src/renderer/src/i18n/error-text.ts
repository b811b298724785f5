/**
 * An error from main in the cashier's language. Main sends a code, optional params and its own English message
 * (`KassaErrorData`); the words live in the `errors` area (`locales/<language>/errors.ts`):
 * - `errors.reasons.<code>.<reason>` for one named refusal of a broad code (`conflict` + `reason: fully-refunded`),
 * - `errors.codes.<code>` for a code whose every case reads the same (`keychain-unavailable`, `processor-auth`),
 * - `errors.codes.<code>_<param>` first when that param is present (`invalidInput_field`: "Check the {field} field"),
 * - otherwise main's English `message`, which always says something true.
 * Every message may use the params (`{status}`, `{processor}`, …) and `{message}` (main's words); `{amount}` with a
 * `currency` param is formatted as money in the current locale.
 */
import type { KassaErrorData } from '@shared/errors'
import { formatMoney, i18n } from './index'

/** `processor-auth` → `processorAuth`: message keys are identifiers. */
function keyOf(code: string): string {
  return code.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())
}

/** Keys tried in order for `error`, most specific first. */
function candidates(error: KassaErrorData): string[] {
  const code = keyOf(error.code)
  const params = error.params ?? {}
  const keys: string[] = []
  if (params.reason) keys.push(`errors.reasons.${code}.${keyOf(params.reason)}`)
  // A broad code named without its reason keeps main's specific English words rather than a vague translation.
  for (const name of Object.keys(params).sort()) {
    if (name !== 'reason') keys.push(`errors.codes.${code}_${name}`)
  }
  keys.push(`errors.codes.${code}`)
  return keys
}

/**
 * The words for `error` in the current UI language (reactive inside a render: the locale is a ref).
 * @param error a contract error (`{code, message, params?}`)
 * @returns the translation of its most specific key that exists, filled with its params, or main's message
 */
export function errorText(error: KassaErrorData): string {
  // vue-i18n's typed `t` over untyped message objects instantiates too deep; the keys here are built at run time.
  const { t, te } = i18n.global as unknown as {
    t: (key: string, values: Record<string, string>) => string
    te: (key: string, locale?: string) => boolean
  }
  const values: Record<string, string> = { ...error.params, message: error.message }
  // An amount with its currency is money for people: in the locale's form (`6,50 €`).
  if (error.params?.amount && error.params.currency) {
    try {
      values.amount = formatMoney(error.params.amount, error.params.currency)
    } catch {
      // Not a decimal main would send; show it as sent.
    }
  }
  for (const key of candidates(error)) {
    // `te` looks in the current language only; English is the fallback, so check it too.
    if (te(key) || te(key, 'en')) return t(key, values)
  }
  return error.message
}
