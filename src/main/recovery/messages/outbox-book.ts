import type { OutboxChannel, OutboxMessageView, OutboxState } from '@shared/recovery'
import { statementCache, type Db } from '../../ledger/database'

/** A new message as recorded. */
export interface NewOutboxMessage {
  id: string
  itemId: string
  /** The failed sale's id (for erasing a customer's messages by sale). */
  saleId: string | null
  channel: OutboxChannel
  to: string | null
  subject: string
  body: string
  state: OutboxState
  createdAt: string
  sentAt: string | null
}

interface OutboxRow {
  id: string
  item_id: string
  sale_id: string | null
  channel: OutboxChannel
  to_address: string | null
  subject: string
  body: string
  state: OutboxState
  attempts: bigint | number
  error: string | null
  created_at: string
  sent_at: string | null
  next_attempt_at: string | null
}

/** A message as stored, with the fields the views leave out. */
export interface OutboxRecord extends OutboxMessageView {
  saleId: string | null
  /** When the background retry may try a `failed` one again (ISO 8601), or null for never. */
  nextAttemptAt: string | null
}

/** Most messages `recovery:outbox` lists. */
export const OUTBOX_LIMIT = 500

/**
 * The `recovery_outbox` table (`outbox-migration.ts`). Each write is one statement, committed on its own, so a
 * state the outbox moves to is on disk before the next step (the SMTP server is called only after `sending` is).
 */
export class OutboxBook {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  insert(message: NewOutboxMessage): void {
    this.stmt(
      `INSERT INTO recovery_outbox (id, item_id, sale_id, channel, to_address, subject, body, state, created_at, sent_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      message.id,
      message.itemId,
      message.saleId,
      message.channel,
      message.to,
      message.subject,
      message.body,
      message.state,
      message.createdAt,
      message.sentAt
    )
  }

  /**
   * Move a message from one of `from` to `sending`, counting the attempt: the claim that makes one caller the
   * only sender. @returns false when it was not in one of `from`
   */
  claim(id: string, from: readonly OutboxState[]): boolean {
    const { changes } = this.stmt(
      `UPDATE recovery_outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = NULL
         WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`
    ).run(id, ...from)
    return Number(changes) === 1
  }

  /** The outcome of an attempt. */
  settle(
    id: string,
    state: 'sent' | 'failed' | 'unknown',
    error: string | null,
    at: string,
    nextAttemptAt: string | null = null
  ): void {
    this.stmt(
      `UPDATE recovery_outbox SET state = ?, error = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END,
         next_attempt_at = ? WHERE id = ?`
    ).run(state, error, state, at, nextAttemptAt, id)
  }

  get(id: string): OutboxRecord | null {
    const row = this.stmt('SELECT * FROM recovery_outbox WHERE id = ?').get(id) as OutboxRow | undefined
    return row ? toRecord(row) : null
  }

  /** Messages, newest first: every one or one item's (at most `OUTBOX_LIMIT`). */
  list(itemId?: string): OutboxRecord[] {
    const rows = (
      itemId
        ? this.stmt(
            'SELECT * FROM recovery_outbox WHERE item_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'
          ).all(itemId, OUTBOX_LIMIT)
        : this.stmt('SELECT * FROM recovery_outbox ORDER BY created_at DESC, rowid DESC LIMIT ?').all(
            OUTBOX_LIMIT
          )
    ) as OutboxRow[]
    return rows.map(toRecord)
  }

  /** Messages in `state`, oldest first. */
  inState(state: 'queued' | 'sending' | 'failed'): OutboxRecord[] {
    return (
      this.stmt(
        `SELECT * FROM recovery_outbox WHERE state = '${state}' ORDER BY created_at, rowid`
      ).all() as OutboxRow[]
    ).map(toRecord)
  }
}

function toRecord(row: OutboxRow): OutboxRecord {
  return {
    id: row.id,
    itemId: row.item_id,
    saleId: row.sale_id,
    channel: row.channel,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    state: row.state,
    attempts: Number(row.attempts),
    error: row.error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at
  }
}

/** The record as the renderer sees it. */
export function toView(record: OutboxRecord): OutboxMessageView {
  const { saleId: _saleId, nextAttemptAt: _next, ...view } = record
  return view
}

/**
 * Erase a customer's messages (inside the erase's transaction): the rows of their sales lose the address and the
 * text. Does nothing on a ledger without the table. @returns the rows changed
 */
export function scrubOutbox(db: Db, saleIds: readonly string[], erased: string): number {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recovery_outbox'")
    .get()
  if (!exists || saleIds.length === 0) return 0
  const scrub = db.prepare(
    `UPDATE recovery_outbox SET to_address = NULL, subject = ?, body = ?
       WHERE sale_id = ? AND (to_address IS NOT NULL OR subject <> ? OR body <> ?)`
  )
  let changed = 0
  for (const saleId of saleIds) changed += Number(scrub.run(erased, erased, saleId, erased, erased).changes)
  return changed
}
