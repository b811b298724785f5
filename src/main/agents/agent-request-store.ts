import type { AgentRequestKind, AgentRequestState, AgentRequestView } from '@shared/agents'
import type { KassaErrorData } from '@shared/errors'
import type { RefundTriageView, RefundVariantName } from '@shared/refund-policy'
import { statementCache, type Db } from '../ledger/database'

/** A refund as it will be asked for when approved: the refund call's input (its idempotency key is added then). */
export type RefundAskStored =
  | {
      kind: 'pull-payment'
      saleId: string
      variant: RefundVariantName
      subtractPercentage?: string
      customAmount?: string
      customCurrency?: string
      reason: string
      /** Percent the refund takes off as previewed: the one asked, else the policy's restocking fee (`"0"` none). */
      effectiveSubtract: string
    }
  | {
      kind: 'withdrawal'
      saleId: string
      address: string
      /** Before the restocking fee, in the coin paid (what `refund:withdraw` takes). */
      amount: string
      reason: string
      effectiveSubtract: string
    }

/** What a request carries out when approved (`agent_requests.ask_json`). */
export type StoredAsk = RefundAskStored | { kind: 'payment-request'; itemId: string; reason: string | null }

/** One `agent_requests` row. Times ISO 8601; `amount` a decimal string in `currency`. */
export interface AgentRequestRecord {
  id: string
  kind: AgentRequestKind
  state: AgentRequestState
  clientId: string
  saleId: string
  itemId: string | null
  amount: string
  currency: string
  ask: StoredAsk
  triage: RefundTriageView | null
  createdAt: string
  expiresAt: string
  decidedAt: string | null
  decidedBy: 'cashier' | 'owner' | null
  result: AgentRequestView['result']
  error: KassaErrorData | null
}

interface Row {
  id: string
  kind: AgentRequestKind
  state: AgentRequestState
  client_id: string
  client_name?: string | null
  sale_id: string
  item_id: string | null
  amount: string
  currency: string
  ask_json: string
  triage_json: string | null
  created_at: string
  expires_at: string
  decided_at: string | null
  decided_by: 'cashier' | 'owner' | null
  result_json: string | null
  error_json: string | null
}

/** The fields a move to another state may set. */
export interface RequestChange {
  decidedAt?: string | null
  decidedBy?: 'cashier' | 'owner' | null
  result?: AgentRequestView['result']
  error?: KassaErrorData | null
}

const SELECT =
  'SELECT r.*, c.name AS client_name FROM agent_requests r LEFT JOIN agent_clients c ON c.id = r.client_id '

