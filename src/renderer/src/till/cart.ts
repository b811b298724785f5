import type { SaleLine } from '@shared/contract'
import type { PriceType } from '@shared/catalog'
import { cartTotals, MAX_LINE_QUANTITY, type Adjustment } from '@shared/cart'
import { AmountError, formatMinor, parseAmount } from '@shared/money'

/** Largest quantity of one line (the contract's limit, `MAX_LINE_QUANTITY` of the shared cart arithmetic). */
export const MAX_QUANTITY = MAX_LINE_QUANTITY
/** Most lines one sale may carry (the contract's `sale:charge` limit). */
export const MAX_LINES = 200

/**
 * A line in the till's cart: what is charged (`SaleLine`) plus what the till needs to let the cashier edit it.
 * `priceType` is the catalog item's (`custom` and `minimum` prices can be changed; a keypad line is `custom`);
 * `minPrice` the least a `minimum` item may cost (decimal string).
 */
export interface CartLine extends SaleLine {
  priceType?: PriceType
  minPrice?: string | null
}

/** A cart's totals as decimal strings in its currency (`"12.34"`), from `cartTotals` (src/shared/cart.ts). */
export interface CartSummary {
  subtotal: string
  discount: string
  /** Per rate, highest first: `base` net of tax and discount. */
  taxes: { rate: string; base: string; tax: string }[]
  tax: string
  /** What is due before the tip. */
  beforeTip: string
  tip: string
  total: string
  taxInclusive: boolean
}

/** What decides a cart's totals besides its lines. */
export interface CartTerms {
  currency: string
  /** Percent for lines without their own rate (the store's). */
  defaultTaxRate: string
  taxInclusive: boolean
  discount?: Adjustment | null
  tip?: Adjustment | null
}

/** Two lines are one (quantity adds up) when they are the same item at the same price under the same name. */
function sameLine(a: CartLine, b: CartLine): boolean {
  return a.name === b.name && a.unitPrice === b.unitPrice && (a.itemId ?? null) === (b.itemId ?? null)
}

/**
 * Add `line` (its quantity is taken as 1). The same item at the same price gets one more instead, so ringing up
 * the same item twice reads as "2 × Coffee".
 * @returns the new lines (the input is not changed), or a copy unchanged when the cart is full
 */
export function addLine(lines: readonly CartLine[], line: CartLine): CartLine[] {
  const index = lines.findIndex((l) => sameLine(l, line))
  if (index !== -1) return changeQuantity(lines, index, 1)
  if (lines.length >= MAX_LINES) return [...lines]
  return [...lines, { ...line, quantity: 1 }]
}

/** Line `index`'s quantity set to `quantity`, kept within 1…`MAX_QUANTITY` (a whole number). */
export function setQuantity(lines: readonly CartLine[], index: number, quantity: number): CartLine[] {
  const q = Math.min(MAX_QUANTITY, Math.max(1, Math.trunc(quantity)))
  return lines.map((line, i) => (i === index ? { ...line, quantity: q } : line))
}

/** Line `index`'s quantity changed by `delta`, kept within 1…`MAX_QUANTITY` (removing is `removeLine`). */
export function changeQuantity(lines: readonly CartLine[], index: number, delta: number): CartLine[] {
  const line = lines[index]
  return line ? setQuantity(lines, index, line.quantity + delta) : [...lines]
}

/**
 * Line `index` at a new unit price (decimal string), for lines whose price may change (`canReprice`).
 * @throws AmountError when the price is malformed, zero, or below a `minimum` item's least price
 */
export function setPrice(
  lines: readonly CartLine[],
  index: number,
  price: string,
  currency: string
): CartLine[] {
  const line = lines[index]
  if (!line) return [...lines]
  checkPrice(line, price, currency)
  return lines.map((l, i) =>
    i === index ? { ...l, unitPrice: formatMinor(parseAmount(price, currency), currency) } : l
  )
}

/**
 * Check a price for a line or item of `priceType` with least price `minPrice`.
 * @throws AmountError when malformed, zero, or below the minimum
 */
export function checkPrice(
  line: Pick<CartLine, 'priceType' | 'minPrice'>,
  price: string,
  currency: string
): void {
  const minor = parseAmount(price, currency)
  if (line.priceType === 'minimum' && line.minPrice) {
    if (minor < parseAmount(line.minPrice, currency, { allowZero: true })) {
      throw new AmountError(`The price must be at least ${line.minPrice}`)
    }
  }
}

/** True when the cashier may change the line's price: keypad lines and custom or minimum-price items. */
export function canReprice(line: CartLine): boolean {
  return !line.itemId || line.priceType === 'custom' || line.priceType === 'minimum'
}

/** The lines without line `index`. */
export function removeLine(lines: readonly CartLine[], index: number): CartLine[] {
  return lines.filter((_, i) => i !== index)
}

/** One line's total (quantity × unit price, exact in minor units) as a decimal string. */
export function lineTotal(line: SaleLine, currency: string): string {
  return formatMinor(
    parseAmount(line.unitPrice, currency, { allowZero: true }) * BigInt(line.quantity),
    currency
  )
}

/**
 * A line as `sale:charge` takes it: the till's editing facts dropped, and absent facts left out rather than sent
 * as null (so a keypad line is exactly `{name, unitPrice, quantity}`).
 */
export function toSaleLine(line: CartLine): SaleLine {
  return {
    name: line.name,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    ...(line.taxRate ? { taxRate: line.taxRate } : {}),
    ...(line.itemId ? { itemId: line.itemId } : {}),
    ...(line.sku ? { sku: line.sku } : {})
  }
}

/**
 * The cart's totals through `cartTotals` (src/shared/cart.ts), the only cart arithmetic, which main checks the
 * charge against: lines → order discount → tax per rate (inclusive or exclusive) → tip.
 * @returns null for an empty cart or one `cartTotals` refuses (a discount above the sale, a zero total)
 */
export function computeCart(lines: readonly SaleLine[], terms: CartTerms): CartSummary | null {
  if (lines.length === 0) return null
  const { currency } = terms
  try {
    const totals = cartTotals(
      {
        lines,
        defaultTaxRate: terms.defaultTaxRate,
        taxInclusive: terms.taxInclusive,
        discount: terms.discount ?? null,
        tip: terms.tip ?? null
      },
      currency
    )
    const money = (minor: bigint): string => formatMinor(minor, currency)
    return {
      subtotal: money(totals.subtotal),
      discount: money(totals.discount),
      taxes: totals.taxes.map((t) => ({ rate: t.rate, base: money(t.base), tax: money(t.tax) })),
      tax: money(totals.tax),
      beforeTip: money(totals.beforeTip),
      tip: money(totals.tip),
      total: money(totals.total),
      taxInclusive: totals.taxInclusive
    }
  } catch (error) {
    if (error instanceof AmountError) return null
    throw error
  }
}

/** True when a percentage decimal string is above zero (`"0"`, `"0.00"` → false), without a float. */
export function isPositivePercent(percent: string): boolean {
  return /[1-9]/.test(percent)
}

/** True when decimal string `a` is above `b` in `currency` (compared in minor units, no float). */
export function isAbove(a: string, b: string, currency: string): boolean {
  return parseAmount(a, currency, { allowZero: true }) > parseAmount(b, currency, { allowZero: true })
}
