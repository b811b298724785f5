import Big from 'big.js'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { AmountError, decimalToMinor } from '@shared/money'
import type { RecoveryReason } from '@shared/recovery'

// The Recovery queue's pure rules: why a charge failed, what is still due, the rate, the list's cursor.

/**
 * Why a sale that ended `state` entered the queue: `underpaid` when its invoice shows money (`paid` > 0) or says
 * `PaidPartial`, else the state itself.
 * @throws AmountError when `invoice.paid` is not a decimal
 */
export function failureReason(state: 'expired' | 'invalid', invoice: Invoice | null): RecoveryReason {
  if (!invoice) return state
  if (invoice.additionalStatus === 'PaidPartial') return 'underpaid'
  return paidMinorOf(invoice, invoice.currency) > 0n ? 'underpaid' : state
}

/** What the invoice shows paid, in minor units of `currency` (0 for a malformed or negative figure). */
function paidMinorOf(invoice: Invoice, currency: string): bigint {
  try {
    const paid = decimalToMinor(invoice.paid, currency, 'down')
    return paid > 0n ? paid : 0n
  } catch (error) {
    if (error instanceof AmountError) return 0n
    throw error
  }
}

/**
 * Paid and still due of a failed sale, minor units of the sale's currency: paid is what its invoice shows (when in
 * the sale's currency; rounded down, never above the sale's amount), due the rest of the sale's amount.
 */
export function paidAndDue(
  amountMinor: bigint,
  currency: string,
  invoice: Invoice | null
): { paidMinor: bigint; dueMinor: bigint } {
  const shown = invoice && invoice.currency === currency ? paidMinorOf(invoice, currency) : 0n
  const paidMinor = shown > amountMinor ? amountMinor : shown
  return { paidMinor, dueMinor: amountMinor - paidMinor }
}

/**
 * Recovered ÷ failed in percent with one decimal, rounded half-up (`"33.3"`); null when nothing failed. Counts,
 * not money: big.js keeps it exact before the one rounding.
 */
export function ratePercent(recovered: number, failed: number): string | null {
  if (failed <= 0) return null
  return new Big(recovered).times(100).div(failed).round(1, Big.roundHalfUp).toFixed(1)
}

/** A position in the list, newest failure first: the last item's failure time and id. */
export interface RecoveryCursor {
  failedAt: string
  id: string
}

/** The `nextCursor` of a page ending with this item: `<failedAt>_<id>`. */
export function encodeCursor(cursor: RecoveryCursor): string {
  return `${cursor.failedAt}_${cursor.id}`
}

/**
 * Read a cursor `recovery:list` gave. @throws KassaError `invalid-input` (`reason: 'bad-cursor'`) for anything else
 */
export function decodeCursor(text: string): RecoveryCursor {
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_(rec_[0-9a-f]{32})$/.exec(text)
  if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[1]))) {
    throw new KassaError('invalid-input', 'Not a cursor of the Recovery list', { reason: 'bad-cursor' })
  }
  return { failedAt: match[1], id: match[2] }
}

/** Processor refusals: the request was looked at and refused, so asking again the same way would be refused too. */
const REFUSALS = new Set([
  'processor-invalid-request',
  'processor-permission',
  'processor-auth',
  'processor-not-found'
])

/** True when a processor's error is a refusal (the request failed), false when the outcome is unknown (timeout). */
export function isRefusal(code: string): boolean {
  return REFUSALS.has(code)
}
