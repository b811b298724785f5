import type {
  AgentAccessView,
  AgentCallView,
  AgentClientCreated,
  AgentClientView,
  AgentRequestView,
  AgentScope,
  AgentSettingsView
} from '@shared/agents'
import { KassaError } from '@shared/errors'
import { decimalToMinor } from '@shared/money'
import type { RecoveryItemView } from '@shared/recovery'
import type {
  AgentAccess,
  AgentCallRecord,
  AgentClient,
  AgentRefundAsk,
  McpServerControl
} from './agent-access'
import { AgentApprovals, type ApprovalDeps } from './agent-approvals'
import { AgentAudit } from './agent-audit'
import { AgentClients } from './agent-clients'
import {
  AGENT_SETTINGS_KEY,
  applyAgentSettingsPatch,
  limitMinor,
  readAgentSettings,
  type AgentSettingsPatch
} from './agent-settings'
import { RateLimiter } from './rate-limit'
import { previewRefundAsk, type RefundPreviewPort } from './refund-ask'

/** What agent access needs of the core. Times in ms since the epoch. */
export interface AgentServiceDeps extends Omit<ApprovalDeps, 'requestPayment'> {
  /** The store currency (`paymentRequestLimit` is an amount of it). */
  storeCurrency(): string
  /** The MCP listener (`McpHost`, src/main/mcp/), started, stopped or moved to match the settings. */
  control: McpServerControl
  /** `refund:options` and `refund:estimate`, to preview a refund ask as the refund screen would. */
  refunds: RefundPreviewPort
  /** `recovery:get` and `recovery:request` for payment requests. */
  recovery: {
    item(itemId: string): RecoveryItemView
    request(itemId: string): Promise<RecoveryItemView>
  }
  /** How often pending requests are checked for expiry and stuck approvals tried again (ms, default 60 000). */
  checkEveryMs?: number
}

/**
 * Agent access (docs/agents.md): Settings → Agent access, the clients and their tokens, the per-client rate limit,
 * the audit of tool calls, and the requests that wait for a person. Implements `AgentAccess` for the MCP server and
 * the `agent:*` calls for the till. Each job is its own file: `agent-clients`, `agent-settings`, `rate-limit`,
 * `agent-audit`, `refund-ask` (previewing a refund), `agent-approvals` (carrying requests out once).
 */
export class AgentService implements AgentAccess {
  private readonly clients: AgentClients
  private readonly audit: AgentAudit
  private readonly limiter: RateLimiter
  readonly approvals: AgentApprovals

  constructor(private readonly deps: AgentServiceDeps) {
    this.clients = new AgentClients({ ledger: deps.ledger, now: deps.now })
    this.audit = new AgentAudit(deps.ledger.database, deps.log)
    this.limiter = new RateLimiter(deps.now)
    this.approvals = new AgentApprovals({
      ...deps,
      requestPayment: (itemId) => deps.recovery.request(itemId)
    })
  }

  // ── AgentAccess: what the MCP server asks ──

  settings(): AgentSettingsView {
    return readAgentSettings(this.deps.ledger.getSetting(AGENT_SETTINGS_KEY))
  }

  authenticate(token: string): AgentClient | null {
    // While the owner has the server off, no token is let in, whoever still holds a connection.
    if (!this.settings().enabled) return null
    return this.clients.authenticate(token)
  }

  admit(client: AgentClient): void {
    this.limiter.take(client.id, this.settings().callsPerMinute)
  }

  record(call: AgentCallRecord): void {
    this.audit.record(call)
  }

  async requestRefund(client: AgentClient, ask: AgentRefundAsk): Promise<AgentRequestView> {
    this.requireScope(client, 'refunds')
    const previewed = await previewRefundAsk(this.deps.refunds, ask)
    // The client may have been revoked while the processor priced the refund.
    this.requireActive(client)
    return this.approvals.addRefund(client, previewed)
  }

