import { timingSafeEqual } from 'node:crypto'
import type { AgentClientCreated, AgentClientView, AgentScope } from '@shared/agents'
import { KassaError } from '@shared/errors'
import { inTransaction } from '../ledger/database'
import type { Ledger } from '../ledger/ledger'
import type { AgentClient } from './agent-access'
import { AgentClientStore } from './agent-client-store'
import {
  agentTokenHash,
  agentTokenHint,
  isAgentTokenShaped,
  newAgentToken,
  newClientId
} from './agent-tokens'

/** How long a client's `last_used_at` is left alone after a write by `authenticate`: one minute. */
const LAST_USED_EVERY_MS = 60_000

/**
 * Agent clients (Settings → Agent access): the owner makes a token with a name and scopes (`create`), the MCP server
 * lets it in (`authenticate`) until the owner revokes it (`revoke`). Tokens are `kag_` + 32 random bytes; the ledger
 * keeps only their SHA-256 (`agent_clients`). Audited `agent.client-created`, `agent.client-revoked` (owner).
 * Times from `now` (ms since the epoch).
 */
export class AgentClients {
  readonly store: AgentClientStore

  constructor(private readonly deps: { ledger: Ledger; now: () => number }) {
    this.store = new AgentClientStore(deps.ledger.database)
  }

  /** Make a client: its token is returned this once; only its hash is kept. Audited `agent.client-created`. */
  create(name: string, scopes: readonly AgentScope[]): AgentClientCreated {
    const token = newAgentToken()
    const id = newClientId()
    inTransaction(this.deps.ledger.database, () => {
      this.store.insert(
        { id, name, scopes, tokenHash: agentTokenHash(token), tokenHint: agentTokenHint(token) },
        this.iso()
      )
      this.deps.ledger.audit('owner', 'agent.client-created', null, { clientId: id, name, scopes })
    })
    return { client: this.store.get(id) as AgentClientView, token }
  }

  /**
   * The active client `token` belongs to, or null: a malformed token is refused before it is hashed, an unknown or
   * revoked one after the look-up by hash (compared in constant time). Notes the client's last use at most once a
   * minute (every call is also counted by the audit).
   */
  authenticate(token: string): AgentClient | null {
    if (!isAgentTokenShaped(token)) return null
    const hash = agentTokenHash(token)
    const client = this.store.byTokenHash(hash)
    if (!client || !timingSafeEqual(Buffer.from(client.tokenHash), Buffer.from(hash))) return null
    if (client.revokedAt !== null) return null
    const now = this.deps.now()
    if (client.lastUsedAt === null || now - Date.parse(client.lastUsedAt) >= LAST_USED_EVERY_MS) {
      this.store.touch(client.id, new Date(now).toISOString())
    }
    return { id: client.id, name: client.name, scopes: client.scopes }
  }

  /**
   * Revoke a client: its token is refused from now on. `inside` runs in the same transaction (the client's pending
   * requests are declined there). Revoking a revoked client changes nothing. Audited `agent.client-revoked`.
   * @throws KassaError `not-found` for an unknown id
   */
  revoke(clientId: string, inside: () => void): AgentClientView {
    const before = this.store.get(clientId)
    if (!before) throw new KassaError('not-found', `No agent client ${clientId}`, { id: clientId })
    if (before.revokedAt === null) {
      inTransaction(this.deps.ledger.database, () => {
        this.store.revoke(clientId, this.iso())
        this.deps.ledger.audit('owner', 'agent.client-revoked', null, { clientId, name: before.name })
        inside()
      })
    }
    return this.store.get(clientId) as AgentClientView
  }

  /** True while the client exists and is not revoked. */
  isActive(clientId: string): boolean {
    const client = this.store.record(clientId)
    return client !== null && client.revokedAt === null
  }

  /** Every client, newest first, revoked ones included. */
  list(): AgentClientView[] {
    return this.store.list()
  }

  private iso(): string {
    return new Date(this.deps.now()).toISOString()
  }
}
