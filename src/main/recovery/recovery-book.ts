import type { KassaErrorData } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import type { RecoveryFilter, RecoveryReason, RecoveryStatus } from '@shared/recovery'
import { statementCache, type Db } from '../ledger/database'
import type { RecoveryCursor } from './recovery-rules'

/** A recovery item as stored, with the facts of its sale it shows. Minor units of `currency`; ISO 8601 times. */
export interface RecoveryItemRecord {
  id: string
  saleId: string
  reason: RecoveryReason
  failedAt: string
  status: RecoveryStatus
  currency: string
  paidMinor: bigint
  dueMinor: bigint
  recoveredAt: string | null
  recoveredDay: string | null
  recoveredMinor: bigint | null
  abandonedAt: string | null
  note: string | null
  lastSentAt: string | null
  /** The sale's. */
  amountMinor: bigint
  receiptNumber: string | null
  saleCreatedAt: string
  processor: ProcessorId
}

/** A payment request as stored: `orderId` = `<itemId>-<attempt>`. Minor units of `currency`. */
export interface RecoveryRequestRecord {
  orderId: string
  itemId: string
  attempt: number
  processor: ProcessorId
  requestId: string | null
  amountMinor: bigint
  currency: string
  link: string | null
  status: 'creating' | 'open' | 'paid' | 'expired' | 'archived' | 'failed'
  expiresAt: string | null
  createdAt: string
  updatedAt: string
  error: KassaErrorData | null
}

/** A newly failed sale to put in the queue. */
export interface NewRecoveryItem {
  id: string
  saleId: string
  reason: RecoveryReason
  failedAt: string
  currency: string
  paidMinor: bigint
  dueMinor: bigint
}

/** Counts per status and recovered money per currency over a failure window. */
export interface RecoveryRateRows {
  counts: Record<RecoveryStatus, number>
  recovered: { currency: string; minor: bigint }[]
}

type Int = bigint | number
interface ItemRow {
  id: string
  sale_id: string
  reason: string
  failed_at: string
  status: string
  currency: string
  paid_minor: Int
  due_minor: Int
  recovered_at: string | null
  recovered_day: string | null
  recovered_minor: Int | null
  abandoned_at: string | null
  note: string | null
  last_sent_at: string | null
  amount_minor: Int
  receipt_number: string | null
  created_at: string
  processor: string
}

interface RequestRow {
  order_id: string
  item_id: string
  attempt: Int
  processor: string
  request_id: string | null
  amount_minor: Int
  currency: string
  link: string | null
  status: string
  expires_at: string | null
  created_at: string
  updated_at: string
  error_json: string | null
}

const ITEM_COLUMNS = `r.id, r.sale_id, r.reason, r.failed_at, r.status, r.currency, r.paid_minor, r.due_minor,
  r.recovered_at, r.recovered_day, r.recovered_minor, r.abandoned_at, r.note, r.last_sent_at,
  s.amount_minor, s.receipt_number, s.created_at, s.processor`

/** Which statuses a filter shows, as SQL, and the index that serves it in failure order. */
const FILTERS: Record<RecoveryFilter, { where: string; index: string }> = {
  active: { where: `r.status IN ('open', 'requested')`, index: 'recovery_items_active' },
  recovered: { where: `r.status = 'recovered'`, index: 'recovery_items_by_status' },
  abandoned: { where: `r.status = 'abandoned'`, index: 'recovery_items_by_status' },
  all: { where: '1', index: 'recovery_items_by_failed' }
}

/**
 * The Recovery queue's tables (`recovery-migration.ts`): items and their payment requests. Writes only what it is
 * told; what may change when is the `RecoveryService`'s. Synchronous, like the ledger.
 */
export class RecoveryBook {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(private readonly db: Db) {
    this.stmt = statementCache(db)
  }

  /** Put a failed sale in the queue; a sale already in it is left as it is. @returns true when inserted */
  insertItem(item: NewRecoveryItem, at: string): boolean {
    const { changes } = this.stmt(
      `INSERT INTO recovery_items (id, sale_id, reason, failed_at, status, currency, paid_minor, due_minor,
         updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?) ON CONFLICT (sale_id) DO NOTHING`
    ).run(item.id, item.saleId, item.reason, item.failedAt, item.currency, item.paidMinor, item.dueMinor, at)
    return Number(changes) > 0
  }

