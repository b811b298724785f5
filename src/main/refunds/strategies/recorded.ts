import type { RefundView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import { formatMinor } from '@shared/money'
import { isZeroPercent, withFee } from '@shared/refund-policy'
import type { RefundRecords } from '../refund-records'

/** A refund paid outside Kassa after the contract's schema; `amount` is fiat in the sale's currency. */
export interface RecordInput {
  saleId: string
  amount: string
  method: 'cash' | 'wallet' | 'other'
  reason: string
  /** One per confirmation on screen: asking twice with it returns the first refund. */
  idempotencyKey?: string
}

/**
 * Refunds paid outside Kassa (cash, another wallet) and recorded, for any processor (BTPay has no other way): the
 * ledger only, so the day close stays true. Callers hold the sale's queue.
 */
export class RecordedRefunds {
  constructor(private readonly records: RefundRecords) {}

  /**
   * Record it; it may not take the refunded total past what the customer paid. `amount` is before the policy's
   * restocking fee: what is recorded is `amount` less the fee (its percent kept as the refund's
   * `subtractPercentage`). Triaged against the refund policy first.
   * @throws KassaError `not-found`, `conflict` (also refused by the policy: `policy-<rule>`), `owner-required` (the
   *   policy needs the owner's PIN), `invalid-input` (malformed or too large amount).
   */
  async record(input: RecordInput, ownerSession: string | null = null): Promise<RefundView> {
    const repeated = this.records.repeated(input.idempotencyKey)
    if (repeated) return repeated
    const { sale, invoice } = this.records.requirePaidSale(input.saleId, true)
    const fee = this.records.policy(sale).rules.restockingFee
    let minor: bigint
    try {
      minor = withFee(input.amount, sale.currency, fee).netMinor
    } catch (error) {
      throw new KassaError('invalid-input', error instanceof Error ? error.message : 'Not an amount')
    }
    const policy = this.records.admit(
      sale,
      { amountMinor: minor, variant: null, reason: input.reason },
      ownerSession,
      'refund:record',
      true
    )
    const record = this.records.reserve(sale, invoice, {
      kind: 'recorded',
      amount: formatMinor(minor, sale.currency),
      currency: sale.currency,
      fiatMinor: minor,
      state: 'completed',
      method: input.method,
      reason: input.reason,
      idempotencyKey: input.idempotencyKey ?? null,
      subtractPercentage: isZeroPercent(fee) ? null : fee,
      policy
    })
    return this.records.done(sale, record, 'refund.recorded')
  }
}
