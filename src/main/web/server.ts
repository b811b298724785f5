import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { EVENT_NAMES } from '@shared/contract'
import type { Result } from '@shared/errors'
import { dispatch, type Handlers } from '../dispatch'
import type { EventBus } from '../events'
import { SECURITY_HEADERS } from './security-headers'

/** Options of the loopback web host. */
export interface WebHostOptions {
  handlers: Handlers
  events: EventBus
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Per-run token; random 32 bytes when omitted. */
  token?: string
  /** Milliseconds between SSE keep-alive comments. Default 15 000. */
  keepAliveMs?: number
  /**
   * Receives `POST /webhooks/<processor>` deliveries (raw body bytes, headers, the peer's address); the
   * processor's signature is their authentication, not the till token, and they may come through a relay under
   * its own Host name. Answers an HTTP status and a short message.
   */
  webhooks?: (
    processor: string,
    rawBody: Uint8Array,
    headers: Record<string, string | undefined>,
    remoteAddress: string | undefined
  ) => Promise<{ status: number; message: string }>
}

/** A running web host. `url` includes the token in its fragment (`#token=…`), which browsers never send. */
export interface WebHost {
  url: string
  origin: string
  token: string
  server: Server
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}
const MAX_BODY_BYTES = 64 * 1024

/**
 * Serve the till to an ordinary browser over the same contract as Electron IPC: `POST /api/call/<name>` (JSON
 * input → JSON `Result`) and `GET /api/events` (server-sent events), both requiring `Authorization: Bearer <token>`.
 * Requests whose `Host` is not this server's loopback address are refused (DNS rebinding), as are cross-origin
 * API calls. Static files come from `rendererDir` with the strict CSP. No response ever carries a secret.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const host = options.host ?? '127.0.0.1'
  const sockets = new Set<ServerResponse>()
  let allowedHosts = new Set<string>()

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/webhooks/') && req.method === 'POST' && options.webhooks) {
      return void handleWebhook(req, res, url.pathname.slice('/webhooks/'.length), options.webhooks)
    }
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Misdirected request')
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin
      if (origin && !allowedHosts.has(origin.replace(/^https?:\/\//, ''))) {
        return sendResult(res, 403, {
          ok: false,
          error: { code: 'unauthorized', message: 'Cross-origin call refused' }
        })
      }
      if (!checkToken(req.headers.authorization, token)) {
        return sendResult(res, 401, {
          ok: false,
          error: { code: 'unauthorized', message: 'Missing or wrong till token' }
        })
      }
      if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) {
        const name = safeDecode(url.pathname.slice('/api/call/'.length))
        if (name === null) {
          return sendResult(res, 400, {
            ok: false,
            error: { code: 'invalid-input', message: 'The call name is not valid percent-encoding' }
          })
        }
        return void handleCall(req, res, name)
      }
      if (req.method === 'GET' && url.pathname === '/api/events') return handleEvents(req, res)
      return sendResult(res, 404, { ok: false, error: { code: 'unknown-call', message: 'No such endpoint' } })
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'Method not allowed')
    void serveStatic(res, url.pathname)
  })

  async function handleCall(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    let input: unknown
    try {
      const body = await readBody(req)
      input = body.length ? JSON.parse(body) : {}
    } catch (error) {
      return sendResult(res, 400, {
        ok: false,
        error: { code: 'invalid-input', message: `Request body is not JSON: ${(error as Error).message}` }
      })
    }
    sendResult(res, 200, await dispatch(options.handlers, name, input))
  }

  async function handleWebhook(
    req: IncomingMessage,
    res: ServerResponse,
    processor: string,
    receive: NonNullable<WebHostOptions['webhooks']>
  ): Promise<void> {
    let body: Buffer
    try {
      body = await readRawBody(req)
    } catch {
      return send(res, 413, 'text/plain', 'Body too large')
    }
    const headers: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const answer = await receive(processor, new Uint8Array(body), headers, req.socket.remoteAddress)
    send(res, answer.status, 'text/plain; charset=utf-8', answer.message)
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive'
    })
    res.write(': connected\n\n')
    sockets.add(res)
    const unsubscribe = options.events.subscribe((name, payload) => {
      if ((EVENT_NAMES as readonly string[]).includes(name)) {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
      }
    })
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000)
    req.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      sockets.delete(res)
    })
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    const decoded = safeDecode(pathname === '/' ? '/index.html' : pathname)
    if (decoded === null) return send(res, 400, 'text/plain', 'Bad request')
    const relative = normalize(decoded).replace(/^([/\\])+/, '')
    const root = normalize(options.rendererDir + sep)
    const file = join(root, relative)
    if (!file.startsWith(root)) return send(res, 403, 'text/plain', 'Forbidden')
    try {
      const body = await readFile(file)
      res.setHeader('cache-control', relative === 'index.html' ? 'no-store' : 'max-age=3600')
      send(res, 200, MIME[extname(file)] ?? 'application/octet-stream', body)
    } catch {
      send(res, 404, 'text/plain', 'Not found')
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const hostPart = host.includes(':') ? `[${host}]` : host
  allowedHosts = new Set([`${hostPart}:${port}`, `localhost:${port}`])
  const origin = `http://${hostPart}:${port}`
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of sockets) res.end()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/** `decodeURIComponent`, or null for malformed percent-encoding (which would otherwise throw in a handler). */
function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

function checkToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '')
  if (!match?.[1]) return false
  const given = Buffer.from(match[1])
  const expected = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

function readBody(req: IncomingMessage): Promise<string> {
  return readRawBody(req).then((body) => body.toString('utf8'))
}

function readRawBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type })
  res.end(body)
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(result))
}