  /** The item, or null. */
  item(id: string): RecoveryItemRecord | null {
    const row = this.stmt(
      `SELECT ${ITEM_COLUMNS} FROM recovery_items r JOIN sales s ON s.id = r.sale_id WHERE r.id = ?`
    ).get(id) as ItemRow | undefined
    return row ? toItem(row) : null
  }

  /** The item of a sale, or null. */
  itemOfSale(saleId: string): RecoveryItemRecord | null {
    const row = this.stmt(
      `SELECT ${ITEM_COLUMNS} FROM recovery_items r JOIN sales s ON s.id = r.sale_id WHERE r.sale_id = ?`
    ).get(saleId) as ItemRow | undefined
    return row ? toItem(row) : null
  }

  /** A page of items, newest failure first, after `before` (exclusive). */
  list(filter: RecoveryFilter, before: RecoveryCursor | null, limit: number): RecoveryItemRecord[] {
    const { where, index } = FILTERS[filter]
    const after = before ? 'AND (r.failed_at < ?1 OR (r.failed_at = ?1 AND r.id < ?2))' : ''
    const rows = this.stmt(
      `SELECT ${ITEM_COLUMNS} FROM recovery_items r INDEXED BY ${index} JOIN sales s ON s.id = r.sale_id
         WHERE ${where} ${after} ORDER BY r.failed_at DESC, r.id DESC LIMIT ?3`
    ).all(before?.failedAt ?? null, before?.id ?? null, limit) as ItemRow[]
    return rows.map(toItem)
  }

  /** Counts per status and recovered money per currency of the items that failed at or after `from` (ISO 8601). */
  rate(from: string): RecoveryRateRows {
    const counts: Record<RecoveryStatus, number> = { open: 0, requested: 0, recovered: 0, abandoned: 0 }
    const rows = this.stmt(
      `SELECT status, count(*) AS n FROM recovery_items WHERE failed_at >= ? GROUP BY status`
    ).all(from) as { status: RecoveryStatus; n: Int }[]
    for (const row of rows) counts[row.status] = Number(row.n)
    const recovered = (
      this.stmt(
        `SELECT currency, sum(recovered_minor) AS minor FROM recovery_items
           WHERE failed_at >= ? AND status = 'recovered' AND recovered_minor IS NOT NULL
           GROUP BY currency ORDER BY currency`
      ).all(from) as { currency: string; minor: Int }[]
    ).map((row) => ({ currency: row.currency, minor: BigInt(row.minor) }))
    return { counts, recovered }
  }

