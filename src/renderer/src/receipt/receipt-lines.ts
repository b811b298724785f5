import type { SaleLine, SaleView } from '@shared/contract'
import { AmountError, formatDisplay, formatMinor, parseAmount } from '@shared/money'
import { amountWords, refundKindWords, refundStateWords } from '../refund/words'

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

/** One total line under the sale's lines (Subtotal, Tax, Discount), formatted for people. */
export interface ReceiptTotal {
  label: string
  amount: string
}

/**
 * Subtotal, tax and discount to print above the total: only for an itemised sale or one with tax (otherwise the
 * total says it all). A zero discount is left out. Tax is labelled with its rate (`Tax 10 %`).
 */
export function receiptTotals(sale: SaleView): ReceiptTotal[] {
  const hasTax = isNonZero(sale.tax)
  if (sale.lines.length === 0 && !hasTax) return []
  const totals: ReceiptTotal[] = [{ label: 'Subtotal', amount: formatDisplay(sale.subtotal, sale.currency) }]
  if (hasTax || isNonZero(sale.taxRate)) {
    totals.push({ label: `Tax ${sale.taxRate} %`, amount: formatDisplay(sale.tax, sale.currency) })
  }
  if (isNonZero(sale.discount)) {
    totals.push({ label: 'Discount', amount: `−${formatDisplay(sale.discount, sale.currency)}` })
  }
  return totals
}

/** One refund as printed: when, what kind, how much, where it stands. */
export interface ReceiptRefund {
  id: string
  /** ISO 8601, formatted by the sheet for the till's locale. */
  createdAt: string
  kind: string
  /** What the refund pays, in its own currency; with the fiat value when that differs. */
  amount: string
  state: string
  cancelled: boolean
}

/** The sale's refunds, oldest first, for the receipt. Empty when there are none. */
export function receiptRefunds(sale: SaleView): ReceiptRefund[] {
  return sale.refunds.map((refund) => {
    let amount = amountWords(refund.amount, refund.currency)
    if (refund.fiatAmount && refund.currency !== sale.currency) {
      amount += ` (${amountWords(refund.fiatAmount, sale.currency)})`
    }
    return {
      id: refund.id,
      createdAt: refund.createdAt,
      kind: refundKindWords(refund),
      amount,
      state: refundStateWords(refund.state),
      cancelled: refund.state === 'cancelled'
    }
  })
}

/** The "Refunded" total in the sale's currency, or null when the sale has no refunds. */
export function receiptRefunded(sale: SaleView): string | null {
  return sale.refunds.length > 0 ? amountWords(sale.refunded, sale.currency) : null
}

function isNonZero(decimal: string): boolean {
  return /[1-9]/.test(decimal)
}
