import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

/**
 * A small fault-injecting HTTP proxy for the chaos tests, written over `node:http`/`node:net` because no maintained
 * Toxiproxy is at hand here (Debian ships none, and the npm clients only drive its server binary, which is not
 * installed). It listens on 127.0.0.1, port 0, in front of one simulator and applies one `Fault` per request, chosen
 * by a (seeded) schedule. Each fault forwards the request to the simulator exactly when the real world would have
 * delivered it, so the simulator's own books show what really happened:
 *
 * | kind         | reaches the simulator | what the till sees                                                     |
 * |--------------|-----------------------|------------------------------------------------------------------------|
 * | `pass`       | yes                   | the simulator's answer                                                 |
 * | `latency`    | yes, after `ms`       | the answer, late by `ms`                                               |
 * | `drop`       | no                    | the connection closed before any answer                                |
 * | `reset`      | yes                   | the head and half the body, then the connection destroyed               |
 * | `5xx`        | 503: no; 502: yes     | a 503 (the server refused) or a 502 (a gateway lost the answer)         |
 * | `429`        | no                    | 429 with `Retry-After` (seconds), answered before doing anything       |
 * | `truncated`  | yes                   | a complete HTTP answer whose JSON body is cut in half                   |
 * | `malformed`  | yes                   | a complete HTTP answer whose body is not JSON                           |
 * | `late`       | yes                   | nothing until the till gave up (its socket closed: its timeout — the    |
 * |              |                       | HttpClient's 15 000 ms per attempt — or its death) or `lateHoldMs`      |
 *
 * WebSocket upgrades (BTCPay's checkout status socket) are piped through untouched. Every request is recorded
 * with its method, path (no query: Plisio's key travels there) and fault.
 */
export type FaultKind =
  'pass' | 'latency' | 'drop' | 'reset' | '5xx' | '429' | 'truncated' | 'malformed' | 'late'

/** Every fault kind, in a fixed order (for reports). */
export const FAULT_KINDS: readonly FaultKind[] = [
  'pass',
  'latency',
  'drop',
  'reset',
  '5xx',
  '429',
  'truncated',
  'malformed',
  'late'
]

/** One fault for one request. `ms`: the latency (ms); `status`: 502 or 503 for `5xx`; `retryAfter`: seconds. */
export interface Fault {
  kind: FaultKind
  ms?: number
  status?: 502 | 503
  retryAfter?: number
}

/** What the proxy did with one request. */
export interface FaultRecord {
  method: string
  /** The path without its query. */
  path: string
  fault: FaultKind
  /** The request reached the simulator. */
  forwarded: boolean
  /** For `late`: the till had closed its connection before the held answer was due. */
  gaveUp?: boolean
}

/** Picks the fault of each request, in arrival order. */
export type FaultSchedule = (request: { method: string; path: string }) => Fault

/** A running proxy. `origin` replaces the simulator's origin in the URLs handed to the till. */
export interface FaultProxy {
  origin: string
  /** `url` with the simulator's origin replaced by the proxy's. */
  wrap(url: string): string
  records: FaultRecord[]
  /** Set (or clear with null: every request passes) the schedule. */
  setSchedule(schedule: FaultSchedule | null): void
  /** Resolves once no request is being held or forwarded. */
  idle(): Promise<void>
  close(): Promise<void>
}

/**
 * Start a proxy in front of `target` (an origin, `http://127.0.0.1:<port>`).
 * @param options.lateHoldMs how long (ms) a `late` answer is held at most when the till keeps waiting (default
 *   16 000, past the HttpClient's 15 000 ms timeout)
 */
