import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect, type Socket } from 'node:net'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import { MAX_BODY_BYTES, MAX_EVENT_STREAMS } from '../../../src/main/web/limits'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/web/security-headers'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import type { Core } from '../../../src/main/core'
import { testCore } from './helpers'

// The web host's limits, over real HTTP on 127.0.0.1: a refused request is answered before its body is read,
// an oversized one gets a readable 413 (not a TCP reset), and server-sent-event streams are capped.

let dir: ReturnType<typeof tempDir>
let core: Core
let web: WebHost
let port: number
/** Server-side sockets by the client's local port, to read how many bytes the server took off the wire. */
const serverSockets = new Map<number, Socket>()
const webhookCalls: { processor: string; bytes: number }[] = []

beforeAll(async () => {
  dir = tempDir()
  const rendererDir = join(dir.path, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>limits</title>')
  core = testCore(join(dir.path, 'data'))
  await core.start()
  web = await startWebHost({
    handlers: core.handlers,
    events: core.events,
    rendererDir,
    port: 0,
    webhooks: async (processor, body) => {
      webhookCalls.push({ processor, bytes: body.length })
      return { status: 204, message: '' }
    }
  })
  port = Number(new URL(web.origin).port)
  web.server.on('connection', (socket: Socket) => serverSockets.set(socket.remotePort ?? -1, socket))
})

afterAll(async () => {
  await web.close()
  await core.stop()
  dir.remove()
})

interface Upload {
  status: number
  headers: Record<string, string>
  body: string
  /** Body bytes the client managed to hand to its socket. */
  sent: number
  /** An error the client saw before the whole response was read (a reset instead of an answer). */
  errorBeforeResponse: string | null
  /** Whether the server sent `100 Continue` (only asked for with `Expect: 100-continue`). */
  continued: boolean
  /** Bytes the server read from this connection (request line, headers and body). */
  serverBytesRead: number
}

interface Parsed {
  status: number
  headers: Record<string, string>
  body: string
}

/** One complete HTTP/1.1 response at the start of `data` (interim 1xx answers skipped), or null while incomplete. */
function parseResponse(data: Buffer, onInterim: (status: number) => void): Parsed | null {
  let at = 0
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', at)
    if (headEnd < 0) return null
    const [statusLine = '', ...lines] = data.subarray(at, headEnd).toString('latin1').split('\r\n')
    const status = Number(statusLine.split(' ')[1])
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    at = headEnd + 4
    if (status >= 100 && status < 200) {
      onInterim(status)
      continue
    }
    const rest = data.subarray(at)
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length'])
      return rest.length < length ? null : { status, headers, body: rest.subarray(0, length).toString() }
    }
    if (headers['transfer-encoding'] === 'chunked') {
      let body = ''
      let pos = 0
      for (;;) {
        const lineEnd = rest.indexOf('\r\n', pos)
        if (lineEnd < 0) return null
        const size = Number.parseInt(rest.subarray(pos, lineEnd).toString(), 16)
        if (size === 0) return { status, headers, body }
        if (rest.length < lineEnd + 2 + size + 2) return null
        body += rest.subarray(lineEnd + 2, lineEnd + 2 + size).toString()
        pos = lineEnd + 2 + size + 2
      }
    }
    return { status, headers, body: '' }
  }
}

/**
 * POST `total` bytes to `path` over a raw socket, in `chunk`-byte pieces `pauseMs` apart (0: as fast as the socket
 * takes them). With `contentLength` the length is declared up front, otherwise the body goes chunked. With
 * `stopOnResponse` the client stops sending once answered, as a browser does; without it it keeps sending the
 * whole body regardless. Keep-alive, as a browser asks, so the server is not told the connection ends here.
 */
