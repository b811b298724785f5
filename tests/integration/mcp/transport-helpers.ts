import { request } from 'node:http'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { DEFAULT_AGENT_PORT, type AgentSettingsView } from '@shared/agents'
import type { AgentAccess, AgentCallRecord, AgentClient } from '../../../src/main/agents/agent-access'

/** Settings → Agent access turned on (port 0 in tests comes from `CoreOptions.mcp.port`). */
export function enabledSettings(patch: Partial<AgentSettingsView> = {}): AgentSettingsView {
  return { enabled: true, port: DEFAULT_AGENT_PORT, paymentRequestLimit: '100', callsPerMinute: 60, ...patch }
}

/**
 * Agent access as the transport sees it, with tokens the test hands out and revokes. Everything but
 * `authenticate`, `admit` and `record` refuses: the transport never needs them.
 */
export function fakeAccess(settings: AgentSettingsView = enabledSettings()): AgentAccess & {
  issue(name: string): string
  revoke(token: string): void
  calls: AgentCallRecord[]
  authenticated: number
} {
  const tokens = new Map<string, AgentClient>()
  const calls: AgentCallRecord[] = []
  let next = 0
  const refuse = (): never => {
    throw new Error('not used by the transport')
  }
  return {
    calls,
    authenticated: 0,
    issue(name) {
      const token = `kag_${String(next).padStart(43, 'x')}`
      tokens.set(token, { id: `agc_${String(next++).padStart(32, '0')}`, name, scopes: ['read'] })
      return token
    },
    revoke(token) {
      tokens.delete(token)
    },
    settings: () => settings,
    authenticate(token) {
      const client = tokens.get(token) ?? null
      if (client) this.authenticated++
      return client
    },
    admit: () => undefined,
    record: (call) => void calls.push(call),
    requestRefund: refuse,
    requestPayment: refuse,
    request: refuse,
    waitForDecision: refuse
  }
}

/** An MCP client connected over Streamable HTTP with `token` (none when null). Close it after use. */
export async function httpClient(url: string, token: string | null): Promise<Client> {
  const client = new Client({ name: 'kassa-test', version: '1.0.0' })
  const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` }
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }))
  return client
}

/** One raw HTTP request to the listener (headers exactly as given), answered status, headers and body. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; path?: string }
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const target = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path ?? target.pathname,
        method: options.method ?? 'POST',
        headers: options.headers
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString()
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A JSON-RPC `ping` as a client would POST it, with the headers Streamable HTTP asks for. */
export const PING = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })
export function mcpHeaders(
  url: string,
  token: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    host: new URL(url).host,
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...extra
  }
}
