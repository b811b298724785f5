import Big from 'big.js'
import type { MappedStatus } from '../types'

/**
 * Plisio's raw invoice/operation status. An open union: the SDK enums also carry `111` and `22`, and Plisio may
 * add more; an unknown value must never crash the till.
 */
export type PlisioStatus =
  | 'new'
  | 'pending'
  | 'pending internal'
  | 'completed'
  | 'mismatch'
  | 'expired'
  | 'error'
  | 'cancelled'
  | 'cancelled duplicate'
  | (string & {})

/** Crypto amounts (decimal strings) that qualify a status: what is due and what has been seen. */
export interface StatusAmounts {
  /** Crypto amount of the invoice (`params.amount`, or `amount` of a white-label create). */
  due?: string | null
  /** Crypto received so far, confirmed or not (`actual_sum`; see `operationMoney`). */
  received?: string | null
}

/** The status that means "this invoice was replaced by a sibling" (customer switched coin). */
export const DUPLICATE_STATUS = 'cancelled duplicate'

/**
 * Map Plisio's status onto Kassa's closed `InvoiceStatus` (BTCPay's vocabulary). Amounts only ever lower what a
 * status claims, never raise it: `pending` is Processing ("payment seen") only when the whole due is known to
 * have arrived.
 * - `new` → New; `pending` → Processing when received ≥ due, else New + PaidPartial (also when either is unknown);
 * - `pending internal` (paid, Plisio sweeping to the shop wallet) → Processing, or New + PaidPartial when some
 *   but less than due is known to have arrived;
 * - `completed` → Settled; `mismatch` (overpaid) → Settled + PaidOver;
 * - `expired` → Expired, + PaidPartial when some but less than due was received (underpaid), + PaidLate when
 *   the whole due arrived but not in time;
 * - `error` → Invalid; `cancelled` (nothing received within 10 h) → Expired;
 * - `cancelled duplicate` → Invalid (the connector follows the active sibling before it gets here);
 * - anything else → New (not final, so the tracker keeps reading; `rawStatus` keeps the value).
 */
export function mapStatus(raw: PlisioStatus, amounts: StatusAmounts = {}): MappedStatus {
  const received = toBig(amounts.received)
  const due = toBig(amounts.due)
  const known = received !== null && due !== null && due.gt(0)
  const whole = known && received.gte(due)
  const partial: MappedStatus = { status: 'New', additionalStatus: 'PaidPartial' }
  switch (raw.trim().toLowerCase()) {
    case 'new':
      return { status: 'New', additionalStatus: 'None' }
    case 'pending':
      return whole ? { status: 'Processing', additionalStatus: 'None' } : partial
    case 'pending internal':
      // The status says paid; only a positive amount short of the due says otherwise (0 may be "not filled in").
      return known && !whole && received.gt(0) ? partial : { status: 'Processing', additionalStatus: 'None' }
    case 'completed':
      return { status: 'Settled', additionalStatus: 'None' }
    case 'mismatch':
      return { status: 'Settled', additionalStatus: 'PaidOver' }
    case 'expired':
      if (whole) return { status: 'Expired', additionalStatus: 'PaidLate' }
      return {
        status: 'Expired',
        additionalStatus: received !== null && received.gt(0) ? 'PaidPartial' : 'None'
      }
    case 'error':
      return { status: 'Invalid', additionalStatus: 'None' }
    case 'cancelled':
      return { status: 'Expired', additionalStatus: 'None' }
    case DUPLICATE_STATUS:
      return { status: 'Invalid', additionalStatus: 'None' }
    default:
      return { status: 'New', additionalStatus: 'None' }
  }
}

/** True for Plisio's `cancelled duplicate`: the invoice was replaced and its active sibling should be followed. */
export function isDuplicateStatus(raw: string): boolean {
  return raw.trim().toLowerCase() === DUPLICATE_STATUS
}

function toBig(value: string | null | undefined): Big | null {
  if (value === null || value === undefined || value === '') return null
  try {
    return new Big(value)
  } catch {
    return null
  }
}
