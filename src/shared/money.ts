import Big from 'big.js'
import { BTC_EXPONENT, currencyExponent } from './currency'

// Money never passes through a JavaScript number: amounts are decimal strings at the edges, bigint minor
// units inside, and big.js for the few places that multiply or divide (rates). Every Big here is built from a
// validated decimal string or a bigint's digits; small integer constants (10, 100) are exact in any case.
// (Big.strict is not set: it is global, and would change big.js for every module that shares it.)

/** Raised for an amount that is not a well-formed, positive, in-range decimal for its currency. */
export class AmountError extends Error {
  override name = 'AmountError'
}

/** Largest number of integer digits accepted in an amount (10^15 minor units is far above any sale). */
const MAX_INTEGER_DIGITS = 13
const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * Parse a decimal string such as `"12.34"` into minor units of `currency` (`1234n` for USD).
 * Accepts only plain digits with an optional dot: no sign, exponent, spaces or separators.
 * @param options.allowZero accept `"0"` (default false: a sale of nothing is refused)
 * @throws AmountError for a malformed, negative, zero, too large or too precise amount.
 */
export function parseAmount(value: string, currency: string, options: { allowZero?: boolean } = {}): bigint {
  const exponent = currencyExponent(currency)
  if (typeof value !== 'string') throw new AmountError('Amount must be a decimal string')
  const match = DECIMAL.exec(value)
  if (!match) {
    if (value.trim().startsWith('-')) throw new AmountError('Amount must not be negative')
    throw new AmountError(`"${value.slice(0, 32)}" is not a decimal amount like 12.34`)
  }
  const whole = match[1] ?? '0'
  const fraction = match[2] ?? ''
  if (fraction.length > exponent) {
    throw new AmountError(
      exponent === 0
        ? `${currency} has no minor unit: use a whole amount`
        : `${currency} allows at most ${exponent} decimal places`
    )
  }
  if (whole.replace(/^0+/, '').length > MAX_INTEGER_DIGITS) throw new AmountError('Amount is too large')
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'))
  if (minor === 0n && !options.allowZero) throw new AmountError('Amount must be greater than zero')
  return minor
}

/**
 * Format minor units as a plain decimal string with exactly the currency's decimals:
 * `formatMinor(1234n, 'USD')` → `"12.34"`, `formatMinor(500n, 'JPY')` → `"500"`, `formatMinor(5n, 'BTC')` → `"0.00000005"`.
 */
export function formatMinor(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency)
  const negative = minor < 0n
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0')
  const whole = digits.slice(0, digits.length - exponent)
  const fraction = exponent > 0 ? '.' + digits.slice(digits.length - exponent) : ''
  return (negative ? '-' : '') + whole + fraction
}

/**
 * Format a decimal string for people, with symbol and grouping for `locale`: `"12.34"`, `USD` → `"$12.34"`.
 * Intl formats the string itself (NumberFormat v3), so no float is involved.
 */
export function formatDisplay(decimal: string, currency: string, locale = 'en-US'): string {
  if (currency === 'BTC') return `${decimal} BTC`
  const exponent = currencyExponent(currency)
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent
  }) as Intl.NumberFormat & { format(value: string): string }
  return format.format(decimal)
}

/** Satoshis from a BTC decimal string (`"0.00012345"` → `12345n`). @throws AmountError if malformed. */
export function btcToSats(btc: string): bigint {
  return parseAmount(btc, 'BTC', { allowZero: true })
}

/** BTC decimal string with 8 places from satoshis (`12345n` → `"0.00012345"`). */
export function satsToBtc(sats: bigint): string {
  return formatMinor(sats, 'BTC')
}

/** How to round when an exact result has more precision than the target unit. */
export type Rounding = 'up' | 'down' | 'half-even' | 'half-up'

const BIG_ROUNDING = {
  down: Big.roundDown,
  'half-even': Big.roundHalfEven,
  'half-up': Big.roundHalfUp,
  up: Big.roundUp
} as const

/**
 * Convert fiat minor units to satoshis at `rate` (a decimal string: fiat per 1 BTC, e.g. `"65000.00"`).
 * Rounds `up` by default, so the customer never pays less than the price.
 * @throws AmountError when the rate is not a positive decimal.
 */
export function fiatToSats(minor: bigint, currency: string, rate: string, rounding: Rounding = 'up'): bigint {
  const rateBig = positiveRate(rate)
  const fiat = new Big(minor.toString()).div(new Big(10).pow(currencyExponent(currency)))
  const btc = fiat.div(rateBig)
  const sats = btc.times(new Big(10).pow(BTC_EXPONENT)).round(0, BIG_ROUNDING[rounding])
  return BigInt(sats.toFixed(0))
}

/**
 * Convert satoshis to fiat minor units at `rate` (fiat per 1 BTC). Rounds half-even by default.
 * @throws AmountError when the rate is not a positive decimal.
 */
export function satsToFiat(
  sats: bigint,
  currency: string,
  rate: string,
  rounding: Rounding = 'half-even'
): bigint {
  const rateBig = positiveRate(rate)
  const btc = new Big(sats.toString()).div(new Big(10).pow(BTC_EXPONENT))
  const minor = btc
    .times(rateBig)
    .times(new Big(10).pow(currencyExponent(currency)))
    .round(0, BIG_ROUNDING[rounding])
  return BigInt(minor.toFixed(0))
}

/**
 * Multiply minor units by a percentage given as a decimal string (`"10"` = 10 %), rounding as asked.
 * Used for tax and for a refund's `subtractPercentage`.
 */
export function percentOf(minor: bigint, percent: string, rounding: Rounding = 'half-even'): bigint {
  if (!DECIMAL.test(percent)) throw new AmountError(`"${percent}" is not a percentage`)
  const result = new Big(minor.toString()).times(new Big(percent)).div(100).round(0, BIG_ROUNDING[rounding])
  return BigInt(result.toFixed(0))
}

function positiveRate(rate: string): Big {
  if (!DECIMAL.test(rate)) throw new AmountError(`"${rate}" is not a rate`)
  const value = new Big(rate)
  if (value.lte(0)) throw new AmountError('Rate must be positive')
  return value
}

/**
 * Minor units from a processor's decimal string that may carry a sign or more precision than the currency
 * (e.g. a fiat `paidAmount` of `"12.3456"`). Rounds as asked (half-even by default) — explicit, never silent.
 * @throws AmountError when the string is not a decimal.
 */
export function decimalToMinor(value: string, currency: string, rounding: Rounding = 'half-even'): bigint {
  if (!/^-?\d+(\.\d+)?$/.test(value)) throw new AmountError(`"${value.slice(0, 32)}" is not a decimal amount`)
  const scaled = new Big(value)
    .times(new Big(10).pow(currencyExponent(currency)))
    .round(0, BIG_ROUNDING[rounding])
  return BigInt(scaled.toFixed(0))
}
