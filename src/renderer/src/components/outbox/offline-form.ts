import { parseLocaleDecimal } from '@shared/locale-number'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import type { OfflineMode, OfflinePolicyView } from '@shared/outbox'

/** Settings → Offline sales as typed: caps in the locale's form (`"100,50"` in German), hours as text. */
export interface OfflineForm {
  mode: OfflineMode
  perSaleMax: string
  totalMax: string
  maxHours: string
}

/** Which fields are wrong: `amount` (not an amount above zero in the currency), `total` (below per sale), … */
export interface OfflineProblems {
  perSaleMax: boolean
  totalMax: 'amount' | 'total' | false
  maxHours: boolean
}

/** `"100.5"` → `"100,5"` where the locale writes a decimal comma. */
function localeText(decimal: string, locale: string): string {
  const mark = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value
  return decimal.replace('.', mark ?? '.')
}

/** The form for a policy as main reports it, amounts in `locale`'s form. */
export function formOf(policy: OfflinePolicyView, locale: string): OfflineForm {
  return {
    mode: policy.mode,
    perSaleMax: localeText(policy.perSaleMax, locale),
    totalMax: localeText(policy.totalMax, locale),
    maxHours: String(policy.maxHours)
  }
}

/** A typed cap → minor units of `currency`, or null when it is not an amount above zero (or too precise). */
function capOf(text: string, currency: string, locale: string): bigint | null {
  try {
    return parseAmount(parseLocaleDecimal(text, locale), currency)
  } catch (error) {
    if (error instanceof AmountError) return null
    throw error
  }
}

/**
 * Check the form and turn it into `settings:update {offline}`: caps as decimal strings of the store currency
 * (`parseLocaleDecimal`, at most the currency's decimals, above zero, the total not below the per-sale cap), whole
 * hours 1–72. The caps are checked and sent only in `capped` mode (the other modes keep the stored ones).
 * @returns `{patch}` to save, or `{problems}` naming the wrong fields
 */
export function offlinePatch(
  form: OfflineForm,
  currency: string,
  locale: string
): { patch: Partial<OfflinePolicyView> } | { problems: OfflineProblems } {
  const hoursText = form.maxHours.trim()
  const hours = /^\d{1,2}$/.test(hoursText) ? Number(hoursText) : NaN
  const problems: OfflineProblems = {
    perSaleMax: false,
    totalMax: false,
    maxHours: form.mode !== 'none' && !(hours >= 1 && hours <= 72)
  }
  const patch: Partial<OfflinePolicyView> = { mode: form.mode }
  if (form.mode !== 'none' && !problems.maxHours) patch.maxHours = hours
  if (form.mode === 'capped') {
    const perSale = capOf(form.perSaleMax, currency, locale)
    const total = capOf(form.totalMax, currency, locale)
    problems.perSaleMax = perSale === null
    problems.totalMax = total === null ? 'amount' : perSale !== null && total < perSale ? 'total' : false
    if (perSale !== null) patch.perSaleMax = formatMinor(perSale, currency)
    if (total !== null) patch.totalMax = formatMinor(total, currency)
  }
  if (problems.perSaleMax || problems.totalMax || problems.maxHours) return { problems }
  return { patch }
}

/**
 * The form field a server `invalid-input` names (`params.field`, e.g. `offline.perSaleMax`), or null when it names
 * none of this form's fields.
 */
export function fieldOfError(field: string | undefined): keyof OfflineForm | null {
  const name = (field ?? '').split('.').pop()
  return name === 'mode' || name === 'perSaleMax' || name === 'totalMax' || name === 'maxHours' ? name : null
}
