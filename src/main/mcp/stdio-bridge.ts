import type { Readable, Writable } from 'node:stream'
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError
} from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import {
  isInitializeRequest,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId
} from '@modelcontextprotocol/sdk/types.js'
import { DEFAULT_AGENT_PORT } from '@shared/agents'

/** Where the till's MCP server listens unless `KASSA_MCP_URL` says otherwise. */
export const DEFAULT_MCP_URL = `http://127.0.0.1:${DEFAULT_AGENT_PORT}/mcp`

/** The bridge's exit codes: stdin ended (0), the configuration or token is wrong (2), the till does not answer (3). */
export const EXIT_OK = 0
export const EXIT_CONFIG = 2
export const EXIT_UNREACHABLE = 3

/** The names of this computer a client token may be sent to (the till's MCP server listens on 127.0.0.1). */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]']

/** How long the first check of the till may take, ms. */
const PROBE_TIMEOUT_MS = 5000

/** What the bridge reads and writes: the MCP client's pipes, and a line writer for stderr (the client shows it). */
export interface BridgeIo {
  stdin: Readable
  stdout: Writable
  /** One line of explanation for a person; never carries the token. */
  stderr(line: string): void
}

/** Where to relay to, and as whom. */
export interface BridgeTarget {
  url: URL
  token: string
}

/**
 * Read `KASSA_MCP_URL` (default `DEFAULT_MCP_URL`; an http:// address of this computer) and `KASSA_MCP_TOKEN` (a
 * client token from Settings → Agent access).
 * @returns the target, or the sentence to print when one is missing or malformed
 */
export function bridgeTarget(env: NodeJS.ProcessEnv): BridgeTarget | { problem: string } {
  const token = env.KASSA_MCP_TOKEN?.trim()
  if (!token) {
    return {
      problem:
        'KASSA_MCP_TOKEN is not set. In Kassa open Settings → Agent access, turn the MCP server on, create a client ' +
        'token and put it in this MCP server\'s "env" as KASSA_MCP_TOKEN.'
    }
  }
  const text = env.KASSA_MCP_URL?.trim() || DEFAULT_MCP_URL
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { problem: `KASSA_MCP_URL is not a URL: ${text.slice(0, 200)}` }
  }
  if (url.protocol !== 'http:')
    return { problem: `KASSA_MCP_URL must be an http:// address, not ${url.protocol}` }
  // The till listens on the loopback only; a token sent in clear to another host would be given away.
  if (!LOOPBACK_HOSTS.includes(url.hostname))
    return { problem: `KASSA_MCP_URL must name this computer (127.0.0.1 or localhost), not ${url.hostname}` }
  return { url, token }
}

/**
 * Ask the till once (a JSON-RPC `ping` POSTed with the token) whether it answers and takes the token, so a wrong
 * setup is told at start in words rather than as a hung client.
 * @returns null when it answered, else the exit code and the sentence for stderr
 */
export async function probeTill(target: BridgeTarget): Promise<{ code: number; problem: string } | null> {
  let response: Response
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${target.token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream'
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS)
    })
  } catch {
    return {
      code: EXIT_UNREACHABLE,
      problem:
        `Kassa does not answer at ${target.url.href}. Start the till and turn the MCP server on in Settings → ` +
        'Agent access (the port there must match KASSA_MCP_URL).'
    }
  }
  await response.body?.cancel().catch(() => undefined)
  if (response.ok) return null
  if (response.status === 401) {
    return {
      code: EXIT_CONFIG,
      problem:
        'The till refused KASSA_MCP_TOKEN: it is wrong or was revoked. Create a new client token in Settings → ' +
        'Agent access.'
    }
  }
  return {
    code: EXIT_UNREACHABLE,
    problem: `The till at ${target.url.href} answered HTTP ${response.status}; is this Kassa's MCP address?`
  }
}

/**
 * `kassa mcp`: speak MCP on stdin/stdout and relay every JSON-RPC message, as it is, to the running till's
 * Streamable HTTP endpoint (the till owns the ledger; this process never opens it), and every answer back. A message
 * the till cannot take (it stopped, or the token was revoked meanwhile) gets a JSON-RPC error answer, so the client
 * never waits for nothing.
 * @returns the exit code: `EXIT_OK` once stdin ends, `EXIT_CONFIG` (token missing, malformed URL, token refused)
 *   or `EXIT_UNREACHABLE` (the till does not answer) at start, each explained on stderr
 */
export async function runStdioBridge(env: NodeJS.ProcessEnv, io: BridgeIo): Promise<number> {
  const target = bridgeTarget(env)
  if ('problem' in target) {
    io.stderr(`kassa mcp: ${target.problem}`)
    return EXIT_CONFIG
  }
  const refused = await probeTill(target)
  if (refused) {
    io.stderr(`kassa mcp: ${refused.problem}`)
    return refused.code
  }

  const till = new StreamableHTTPClientTransport(target.url, {
    requestInit: { headers: { authorization: `Bearer ${target.token}` } }
  })
  const client = new StdioServerTransport(io.stdin, io.stdout)
  const initializing = new Set<RequestId>()

  till.onmessage = (message) => {
    // The till checks the protocol version header on every request after `initialize`: the relay sets it as the
    // SDK's own client would.
    if (isJSONRPCResultResponse(message) && initializing.delete(message.id)) {
      const version = (message.result as { protocolVersion?: unknown }).protocolVersion
      if (typeof version === 'string') till.setProtocolVersion(version)
    }
    void client.send(message)
  }
  till.onerror = (error) => io.stderr(`kassa mcp: ${describe(error, target)}`)
  client.onerror = (error) =>
    io.stderr(`kassa mcp: a message from the MCP client was not JSON-RPC: ${error.message}`)
  client.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message) && isInitializeRequest(message)) initializing.add(message.id)
    till.send(message).catch((error: unknown) => {
      // Already told on stderr by `onerror`; a request still needs its answer.
      if (isJSONRPCRequest(message)) {
        void client.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: -32603, message: describe(error, target) }
        })
      }
    })
  }

  const ended = new Promise<void>((resolve) => {
    io.stdin.once('end', resolve)
    io.stdin.once('close', resolve)
  })
  await till.start()
  await client.start()
  await ended
  await client.close()
  await till.close()
  return EXIT_OK
}

/** A relay failure in words: the till's refusal, or that it went away. */
function describe(error: unknown, target: BridgeTarget): string {
  if (error instanceof StreamableHTTPError) {
    if (error.code === 401)
      return 'The till refused the token: it is wrong or was revoked (Settings → Agent access)'
    if (error.code !== undefined && error.code > 0) return `The till answered HTTP ${error.code}`
  }
  if (error instanceof TypeError || (error as { name?: string }).name === 'TypeError') {
    return `Kassa does not answer at ${target.url.href} any more (the till stopped, or agent access was turned off)`
  }
  return `Relaying to the till failed: ${error instanceof Error ? error.message : String(error)}`
}
