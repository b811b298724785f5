/**
 * A Kassa cart in BTPay's invoice form. BTPay computes total = Σ lines + `tax_rate` % of that sum −
 * `discount_amount` itself, which cannot express Kassa's order (discount before tax, a rate per line, prices with
 * tax included, a tip). So the cart is sent in a form whose BTPay total is Kassa's exactly (docs/processors/btpay.md):
 * - the items as lines at their own prices;
 * - tax added on top (exclusive): one line per rate, `Tax 19 %` × 1 at that rate's tax;
 * - tax included in the prices: no tax line (it is inside the items); the notes say `incl. tax 19 %: 1.60`;
 * - a tip: one line `Tip` (`Tip 15 %`) × 1;
 * - `tax_rate` `"0"`, `discount_amount` the order discount.
 */
import Big from 'big.js'
import type { InvoiceCart } from '../types'
import type { BtpayInvoiceCreateParams } from './invoices'

/** The lines, tax rate, discount and a note on included tax (empty when none) of a cart. */
export type BtpayCartForm = Pick<BtpayInvoiceCreateParams, 'lines' | 'tax_rate' | 'discount_amount'> & {
  taxNote: string
}

/** BTPay's form of `cart`; its BTPay total is `cart.total`. */
export function btpayCartForm(cart: InvoiceCart): BtpayCartForm {
  const positive = (value: string): boolean => new Big(value).gt(0)
  const lines: BtpayInvoiceCreateParams['lines'] = cart.lines.map((line) => ({
    description: line.name,
    quantity: line.quantity,
    unit_price: line.unitPrice
  }))
  const taxed = cart.taxes.filter((tax) => positive(tax.tax))
  if (!cart.taxInclusive) {
    for (const tax of taxed)
      lines.push({ description: `Tax ${tax.rate} %`, quantity: 1, unit_price: tax.tax })
  }
  if (positive(cart.tip)) {
    const description = cart.tipPercent === null ? 'Tip' : `Tip ${cart.tipPercent} %`
    lines.push({ description, quantity: 1, unit_price: cart.tip })
  }
  return {
    lines,
    tax_rate: '0',
    discount_amount: positive(cart.discount) ? cart.discount : undefined,
    taxNote: cart.taxInclusive ? taxed.map((tax) => `incl. tax ${tax.rate} %: ${tax.tax}`).join(', ') : ''
  }
}
