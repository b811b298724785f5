import type { Invoice, InvoicePaymentMethod } from '@shared/invoice'
import { isPositiveDecimal } from './methods'

/**
 * What the customer still has to pay, as the payment screen shows it beside the QR. After a partial payment it is
 * the remainder (the invoice's fiat `due` and the shown method's crypto `due`, which is what the processor's QR
 * asks for by then), not the full amount.
 */
export interface CustomerPays {
  /** Fiat decimal string in the invoice currency. */
  fiat: string
  /** Crypto decimal string in `method.currency`, or null without a method (hosted checkout). */
  crypto: string | null
  /** True when something was paid already and this is the rest. */
  remainder: boolean
}

/** See `CustomerPays`. Overpaid or fully paid invoices have nothing left: `fiat` is then the full amount. */
export function customerPays(invoice: Invoice, method: InvoicePaymentMethod | null): CustomerPays {
  const remainder = isPositiveDecimal(invoice.paid) && isPositiveDecimal(invoice.due)
  if (!remainder) return { fiat: invoice.amount, crypto: method?.amount ?? null, remainder: false }
  const crypto = method ? (isPositiveDecimal(method.due) ? method.due : method.amount) : null
  return { fiat: invoice.due, crypto, remainder: true }
}
