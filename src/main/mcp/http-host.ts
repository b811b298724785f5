import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import type { AgentSettingsView } from '@shared/agents'
import type { AgentClient, McpServerControl, McpServerState } from '../agents/agent-access'
import { readBody } from '../web/body'
import { SECURITY_HEADERS } from '../web/security-headers'
import {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_REQUEST,
  JSONRPC_PARSE_ERROR,
  JSONRPC_REFUSED,
  MCP_MAX_BODY_BYTES,
  bearerToken,
  listenProblem,
  sameLoopbackHost,
  sendJsonRpcError
} from './http-guard'
import type { McpDeps } from './mcp-deps'
import { createMcpServer } from './mcp-server'

/** Options of the MCP listener. Times in milliseconds. */
export interface McpHostOptions {
  /**
   * The port to listen on whatever the settings say (tests: 0, any free port; `state().url` tells which).
   * Default: `settings.port`.
   */
  port?: number
  /** Milliseconds between SSE keep-alive comments on a tool call's response stream. Default 15 000. */
  keepAliveMs?: number
  /** Largest request body in bytes; default `MCP_MAX_BODY_BYTES` (1 MiB). */
  maxBodyBytes?: number
}

/** The path of the one endpoint. */
const MCP_PATH = '/mcp'
const LOOPBACK = '127.0.0.1'

/**
 * The MCP server over Streamable HTTP on 127.0.0.1 (`http://127.0.0.1:<port>/mcp`), stateless: each POST is one
 * JSON-RPC message answered on its own response (JSON, or an SSE stream that carries a long tool call's progress
 * and keep-alive comments until its result), by an MCP server built for the client its bearer token names
 * (`createMcpServer`). GET and DELETE are 405 (no session, no standalone stream).
 *
 * Every request passes, in order and before its body is read: `Host`/`Origin` must be this listener on the
 * loopback (else 403: DNS rebinding), the path `/mcp` (else 404), `Authorization: Bearer <client token>` known to
 * agent access (else 401 with `WWW-Authenticate: Bearer`), POST (else 405), a body of at most 1 MiB (else 413)
 * that is JSON (else 400). A refusal is a JSON-RPC error body in the host's own words; nothing of the request is
 * echoed or logged but its path and status.
 */
export class McpHost implements McpServerControl {
  private server: Server | null = null
  private port: number | null = null
  private problem: string | null = null
  /** `apply` calls run one after another, so two quick changes of the settings cannot interleave. */
  private applying: Promise<void> = Promise.resolve()
  private readonly open = new Set<ServerResponse>()

  /**
   * @param tools what each request's MCP server is built on; a function when it is made after the host (the core
   *   builds agent access over this host, and the tools over agent access), read at the first request or `apply`
   */
  constructor(
    private readonly tools: McpDeps | (() => McpDeps),
    private readonly options: McpHostOptions = {}
  ) {}

  private get deps(): McpDeps {
    return typeof this.tools === 'function' ? this.tools() : this.tools
  }

  /** Whether it listens, its URL (no token in it), and why not when enabled but not listening. */
  state(): McpServerState {
    const running = this.server !== null
    return {
      running,
      url: running ? `http://${LOOPBACK}:${this.port}${MCP_PATH}` : null,
      problem: this.problem
    }
  }

  /**
   * Listen while `settings.enabled` on `settings.port` (or the options' port), move when the port changed, stop
   * when disabled. Never throws: a port that cannot be had is `state().problem` (and logged as a warning).
   */
  apply(settings: AgentSettingsView): Promise<void> {
    this.applying = this.applying.then(() => this.applyNow(settings))
    return this.applying
  }

  /** Stop listening and end every open response (a tool call waiting for approval gets its stream closed). */
  async close(): Promise<void> {
    await this.applying
    await this.stop()
    this.problem = null
  }

