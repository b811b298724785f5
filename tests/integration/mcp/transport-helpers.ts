import { request } from 'node:http'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { AgentAccessView, AgentClientCreated, AgentClientView, AgentScope } from '@shared/agents'
import type { Core } from '../../../src/main/core'
import { ok } from '../core/processor-helpers'

/** Settings → Agent access: turn the MCP server on (the core's `mcp.port` 0 picks the port); its URL. */
export async function enableAgents(core: Core): Promise<string> {
  const view = await ok<AgentAccessView>(core, 'agent:configure', { enabled: true })
  if (!view.url) throw new Error(`the MCP server did not start: ${view.problem}`)
  return view.url
}

/** A client token made by the owner in Settings → Agent access, and the client's id. */
export async function clientToken(
  core: Core,
  name: string,
  scopes: AgentScope[] = ['read']
): Promise<{ token: string; id: string }> {
  const made = await ok<AgentClientCreated>(core, 'agent:createClient', { name, scopes })
  return { token: made.token, id: made.client.id }
}

/** The client as Settings → Agent access shows it. */
export async function clientView(core: Core, id: string): Promise<AgentClientView> {
  const view = await ok<AgentAccessView>(core, 'agent:status', {})
  return view.clients.find((client) => client.id === id)!
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
