import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { dispatch, ownerSessionOf, type Handlers } from '../dispatch'
import type { EventBus } from '../events'
import { readBody } from './body'
import { EventStreams } from './event-streams'
import { EVENT_STREAM_RETRY_AFTER_S, MAX_BODY_BYTES, MAX_EVENT_STREAMS, callBodyLimit } from './limits'
import { send, sendResult } from './respond'
import { SECURITY_HEADERS } from './security-headers'
import { allowedHostHeaders, pairingOrigin } from './listen-hosts'
import { deviceMayCall } from '@shared/devices'
import { KassaError } from '@shared/errors'
import type { DeviceService } from '../devices'
import { PairRequestSchema } from './pair-request'

/** What the web host needs of the paired devices (`src/main/devices/`): the core's `DeviceService`. */
export type DeviceGate = Pick<DeviceService, 'authenticate' | 'redeem' | 'onRevoked' | 'setAddress'>

/** Who a request's bearer token is: the till itself (everything), or a paired device (its role's calls). */
type Caller = { kind: 'till' } | { kind: 'device'; id: string; role: 'display' | 'kiosk' }

/** Largest `POST /api/pair` body: a code and a device name fit in far less. */
const PAIR_BODY_BYTES = 1024

/** Options of the loopback web host. */
export interface WebHostOptions {
  handlers: Handlers
  events: EventBus
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string
  /**
   * Interface to bind; 127.0.0.1 unless told otherwise. A LAN address or `0.0.0.0` lets a paired tablet in (the
   * `Host` header must still be one of this computer's addresses: `./listen-hosts`).
   */
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** The bearer token (`./web-identity` keeps one per data folder); random 32 bytes when omitted. */
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
  /**
   * Paired devices: `POST /api/pair` exchanges a pairing code for a device token, which is then let in for its
   * role's calls (`DEVICE_CALLS`) and the event stream. The host tells it where it listens (`setAddress`).
   * Without it only the till's token is accepted.
   */
  devices?: DeviceGate
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

/**
 * Serve the till to an ordinary browser over the same contract as Electron IPC: `POST /api/call/<name>` (JSON
 * input → JSON `Result`) and `GET /api/events` (server-sent events), both requiring `Authorization: Bearer <token>`;
 * a call's owner session comes in the `X-Kassa-Owner` header (same-origin requests only, so no CORS preflight).
 * Requests whose `Host` is not this server's loopback address are refused (DNS rebinding), as are cross-origin
 * API calls. Static files come from `rendererDir` with the strict CSP. No response ever carries a secret.
 * Limits (`./limits`): bodies up to `MAX_BODY_BYTES` (a declared larger one is answered 413 unread, a chunked one
 * is cut at the limit with 413); a request refused before its body (421, 403, 401, 404, 405, 413) is answered with
 * `Connection: close` and its body is never read; at most `MAX_EVENT_STREAMS` event streams (then 429).
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const host = options.host ?? '127.0.0.1'
  const streams = new EventStreams(options.events, MAX_EVENT_STREAMS, options.keepAliveMs ?? 15_000)
  let allowedHosts = new Set<string>()

  // Every check below comes before the body is read; only a call or webhook that passed them reads it.
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
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
      // The one API path without a bearer token: the pairing code is the credential.
      if (req.method === 'POST' && url.pathname === '/api/pair' && options.devices) {
        return void handlePair(req, res, options.devices)
      }
      const caller = callerOf(req.headers.authorization)
      if (caller === 'revoked') {
        return sendResult(res, 401, {
          ok: false,
          error: {
            code: 'unauthorized',
            message: 'This device was unpaired on the till; ask the owner to pair it again',
            params: { reason: 'device-revoked' }
          }
        })
      }
      if (!caller) {
        return sendResult(res, 401, {
          ok: false,
          error: {
            code: 'unauthorized',
            message:
              'Missing or wrong till token: open the link Kassa printed when it started (it ends in #token=…)'
          }
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
        if (caller.kind === 'device' && !deviceMayCall(caller.role, name)) {
          return sendResult(res, 403, {
            ok: false,
            error: {
              code: 'unauthorized',
              message: `This paired device may not call ${name.slice(0, 64)}: a ${caller.role} device may only show the sale${caller.role === 'kiosk' ? ' and take it' : ''}`,
              params: { reason: 'device-not-allowed', call: name.slice(0, 64), role: caller.role }
            }
          })
        }
        return void handleCall(req, res, name, caller)
      }
      if (req.method === 'GET' && url.pathname === '/api/events') {
        return handleEvents(res, caller.kind === 'device' ? caller.id : null)
      }
      return sendResult(res, 404, { ok: false, error: { code: 'unknown-call', message: 'No such endpoint' } })
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'Method not allowed')
    void serveStatic(res, url.pathname)
  }
  const server = createServer(handle)
  // A client that asks `Expect: 100-continue` is invited only once its request passed every check (readBody).
  server.on('checkContinue', handle)

  /** The till's token, an active device's token, a revoked device's token, or nothing the host knows. */
  function callerOf(header: string | undefined): Caller | 'revoked' | null {
    const given = bearerOf(header)
    if (given === null) return null
    if (sameToken(given, token)) return { kind: 'till' }
    const device = options.devices?.authenticate(given) ?? null
    if (device === null || device === 'revoked') return device
    return { kind: 'device', id: device.id, role: device.role }
  }

