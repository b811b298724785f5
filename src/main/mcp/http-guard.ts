import type { IncomingMessage, ServerResponse } from 'node:http'
import { send } from '../web/respond'

/** Largest MCP request body, in bytes (1 MiB): a JSON-RPC message with a tool's arguments fits in far less. */
export const MCP_MAX_BODY_BYTES = 1024 * 1024

/** JSON-RPC error codes the host answers with before the MCP server sees a request. */
export const JSONRPC_PARSE_ERROR = -32700
export const JSONRPC_INVALID_REQUEST = -32600
export const JSONRPC_INTERNAL_ERROR = -32603
/** Implementation-defined server error (JSON-RPC reserves -32000 to -32099): refused by the host. */
export const JSONRPC_REFUSED = -32001

/**
 * True when the request's `Host` names this listener on the loopback (`127.0.0.1:<port>` or `localhost:<port>`) and
 * its `Origin`, if any, is the same (`http://127.0.0.1:<port>` or `http://localhost:<port>`). A web page that
 * rebinds a name of its own to 127.0.0.1 sends its own name in both, so it is refused (DNS rebinding); an MCP
 * client sends no `Origin` at all.
 */
export function sameLoopbackHost(req: IncomingMessage, port: number): boolean {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`]
  if (!hosts.includes((req.headers.host ?? '').toLowerCase())) return false
  const origin = req.headers.origin
  return origin === undefined || hosts.some((host) => origin.toLowerCase() === `http://${host}`)
}

/** The bearer token of an `Authorization: Bearer <token>` header, or null (absent, another scheme, empty). */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '')
  return match ? (match[1] as string) : null
}

/**
 * Answer with a JSON-RPC error (`id: null`: the request was not read or not understood) and an HTTP status.
 * The body is the host's own words, never an echo of the request (so never a token).
 */
export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {}
): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null })
  send(res, status, 'application/json; charset=utf-8', body, headers)
}

/**
 * Why the listener could not start, in words for Settings → Agent access (`state().problem`).
 * @param error what `listen` failed with (`EADDRINUSE`, `EACCES`, …)
 */
export function listenProblem(port: number, error: NodeJS.ErrnoException): string {
  if (error.code === 'EADDRINUSE') {
    return `Port ${port} is in use by another program; choose another port for agent access`
  }
  if (error.code === 'EACCES')
    return `Port ${port} may not be used by Kassa; choose a port from 1024 to 65535`
  return `The agent server could not listen on 127.0.0.1:${port}: ${error.message}`
}
