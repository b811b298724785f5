import type { RefundKind, RefundState, RefundView } from '@shared/contract'
import type { ProcessorId } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import type { RefundPolicyStamp } from '@shared/refund-policy'
import { inTransaction, statementCache, type Db } from './database'

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
  /** The cashier's idempotency key for this refund (the screen's confirmation), when one was given. */
  idempotencyKey: string | null
  /** What was asked of the processor, kept so a refund left `pending` by a crash can be asked again. */
  request: RefundIntentRequest | null
  /** Why the refund failed, or why its fate is unknown. */
  error: string | null
  /** The refund policy's triage when it was asked for (null before a policy existed, or not triaged). */
  policy: RefundPolicyStamp | null
  createdAt: string
  updatedAt: string
}

/**
 * The processor request behind a refund, as stored with its intent. Pull payments: the variant and its inputs
 * (decimal strings); withdrawals: coin, address, amount in the coin and fee plan.
 */
export type RefundIntentRequest =
  | {
      variant: string
      subtractPercentage?: string
      customAmount?: string
      customCurrency?: string
      paymentMethod?: string
    }
  | {
      psysCid: string
      to: string
      amount: string
      feePlan?: string
      /**
       * True while it was never sent: asked while its processor was offline, it waits and is sent once when the
       * processor answers again. Cleared (in the ledger) before it is sent.
       */
      held?: boolean
    }

/** What may change on a refund after its intent was recorded. */
export type RefundChange = Partial<
  Pick<
    RefundRecord,
    'state' | 'txId' | 'externalId' | 'claimLink' | 'amount' | 'currency' | 'fiatMinor' | 'error' | 'request'
  >
>

/** A refund as a strategy writes it: the stored fields but the times; `policy` defaults to null. */
export type NewRefundRow = Omit<RefundRecord, 'createdAt' | 'updatedAt' | 'policy'> & {
  policy?: RefundPolicyStamp | null
}

/** A refund would take the sale's refunded total past what was paid. `leftMinor` is in sale minor units. */
export class RefundLimitError extends Error {
  constructor(readonly leftMinor: bigint) {
    super('More than is left to refund')
  }
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
  idempotency_key: string | null
  request_json: string | null
  error_message: string | null
  policy_json: string | null
  created_at: string
  updated_at: string
}

/** Refund states that no longer count towards what a sale has refunded (nor on the day close). */
const NOT_COUNTED: readonly RefundState[] = ['cancelled', 'failed']

/** True when a refund in `state` has its money committed: it counts on the sale and on the day close. */
export function refundCounts(state: RefundState): boolean {
  return !NOT_COUNTED.includes(state)
}

/**
 * Told inside the transaction that writes a refund when its money becomes committed or stops being so (the day
 * close, `src/main/day/day-book.ts`). Times ISO 8601.
 */
export interface RefundCountHooks {
  /** The refund now counts (a new refund in a counted state, or one that moved into one). */
  counted(refund: RefundRecord, at: string): void
  /**
   * A counted refund failed or was cancelled. @returns true when it must be kept even if it was only an intent
   * (its day is closed and holds it: the give-back is a correction elsewhere)
   */
  uncounted(refund: RefundRecord, at: string): boolean
}

/**
 * The ledger's refunds: every refund made or recorded at the till, in the same SQLite file as the sales, so the
 * day close sees them. A refund through a processor is first written as an intent (`pending`, its fiat value
 * reserved) by `reserve`, which checks what is left and inserts in one transaction; the processor's answer then
 * completes it. Pending and unknown refunds count as refunded, so two refunds can never promise the same money.
 */
