/**
 * A Kassa cart in Plisio's form: Plisio's invoice has no lines, only `order_name` (shown as the order's title) and
 * `description` (free text), both sent in the query of `GET /invoices/new`. Kassa keeps them short: the title
 * `Table 4: 3 items`, the description the lines, discount, tax, tip and total in one line of text.
 */
import type { InvoiceCart } from '../types'

/** Longest `order_name` Kassa sends (Plisio documents no limit; a checkout title should stay short). */
export const ORDER_NAME_MAX = 80
/** Longest `description` Kassa sends (it travels in a URL query). */
export const DESCRIPTION_MAX = 500

/** `order_name` of a cart: `<title>: <n> item(s)`, at most `ORDER_NAME_MAX` characters. */
export function plisioOrderName(title: string, cart: InvoiceCart): string {
  const units = cart.lines.reduce((sum, line) => sum + line.quantity, 0)
  const count = `${units} item${units === 1 ? '' : 's'}`
  const name = title.trim() ? `${title.trim()}: ${count}` : count
  return clip(name, ORDER_NAME_MAX)
}

/**
 * `description` of a cart: `2 × Coffee @ 3.50 = 7.00; Cake 4.25; Discount 10 %: −1.13; Tax 10 %: 1.03; Tip: 1.50;
 * Total 11.28 USD`. Lines that do not fit in `DESCRIPTION_MAX` become `… +N more`; the totals always stay.
 */
export function plisioDescription(cart: InvoiceCart, currency: string): string {
  const percent = (value: string | null): string => (value === null ? '' : ` ${value} %`)
  const totals: string[] = []
  if (nonZero(cart.discount)) totals.push(`Discount${percent(cart.discountPercent)}: −${cart.discount}`)
  for (const tax of cart.taxes) {
    if (!nonZero(tax.tax)) continue
    totals.push(`${cart.taxInclusive ? 'incl. tax' : 'Tax'} ${tax.rate} %: ${tax.tax}`)
  }
  if (nonZero(cart.tip)) totals.push(`Tip${percent(cart.tipPercent)}: ${cart.tip}`)
  totals.push(`Total ${cart.total} ${currency}`)
  const lines = cart.lines.map((line) =>
    line.quantity === 1
      ? `${line.name} ${line.total}`
      : `${line.quantity} × ${line.name} @ ${line.unitPrice} = ${line.total}`
  )
  const tail = totals.join('; ')
  for (let shown = lines.length; shown >= 0; shown--) {
    const more = shown < lines.length ? [`… +${lines.length - shown} more`] : []
    const text = [...lines.slice(0, shown), ...more, tail].join('; ')
    if (text.length <= DESCRIPTION_MAX) return text
  }
  return clip(tail, DESCRIPTION_MAX)
}

function nonZero(decimal: string): boolean {
  return /[1-9]/.test(decimal)
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
