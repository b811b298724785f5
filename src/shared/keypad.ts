import { currencyExponent } from './currency'
import { formatMinor } from './money'

/** A key on the till's keypad. `00` types two zeros; `C` clears; `⌫` removes the last digit. */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | 'C' | '⌫'

/** At most this many digits: 10^12 minor units (ten billion dollars) is more than any till rings up. */
export const KEYPAD_MAX_DIGITS = 12

/**
 * Keypad state is the typed digits, which are the amount in minor units: cash-register entry, where digits fill
 * from the right (`1`,`2`,`3`,`4` → 12.34 USD, → 1234 JPY). Leading zeros are dropped; extra digits are ignored.
 * @returns the new digit string (`''` for zero)
 */
export function keypadPress(digits: string, key: KeypadKey): string {
  if (key === 'C') return ''
  if (key === '⌫') return digits.slice(0, -1)
  const next = (digits + key).replace(/^0+/, '')
  return next.length > KEYPAD_MAX_DIGITS ? digits : next
}

/** The decimal string the digits stand for in `currency` (`'1234'`, USD → `'12.34'`; `''` → `'0.00'`). */
export function keypadAmount(digits: string, currency: string): string {
  currencyExponent(currency) // throws for an unknown currency
  return formatMinor(BigInt(digits === '' ? '0' : digits), currency)
}
