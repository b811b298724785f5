import type { AgentRequestView, AgentScope, AgentSettingsView } from '@shared/agents'
import type { RefundVariantName } from '@shared/refund-policy'

/** A client whose token was accepted: who calls, and what it may do. */
export interface AgentClient {
  /** `agc_…` */
  readonly id: string
  readonly name: string
  readonly scopes: readonly AgentScope[]
}

/** One finished tool call, for the audit (`agent_calls`). */
export interface AgentCallRecord {
  client: AgentClient
  tool: string
  /** The arguments as the agent sent them; redacted (`redactDetails`) and cut before they are stored. */
  args: unknown
  ok: boolean
  /** A short summary of the result, or `<code>: <message>` of the error. */
  summary: string
  /** When the call started, ms since the epoch, and how long it took (ms). */
  at: number
  ms: number
}

/** A refund an agent asks for: a pull payment (`variant`), a Plisio withdrawal (`address`), or both absent: refused. */
export interface AgentRefundAsk {
  saleId: string
  variant?: RefundVariantName
  /** Percent, decimal string 0–100. */
  subtractPercentage?: string
  customAmount?: string
  customCurrency?: string
  /** Plisio withdrawal: where the customer wants it, and the amount in the coin paid (decimal string). */
  address?: string
  amount?: string
  reason: string
}

/**
 * What the MCP server needs of agent access (`AgentService` in this folder implements it): token checks, the
 * per-client rate limit, the audit, and requests that wait for a person.
 */
export interface AgentAccess {
  /** Settings → Agent access now. */
  settings(): AgentSettingsView
  /**
   * The client holding `token`, or null (malformed, unknown or revoked token; the server is off). Only a SHA-256
   * hash of each token is stored; the look-up is by hash, so timing says nothing about the token. A valid call
   * notes the client's last use.
   */
  authenticate(token: string): AgentClient | null
  /**
   * Count one call against the client's per-minute budget (`callsPerMinute`).
   * @throws KassaError `rate-limited` (`params.retryAfterSeconds`) when over it; the call is not made.
   */
  admit(client: AgentClient): void
  /** Append a finished call to the audit (`agent_calls`); never throws (a full disk is logged). */
  record(call: AgentCallRecord): void
  /**
   * Ask for a refund: previewed and triaged as the refund screen would (`refund:options`), then kept as a pending
   * request shown at the till (`agent:request` event). Nothing reaches the processor until a person approves.
   * @throws KassaError `invalid-input`/`not-found`/`conflict` when it could never be made (unknown sale, nothing
   *   paid, a variant the processor lacks), and `conflict` (`reason: 'policy'`) when the policy refuses it outright.
   */
  requestRefund(client: AgentClient, ask: AgentRefundAsk): Promise<AgentRequestView>
  /**
   * Ask for a payment request for a Recovery queue item (`recovery:request`): made at once when what is due is at
   * most the owner's `paymentRequestLimit`, else kept pending for the owner's approval.
   * @returns null when it was made at once (read the item again for its link), else the pending request.
   */
  requestPayment(client: AgentClient, itemId: string): Promise<AgentRequestView | null>
  /** A request this client made, or null (unknown, or another client's). */
  request(client: AgentClient, requestId: string): AgentRequestView | null
  /**
   * Wait until the request leaves `pending`/`approving`, up to `timeoutMs`; resolves with it as it is then.
   * `signal` aborts the wait (the agent went away), not the request.
   */
  waitForDecision(requestId: string, timeoutMs: number, signal?: AbortSignal): Promise<AgentRequestView>
}

/** Where the MCP server listens now (`McpHost`, `src/main/mcp/`). */
export interface McpServerState {
  running: boolean
  /** `http://127.0.0.1:<port>/mcp` while it listens. */
  url: string | null
  /** Why it does not listen although enabled (`Port 7420 is in use`), else null. */
  problem: string | null
}

/**
 * The MCP server's listener as agent access drives it: `apply` starts, stops or moves it to match the settings
 * (called at start and after every `agent:configure`); it never throws (a port in use is `state().problem`).
 */
export interface McpServerControl {
  state(): McpServerState
  apply(settings: AgentSettingsView): Promise<void>
  /** Close the listener and every open stream (the core stops). */
  close(): Promise<void>
}
