import type { ProcessorId } from '@shared/invoice'
import { statementCache, type Db } from './database'

/** A sale's place in the outbox as stored. Times are ISO 8601. */
export interface OutboxEntry {
  saleId: string
  processor: ProcessorId
  since: string
  until: string
  /** Creation attempts made while it waited (each looks up by order id first). */
  attempts: number
}

/** A sale whose invoice must still be cancelled at its processor (`cancel_pending`). */
export interface PendingCancel {
  saleId: string
  processor: ProcessorId
  /** ISO 8601: when the cancel was asked for. */
  since: string
}

interface EntryRow {
  id: string
  processor: string
  outbox_since: string
  outbox_until: string
  outbox_attempts: bigint | number
}

/**
 * The outbox columns of `sales` (`sales/outbox-migration.ts`): which `creating` sales wait for their processor,
 * until when, after how many attempts; and which sales still owe their processor a cancel. Writes only what it is
 * told; the sale service decides and audits. Reads go through `sales_creating` and `sales_cancel_pending`.
 */
export class OutboxStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /**
   * Put a sale in the outbox.
   * @param since ISO 8601, now
   * @param until ISO 8601, the owner's limit (`since` + `maxHours`)
   * @param attempts attempts already made (1 when a failed first creation put it there)
   */
  enter(saleId: string, since: string, until: string, attempts: number): void {
    this.stmt('UPDATE sales SET outbox_since = ?, outbox_until = ?, outbox_attempts = ? WHERE id = ?').run(
      since,
      until,
      attempts,
      saleId
    )
  }

  /** Take a sale out of the outbox (its invoice exists, it expired or was cancelled). */
  leave(saleId: string): void {
    this.stmt(
      'UPDATE sales SET outbox_since = NULL, outbox_until = NULL, outbox_attempts = 0 WHERE id = ?'
    ).run(saleId)
  }

  /** Count one more attempt of a sale in the outbox. */
  attempted(saleId: string): void {
    this.stmt(
      'UPDATE sales SET outbox_attempts = outbox_attempts + 1 WHERE id = ? AND outbox_since IS NOT NULL'
    ).run(saleId)
  }

  /** The sale's outbox entry while it is `creating` and waits, else null. */
  get(saleId: string): OutboxEntry | null {
    const row = this.stmt(
      `SELECT id, processor, outbox_since, outbox_until, outbox_attempts FROM sales
         WHERE id = ? AND state = 'creating' AND outbox_since IS NOT NULL`
    ).get(saleId) as EntryRow | undefined
    return row ? toEntry(row) : null
  }

  /** Every sale waiting in the outbox, oldest first. */
  list(): OutboxEntry[] {
    const rows = this.stmt(
      `SELECT id, processor, outbox_since, outbox_until, outbox_attempts FROM sales
         WHERE state = 'creating' AND outbox_since IS NOT NULL ORDER BY outbox_since, rowid`
    ).all() as EntryRow[]
    return rows.map(toEntry)
  }

  /** What the open outbox sales in `currency` add up to, minor units. */
  openTotal(currency: string): bigint {
    const row = this.stmt(
      `SELECT coalesce(sum(amount_minor), 0) AS total FROM sales
         WHERE state = 'creating' AND outbox_since IS NOT NULL AND currency = ?`
    ).get(currency) as { total: bigint | number }
    return BigInt(row.total)
  }

  /** Of `saleIds`, those waiting in the outbox. */
  waiting(saleIds: readonly string[]): Set<string> {
    const found = new Set<string>()
    const one = this.stmt(`SELECT 1 AS yes FROM sales WHERE id = ? AND outbox_since IS NOT NULL`)
    for (const id of saleIds) if (one.get(id)) found.add(id)
    return found
  }

  /** Remember that the sale's invoice must be cancelled at its processor. @param at ISO 8601 */
  markCancel(saleId: string, at: string): void {
    this.stmt('UPDATE sales SET cancel_pending = coalesce(cancel_pending, ?) WHERE id = ?').run(at, saleId)
  }

  /** The cancel reached the processor (or was found unnecessary). */
  clearCancel(saleId: string): void {
    this.stmt('UPDATE sales SET cancel_pending = NULL WHERE id = ?').run(saleId)
  }

  /** Whether the sale still owes its processor a cancel. */
  cancelPending(saleId: string): boolean {
    return (
      this.stmt('SELECT 1 AS yes FROM sales WHERE id = ? AND cancel_pending IS NOT NULL').get(saleId) !==
      undefined
    )
  }

  /** Every sale that still owes its processor a cancel, oldest first. */
  pendingCancels(): PendingCancel[] {
    const rows = this.stmt(
      `SELECT id, processor, cancel_pending FROM sales WHERE cancel_pending IS NOT NULL ORDER BY cancel_pending`
    ).all() as { id: string; processor: string; cancel_pending: string }[]
    return rows.map((row) => ({ saleId: row.id, processor: row.processor, since: row.cancel_pending }))
  }
}

function toEntry(row: EntryRow): OutboxEntry {
  return {
    saleId: row.id,
    processor: row.processor,
    since: row.outbox_since,
    until: row.outbox_until,
    attempts: Number(row.outbox_attempts)
  }
}