  async function handlePair(req: IncomingMessage, res: ServerResponse, devices: DeviceGate): Promise<void> {
    const read = await readBody(req, res, PAIR_BODY_BYTES)
    if (!read.ok) {
      if (read.reason === 'aborted') return
      return sendResult(res, 413, {
        ok: false,
        error: { code: 'invalid-input', message: 'Pairing request body too large' }
      })
    }
    let parsed: ReturnType<typeof PairRequestSchema.safeParse>
    try {
      parsed = PairRequestSchema.safeParse(JSON.parse(read.body.toString('utf8')))
    } catch {
      parsed = PairRequestSchema.safeParse(undefined)
    }
    if (!parsed.success) {
      return sendResult(res, 400, {
        ok: false,
        error: { code: 'invalid-input', message: 'Send {"code": "<pairing code>", "name"?: "<device name>"}' }
      })
    }
    try {
      const paired = devices.redeem(parsed.data.code, parsed.data.name, req.socket.remoteAddress ?? '')
      sendResult(res, 200, { ok: true, value: paired })
    } catch (error) {
      if (!(error instanceof KassaError)) throw error
      const wait = error.params?.retryAfterSeconds
      sendResult(
        res,
        wait ? 429 : 401,
        {
          ok: false,
          error: {
            code: error.code,
            message: error.message,
            ...(error.params ? { params: error.params } : {})
          }
        },
        wait ? { 'retry-after': wait } : {}
      )
    }
  }

  async function handleCall(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    caller: Caller
  ): Promise<void> {
    const limit = callBodyLimit(name)
    const read = await readBody(req, res, limit)
    if (!read.ok) {
      if (read.reason === 'aborted') return
      return sendResult(res, 413, {
        ok: false,
        error: { code: 'invalid-input', message: `Request body over ${limit / 1024} KB` }
      })
    }
    let input: unknown
    try {
      // An empty body is a call without input (undefined, which dispatch takes as {}); `null` stays null.
      input = read.body.length ? JSON.parse(read.body.toString('utf8')) : undefined
    } catch (error) {
      return sendResult(res, 400, {
        ok: false,
        error: { code: 'invalid-input', message: `Request body is not JSON: ${(error as Error).message}` }
      })
    }
    // The owner session (`X-Kassa-Owner`) goes to the gate only; like the till token it is never logged or echoed.
    // A paired device never acts as the owner, whatever session it sends.
    const ownerSession = caller.kind === 'till' ? ownerSessionOf(req.headers['x-kassa-owner']) : null
    sendResult(res, 200, await dispatch(options.handlers, name, input, { ownerSession }))
  }

  async function handleWebhook(
    req: IncomingMessage,
    res: ServerResponse,
    processor: string,
    receive: NonNullable<WebHostOptions['webhooks']>
  ): Promise<void> {
    const read = await readBody(req, res, MAX_BODY_BYTES)
    if (!read.ok) {
      if (read.reason === 'aborted') return
      return send(res, 413, 'text/plain; charset=utf-8', `Body over ${MAX_BODY_BYTES / 1024} KB`)
    }
    const headers: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const answer = await receive(processor, new Uint8Array(read.body), headers, req.socket.remoteAddress)
    send(res, answer.status, 'text/plain; charset=utf-8', answer.message)
  }

  function handleEvents(res: ServerResponse, deviceId: string | null): void {
    if (streams.start(res, deviceId)) return
    sendResult(
      res,
      429,
      {
        ok: false,
        error: {
          code: 'conflict',
          message: `${MAX_EVENT_STREAMS} event streams are open already; close a till tab and try again`
        }
      },
      // Closed rather than kept alive: a refused stream's connection should not linger either.
      { 'retry-after': String(EVENT_STREAM_RETRY_AFTER_S), connection: 'close' }
    )
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
  allowedHosts = allowedHostHeaders(host, port)
  const origin = `http://${hostPart}:${port}`
  // A revoked device's open streams end at once, not at its next request.
  const unsubscribeRevoked = options.devices?.onRevoked((deviceId) => streams.endFor(deviceId))
  options.devices?.setAddress(pairingOrigin(host, port))
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribeRevoked?.()
        options.devices?.setAddress(null)
        streams.endAll()
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

/** The bearer token of an `Authorization` header, or null. */
function bearerOf(header: string | undefined): string | null {
  const match = /^Bearer (\S+)$/.exec(header ?? '')
  return match?.[1] ?? null
}

/** Constant-time comparison of a given token with the till's. */
function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}
