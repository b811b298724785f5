import type { RefundKind, RefundState, RefundView } from '@shared/contract'
import type { ProcessorId } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import { statementCache, type Db } from './database'

/** A refund as stored. `fiatMinor` is in the sale currency's minor units (null when unknown). */
export interface RefundRecord {
  id: string
  saleId: string
  processor: ProcessorId
  kind: RefundKind
  variant: string | null
  subtractPercentage: string | null
  /** Decimal string in `currency`. */
  amount: string
  currency: string
  fiatMinor: bigint | null
  state: RefundState
  claimLink: string | null
  externalId: string | null
  method: string | null
  destination: string | null
  reason: string | null
  txId: string | null
  createdAt: string
  updatedAt: string
}

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
  claim_link: string | null
  external_id: string | null
  method: string | null
  destination: string | null
  reason: string | null
  tx_id: string | null
  created_at: string
  updated_at: string
}

/** Refund states that no longer count towards what a sale has refunded. */
const NOT_COUNTED: readonly RefundState[] = ['cancelled', 'failed']

/**
 * The ledger's refunds: every refund made or recorded at the till, in the same SQLite file as the sales, so the
 * day close sees them. Writes are single statements; the refund service audits them.
 */
export class RefundBook {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(
    db: Db,
    private readonly now: () => number = Date.now
  ) {
    this.stmt = statementCache(db)
  }

  /** Store a new refund. */
  insert(record: Omit<RefundRecord, 'createdAt' | 'updatedAt'>): RefundRecord {
    const at = new Date(this.now()).toISOString()
    this.stmt(
      `INSERT INTO refunds (id, sale_id, processor, kind, variant, subtract_percentage, amount, currency, fiat_minor,
          state, claim_link, external_id, method, destination, reason, tx_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      record.id,
      record.saleId,
      record.processor,
      record.kind,
      record.variant,
      record.subtractPercentage,
      record.amount,
      record.currency,
      record.fiatMinor,
      record.state,
      record.claimLink,
      record.externalId,
      record.method,
      record.destination,
      record.reason,
      record.txId,
      at,
      at
    )
    return this.require(record.id)
  }

  /** Change a refund's state (and transaction id, once known). */
  update(id: string, change: { state: RefundState; txId?: string | null }): RefundRecord {
    this.stmt('UPDATE refunds SET state = ?, tx_id = COALESCE(?, tx_id), updated_at = ? WHERE id = ?').run(
      change.state,
      change.txId ?? null,
      new Date(this.now()).toISOString(),
      id
    )
    return this.require(id)
  }

  /** The refund, or null. */
  get(id: string): RefundRecord | null {
    const row = this.stmt('SELECT * FROM refunds WHERE id = ?').get(id) as RefundRow | undefined
    return row ? toRecord(row) : null
  }

  /** The refund. @throws Error when missing. */
  require(id: string): RefundRecord {
    const record = this.get(id)
    if (!record) throw new Error(`Refund ${id} not found`)
    return record
  }

  /** A sale's refunds, oldest first. */
  forSale(saleId: string): RefundRecord[] {
    const rows = this.stmt('SELECT * FROM refunds WHERE sale_id = ? ORDER BY created_at, rowid').all(
      saleId
    ) as RefundRow[]
    return rows.map(toRecord)
  }

  /** Fiat minor units refunded or promised for a sale (cancelled and failed refunds excluded). */
  refundedMinor(saleId: string): bigint {
    return this.forSale(saleId)
      .filter((refund) => !NOT_COUNTED.includes(refund.state))
      .reduce((sum, refund) => sum + (refund.fiatMinor ?? 0n), 0n)
  }
}

/** The refund as the renderer sees it; `saleCurrency` formats `fiatMinor`. */
export function toRefundView(record: RefundRecord, saleCurrency: string): RefundView {
  return {
    id: record.id,
    saleId: record.saleId,
    processor: record.processor,
    kind: record.kind,
    variant: record.variant,
    subtractPercentage: record.subtractPercentage,
    amount: record.amount,
    currency: record.currency,
    fiatAmount: record.fiatMinor === null ? null : formatMinor(record.fiatMinor, saleCurrency),
    state: record.state,
    claimLink: record.claimLink,
    externalId: record.externalId,
    method: record.method,
    destination: record.destination,
    reason: record.reason,
    txId: record.txId,
    createdAt: record.createdAt
  }
}

function toRecord(row: RefundRow): RefundRecord {
  return {
    id: row.id,
    saleId: row.sale_id,
    processor: row.processor as ProcessorId,
    kind: row.kind as RefundKind,
    variant: row.variant,
    subtractPercentage: row.subtract_percentage,
    amount: row.amount,
    currency: row.currency,
    fiatMinor: row.fiat_minor === null ? null : BigInt(row.fiat_minor),
    state: row.state as RefundState,
    claimLink: row.claim_link,
    externalId: row.external_id,
    method: row.method,
    destination: row.destination,
    reason: row.reason,
    txId: row.tx_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}
