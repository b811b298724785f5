import type { KassaErrorData } from './errors'
import type { RefundTriageView, RefundVariantName } from './refund-policy'

/**
 * Agent access (Settings → Agent access, docs/agents.md): the till's operations as a local MCP server for AI
 * agents and automations. An agent never sees a processor key; it holds a client token the owner made, whose scopes
 * say which tools it may call. Nothing that moves money happens without a person: refunds and payment requests
 * above the owner's limit wait as an `AgentRequestView` until someone at the till approves or declines them.
 */

/**
 * What a client token may do: `read` (sales, invoices, day close, churn signals, processor status and the
 * processors' read-only mirrors), `recovery` (draft messages, create payment requests), `refunds` (ask for refunds).
 */
export type AgentScope = 'read' | 'recovery' | 'refunds'

/** Every scope, in the order Settings shows them. */
export const AGENT_SCOPES = ['read', 'recovery', 'refunds'] as const satisfies readonly AgentScope[]

/** The port the MCP server listens on (127.0.0.1 only) when the owner changed nothing. */
export const DEFAULT_AGENT_PORT = 7420

/** A client that may call the tools, as Settings shows it; never carries the token. */
export interface AgentClientView {
  /** `agc_…` */
  id: string
  name: string
  scopes: AgentScope[]
  /** ISO 8601. */
  createdAt: string
  /** The last call that passed its token, ISO 8601; null before the first. */
  lastUsedAt: string | null
  /** ISO 8601 once revoked (its token is refused from then on); null while valid. */
  revokedAt: string | null
  /** The token's last four characters (`…3f9a`), so the owner can tell tokens apart. */
  tokenHint: string
  /** Tool calls made with it so far. */
  calls: number
}

/** A client just made: its view, and its token, shown this once (only a hash of it is kept). */
export interface AgentClientCreated {
  client: AgentClientView
  /** `kag_` + 43 base64url characters (32 random bytes). */
  token: string
}

/** Settings → Agent access. Amounts are decimal strings in the store currency. */
export interface AgentSettingsView {
  /** The MCP server runs (Streamable HTTP on 127.0.0.1:`port`; `kassa mcp` relays stdio to it). */
  enabled: boolean
  /** 1024–65535, default `DEFAULT_AGENT_PORT`. */
  port: number
  /**
   * Payment requests an agent asks for up to this amount are made at once; above it they wait for a person's
   * approval. `"0"`: every one waits. Default `"100"`.
   */
  paymentRequestLimit: string
  /** Tool calls one client may make a minute (1–600, default 60); over it a tool error says when to retry. */
  callsPerMinute: number
}

/** The MCP server now: its settings, whether it listens, its address, and the clients. */
export interface AgentAccessView {
  settings: AgentSettingsView
  /** True while the server listens. */
  running: boolean
  /** `http://127.0.0.1:<port>/mcp` while it listens, else null. */
  url: string | null
  /** Why it does not listen although enabled (port in use …), else null. */
  problem: string | null
  clients: AgentClientView[]
  /** The store currency `paymentRequestLimit` is in. */
  currency: string
}

/** What an agent asked for that waits for a person. */
export type AgentRequestKind = 'refund' | 'payment-request'

/**
 * `pending`: waits at the till; `approving`: approved, being carried out (a restart carries it on);
 * `approved`: carried out (`result`); `declined`: a person said no; `failed`: approved but the processor or the
 * policy refused (`error`); `expired`: nobody decided within 24 h.
 */
export type AgentRequestState = 'pending' | 'approving' | 'approved' | 'declined' | 'failed' | 'expired'

/** One request an agent made that needs a person, as the till shows it. */
export interface AgentRequestView {
  /** `agr_…` */
  id: string
  kind: AgentRequestKind
  state: AgentRequestState
  clientId: string
  clientName: string
  /** The sale refunded, or the failed sale a payment request recovers. */
  saleId: string
  /** The Recovery queue item (`rec_…`) of a payment request; null for a refund. */
  itemId: string | null
  /** What the customer gets (refund) or is asked to pay (payment request), decimal string, as previewed. */
  amount: string
  currency: string
  /** Refunds: the variant asked for (pull payments) or null (withdrawal, recorded). */
  variant: RefundVariantName | null
  /** Refunds: percent taken off, decimal string (`"0"` none). */
  subtractPercentage: string | null
  /** The agent's reason, in its own words. */
  reason: string | null
  /** Refunds: the refund policy's triage when asked (who may approve it); null for a payment request. */
  triage: RefundTriageView | null
  /** ISO 8601. */
  createdAt: string
  /** ISO 8601; a pending request expires then. */
  expiresAt: string
  decidedAt: string | null
  decidedBy: 'cashier' | 'owner' | null
  /** Approved: the refund (`rfd_…`) or the Recovery item's payment request it made. */
  result: { refundId?: string; paymentRequestId?: string; link?: string } | null
  error: KassaErrorData | null
}

/** One tool call as the audit of Settings → Agent access shows it. */
export interface AgentCallView {
  /** ISO 8601. */
  at: string
  clientId: string
  clientName: string
  tool: string
  /** The arguments as passed, secrets redacted, cut to 2000 characters. */
  args: string
  ok: boolean
  /** A short summary of the result, or the error's code and message. */
  summary: string
  /** Milliseconds the call took. */
  ms: number
}