export async function startFaultProxy(
  target: string,
  options: { schedule?: FaultSchedule | null; lateHoldMs?: number } = {}
): Promise<FaultProxy> {
  const upstream = new URL(target)
  const lateHoldMs = options.lateHoldMs ?? 16_000
  let schedule: FaultSchedule | null = options.schedule ?? null
  const records: FaultRecord[] = []
  const sockets = new Set<Socket>()
  let busy = 0
  let idleWaiters: (() => void)[] = []
  const done = (): void => {
    busy--
    if (busy === 0) {
      for (const wake of idleWaiters) wake()
      idleWaiters = []
    }
  }

  /** Send the request on and collect the whole answer (null when the simulator cut the connection). */
  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer } | null>((resolve) => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host, connection: 'close' }
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) })
          )
          res.on('error', () => resolve(null))
        }
      )
      out.on('error', () => resolve(null))
      out.end(body)
    })

  const answer = (res: ServerResponse, status: number, headers: IncomingMessage['headers'], body: Buffer) => {
    const { 'transfer-encoding': _te, 'content-length': _cl, connection: _c, ...rest } = headers
    res.writeHead(status, { ...rest, 'content-length': String(body.length), connection: 'close' })
    res.end(body)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const method = req.method ?? 'GET'
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const fault: Fault = schedule?.({ method, path }) ?? { kind: 'pass' }
    const record: FaultRecord = { method, path, fault: fault.kind, forwarded: false }
    records.push(record)
    const closed = new Promise<void>((resolve) => {
      if (req.socket.destroyed) resolve()
      else req.socket.once('close', () => resolve())
    })
    switch (fault.kind) {
      case 'drop':
        req.socket.destroy()
        return
      case '429':
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(fault.retryAfter ?? 1),
          connection: 'close'
        })
        res.end(JSON.stringify({ code: 'rate-limited', message: 'Too many requests' }))
        return
      case '5xx':
        if ((fault.status ?? 503) === 503) {
          res.writeHead(503, { 'content-type': 'text/html', connection: 'close' })
          res.end('<html><body>503 Service Unavailable</body></html>')
          return
        }
        break
      case 'latency':
        await Promise.race([sleep(fault.ms ?? 100), closed])
        if (req.socket.destroyed) return
        break
    }
    record.forwarded = true
    const reply = await forward(req, body)
    if (!reply) {
      req.socket.destroy()
      return
    }
    switch (fault.kind) {
      case '5xx':
        res.writeHead(502, { 'content-type': 'text/html', connection: 'close' })
        res.end('<html><body>502 Bad Gateway</body></html>')
        return
      case 'reset': {
        const { 'transfer-encoding': _te, connection: _c, ...rest } = reply.headers
        res.writeHead(reply.status, { ...rest, 'content-length': String(reply.body.length) })
        res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)))
        // Let the half reach the till before the connection dies under it.
        setTimeout(() => req.socket.destroy(), 5)
        return
      }
      case 'truncated':
        return answer(
          res,
          reply.status,
          reply.headers,
          reply.body.subarray(0, Math.floor(reply.body.length / 2))
        )
      case 'malformed':
        return answer(
          res,
          reply.status,
          { 'content-type': 'application/json' },
          Buffer.from('{"data": <html>oops')
        )
      case 'late': {
        const gaveUp = await Promise.race([closed.then(() => true), sleep(lateHoldMs).then(() => false)])
        record.gaveUp = gaveUp
        if (req.socket.destroyed) return
        return answer(res, reply.status, reply.headers, reply.body)
      }
      default:
        return answer(res, reply.status, reply.headers, reply.body)
    }
  }

  const server = createServer((req, res) => {
    busy++
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('error', () => undefined)
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks))
        .catch(() => req.socket.destroy())
        .finally(done)
    })
    req.on('close', () => {
      if (!req.complete) done()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    socket.once('close', () => sockets.delete(socket))
  })
  // A websocket upgrade (BTCPay's status socket) is piped to the simulator as it came.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const out = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`]
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      out.write(lines.join('\r\n') + '\r\n\r\n')
      out.write(head)
      socket.pipe(out).pipe(socket)
    })
    sockets.add(out)
    out.on('error', () => socket.destroy())
    socket.on('error', () => out.destroy())
    out.once('close', () => {
      sockets.delete(out)
      socket.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    wrap: (url) => url.replace(upstream.origin, origin),
    records,
    setSchedule: (next) => {
      schedule = next
    },
    idle: () => (busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/**
 * A seeded schedule: each request draws a fault kind by `weights` (relative; kinds left out never happen) and its
 * parameters from `random`. Requests reach the proxy in an order the till's timers influence, so the same seed
 * gives the same sequence of faults, not always on the same requests.
 */
export function seededSchedule(
  random: { next(): number; int(min: number, max: number): number },
  weights: Partial<Record<FaultKind, number>>
): FaultSchedule {
  const entries = FAULT_KINDS.map((kind) => [kind, weights[kind] ?? 0] as const).filter(([, w]) => w > 0)
  const total = entries.reduce((sum, [, w]) => sum + w, 0)
  return () => {
    let pick = random.next() * total
    let kind: FaultKind = 'pass'
    for (const [k, w] of entries) {
      if ((pick -= w) < 0) {
        kind = k
        break
      }
    }
    if (kind === 'latency') return { kind, ms: random.int(20, 400) }
    if (kind === '5xx') return { kind, status: random.next() < 0.5 ? 502 : 503 }
    if (kind === '429') return { kind, retryAfter: 1 }
    return { kind }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