async function upload(
  path: string,
  {
    headers = {},
    total,
    chunk = 16 * 1024,
    pauseMs = 0,
    contentLength = true,
    stopOnResponse = true,
    content
  }: {
    headers?: Record<string, string>
    total: number
    chunk?: number
    pauseMs?: number
    contentLength?: boolean
    stopOnResponse?: boolean
    /** The body to send (default: spaces). */
    content?: Buffer
  }
): Promise<Upload> {
  const socket = connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  const localPort = socket.localPort ?? -1
  let sent = 0
  let continued = false
  let errorBeforeResponse: string | null = null
  let parsed: Parsed | null = null
  let received = Buffer.alloc(0)
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data])
      parsed ??= parseResponse(received, () => (continued = true))
      if (parsed || continued) resolve()
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!parsed) errorBeforeResponse = error.code ?? error.message
      resolve()
    })
    socket.on('close', () => resolve())
  })
  const head = {
    host: `127.0.0.1:${port}`,
    connection: 'keep-alive',
    'content-type': 'application/json',
    ...(contentLength ? { 'content-length': String(total) } : { 'transfer-encoding': 'chunked' }),
    ...headers
  }
  socket.write(
    `POST ${path} HTTP/1.1\r\n` +
      Object.entries(head)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      '\r\n'
  )
  // Asked 100-continue: send the body only once invited (a final answer instead means: do not send it).
  if (/100-continue/i.test(headers.expect ?? '')) await answered
  const piece = Buffer.alloc(chunk, 0x20)
  const mayWrite = () =>
    (!headers.expect || continued) &&
    !(stopOnResponse && parsed) &&
    errorBeforeResponse === null &&
    !socket.destroyed
  while (sent < total && mayWrite()) {
    const size = Math.min(chunk, total - sent)
    const data = content ? content.subarray(sent, sent + size) : piece.subarray(0, size)
    const framed = contentLength
      ? data
      : Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), data, Buffer.from('\r\n')])
    const ok = socket.write(framed, () => undefined)
    sent += size
    if (!ok) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve))
    await new Promise((resolve) => (pauseMs ? setTimeout(resolve, pauseMs) : setImmediate(resolve)))
  }
  if (sent === total && !contentLength && mayWrite()) socket.write('0\r\n\r\n', () => undefined)
  await waitFor(
    () => parsed !== null || errorBeforeResponse !== null || socket.destroyed,
    (done) => done,
    { what: 'an answer' }
  )
  // Give the server every chance to read what the client sent, as it would to keep the connection alive.
  if (!stopOnResponse) await new Promise((resolve) => setTimeout(resolve, 200))
  const serverBytesRead = serverSockets.get(localPort)?.bytesRead ?? -1
  socket.destroy()
  const answer = parsed as Parsed | null
  return {
    status: answer?.status ?? 0,
    headers: answer?.headers ?? {},
    body: answer?.body ?? '',
    sent,
    errorBeforeResponse,
    continued,
    serverBytesRead
  }
}

const token = () => ({ authorization: `Bearer ${web.token}` })

function expectSecurityHeaders(headers: IncomingHttpHeaders | Record<string, string>): void {
  expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['x-frame-options']).toBe('DENY')
}

describe('web host: request bodies', () => {
  it('answers a declared body over the limit with a readable 413, before reading it', async () => {
    const reply = await upload('/api/call/sale:charge', {
      headers: token(),
      total: 4 * 1024 * 1024,
      chunk: 4 * 1024,
      pauseMs: 10
    })
    expect(reply.errorBeforeResponse).toBeNull()
    expect(reply.status).toBe(413)
    expect(reply.headers.connection).toBe('close')
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(JSON.parse(reply.body).error.message).toMatch(/64 KB/)
    expectSecurityHeaders(reply.headers)
    expect(reply.serverBytesRead).toBeGreaterThan(0)
    expect(reply.serverBytesRead).toBeLessThan(MAX_BODY_BYTES)
  })

  it('answers a chunked body that grows over the limit with a readable 413, and stops reading there', async () => {
    const reply = await upload('/api/call/sale:charge', {
      headers: token(),
      total: 16 * 1024 * 1024,
      contentLength: false
    })
    expect(reply.errorBeforeResponse).toBeNull()
    expect(reply.status).toBe(413)
    expect(reply.headers.connection).toBe('close')
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expectSecurityHeaders(reply.headers)
    expect(reply.sent).toBeGreaterThan(MAX_BODY_BYTES)
    // The limit plus at most a few socket reads in flight when the limit was crossed; nowhere near 16 MB.
    expect(reply.serverBytesRead).toBeGreaterThan(0)
    expect(reply.serverBytesRead).toBeLessThan(MAX_BODY_BYTES + 512 * 1024)
  })

  it('still answers a body just under the limit', async () => {
    const input = JSON.stringify({ amount: '1.00', currency: 'USD' }).padEnd(MAX_BODY_BYTES, ' ')
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/call/app:info',
          method: 'POST',
          headers: { host: `127.0.0.1:${port}`, ...token(), 'content-type': 'application/json' }
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (data: string) => (body += data))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        }
      )
      req.on('error', reject)
      req.end(input)
    })
    // app:info takes no fields, so the schema refuses these; what matters is that the body was read and parsed.
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token' }]
  ])('answers an API call with %s 401 at once and does not read its large body', async (_what, headers) => {
    const total = 16 * 1024 * 1024
    const reply = await upload('/api/call/sale:charge', { headers, total, stopOnResponse: false })
    expect(reply.status).toBe(401)
    expect(reply.errorBeforeResponse).toBeNull()
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expectSecurityHeaders(reply.headers)
    // The client kept sending; the server hung up instead of draining 16 MB to keep the connection alive.
    expect(reply.serverBytesRead).toBeGreaterThan(0)
    expect(reply.serverBytesRead).toBeLessThan(1024 * 1024)
  })

  it('answers an unauthenticated call that asks 100-continue without inviting its body', async () => {
    const reply = await upload('/api/call/sale:charge', {
      headers: { expect: '100-continue' },
      total: 1024 * 1024
    })
    expect(reply.status).toBe(401)
    expect(reply.continued).toBe(false)
    expect(reply.sent).toBe(0)
  })

  it('answers a declared oversize body that asks 100-continue with 413, without inviting it', async () => {
    const reply = await upload('/api/call/sale:charge', {
      headers: { ...token(), expect: '100-continue' },
      total: 1024 * 1024
    })
    expect(reply.status).toBe(413)
    expect(reply.continued).toBe(false)
    expect(reply.sent).toBe(0)
  })

  it('invites and answers a valid call that asks 100-continue', async () => {
    const content = Buffer.from(JSON.stringify({}))
    const reply = await upload('/api/call/app:info', {
      headers: { ...token(), expect: '100-continue' },
      total: content.length,
      content
    })
    expect(reply.continued).toBe(true)
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { name: 'Kassa' } })
  })

  it('answers a webhook body over the limit with 413 without reading it, and never hands it on', async () => {
    const before = webhookCalls.length
    const reply = await upload('/webhooks/btcpay', {
      total: 4 * 1024 * 1024,
      chunk: 4 * 1024,
      pauseMs: 10
    })
    expect(reply.errorBeforeResponse).toBeNull()
    expect(reply.status).toBe(413)
    expect(reply.headers.connection).toBe('close')
    expectSecurityHeaders(reply.headers)
    expect(reply.serverBytesRead).toBeGreaterThan(0)
    expect(reply.serverBytesRead).toBeLessThan(MAX_BODY_BYTES)
    expect(webhookCalls.length).toBe(before)
  })

  it('answers a chunked webhook body over the limit with 413 and never hands it on', async () => {
    const before = webhookCalls.length
    const reply = await upload('/webhooks/btcpay', { total: 8 * 1024 * 1024, contentLength: false })
    expect(reply.errorBeforeResponse).toBeNull()
    expect(reply.status).toBe(413)
    expect(reply.serverBytesRead).toBeGreaterThan(0)
    expect(reply.serverBytesRead).toBeLessThan(MAX_BODY_BYTES + 512 * 1024)
    expect(webhookCalls.length).toBe(before)
  })

  it('still hands a webhook under the limit on', async () => {
    const before = webhookCalls.length
    const reply = await upload('/webhooks/btcpay', { total: 1000, chunk: 1000 })
    expect(reply.status).toBe(204)
    expect(webhookCalls.slice(before)).toEqual([{ processor: 'btcpay', bytes: 1000 }])
  })
})

