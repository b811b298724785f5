import type { ProcessorId } from '@shared/invoice'
import { statementCache, type Db, type Statement } from '../ledger/database'

/** A delivery the inbox took (verified and new). `receivedAt` in ms since the epoch. */
export interface TakenDelivery {
  processor: ProcessorId
  key: string
  receivedAt: number
  type: string
  invoiceId: string | null
}

/**
 * The ledger's `webhook_deliveries` table: one row per delivery taken, keyed by processor and delivery key, so a
 * replay is known even after a restart. Rows older than the retention window are pruned, which keeps the table as
 * small as the processors' genuine traffic over that window.
 */
export class DeliveryBook {
  private readonly stmt: (sql: string) => Statement

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /** Record a delivery. @returns false when this processor's key is already there (a duplicate). */
  take(delivery: TakenDelivery): boolean {
    const { changes } = this.stmt(
      `INSERT INTO webhook_deliveries (processor, delivery_key, received_at, type, invoice_id)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
    ).run(
      delivery.processor,
      delivery.key,
      delivery.receivedAt,
      delivery.type.slice(0, 64),
      delivery.invoiceId
    )
    return Number(changes) === 1
  }

  /** Delete the rows received before `before` (ms since the epoch). @returns how many. */
  prune(before: number): number {
    return Number(this.stmt('DELETE FROM webhook_deliveries WHERE received_at < ?').run(before).changes)
  }

  /** Deliveries of a processor still kept, and when the last one came (ms since the epoch, or null). */
  summary(processor: ProcessorId): { count: number; lastAt: number | null } {
    const row = this.stmt(
      'SELECT COUNT(*) AS n, MAX(received_at) AS last FROM webhook_deliveries WHERE processor = ?'
    ).get(processor) as { n: bigint; last: bigint | null }
    return { count: Number(row.n), lastAt: row.last === null ? null : Number(row.last) }
  }

  /** The sale an invoice of this till belongs to, or null for an invoice the till does not know. */
  saleOf(processor: ProcessorId, invoiceId: string): string | null {
    const row = this.stmt('SELECT sale_id FROM invoices WHERE processor = ? AND id = ?').get(
      processor,
      invoiceId
    ) as { sale_id: string } | undefined
    return row?.sale_id ?? null
  }
}