  private async applyNow(settings: AgentSettingsView): Promise<void> {
    if (!settings.enabled) {
      await this.stop()
      this.problem = null
      return
    }
    const wanted = this.options.port ?? settings.port
    // A fixed port from the options (tests' 0) does not move with the settings.
    if (this.server && (this.options.port !== undefined || this.port === wanted)) return
    await this.stop()
    try {
      const server = await listen(wanted, (req, res) => this.handle(req, res))
      this.server = server
      this.port = (server.address() as AddressInfo).port
      this.problem = null
      this.deps.log.info({ url: this.state().url }, 'MCP server listening')
    } catch (error) {
      this.problem = listenProblem(wanted, error as NodeJS.ErrnoException)
      this.deps.log.warn({ port: wanted, code: (error as NodeJS.ErrnoException).code }, this.problem)
    }
  }

  private async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    this.port = null
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const res of this.open) res.destroy()
    server.closeAllConnections()
    await closed
    this.deps.log.info({}, 'MCP server stopped')
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    if (this.port === null || !sameLoopbackHost(req, this.port)) {
      return sendJsonRpcError(res, 403, JSONRPC_REFUSED, 'Refused: the Host or Origin is not this computer')
    }
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== MCP_PATH) {
      return sendJsonRpcError(res, 404, JSONRPC_REFUSED, `Not found: the MCP endpoint is ${MCP_PATH}`)
    }
    const client = this.authenticate(req, res)
    if (!client) return
    if (req.method !== 'POST') {
      // Stateless: no session to resume or delete, and no standalone stream (notifications ride on each POST).
      return sendJsonRpcError(res, 405, JSONRPC_REFUSED, 'Method not allowed: send each message as a POST', {
        allow: 'POST'
      })
    }
    void this.serve(req, res, client)
  }

  /** The client the request's bearer token names, or null once a 401 (or 503) has been sent. */
  private authenticate(req: IncomingMessage, res: ServerResponse): AgentClient | null {
    const token = bearerToken(req.headers.authorization)
    let client: AgentClient | null = null
    try {
      client = token === null ? null : this.deps.access.authenticate(token)
    } catch (error) {
      this.deps.log.error({ err: error }, 'MCP: agent access could not check a token')
      sendJsonRpcError(res, 503, JSONRPC_INTERNAL_ERROR, 'Agent access is not available on this till')
      return null
    }
    if (client) return client
    sendJsonRpcError(
      res,
      401,
      JSONRPC_REFUSED,
      token === null
        ? 'Unauthorized: send the client token from Settings → Agent access as "Authorization: Bearer <token>"'
        : 'Unauthorized: this client token is wrong or was revoked (Settings → Agent access)',
      { 'www-authenticate': 'Bearer realm="kassa"' + (token === null ? '' : ', error="invalid_token"') }
    )
    return null
  }

  private async serve(req: IncomingMessage, res: ServerResponse, client: AgentClient): Promise<void> {
    const limit = this.options.maxBodyBytes ?? MCP_MAX_BODY_BYTES
    const read = await readBody(req, res, limit)
    if (!read.ok) {
      if (read.reason === 'aborted') return
      return sendJsonRpcError(res, 413, JSONRPC_INVALID_REQUEST, `Request body over ${limit / 1024} KiB`)
    }
    let message: unknown
    try {
      message = JSON.parse(read.body.toString('utf8'))
    } catch {
      return sendJsonRpcError(res, 400, JSONRPC_PARSE_ERROR, 'Parse error: the request body is not JSON')
    }
    this.open.add(res)
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      keepAliveMs: this.options.keepAliveMs
    })
    let server: McpServer | null = null
    // The response closing (answered, or the agent went away) ends this request's server: a tool still waiting
    // sees its abort signal.
    res.once('close', () => {
      this.open.delete(res)
      void transport.close().catch(() => undefined)
      void server?.close().catch(() => undefined)
    })
    try {
      server = createMcpServer(this.deps, client)
      await server.connect(transport)
      await transport.handleRequest(req, res, message)
    } catch (error) {
      this.deps.log.error({ err: error, client: client.id }, 'MCP request failed')
      if (!res.headersSent) sendJsonRpcError(res, 500, JSONRPC_INTERNAL_ERROR, 'Internal error')
      else res.destroy()
    }
  }
}

/** Listen on 127.0.0.1:`port`; rejects with the `listen` error (`EADDRINUSE` …). */
function listen(port: number, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handle)
  // A client that asks `Expect: 100-continue` is invited only once its request passed the checks (readBody).
  server.on('checkContinue', handle)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}
