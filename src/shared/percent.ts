/**
 * A percentage as the contract carries it: a decimal string from 0 to 100 with at most 4 decimals (`"10"`,
 * `"7.5"`, `"100.0"`). Plain code, no zod, so the renderer can check a field with the very rule main's
 * `PercentSchema` (`./schemas`) applies.
 */
export const PERCENT_PATTERN = /^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$/

/** What is wrong with a value that does not match `PERCENT_PATTERN`. */
export const PERCENT_MESSAGE = 'Percentage must be a number from 0 to 100, like "10" or "7.5"'

/** Why `value` is not a percentage (`PERCENT_MESSAGE`), or null when it is one. Does not trim. */
export function percentProblem(value: string): string | null {
  return PERCENT_PATTERN.test(value) ? null : PERCENT_MESSAGE
}
