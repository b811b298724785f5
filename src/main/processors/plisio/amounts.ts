import Big from 'big.js'
import type { OperationData } from './schemas'

/**
 * What a Plisio OperationDto (`GET /operations/{id}`) says about money, in the invoice's coin. Field meanings and
 * how sure each is: docs/processors/plisio.md.
 *
 * The DTO pairs an expected figure with what actually happened (`amount`/`actual_sum`,
 * `commission`/`actual_commission`, `fee`/`actual_fee`): the crypto received is `actual_sum`. Plisio's spec calls
 * `amount` "amount received" while an invoice's `amount` is also what it asks for, so `amount` alone never makes an
 * invoice paid; only the status (`completed`, `mismatch`) says "paid in full".
 */
export interface OperationMoney {
  /** Crypto the invoice asks for (decimal string), or null when the answer carries no such figure. */
  due: string | null
  /** Crypto received so far, confirmed or not (plain decimal string, ≥ 0). */
  received: string
}

/** Statuses that mean "paid in full" on Plisio's own word (mismatch: overpaid). */
const PAID_STATUSES = new Set(['completed', 'mismatch'])

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== ''
}

/** The largest of the present decimal strings, as a plain decimal string ("0" when none). */
export function maxDecimal(...values: (string | null | undefined)[]): string {
  let best = new Big(0)
  for (const value of values) if (present(value) && new Big(value).gt(best)) best = new Big(value)
  return best.toFixed()
}

/**
 * Due and received crypto of an invoice operation.
 * - due: `params.amount` ("invoice amount in selected cryptocurrency"); else `amount` when `actual_sum` is there to
 *   pair with it.
 * - received, with `actual_sum`: the larger of `actual_sum` and `pending_sum` (unconfirmed). Never their sum: if
 *   `actual_sum` already counts the unconfirmed part, adding would read half paid as paid in full.
 * - received, without `actual_sum`: `pending_sum`, and `amount` only when it is below the due (then it cannot be the
 *   invoice's own amount); for `completed`/`mismatch` at least the due, since the status says paid in full.
 * Values must be plain decimal strings (what `OperationSchema` yields).
 */
export function operationMoney(op: OperationData): OperationMoney {
  const params = op.params ?? {}
  const hasActual = present(op.actual_sum)
  const due = present(params.amount) ? params.amount : hasActual && present(op.amount) ? op.amount : null
  if (hasActual) return { due, received: maxDecimal(op.actual_sum, op.pending_sum) }
  const amountBelowDue =
    present(op.amount) && due !== null && new Big(op.amount).lt(new Big(due)) ? op.amount : null
  const status = op.status.trim().toLowerCase()
  const byStatus = PAID_STATUSES.has(status) ? due : null
  const overpaid = status === 'mismatch' ? op.amount : null
  return { due, received: maxDecimal(op.pending_sum, amountBelowDue, byStatus, overpaid) }
}
