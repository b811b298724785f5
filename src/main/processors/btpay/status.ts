import Big from 'big.js'
import type { Invoice } from '@shared/invoice'
import { isFinalStatus } from '@shared/invoice'
import type { MappedStatus } from '../types'

/**
 * BTPay's invoice status, kept open: the seven values BTPay 0.1.x has, plus any string a later version adds.
 * - `draft`: created, not yet payable; `pending`: finalized, address and rate locked (can stay so forever:
 *   BTPay 0.1.x never expires invoices itself); `partial`: some money arrived (never expires);
 * - `paid`: seen in the mempool (0-conf) or underpaid within BTPay's tolerance; `confirmed`: confirmed on chain;
 * - `expired`: quote ran out with nothing paid; `cancelled`: cancelled through the API (draft or pending only).
 */
export type BtpayRawStatus =
  'draft' | 'pending' | 'partial' | 'paid' | 'confirmed' | 'expired' | 'cancelled' | (string & {})

/** Raw statuses BTPay will still cancel (`DELETE` answers 400 for any other). */
export const CANCELLABLE_STATUSES: readonly string[] = ['draft', 'pending']

/**
 * Map BTPay's status onto Kassa's closed `InvoiceStatus`. `paid`/`confirmed` say `PaidOver` when
 * `amountPaid > total` (fiat decimal strings). An unknown status maps to `New`, so the tracker keeps following it
 * rather than dropping a live invoice; the raw value is kept by the caller in `Invoice.rawStatus`.
 */
export function mapStatus(
  raw: BtpayRawStatus,
  amounts?: { total: string; amountPaid: string }
): MappedStatus {
  const overpaid = amounts !== undefined && new Big(amounts.amountPaid).gt(new Big(amounts.total))
  switch (raw) {
    case 'draft':
    case 'pending':
      return { status: 'New', additionalStatus: 'None' }
    case 'partial':
      return { status: 'New', additionalStatus: 'PaidPartial' }
    case 'paid':
      return { status: 'Processing', additionalStatus: overpaid ? 'PaidOver' : 'None' }
    case 'confirmed':
      return { status: 'Settled', additionalStatus: overpaid ? 'PaidOver' : 'None' }
    case 'expired':
      return { status: 'Expired', additionalStatus: 'None' }
    case 'cancelled':
      return { status: 'Invalid', additionalStatus: 'None' }
    default:
      return { status: 'New', additionalStatus: 'None' }
  }
}

/**
 * True when the tracker should give up on a BTPay invoice and cancel it (`DELETE`): it is still unpaid
 * (`draft` or `pending`) and `now` is at least `graceSeconds` past its quote deadline (`expiresAt`).
 * BTPay 0.1.x leaves such invoices `pending` forever. `partial` and paid invoices are never past grace: money
 * arrived, BTPay refuses to cancel them, and a person must decide.
 * @param now milliseconds since the epoch (or a Date)
 * @param graceSeconds seconds after the quote deadline, ≥ 0
 */
export function isPastGrace(invoice: Invoice, now: number | Date, graceSeconds: number): boolean {
  if (isFinalStatus(invoice.status) || !CANCELLABLE_STATUSES.includes(invoice.rawStatus)) return false
  const deadline = Date.parse(invoice.expiresAt)
  if (Number.isNaN(deadline)) return false
  const nowMs = typeof now === 'number' ? now : now.getTime()
  return nowMs >= deadline + Math.max(0, graceSeconds) * 1000
}
