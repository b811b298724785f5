import { AmountError, decimalToMinor, formatMinor, parseAmount } from '@shared/money'

// Checks the refund screen runs before calling main, so the cashier sees a problem at once and nothing is sent.
// Main checks everything again; these only mirror its rules. Amounts stay decimal strings throughout.

const PERCENT = /^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/
const DECIMAL = /^\d+(\.\d+)?$/
const ADDRESS = /^[A-Za-z0-9:._-]+$/

/** Why `value` is not a percentage from 0 to 100 (up to 4 decimals), or null. An empty field means 0. */
export function percentProblem(value: string): string | null {
  const v = value.trim()
  if (v === '' || PERCENT.test(v)) return null
  return 'Subtract a percentage from 0 to 100, like 10 or 2.5'
}

/** True when `value` is a plain positive decimal string (`"0.0012"`), without parsing it into a number. */
export function isPositiveDecimalString(value: string): boolean {
  return DECIMAL.test(value) && /[1-9]/.test(value)
}

/** Why a custom refund amount or its currency is not usable, or null. */
export function customProblem(amount: string, currency: string): string | null {
  if (!isPositiveDecimalString(amount.trim())) return 'Give the custom amount as a number like 5.00'
  if (!/^[A-Za-z0-9_]{3,10}$/.test(currency.trim()))
    return 'Give the custom amount’s currency, like USD or BTC'
  return null
}

/** Why a withdrawal's address and coin amount cannot be sent, or null. */
export function withdrawalProblem(address: string, amount: string): string | null {
  const a = address.trim()
  if (a.length < 14) return 'Type or paste the customer’s address (it is too short)'
  if (a.length > 128) return 'That address is too long'
  if (!ADDRESS.test(a)) return 'An address has only letters and digits: check for spaces or stray characters'
  if (!isPositiveDecimalString(amount.trim())) return 'Give the amount to send as a number like 0.0012'
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
  try {
    minor = parseAmount(input.amount.trim(), sale.currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    return `Refund amount: ${error.message}`
  }
  const left = remainingMinor(sale.paid, sale.refunded, sale.currency)
  if (minor > left) {
    return `That is more than is left to refund (${formatMinor(left, sale.currency)} ${sale.currency})`
  }
  if (input.reason.trim() === '') return 'Say why the refund was made'
  return null
}
