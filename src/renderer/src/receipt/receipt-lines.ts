import type { SaleLine, SaleView } from '@shared/contract'
import { AmountError, formatDisplay, formatMinor, parseAmount } from '@shared/money'

/** One printed line: what, how many, and the line total for people. */
export interface ReceiptLine {
  name: string
  quantity: number
  total: string
}

/** `unitPrice × quantity` in minor units (bigint), formatted; the unit price as given if it does not parse. */
function lineTotal(line: SaleLine, currency: string): string {
  try {
    const minor = parseAmount(line.unitPrice, currency, { allowZero: true }) * BigInt(line.quantity)
    return formatDisplay(formatMinor(minor, currency), currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    return `${line.quantity} × ${line.unitPrice}`
  }
}

/** The receipt's lines: the sale's own lines, else one line named by the memo (or "Sale") for the total. */
export function receiptLines(sale: SaleView): ReceiptLine[] {
  if (sale.lines.length > 0) {
    return sale.lines.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      total: lineTotal(line, sale.currency)
    }))
  }
  return [{ name: sale.memo || 'Sale', quantity: 1, total: formatDisplay(sale.amount, sale.currency) }]
}
