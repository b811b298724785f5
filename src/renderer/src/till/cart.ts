import type { SaleLine } from '@shared/contract'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import { saleTotals } from '@shared/sale-totals'

/** Largest quantity of one line (the contract's `SaleLineSchema` limit). */
export const MAX_QUANTITY = 10_000
/** Most lines one sale may carry (the contract's `sale:charge` limit). */
export const MAX_LINES = 200

/** A cart's totals as decimal strings in its currency (`"12.34"`), computed exactly as main computes them. */
export interface CartTotals {
  subtotal: string
  tax: string
  total: string
}

/**
 * Add a line of `quantity` 1 at `unitPrice` (decimal string). A line with the same name and price gets one more
 * instead, so ringing up the same item twice reads as "2 × Coffee".
 * @returns the new lines (the input is not changed), or the same array when the cart is full
 */
export function addLine(lines: readonly SaleLine[], name: string, unitPrice: string): SaleLine[] {
  const index = lines.findIndex((l) => l.name === name && l.unitPrice === unitPrice)
  if (index !== -1) return changeQuantity(lines, index, 1)
  if (lines.length >= MAX_LINES) return [...lines]
  return [...lines, { name, unitPrice, quantity: 1 }]
}

/**
 * Change line `index`'s quantity by `delta`, kept within 1…`MAX_QUANTITY` (removing a line is `removeLine`).
 * @returns the new lines; the input is not changed
 */
export function changeQuantity(lines: readonly SaleLine[], index: number, delta: number): SaleLine[] {
  return lines.map((line, i) =>
    i === index ? { ...line, quantity: Math.min(MAX_QUANTITY, Math.max(1, line.quantity + delta)) } : line
  )
}

/** The lines without line `index`. */
export function removeLine(lines: readonly SaleLine[], index: number): SaleLine[] {
  return lines.filter((_, i) => i !== index)
}

/** One line's total (quantity × unit price, exact in minor units) as a decimal string. */
export function lineTotal(line: SaleLine, currency: string): string {
  return formatMinor(parseAmount(line.unitPrice, currency) * BigInt(line.quantity), currency)
}

/**
 * Subtotal, tax and total of the lines with `saleTotals`, the function main checks a charge against, so the
 * till never sends an amount main would refuse.
 * @param taxRate percent, decimal string (`"8.5"`)
 * @returns null for an empty cart or a line main would refuse (the caller then cannot charge the cart)
 */
export function cartTotals(lines: readonly SaleLine[], currency: string, taxRate: string): CartTotals | null {
  if (lines.length === 0) return null
  try {
    const totals = saleTotals(lines, currency, taxRate)
    return {
      subtotal: formatMinor(totals.subtotal, currency),
      tax: formatMinor(totals.tax, currency),
      total: formatMinor(totals.total, currency)
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
