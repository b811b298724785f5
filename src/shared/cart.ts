/**
 * Cart arithmetic, shared by the till (what the screen shows) and main (what is charged), so a preview, the
 * invoice and the receipt agree to the minor unit. All amounts are bigint minor units of the sale currency; no
 * float is involved (percentages go through big.js inside `percentOf`).
 *
 * The order is fixed:
 * 1. **Lines**: each line is quantity × unit price, exact. `subtotal` is their sum, as priced (tax included
 *    when the store's prices include tax).
 * 2. **Order discount**: a percent of the subtotal (rounded half-up to the minor unit) or an amount, at most the
 *    subtotal. It is spread over the lines in proportion to their totals (largest remainder, so the shares sum
 *    exactly), which makes each tax rate's base exact.
 * 3. **Tax**, per rate (a line's own rate, else the store's default), on each rate's discounted lines:
 *    exclusive: tax = base × rate, half-up, added to the total; inclusive: the lines already hold the tax,
 *    net = gross × 100 / (100 + rate) half-up, tax = gross − net, nothing added.
 * 4. **Tip**: a percent of what is due after 1–3 (half-up) or an amount, added last.
 *
 * total = subtotal − discount + (exclusive ? tax : 0) + tip.
 */
import Big from 'big.js'
import { AmountError, parseAmount, percentOf } from './money'
import { PERCENT_PATTERN } from './percent'

/** A discount or tip as given: a percent (decimal string 0–100, `"10"`) or an amount (decimal string). */
export type Adjustment = { kind: 'percent'; value: string } | { kind: 'amount'; value: string }

/** A line as the arithmetic needs it. `unitPrice` is a decimal string; `taxRate` a percent, absent = default. */
export interface CartLineInput {
  unitPrice: string
  quantity: number
  taxRate?: string | null
}

/** Everything that decides a cart's totals. */
export interface CartInput {
  lines: readonly CartLineInput[]
  /** Percent for lines without their own rate (`"0"` for none). */
  defaultTaxRate: string
  /** True when prices include tax (VAT style), false when tax is added (US sales-tax style). */
  taxInclusive: boolean
  discount?: Adjustment | null
  tip?: Adjustment | null
}

/** Tax of one rate. `base` is the net taxable amount (after the discount; without the tax). */
export interface TaxLine {
  /** Percent, decimal string as given (`"7"`, `"19"`). */
  rate: string
  base: bigint
  tax: bigint
}

/** A cart's totals in minor units. */
export interface CartTotals {
  subtotal: bigint
  discount: bigint
  /** Each line's share of the order discount, in line order; they sum to `discount`. */
  lineDiscounts: bigint[]
  /** One entry per rate in use (rate 0 included when a line has it), highest rate first. */
  taxes: TaxLine[]
  tax: bigint
  /** What is due before the tip. */
  beforeTip: bigint
  tip: bigint
  total: bigint
  taxInclusive: boolean
}

/** Largest quantity of one line. */
export const MAX_LINE_QUANTITY = 10_000

/**
 * The totals of a cart, in the order described above.
 * @param currency the sale's fiat currency (its exponent decides the minor unit)
 * @throws AmountError for a malformed price, quantity, rate, discount or tip; a discount above the subtotal; a
 *   cart whose total is zero (nothing to charge)
 */
export function cartTotals(cart: CartInput, currency: string): CartTotals {
  if (cart.lines.length === 0) throw new AmountError('The cart is empty')
  const lineTotals = cart.lines.map((line) => {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw new AmountError(`Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`)
    }
    return parseAmount(line.unitPrice, currency, { allowZero: true }) * BigInt(line.quantity)
  })
  const subtotal = lineTotals.reduce((sum, value) => sum + value, 0n)

  const discount = adjustment(cart.discount, subtotal, currency, 'Discount')
  if (discount > subtotal) throw new AmountError('The discount is more than the sale')
  const lineDiscounts = spread(discount, lineTotals)

  const byRate = new Map<string, bigint>()
  cart.lines.forEach((line, index) => {
    const rate = canonicalRate(line.taxRate ?? cart.defaultTaxRate)
    byRate.set(rate, (byRate.get(rate) ?? 0n) + lineTotals[index]! - lineDiscounts[index]!)
  })
  const taxes: TaxLine[] = [...byRate.entries()]
    .sort(([a], [b]) => new Big(b).cmp(new Big(a)))
    .map(([rate, gross]) => {
      if (!cart.taxInclusive) return { rate, base: gross, tax: percentOf(gross, rate, 'half-up') }
      const net = netOf(gross, rate)
      return { rate, base: net, tax: gross - net }
    })
  const tax = taxes.reduce((sum, line) => sum + line.tax, 0n)
  const beforeTip = subtotal - discount + (cart.taxInclusive ? 0n : tax)
  const tip = adjustment(cart.tip, beforeTip, currency, 'Tip')
  const total = beforeTip + tip
  if (total <= 0n) throw new AmountError('Nothing to charge: the total is zero')
  return {
    subtotal,
    discount,
    lineDiscounts,
    taxes,
    tax,
    beforeTip,
    tip,
    total,
    taxInclusive: cart.taxInclusive
  }
}

/** A percent or amount adjustment in minor units, `of` being what a percent applies to. */
function adjustment(
  value: Adjustment | null | undefined,
  of: bigint,
  currency: string,
  what: string
): bigint {
  if (!value) return 0n
  if (value.kind === 'percent') {
    if (!PERCENT_PATTERN.test(value.value)) {
      throw new AmountError(`${what} must be a percentage from 0 to 100, like "10"`)
    }
    return percentOf(of, value.value, 'half-up')
  }
  try {
    return parseAmount(value.value, currency, { allowZero: true })
  } catch (error) {
    if (error instanceof AmountError) throw new AmountError(`${what}: ${error.message}`)
    throw error
  }
}

/** `"7.50"` → `"7.5"`, so equal rates group together. @throws AmountError for a malformed rate */
function canonicalRate(rate: string): string {
  if (!PERCENT_PATTERN.test(rate))
    throw new AmountError(`Tax rate "${rate}" must be a percentage from 0 to 100`)
  return new Big(rate).toString()
}

/** gross × 100 / (100 + rate), half-up, in integers (the rate scaled by 10⁴, `PERCENT_PATTERN`'s precision). */
function netOf(gross: bigint, rate: string): bigint {
  const scaledRate = BigInt(new Big(rate).times(10_000).toFixed(0))
  const denominator = 1_000_000n + scaledRate
  const numerator = gross * 1_000_000n
  return (numerator * 2n + denominator) / (denominator * 2n)
}

/**
 * Split `amount` over `weights` in proportion, by largest remainder: the parts sum to `amount` exactly, and
 * each is within one minor unit of its exact share. All weights 0: everything on the first.
 */
export function spread(amount: bigint, weights: readonly bigint[]): bigint[] {
  const total = weights.reduce((sum, w) => sum + w, 0n)
  if (weights.length === 0) return []
  if (total === 0n) return weights.map((_, i) => (i === 0 ? amount : 0n))
  const parts = weights.map((w) => (amount * w) / total)
  let left = amount - parts.reduce((sum, p) => sum + p, 0n)
  const order = weights
    .map((w, index) => ({ index, remainder: (amount * w) % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))
  for (const { index } of order) {
    if (left === 0n) break
    parts[index]! += 1n
    left -= 1n
  }
  return parts
}