  async requestPayment(client: AgentClient, itemId: string): Promise<AgentRequestView | null> {
    this.requireScope(client, 'recovery')
    const item = this.deps.recovery.item(itemId)
    if (item.status === 'recovered' || item.status === 'abandoned') {
      throw new KassaError('conflict', `This charge is ${item.status} already`, { reason: item.status })
    }
    const store = this.deps.storeCurrency()
    const limit = limitMinor(this.settings().paymentRequestLimit, store)
    // A sale in another currency than the limit's cannot be compared with it: it waits for a person.
    const within = item.currency === store && decimalToMinor(item.due, item.currency) <= limit
    if (within) {
      await this.deps.recovery.request(itemId)
      this.deps.ledger.audit('agent', 'agent.payment-requested', item.saleId, {
        itemId,
        clientId: client.id,
        clientName: client.name,
        amount: item.due,
        currency: item.currency
      })
      return null
    }
    return this.approvals.addPayment(client, item)
  }

  request(client: AgentClient, requestId: string): AgentRequestView | null {
    return this.approvals.requestOf(client.id, requestId)
  }

  waitForDecision(requestId: string, timeoutMs: number, signal?: AbortSignal): Promise<AgentRequestView> {
    return this.approvals.waitForDecision(requestId, timeoutMs, signal)
  }

  // ── The agent:* calls of the till ──

  /** `agent:status`: the settings, whether the server listens and where, the clients. */
  status(): AgentAccessView {
    const state = this.deps.control.state()
    return {
      settings: this.settings(),
      running: state.running,
      url: state.url,
      problem: state.problem,
      clients: this.clients.list(),
      currency: this.deps.storeCurrency()
    }
  }

  /**
   * `agent:configure`: save the settings after `patch`, then start, stop or move the server (`control.apply`).
   * Audited `agent.configured` (owner).
   * @throws KassaError `invalid-input` (`field: 'paymentRequestLimit'`) for a limit that is not an amount of the
   *   store currency; nothing is saved then
   */
  async configure(patch: AgentSettingsPatch): Promise<AgentAccessView> {
    const next = applyAgentSettingsPatch(this.settings(), patch, this.deps.storeCurrency())
    this.deps.ledger.setSetting(AGENT_SETTINGS_KEY, JSON.stringify(next))
    this.deps.ledger.audit('owner', 'agent.configured', null, { ...next })
    await this.deps.control.apply(next)
    return this.status()
  }

  /** `agent:createClient`: a client and its token, shown this once. */
  createClient(name: string, scopes: readonly AgentScope[]): AgentClientCreated {
    return this.clients.create(name, scopes)
  }

  /**
   * `agent:revokeClient`: its token is refused from now on; its pending requests are declined in the same
   * transaction. @throws KassaError `not-found`
   */
  revokeClient(clientId: string): AgentClientView {
    let declined: string[] = []
    const view = this.clients.revoke(clientId, () => {
      declined = this.approvals.declineAllOf(clientId)
    })
    this.limiter.forget(clientId)
    this.approvals.announce(declined)
    return view
  }

  /** `agent:audit`: tool calls newest first, at most `limit` (default 100), of one client or all. */
  calls(clientId: string | undefined, limit = 100): AgentCallView[] {
    return this.audit.list(clientId, limit)
  }

  /** `agent:requests`. */
  requests(filter: 'pending' | 'all' = 'pending'): AgentRequestView[] {
    return this.approvals.list(filter)
  }

  /** `agent:approve`; see `AgentApprovals.approve`. */
  approve(requestId: string, ownerSession: string | null): Promise<AgentRequestView> {
    return this.approvals.approve(requestId, ownerSession)
  }

  /** `agent:decline`; see `AgentApprovals.decline`. */
  decline(requestId: string, note: string | undefined, ownerSession: string | null): AgentRequestView {
    return this.approvals.decline(requestId, note, ownerSession)
  }

  /** Bring the server to the saved settings, carry on approvals a crash left, start the expiry timer. */
  async start(): Promise<void> {
    this.approvals.start(this.deps.checkEveryMs)
    await this.deps.control.apply(this.settings())
  }

  /** Close the server and wait for approvals being carried out. */
  async stop(): Promise<void> {
    await this.deps.control.close()
    await this.approvals.stop()
  }

  private requireScope(client: AgentClient, scope: AgentScope): void {
    if (!client.scopes.includes(scope)) {
      throw new KassaError('unauthorized', `This client token lacks the ${scope} scope`, {
        reason: 'scope',
        scope
      })
    }
  }

  private requireActive(client: AgentClient): void {
    if (!this.clients.isActive(client.id)) {
      throw new KassaError('unauthorized', 'This client token was revoked', { reason: 'revoked' })
    }
  }
}
