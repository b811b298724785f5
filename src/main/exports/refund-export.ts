import { formatMinor } from '@shared/money'
import type { Db } from '../ledger/database'
import { businessDayOf, type BusinessDayRule } from '../day/business-day'

/**
 * The refund export's columns, one row per refund created in the range (every state, so a failed or cancelled one
 * is seen too):
 * - `created_at` (ISO 8601 UTC) and its `business_day`; `till`: this till's id.
 * - `sale_id`, `receipt_number` (empty when none), `processor` of the sale; `refund_id`: Kassa's id.
 * - `kind`: `pull-payment` (a claim link), `withdrawal` (sent to the customer's wallet) or `recorded` (given outside
 *   Kassa); `variant`: the pull payment's (`RateThen`, `CurrentRate`, `Fiat`, `OverpaidAmount`, `Custom`), else
 *   empty; `subtract_percentage`: kept back by the shop, else empty.
 * - `amount`, `currency`: what the refund pays in its own currency (a coin, or the fiat of a `Fiat` variant).
 * - `fiat_value`, `fiat_currency`: its value in the sale's currency as recorded (empty when not known).
 * - `state`; `processor_refund_id`: the processor's id of the pull payment or withdrawal; `method`: the payment
 *   method it pays through (`BTC-CHAIN`, …), or how a recorded refund was given (`cash`, …); `tx_id`: the
 *   transaction, when known; `reason`: as the cashier wrote it.
 */
export const REFUND_COLUMNS = [
  'created_at',
  'business_day',
  'till',
  'sale_id',
  'receipt_number',
  'processor',
  'refund_id',
  'kind',
  'variant',
  'subtract_percentage',
  'amount',
  'currency',
  'fiat_value',
  'fiat_currency',
  'state',
  'processor_refund_id',
  'method',
  'tx_id',
  'reason'
] as const

interface RefundRow {
  id: string
  sale_id: string
  processor: string
  kind: string
  variant: string | null
  subtract_percentage: string | null
  amount: string
  currency: string
  fiat_minor: bigint | null
  state: string
  external_id: string | null
  method: string | null
  tx_id: string | null
  reason: string | null
  created_at: string
  receipt_number: string | null
  sale_currency: string
}

/** One CSV row per refund created in [fromMs, toMs), oldest first (see `REFUND_COLUMNS`). A plain SELECT. */
export function refundExportRows(
  db: Db,
  range: { fromMs: number; toMs: number },
  rule: BusinessDayRule,
  tillId: string
): string[][] {
  const refunds = db
    .prepare(
      `SELECT r.id, r.sale_id, r.processor, r.kind, r.variant, r.subtract_percentage, r.amount, r.currency,
              r.fiat_minor, r.state, r.external_id, r.method, r.tx_id, r.reason, r.created_at,
              s.receipt_number, s.currency AS sale_currency
         FROM refunds r JOIN sales s ON s.id = r.sale_id
        WHERE r.created_at >= ? AND r.created_at < ?
        ORDER BY r.created_at, r.rowid`
    )
    .all(new Date(range.fromMs).toISOString(), new Date(range.toMs).toISOString()) as unknown as RefundRow[]
  return refunds.map((refund) => [
    refund.created_at,
    businessDayOf(refund.created_at, rule),
    tillId,
    refund.sale_id,
    refund.receipt_number ?? '',
    refund.processor,
    refund.id,
    refund.kind,
    refund.variant ?? '',
    refund.subtract_percentage ?? '',
    refund.amount,
    refund.currency,
    refund.fiat_minor === null ? '' : formatMinor(BigInt(refund.fiat_minor), refund.sale_currency),
    refund.fiat_minor === null ? '' : refund.sale_currency,
    refund.state,
    refund.external_id ?? '',
    refund.method ?? '',
    refund.tx_id ?? '',
    refund.reason ?? ''
  ])
}
