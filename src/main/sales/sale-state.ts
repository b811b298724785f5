/**
 * The sale's state machine, pure: which state a sale takes when a read of its invoice arrives, and which states
 * the till may set by itself. The ledger applies it inside the transaction that stores the invoice.
 *
 * ```
 *   creating ──invoice──▶ awaiting ──▶ paid ─ ─ ─▶ invalid (the processor marks the invoice invalid)
 *    │  ▲ retry            │   │ └───▶ expired ──▶ paid (late payment confirmed) / invalid
 *    ▼  │                  │   └────▶ invalid ───▶ paid (a payment, or settled by hand at the processor)
 *   failed ──invoice──▶ (as creating)
 *   any but paid ──cashier──▶ cancelled ──▶ paid (only when a customer's payment settles the invoice anyway)
 * ```
 */
import type { SaleState } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { isLatePaymentConfirmed } from '@shared/late-payment'
import { decimalToMinor } from '@shared/money'

/** The states an invoice gives a sale. */
export type InvoiceSaleState = Extract<SaleState, 'awaiting' | 'paid' | 'expired' | 'invalid'>

/** The states the till sets itself, not from an invoice: a creation retried or refused, the cashier's cancel. */
export type TillSaleState = Extract<SaleState, 'creating' | 'failed' | 'cancelled'>

/** A step of the machine: the sale's next state and whether it differs from the current one. */
export interface SaleStateStep {
  state: SaleState
  changed: boolean
}

/**
 * What the invoice alone says of its sale. `Settled` is paid; `Expired` is paid only once a late payment is
 * confirmed (`Expired` + `PaidLate`, see `late-payment.ts`; its invoice keeps the qualifier the screens show);
 * `Invalid` is invalid; `New` and `Processing` are awaiting.
 */
export function invoiceSaleState(invoice: Invoice): InvoiceSaleState {
  switch (invoice.status) {
    case 'Settled':
      return 'paid'
    case 'Expired':
      return isLatePaymentConfirmed(invoice) ? 'paid' : 'expired'
    case 'Invalid':
      return 'invalid'
    default:
      return 'awaiting'
  }
}

/**
 * True when the invoice is paid by the customer's money: it says paid (`invoiceSaleState`), not because the
 * merchant marked it so by hand (`Marked`), and it shows money: a payment that is not `Invalid`, or a positive
 * `paid` (processors that list no payments, like Plisio).
 * @throws AmountError when `paid` is not a decimal in the invoice's currency
 */
export function isPaidByCustomer(invoice: Invoice): boolean {
  if (invoiceSaleState(invoice) !== 'paid' || invoice.additionalStatus === 'Marked') return false
  return (
    invoice.payments.some((payment) => payment.status !== 'Invalid') ||
    decimalToMinor(invoice.paid, invoice.currency) > 0n
  )
}

/**
 * The sale's next state after a read of its invoice.
 * - `creating`, `awaiting`, `failed`: what the invoice says.
 * - `paid` stays paid: a stale or reordered read never reopens or expires it. Only the processor saying `Invalid`
 *   makes it `invalid` (BTCPay lets a merchant mark invalid an invoice settled by hand, or paid late).
 * - `expired` never returns to `awaiting` (its checkout is closed, even while a payment after expiry confirms);
 *   it becomes `paid` or `invalid` as the invoice says.
 * - `invalid` becomes `paid` only (a payment, or settled by hand at the processor).
 * - `cancelled` stays cancelled unless a customer's payment settles the invoice anyway (the cancel at the
 *   processor lost a race with the payment): then `paid`, so the money shows and can be refunded. Never `paid`
 *   without a payment.
 * An invoice that replaced the stored one (another id: Plisio's `cancelled duplicate` after a coin switch) is a
 * new attempt: an `expired` or `invalid` sale follows it as it would a first invoice.
 * @param current the sale's state now
 * @param stored the sale's invoice as stored before this read, or null the first time
 * @param invoice the invoice just read
 * @throws AmountError when the invoice's `paid` is not a decimal (a cancelled sale's check of the money)
 */
export function nextSaleState(current: SaleState, stored: Invoice | null, invoice: Invoice): SaleStateStep {
  const state = decide(current, stored, invoice)
  return { state, changed: state !== current }
}

function decide(current: SaleState, stored: Invoice | null, invoice: Invoice): SaleState {
  const said = invoiceSaleState(invoice)
  const replaced = stored !== null && (stored.id !== invoice.id || stored.processor !== invoice.processor)
  switch (current) {
    case 'creating':
    case 'awaiting':
    case 'failed':
      return said
    case 'paid':
      return said === 'invalid' ? 'invalid' : 'paid'
    case 'expired':
      return said === 'awaiting' && !replaced ? 'expired' : said
    case 'invalid':
      return said === 'paid' || replaced ? said : 'invalid'
    case 'cancelled':
      return isPaidByCustomer(invoice) ? 'paid' : 'cancelled'
  }
}

/** The till asked for a sale state the machine does not allow from the current one. */
export class SaleTransitionError extends KassaError {
  constructor(
    readonly from: SaleState,
    readonly to: SaleState
  ) {
    super('conflict', `This sale is ${from} and cannot become ${to}`)
  }
}

/**
 * Check a state the till sets itself (not from an invoice). Setting the current state again is allowed (a retry
 * updates its error). `creating` is kept only while creating; `failed` follows `creating`; the cashier may cancel
 * any sale but a paid one (refund it instead). `awaiting`, `paid`, `expired` and `invalid` come only from an
 * invoice (`nextSaleState`).
 * @throws SaleTransitionError (`conflict`) for any other change
 */
export function checkTillSaleState(current: SaleState, next: SaleState): void {
  if (next === current) return
  if (next === 'failed' && current === 'creating') return
  if (next === 'cancelled' && current !== 'paid') return
  throw new SaleTransitionError(current, next)
}