  /** Move an item to `status` (open ↔ requested). */
  setStatus(id: string, status: RecoveryStatus, at: string): void {
    this.stmt('UPDATE recovery_items SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id)
  }

  /**
   * The item is recovered: by a paid request (`minor` and `day` set: the day close counts it), or by the original
   * sale paid late (`minor` and `day` null: the day book counts the sale).
   */
  recovered(id: string, at: string, minor: bigint | null, day: string | null): void {
    this.stmt(
      `UPDATE recovery_items SET status = 'recovered', recovered_at = ?, recovered_minor = ?, recovered_day = ?,
         updated_at = ? WHERE id = ?`
    ).run(at, minor, day, at, id)
  }

  /** The owner gave up on the item. */
  abandoned(id: string, at: string, note: string | null): void {
    this.stmt(
      `UPDATE recovery_items SET status = 'abandoned', abandoned_at = ?, note = ?, updated_at = ? WHERE id = ?`
    ).run(at, note, at, id)
  }

  /** A message about the item went out at `at`. @returns false for an unknown item */
  sent(id: string, at: string): boolean {
    const { changes } = this.stmt(
      'UPDATE recovery_items SET last_sent_at = ?, updated_at = ? WHERE id = ?'
    ).run(at, at, id)
    return Number(changes) > 0
  }

  /** The item's latest payment request, or null before the first. */
  latestRequest(itemId: string): RecoveryRequestRecord | null {
    const row = this.stmt(
      'SELECT * FROM recovery_requests WHERE item_id = ? ORDER BY attempt DESC LIMIT 1'
    ).get(itemId) as RequestRow | undefined
    return row ? toRequest(row) : null
  }

  /** True when `requestId` is the processor's id of one of this till's recovery payment requests. */
  hasRequest(processor: string, requestId: string): boolean {
    return (
      this.stmt('SELECT 1 FROM recovery_requests WHERE processor = ? AND request_id = ? LIMIT 1').get(
        processor,
        requestId
      ) !== undefined
    )
  }

  /** A request by its order id, or null. */
  request(orderId: string): RecoveryRequestRecord | null {
    const row = this.stmt('SELECT * FROM recovery_requests WHERE order_id = ?').get(orderId) as
      RequestRow | undefined
    return row ? toRequest(row) : null
  }

  /** Requests in `status` (`creating` to ask again, `open` to follow), least recently updated first. */
  requestsIn(status: 'creating' | 'open', limit: number): RecoveryRequestRecord[] {
    const rows = this.stmt(
      'SELECT * FROM recovery_requests WHERE status = ? ORDER BY updated_at LIMIT ?'
    ).all(status, limit) as RequestRow[]
    return rows.map(toRequest)
  }

  /**
   * Record the intent of a request before the processor is asked.
   * @throws Error from SQLite when the item already has this attempt (two callers racing: the loser's insert fails)
   */
  insertRequest(
    request: Omit<RecoveryRequestRecord, 'requestId' | 'link' | 'expiresAt' | 'error' | 'status'>
  ): void {
    this.stmt(
      `INSERT INTO recovery_requests (order_id, item_id, attempt, processor, amount_minor, currency, status,
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'creating', ?, ?)`
    ).run(
      request.orderId,
      request.itemId,
      request.attempt,
      request.processor,
      request.amountMinor,
      request.currency,
      request.createdAt,
      request.updatedAt
    )
  }

  /** What the processor answered of a request: its id, link, state and expiry. */
  updateRequest(
    orderId: string,
    fields: {
      requestId?: string
      link?: string
      status: RecoveryRequestRecord['status']
      expiresAt?: string | null
      error?: KassaErrorData | null
    },
    at: string
  ): void {
    this.stmt(
      `UPDATE recovery_requests SET request_id = coalesce(?, request_id), link = coalesce(?, link), status = ?,
         expires_at = CASE WHEN ?4 THEN ?5 ELSE expires_at END, error_json = ?, updated_at = ? WHERE order_id = ?`
    ).run(
      fields.requestId ?? null,
      fields.link ?? null,
      fields.status,
      fields.expiresAt !== undefined ? 1 : 0,
      fields.expiresAt ?? null,
      fields.error ? JSON.stringify(fields.error) : null,
      at,
      orderId
    )
  }

  /** Touch a request so the poll reads the others first. */
  touchRequest(orderId: string, at: string): void {
    this.stmt('UPDATE recovery_requests SET updated_at = ? WHERE order_id = ?').run(at, orderId)
  }

  /** The database, for the service's transactions. */
  get database(): Db {
    return this.db
  }
}

function toItem(row: ItemRow): RecoveryItemRecord {
  return {
    id: row.id,
    saleId: row.sale_id,
    reason: row.reason as RecoveryReason,
    failedAt: row.failed_at,
    status: row.status as RecoveryStatus,
    currency: row.currency,
    paidMinor: BigInt(row.paid_minor),
    dueMinor: BigInt(row.due_minor),
    recoveredAt: row.recovered_at,
    recoveredDay: row.recovered_day,
    recoveredMinor: row.recovered_minor === null ? null : BigInt(row.recovered_minor),
    abandonedAt: row.abandoned_at,
    note: row.note,
    lastSentAt: row.last_sent_at,
    amountMinor: BigInt(row.amount_minor),
    receiptNumber: row.receipt_number,
    saleCreatedAt: row.created_at,
    processor: row.processor
  }
}

function toRequest(row: RequestRow): RecoveryRequestRecord {
  return {
    orderId: row.order_id,
    itemId: row.item_id,
    attempt: Number(row.attempt),
    processor: row.processor,
    requestId: row.request_id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    link: row.link,
    status: row.status as RecoveryRequestRecord['status'],
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    error: row.error_json ? (JSON.parse(row.error_json) as KassaErrorData) : null
  }
}
