import { AGENT_SCOPES, type AgentClientView, type AgentScope } from '@shared/agents'
import { statementCache, type Db } from '../ledger/database'

/** An `agent_clients` row as the token check needs it. */
export interface AgentClientRecord {
  id: string
  name: string
  scopes: AgentScope[]
  /** SHA-256 of the token, 64 hex characters. */
  tokenHash: string
  lastUsedAt: string | null
  revokedAt: string | null
}

interface Row {
  id: string
  name: string
  scopes_json: string
  token_hash: string
  token_hint: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
  calls: bigint | number
}

/** The ledger's `agent_clients` table (`./agent-migration`): client tokens' hashes, scopes, last use, revocation. */
export class AgentClientStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /** Record a new client. @param at ISO 8601 */
  insert(
    client: { id: string; name: string; scopes: readonly AgentScope[]; tokenHash: string; tokenHint: string },
    at: string
  ): void {
    this.stmt(
      'INSERT INTO agent_clients (id, name, scopes_json, token_hash, token_hint, created_at) VALUES (?, ?, ?, ?, ?, ?)'
    ).run(client.id, client.name, JSON.stringify(client.scopes), client.tokenHash, client.tokenHint, at)
  }

  /** The client whose token hashes to `tokenHash`, revoked or not; null when none. */
  byTokenHash(tokenHash: string): AgentClientRecord | null {
    const row = this.stmt('SELECT * FROM agent_clients WHERE token_hash = ?').get(tokenHash) as
      Row | undefined
    return row ? record(row) : null
  }

  /** A client by id, revoked or not; null when none. */
  record(id: string): AgentClientRecord | null {
    const row = this.stmt('SELECT * FROM agent_clients WHERE id = ?').get(id) as Row | undefined
    return row ? record(row) : null
  }

  /** Note the client's last accepted call. @param at ISO 8601 */
  touch(id: string, at: string): void {
    this.stmt('UPDATE agent_clients SET last_used_at = ? WHERE id = ?').run(at, id)
  }

  /** Count one finished tool call. */
  countCall(id: string): void {
    this.stmt('UPDATE agent_clients SET calls = calls + 1 WHERE id = ?').run(id)
  }

  /** Mark the client revoked (once: an earlier revocation's time is kept). @param at ISO 8601 */
  revoke(id: string, at: string): void {
    this.stmt('UPDATE agent_clients SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(at, id)
  }

  /** One client as the owner sees it, or null. */
  get(id: string): AgentClientView | null {
    const row = this.stmt('SELECT * FROM agent_clients WHERE id = ?').get(id) as Row | undefined
    return row ? view(row) : null
  }

  /** The client's name, or its id when the row is gone (an audit row outlives nothing, but be safe). */
  nameOf(id: string): string {
    const row = this.stmt('SELECT name FROM agent_clients WHERE id = ?').get(id) as
      { name: string } | undefined
    return row?.name ?? id
  }

  /** Every client, newest first, revoked ones included. */
  list(): AgentClientView[] {
    return (this.stmt('SELECT * FROM agent_clients ORDER BY created_at DESC, rowid DESC').all() as Row[]).map(
      view
    )
  }
}

/** Stored scopes, keeping only known ones (a damaged row grants nothing it should not). */
function scopesOf(json: string): AgentScope[] {
  try {
    const parsed: unknown = JSON.parse(json)
    return Array.isArray(parsed) ? AGENT_SCOPES.filter((scope) => parsed.includes(scope)) : []
  } catch {
    return []
  }
}

function record(row: Row): AgentClientRecord {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row.scopes_json),
    tokenHash: row.token_hash,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at
  }
}

function view(row: Row): AgentClientView {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row.scopes_json),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    tokenHint: `…${row.token_hint}`,
    calls: Number(row.calls)
  }
}
