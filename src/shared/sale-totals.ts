import { AmountError, parseAmount, percentOf } from './money'

/** A sale line as rung up: `unitPrice` a decimal string in the sale currency, `quantity` a positive integer. */
export interface TotalsLine {
  unitPrice: string
  quantity: number
}

/** A sale's totals in minor units of its currency. `total` = `subtotal` + `tax` − `discount`. */
export interface SaleTotals {
  subtotal: bigint
  tax: bigint
  discount: bigint
  total: bigint
}

/**
 * Totals of an itemised sale, the way invoicing systems such as BTPay compute them: each line is
 * quantity × unit price (exact in minor units), tax is `taxRate` percent of the subtotal rounded half-up to the
 * minor unit, and the discount is subtracted last.
 * @param taxRate percent as a decimal string (`"10"`); `"0"` for none
 * @param discount fiat decimal string, or undefined for none
 * @throws AmountError for a malformed price, tax rate or discount, or a discount that leaves nothing to pay.
 */
export function saleTotals(
  lines: readonly TotalsLine[],
  currency: string,
  taxRate = '0',
  discount?: string
): SaleTotals {
  let subtotal = 0n
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new AmountError('Quantity must be a whole number of at least 1')
    }
    subtotal += parseAmount(line.unitPrice, currency) * BigInt(line.quantity)
  }
  const tax = percentOf(subtotal, taxRate, 'half-up')
  const discountMinor = discount === undefined ? 0n : parseAmount(discount, currency, { allowZero: true })
  const total = subtotal + tax - discountMinor
  if (total <= 0n) throw new AmountError('The discount leaves nothing to pay')
  return { subtotal, tax, discount: discountMinor, total }
}
