import type { AgentAccessView, AgentClientView, AgentRequestView } from '@shared/agents'

/** A pending refund an agent asked for: 7.50 USD of sale `sale_0123456789`, RateThen, no fee, within policy. */
export function agentRequest(over: Partial<AgentRequestView> = {}): AgentRequestView {
  return {
    id: 'agr_00000000000000000000000000000001',
    kind: 'refund',
    state: 'pending',
    clientId: 'agc_00000000000000000000000000000001',
    clientName: 'Claude Desktop',
    saleId: 'sale_0123456789',
    itemId: null,
    amount: '7.50',
    currency: 'USD',
    variant: 'RateThen',
    subtractPercentage: '0',
    reason: 'Customer returned the mug',
    triage: { decision: 'allowed', rule: null, values: {} },
    createdAt: '2026-11-29T10:00:00.000Z',
    expiresAt: '2026-11-30T10:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    result: null,
    error: null,
    ...over
  }
}

/** A client with every scope, never used. */
export function agentClient(over: Partial<AgentClientView> = {}): AgentClientView {
  return {
    id: 'agc_00000000000000000000000000000001',
    name: 'Claude Desktop',
    scopes: ['read', 'recovery', 'refunds'],
    createdAt: '2026-11-29T09:00:00.000Z',
    lastUsedAt: null,
    revokedAt: null,
    tokenHint: '…3f9a',
    calls: 0,
    ...over
  }
}

/** The MCP server on at the default port with one client. */
export function agentAccess(over: Partial<AgentAccessView> = {}): AgentAccessView {
  return {
    settings: { enabled: true, port: 7420, paymentRequestLimit: '100.00', callsPerMinute: 60 },
    running: true,
    url: 'http://127.0.0.1:7420/mcp',
    problem: null,
    clients: [agentClient()],
    currency: 'EUR',
    ...over
  }
}
