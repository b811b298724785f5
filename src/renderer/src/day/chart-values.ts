import { formatMinor, parseAmount } from '@shared/money'

/**
 * A decimal amount as the height of a bar: its minor units as a number. Only the chart's geometry uses it; every
 * amount a person reads comes from the decimal string (`minorLabel` turns an axis tick back through bigint).
 * Amounts beyond 2^53 minor units are clamped (no bar needs that precision).
 * @returns 0 for an amount that is not a decimal of `currency`
 */
export function plotValue(amount: string, currency: string): number {
  try {
    const negative = amount.startsWith('-')
    const minor = parseAmount(negative ? amount.slice(1) : amount, currency, { allowZero: true })
    const clamped = minor > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : minor
    return (negative ? -1 : 1) * Number(clamped)
  } catch {
    return 0
  }
}

/** An axis tick (minor units, maybe fractional) as a decimal string of `currency`, rounded to the minor unit. */
export function minorLabel(value: number, currency: string): string {
  return formatMinor(BigInt(Math.round(value)), currency)
}

/** The index of the largest plotted value, or -1 when every value is 0 (no sales). */
export function peakIndex(values: readonly number[]): number {
  let best = -1
  values.forEach((value, index) => {
    if (value > 0 && (best < 0 || value > values[best]!)) best = index
  })
  return best
}
