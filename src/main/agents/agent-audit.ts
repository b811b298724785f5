import type { AgentCallView } from '@shared/agents'
import { inTransaction, statementCache, type Db } from '../ledger/database'
import type { Logger } from '../log/logger'
import { REDACTED, redactDetails, redactSecrets } from '../secrets/redact'
import type { AgentCallRecord } from './agent-access'

/** A client token inside any text (47 characters: shorter than `redactSecrets`' run of 48). */
const AGENT_TOKEN_ANYWHERE = /kag_[A-Za-z0-9_-]{43}/g

/** Longest arguments text kept per call, in characters; longer is cut and ends with `…`. */
export const AUDIT_ARGS_MAX = 2000
/** Longest summary kept per call, in characters. */
export const AUDIT_SUMMARY_MAX = 500

interface Row {
  at: string
  client_id: string
  client_name: string | null
  tool: string
  args_json: string
  ok: bigint | number
  summary: string
  ms: bigint | number
}

/**
 * The audit of agents' tool calls (`agent_calls`, append-only): who (client), which tool, the arguments with
 * secrets redacted (`redactDetails`, then `redactSecrets` over the text) and cut to 2000 characters, the outcome's
 * summary and how long it took. Each record also counts the call on its client.
 */
export class AgentAudit {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(
    private readonly db: Db,
    private readonly log: Logger
  ) {
    this.stmt = statementCache(db)
  }

  /** Append `call` and count it on its client; never throws (a failure, e.g. a full disk, is logged). */
  record(call: AgentCallRecord): void {
    try {
      const at = new Date(call.at).toISOString()
      inTransaction(this.db, () => {
        this.stmt(
          'INSERT INTO agent_calls (at, client_id, tool, args_json, ok, summary, ms) VALUES (?, ?, ?, ?, ?, ?, ?)'
        ).run(
          at,
          call.client.id,
          call.tool.slice(0, 100),
          argsText(call.args),
          call.ok ? 1 : 0,
          redactSecrets(call.summary).replace(AGENT_TOKEN_ANYWHERE, REDACTED).slice(0, AUDIT_SUMMARY_MAX),
          Math.max(0, Math.round(call.ms))
        )
        this.stmt(
          'UPDATE agent_clients SET calls = calls + 1, last_used_at = max(coalesce(last_used_at, ?), ?) WHERE id = ?'
        ).run(at, at, call.client.id)
      })
    } catch (error) {
      this.log.error(
        { err: error, tool: call.tool, clientId: call.client.id },
        'an agent call was not audited'
      )
    }
  }

  /**
   * The newest calls first, at most `limit`, of one client or all, each with its client's name.
   * @param limit 1–500
   */
  list(clientId: string | undefined, limit: number): AgentCallView[] {
    const sql =
      'SELECT c.at, c.client_id, a.name AS client_name, c.tool, c.args_json, c.ok, c.summary, c.ms ' +
      'FROM agent_calls c LEFT JOIN agent_clients a ON a.id = c.client_id '
    const rows = (
      clientId === undefined
        ? this.stmt(`${sql}ORDER BY c.seq DESC LIMIT ?`).all(limit)
        : this.stmt(`${sql}WHERE c.client_id = ? ORDER BY c.seq DESC LIMIT ?`).all(clientId, limit)
    ) as Row[]
    return rows.map((row) => ({
      at: row.at,
      clientId: row.client_id,
      clientName: row.client_name ?? row.client_id,
      tool: row.tool,
      args: row.args_json,
      ok: Number(row.ok) === 1,
      summary: row.summary,
      ms: Number(row.ms)
    }))
  }
}

/** The arguments as JSON text, secrets redacted, at most `AUDIT_ARGS_MAX` characters. */
export function argsText(args: unknown): string {
  let text: string
  try {
    text = JSON.stringify(redactDetails(args)) ?? 'null'
  } catch {
    text = '"[unreadable arguments]"'
  }
  text = redactSecrets(text).replace(AGENT_TOKEN_ANYWHERE, REDACTED)
  return text.length > AUDIT_ARGS_MAX ? `${text.slice(0, AUDIT_ARGS_MAX - 1)}…` : text
}