/** The ledger's `agent_requests` table (`./agent-migration`): what agents asked for that waits for a person. */
export class AgentRequestStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  insert(record: AgentRequestRecord): void {
    this.stmt(
      `INSERT INTO agent_requests (id, kind, state, client_id, sale_id, item_id, amount, currency, ask_json,
         triage_json, created_at, expires_at, decided_at, decided_by, result_json, error_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      record.id,
      record.kind,
      record.state,
      record.clientId,
      record.saleId,
      record.itemId,
      record.amount,
      record.currency,
      JSON.stringify(record.ask),
      record.triage ? JSON.stringify(record.triage) : null,
      record.createdAt,
      record.expiresAt,
      record.decidedAt,
      record.decidedBy,
      record.result ? JSON.stringify(record.result) : null,
      record.error ? JSON.stringify(record.error) : null
    )
  }

  /** A request by id, or null. */
  get(id: string): AgentRequestRecord | null {
    const row = this.stmt('SELECT * FROM agent_requests WHERE id = ?').get(id) as Row | undefined
    return row ? record(row) : null
  }

  /** A request as the till shows it, or null. */
  view(id: string): AgentRequestView | null {
    const row = this.stmt(`${SELECT}WHERE r.id = ?`).get(id) as Row | undefined
    return row ? view(row) : null
  }

  /** Pending requests oldest first, or the last `limit` of every state newest first. */
  list(filter: 'pending' | 'all', limit: number): AgentRequestView[] {
    const rows =
      filter === 'pending'
        ? this.stmt(`${SELECT}WHERE r.state = 'pending' ORDER BY r.created_at, r.rowid LIMIT ?`).all(limit)
        : this.stmt(`${SELECT}ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`).all(limit)
    return (rows as Row[]).map(view)
  }

  /**
   * Move a request from one of `from` to `to`, setting the fields `change` gives, in one statement: the state is
   * checked by the UPDATE itself, so of two racing moves exactly one wins.
   * @returns whether this call moved it
   */
  move(
    id: string,
    from: readonly AgentRequestState[],
    to: AgentRequestState,
    change: RequestChange = {}
  ): boolean {
    const sets = ['state = ?']
    const values: unknown[] = [to]
    if (change.decidedAt !== undefined) {
      sets.push('decided_at = ?')
      values.push(change.decidedAt)
    }
    if (change.decidedBy !== undefined) {
      sets.push('decided_by = ?')
      values.push(change.decidedBy)
    }
    if (change.result !== undefined) {
      sets.push('result_json = ?')
      values.push(change.result ? JSON.stringify(change.result) : null)
    }
    if (change.error !== undefined) {
      sets.push('error_json = ?')
      values.push(change.error ? JSON.stringify(change.error) : null)
    }
    const states = from.map(() => '?').join(', ')
    const done = this.stmt(
      `UPDATE agent_requests SET ${sets.join(', ')} WHERE id = ? AND state IN (${states})`
    ).run(...values, id, ...from)
    return Number(done.changes) > 0
  }

  /** Ids of the client's pending requests. */
  pendingOf(clientId: string): string[] {
    return (
      this.stmt("SELECT id FROM agent_requests WHERE client_id = ? AND state = 'pending'").all(clientId) as {
        id: string
      }[]
    ).map((row) => row.id)
  }

  /** Ids of pending requests whose time ran out by `at` (ISO 8601). */
  expiredBy(at: string): string[] {
    return (
      this.stmt("SELECT id FROM agent_requests WHERE state = 'pending' AND expires_at <= ?").all(at) as {
        id: string
      }[]
    ).map((row) => row.id)
  }

  /** Ids of requests approved but not yet carried out (a crash, a processor that did not answer). */
  approving(): string[] {
    return (
      this.stmt("SELECT id FROM agent_requests WHERE state = 'approving' ORDER BY decided_at").all() as {
        id: string
      }[]
    ).map((row) => row.id)
  }

  /** The open (pending or approving) request of this kind for a sale or Recovery item, or null. */
  openFor(kind: AgentRequestKind, saleId: string, itemId: string | null): string | null {
    const row = this.stmt(
      `SELECT id FROM agent_requests WHERE kind = ? AND sale_id = ? AND coalesce(item_id, '') = ?
         AND state IN ('pending', 'approving') LIMIT 1`
    ).get(kind, saleId, itemId ?? '') as { id: string } | undefined
    return row?.id ?? null
  }
}

function parsed<T>(json: string | null): T | null {
  if (json === null) return null
  try {
    return JSON.parse(json) as T
  } catch {
    return null
  }
}

function record(row: Row): AgentRequestRecord {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    clientId: row.client_id,
    saleId: row.sale_id,
    itemId: row.item_id,
    amount: row.amount,
    currency: row.currency,
    ask: JSON.parse(row.ask_json) as StoredAsk,
    triage: parsed<RefundTriageView>(row.triage_json),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    result: parsed<AgentRequestView['result']>(row.result_json),
    error: parsed<KassaErrorData>(row.error_json)
  }
}

function view(row: Row): AgentRequestView {
  const r = record(row)
  const refund = r.ask.kind === 'pull-payment' || r.ask.kind === 'withdrawal' ? r.ask : null
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    clientId: r.clientId,
    clientName: row.client_name ?? r.clientId,
    saleId: r.saleId,
    itemId: r.itemId,
    amount: r.amount,
    currency: r.currency,
    variant: refund?.kind === 'pull-payment' ? refund.variant : null,
    subtractPercentage: refund ? refund.effectiveSubtract : null,
    reason: r.ask.reason,
    triage: r.triage,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    decidedAt: r.decidedAt,
    decidedBy: r.decidedBy,
    result: r.result,
    error: r.error
  }
}
