import type { SaleView, TaxLineView } from '@shared/contract'
import { formatMinor, parseAmount } from '@shared/money'
import type { SaleRecord, StoredCart } from '../ledger/ledger'
import type { InvoiceCart } from '../processors/types'
import type { PricedCharge } from './charge-pricing'

/** The cart fields of a `SaleView`. */
export type SaleCartView = Pick<SaleView, 'tip' | 'taxes' | 'taxInclusive' | 'discountGiven' | 'tipGiven'>

/** What the ledger keeps of a priced charge beyond its amounts (null for a keypad sale). */
export function storedCart(priced: PricedCharge): StoredCart | null {
  if (!priced.totals) return null
  return {
    discountGiven: priced.discount,
    tipGiven: priced.tip,
    lineDiscountsMinor: priced.totals.lineDiscounts,
    taxes: priced.totals.taxes.map((t) => ({ rate: t.rate, baseMinor: t.base, taxMinor: t.tax }))
  }
}

/**
 * The cart fields of a sale's view, from what was stored; never recomputed. A sale from before the cart (no
 * `cart`) shows tip 0 and its single rate as one tax line on its subtotal (it was taxed before its discount);
 * none when it had no tax.
 */
export function saleCartView(sale: SaleRecord): SaleCartView {
  const money = (minor: bigint): string => formatMinor(minor, sale.currency)
  return {
    tip: money(sale.tipMinor),
    taxes: taxLines(sale).map((t) => ({ rate: t.rate, base: money(t.baseMinor), tax: money(t.taxMinor) })),
    taxInclusive: sale.taxInclusive,
    discountGiven: sale.cart?.discountGiven ?? null,
    tipGiven: sale.cart?.tipGiven ?? null
  }
}

function taxLines(sale: SaleRecord): StoredCart['taxes'] {
  if (sale.cart) return sale.cart.taxes
  if (sale.taxMinor === 0n && /^0+(\.0+)?$/.test(sale.taxRate)) return []
  return [{ rate: sale.taxRate, baseMinor: sale.subtotalMinor, taxMinor: sale.taxMinor }]
}

/**
 * The cart processors are told for an itemised sale, or undefined for a keypad sale. An itemised sale from before
 * the cart (discount after tax) still adds up: total = subtotal − discount + tax.
 */
export function invoiceCart(sale: SaleRecord): InvoiceCart | undefined {
  if (sale.lines.length === 0) return undefined
  const money = (minor: bigint): string => formatMinor(minor, sale.currency)
  const taxes: TaxLineView[] = saleCartView(sale).taxes
  return {
    lines: sale.lines.map((line) => ({
      name: line.name,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      total: money(BigInt(line.quantity) * parseAmount(line.unitPrice, sale.currency, { allowZero: true })),
      taxRate: line.taxRate ?? sale.taxRate,
      sku: line.sku ?? null,
      itemId: line.itemId ?? null
    })),
    subtotal: money(sale.subtotalMinor),
    discount: money(sale.discountMinor),
    discountPercent: sale.cart?.discountGiven?.kind === 'percent' ? sale.cart.discountGiven.value : null,
    taxes,
    tax: money(sale.taxMinor),
    taxInclusive: sale.taxInclusive,
    tip: money(sale.tipMinor),
    tipPercent: sale.cart?.tipGiven?.kind === 'percent' ? sale.cart.tipGiven.value : null,
    total: money(sale.amountMinor)
  }
}
