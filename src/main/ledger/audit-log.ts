import { redactDetails } from '../secrets/redact'
import { statementCache, type Db } from './database'

/**
 * Who did what the audit log records: the `cashier` at the till (sales, cancels, refunds, Demo simulations), the
 * shop `owner` (settings, keys, processors, webhooks), the till itself (`system`: invoice reads, the tracker,
 * webhooks received), or an `agent` through the MCP server (a request it made that waits for a person; its tool
 * calls are in `agent_calls`). A closed union, so a misspelt actor does not compile.
 */
export type AuditActor = 'cashier' | 'owner' | 'system' | 'agent'

/** Every `AuditActor`, for checks and tests. */
export const AUDIT_ACTORS: readonly AuditActor[] = ['cashier', 'owner', 'system', 'agent']

/** An audit entry as read back. `at` is ISO 8601; `action` is dotted (`sale.paid`, `refund.requested`, …). */
export interface AuditEntry {
  at: string
  actor: AuditActor
  action: string
}

/** The `audit_log` table: append-only, in order (`seq`). Details are stored as JSON after `redactDetails`. */
export class AuditLog {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /**
   * Append an entry. `details` pass `redactDetails` first, so no key or token is written.
   * @param at ISO 8601
   * @param saleId the sale it concerns, or null (settings, processors, webhooks)
   * @throws Error when `actor` is not an `AuditActor` (a caller that cast its way past the type); nothing is written
   */
  append(
    at: string,
    actor: AuditActor,
    action: string,
    saleId: string | null,
    details: Record<string, unknown>
  ): void {
    if (!AUDIT_ACTORS.includes(actor)) throw new Error(`Unknown audit actor ${JSON.stringify(actor)}`)
    this.stmt('INSERT INTO audit_log (at, actor, action, sale_id, details_json) VALUES (?, ?, ?, ?, ?)').run(
      at,
      actor,
      action,
      saleId,
      JSON.stringify(redactDetails(details))
    )
  }

  /** Entries of a sale, oldest first. */
  forSale(saleId: string): AuditEntry[] {
    return this.stmt('SELECT at, actor, action FROM audit_log WHERE sale_id = ? ORDER BY seq').all(
      saleId
    ) as AuditEntry[]
  }
}
