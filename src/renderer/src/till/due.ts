/**
 * What the till's big display shows. With a cart, it is what is due (the cart's total, with an amount typed but
 * not yet added counted as a line, exactly what Charge asks for) and the typed amount is shown small beside it;
 * without a cart it is the typed amount. Never the keypad entry alone while a cart is due (issue 12: "$0.00 while
 * $18.93 is due").
 */
export interface DueDisplay {
  /** `due`: the cart's total; `entry`: the typed amount (no cart). */
  kind: 'due' | 'entry'
  /** Decimal string for the big display. */
  amount: string
  /** The typed amount shown small, when a cart is due and something is typed; else null. */
  entry: string | null
}

/**
 * @param hasLines the cart has lines
 * @param due what Charge asks for (decimal string), or null when it cannot be computed
 * @param entry the keypad's amount (decimal string, `"0.00"` when nothing is typed)
 * @param typing something is typed on the keypad
 */
export function dueDisplay(
  hasLines: boolean,
  due: string | null,
  entry: string,
  typing: boolean
): DueDisplay {
  if (!hasLines) return { kind: 'entry', amount: entry, entry: null }
  return { kind: 'due', amount: due ?? entry, entry: typing ? entry : null }
}
