import { parseLocaleDecimal } from '@shared/locale-number'
import { AmountError, decimalToMinor, formatMinor, parseAmount } from '@shared/money'
import { formatMoney, i18n, intlLocale } from '../i18n'

// Checks the refund screen runs before calling main, so the cashier sees a problem at once and nothing is sent.
// Main checks everything again; these only mirror its rules. Amounts stay decimal strings throughout, typed in the
// locale's form ("4,50" in German) and turned into the contract's form ("4.50") by `typedDecimal`. The problems
// are worded in the UI language (`refund.problems`).

const t = (key: string, values: Record<string, string> = {}): string =>
  i18n.global.t(`refund.problems.${key}`, values)

/**
 * A number as the cashier typed it in the current locale → the contract's decimal string (`"4,50"` → `"4.50"` in
 * German), or null when it is not a number. Empty stays empty.
 */
export function typedDecimal(text: string): string | null {
  if (text.trim() === '') return ''
  try {
    return parseLocaleDecimal(text, intlLocale.value)
  } catch (error) {
    if (error instanceof AmountError) return null
    throw error
  }
}

const PERCENT = /^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/
const DECIMAL = /^\d+(\.\d+)?$/
const ADDRESS = /^[A-Za-z0-9:._-]+$/

/** Why `value` (as typed in the locale) is not a percentage from 0 to 100 (up to 4 decimals), or null. Empty means 0. */
export function percentProblem(value: string): string | null {
  const v = typedDecimal(value)
  if (v === '' || (v !== null && PERCENT.test(v))) return null
  return t('percent')
}

/** True when `value` is a plain positive decimal string (`"0.0012"`), without parsing it into a number. */
export function isPositiveDecimalString(value: string): boolean {
  return DECIMAL.test(value) && /[1-9]/.test(value)
}

/** Why a custom refund amount or its currency is not usable, or null. */
export function customProblem(amount: string, currency: string): string | null {
  if (!isPositiveDecimalString(typedDecimal(amount) ?? '')) return t('customAmount')
  if (!/^[A-Za-z0-9_]{3,10}$/.test(currency.trim())) return t('customCurrency')
  return null
}

/** Why a withdrawal's address and coin amount cannot be sent, or null. */
export function withdrawalProblem(address: string, amount: string): string | null {
  const a = address.trim()
  if (a.length < 14) return t('addressShort')
  if (a.length > 128) return t('addressLong')
  if (!ADDRESS.test(a)) return t('addressCharacters')
  if (!isPositiveDecimalString(typedDecimal(amount) ?? '')) return t('coinAmount')
  return null
}

/**
 * What is left to refund of a sale, in minor units of `currency`: `paid − refunded`, never below zero.
 * @throws AmountError when main's amounts are not decimals (a bug, not the cashier's doing).
 */
export function remainingMinor(paid: string, refunded: string, currency: string): bigint {
  const left = decimalToMinor(paid, currency) - decimalToMinor(refunded, currency)
  return left > 0n ? left : 0n
}

/** `remainingMinor` as a decimal string in `currency` (`"7.50"`). */
export function remainingDecimal(paid: string, refunded: string, currency: string): string {
  return formatMinor(remainingMinor(paid, refunded, currency), currency)
}

/**
 * Why a refund recorded as paid outside Kassa cannot be recorded, or null: the amount must be a valid amount of
 * the sale's fiat `currency`, not above what is left to refund, and a reason is required.
 */
export function recordProblem(
  input: { amount: string; reason: string },
  sale: { currency: string; paid: string; refunded: string }
): string | null {
  let minor: bigint
  const amount = typedDecimal(input.amount)
  if (amount === null || amount === '') return t('recordAmount', { amount: input.amount.trim() })
  try {
    minor = parseAmount(amount, sale.currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    return `${t('recordAmountPrefix')}: ${error.message}`
  }
  const left = remainingMinor(sale.paid, sale.refunded, sale.currency)
  if (minor > left) {
    return t('moreThanLeft', { amount: formatMoney(formatMinor(left, sale.currency), sale.currency) })
  }
  if (input.reason.trim() === '') return t('reason')
  return null
}