/** Open `GET /api/events`; resolves with the status once the answer's head (and for 200 the first comment) came. */
function openStream(headers: Record<string, string> = token()): Promise<{
  status: number
  headers: IncomingHttpHeaders
  body: string
  close(): void
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/events',
        agent: false,
        headers: { host: `127.0.0.1:${port}`, ...headers }
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        const close = () => req.destroy()
        if (res.statusCode !== 200) {
          res.on('data', (data: string) => (body += data))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, close }))
          return
        }
        res.once('data', (data: string) =>
          resolve({ status: 200, headers: res.headers, body: (body += data), close })
        )
      }
    )
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error)
    })
    req.end()
  })
}

describe('web host: event streams', () => {
  it(`keeps at most ${MAX_EVENT_STREAMS} streams open and refuses the next with 429`, async () => {
    const open = await Promise.all(Array.from({ length: MAX_EVENT_STREAMS }, () => openStream()))
    try {
      expect(open.map((stream) => stream.status)).toEqual(open.map(() => 200))
      const refused = await openStream()
      expect(refused.status).toBe(429)
      expect(refused.headers['retry-after']).toBeDefined()
      expect(refused.headers.connection).toBe('close')
      expect(JSON.parse(refused.body)).toMatchObject({ ok: false })
      expectSecurityHeaders(refused.headers)
      // An unauthenticated stream is refused for its token, not counted.
      expect((await openStream({})).status).toBe(401)
    } finally {
      for (const stream of open) stream.close()
    }
  })

  it('frees a stream slot when its client goes away', async () => {
    const open = await Promise.all(Array.from({ length: MAX_EVENT_STREAMS }, () => openStream()))
    const later: Awaited<ReturnType<typeof openStream>>[] = []
    try {
      expect((await openStream()).status).toBe(429)
      open.splice(0, 2).forEach((stream) => stream.close())
      // The server notices the closed sockets on its own schedule: ask until the slots are free.
      const first = await waitFor(openStream, (stream) => stream.status === 200, { what: 'a freed slot' })
      later.push(first)
      later.push(await openStream())
      expect(later.map((stream) => stream.status)).toEqual([200, 200])
      expect((await openStream()).status).toBe(429)
    } finally {
      for (const stream of [...open, ...later]) stream.close()
    }
  })
})