export class RefundBook {
  private readonly stmt: ReturnType<typeof statementCache>
  private readonly hooks: RefundCountHooks[] = []

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now
  ) {
    this.stmt = statementCache(db)
  }

  /** Tell `hooks` (the day close) whenever a refund starts or stops counting, inside the same transaction. */
  watchCounts(hooks: RefundCountHooks): void {
    this.hooks.push(hooks)
  }

  /** Store a new refund (with its business day when it counts, in one transaction). */
  insert(record: NewRefundRow): RefundRecord {
    return inTransaction(this.db, () => {
      const stored = this.insertRow(record)
      if (refundCounts(stored.state)) for (const hook of this.hooks) hook.counted(stored, stored.createdAt)
      return stored
    })
  }

  private insertRow(record: NewRefundRow): RefundRecord {
    const at = new Date(this.now()).toISOString()
    this.stmt(
      `INSERT INTO refunds (id, sale_id, processor, kind, variant, subtract_percentage, amount, currency, fiat_minor,
          state, claim_link, external_id, method, destination, reason, tx_id, idempotency_key, request_json,
          error_message, policy_json, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
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
      record.idempotencyKey,
      record.request === null ? null : JSON.stringify(record.request),
      record.error,
      record.policy ? JSON.stringify(record.policy) : null,
      at,
      at
    )
    return this.require(record.id)
  }

  /**
   * Store a refund only if its fiat value fits in what is left of `paidMinor` (sale minor units), in one
   * transaction: the check and the write cannot be split by another refund of the same sale. A refund with an
   * idempotency key already stored is returned as it is, and nothing new is written.
   * @throws RefundLimitError when `record.fiatMinor` is more than is left to refund.
   */
  reserve(record: NewRefundRow, paidMinor: bigint): RefundRecord {
    return this.db.transaction((): RefundRecord => {
      const existing = record.idempotencyKey ? this.byIdempotencyKey(record.idempotencyKey) : null
      if (existing) return existing
      const left = paidMinor - this.refundedMinor(record.saleId)
      if ((record.fiatMinor ?? 0n) > left) throw new RefundLimitError(left < 0n ? 0n : left)
      return this.insert(record)
    })()
  }

  /**
   * Change a refund: its state, and what the processor answered (ids, link, amount, transaction). A move into or
   * out of a counted state is told to the count hooks in the same transaction.
   */
  update(id: string, change: RefundChange): RefundRecord {
    return inTransaction(this.db, () => {
      const current = this.require(id)
      const updated = this.updateRow(current, change)
      const at = updated.updatedAt
      if (!refundCounts(current.state) && refundCounts(updated.state)) {
        for (const hook of this.hooks) hook.counted(updated, at)
      } else if (refundCounts(current.state) && !refundCounts(updated.state)) {
        for (const hook of this.hooks) hook.uncounted(updated, at)
      }
      return updated
    })
  }

  private updateRow(current: RefundRecord, change: RefundChange): RefundRecord {
    const id = current.id
    const next = { ...current, ...change }
    this.stmt(
      `UPDATE refunds SET state = ?, tx_id = ?, external_id = ?, claim_link = ?, amount = ?, currency = ?,
          fiat_minor = ?, error_message = ?, request_json = ?, updated_at = ? WHERE id = ?`
    ).run(
      next.state,
      change.txId ?? current.txId,
      next.externalId,
      next.claimLink,
      next.amount,
      next.currency,
      next.fiatMinor,
      next.error,
      next.request === null ? null : JSON.stringify(next.request),
      new Date(this.now()).toISOString(),
      id
    )
    return this.require(id)
  }

  /**
   * Drop a `pending` intent the processor refused outright (nothing was made; the audit log keeps the attempt).
   * An intent already counted on a day that has since been closed is kept as `failed` instead, so the closed day's
   * figures and the give-back on the next open day stay explained.
   * @throws Error when the refund is not pending.
   */
  dropRefused(id: string): void {
    inTransaction(this.db, () => {
      const current = this.get(id)
      if (current?.state !== 'pending') throw new Error(`Refund ${id} is not pending`)
      const at = new Date(this.now()).toISOString()
      let keep = false
      for (const hook of this.hooks) keep = hook.uncounted(current, at) || keep
      if (keep) {
        this.updateRow(current, { state: 'failed', error: 'Refused by the processor' })
        return
      }
      this.stmt("DELETE FROM refunds WHERE id = ? AND state = 'pending'").run(id)
    })
  }

  /** The refund made with this idempotency key, or null. */
  byIdempotencyKey(key: string): RefundRecord | null {
    const row = this.stmt('SELECT * FROM refunds WHERE idempotency_key = ?').get(key) as RefundRow | undefined
    return row ? toRecord(row) : null
  }

  /** True when another refund already holds this processor id (a look-up must not attach one twice). */
  hasExternalId(processor: string, externalId: string): boolean {
    return Boolean(
      this.stmt('SELECT 1 FROM refunds WHERE processor = ? AND external_id = ? LIMIT 1').get(
        processor,
        externalId
      )
    )
  }

  /** Refunds whose processor request has not been answered yet (`pending`), oldest first: resumed at start. */
  pending(): RefundRecord[] {
    const rows = this.stmt(
      "SELECT * FROM refunds WHERE state = 'pending' ORDER BY created_at, rowid"
    ).all() as RefundRow[]
    return rows.map(toRecord)
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
    error: record.error,
    policy: record.policy
      ? { decision: record.policy.decision, rule: record.policy.rule, approvedBy: record.policy.approvedBy }
      : null,
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
    idempotencyKey: row.idempotency_key,
    request: row.request_json ? (JSON.parse(row.request_json) as RefundIntentRequest) : null,
    error: row.error_message,
    policy: row.policy_json ? (JSON.parse(row.policy_json) as RefundPolicyStamp) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}
