import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { seededRandom } from '../../chaos/crash-harness'
import {
  FAULT_KINDS,
  seededSchedule,
  startFaultProxy,
  type Fault,
  type FaultProxy
} from '../../chaos/fault-proxy'

// The chaos tests' fault proxy against a tiny JSON server that counts what reached it: each fault must do to the
// answer what it says, and reach the server exactly when the real world would have.

let server: Server
let hits: { method: string; url: string; body: string }[]
let proxy: FaultProxy
let fault: Fault
const BODY = JSON.stringify({ id: 'inv_1', note: 'x'.repeat(400), amount: '12.34' })

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', body })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(BODY)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy = await startFaultProxy(target, { schedule: () => fault, lateHoldMs: 2000 })
})
afterAll(async () => {
  await proxy.close()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  hits = []
  proxy.records.length = 0
})

const post = (init: RequestInit = {}) =>
  fetch(`${proxy.origin}/api/v1/invoices?api_key=secret`, { method: 'POST', body: '{"a":1}', ...init })

describe('fault proxy', () => {
  it('passes a request through and records its method and path without the query', async () => {
    fault = { kind: 'pass' }
    const response = await post()
    expect(await response.text()).toBe(BODY)
    expect(hits).toEqual([{ method: 'POST', url: '/api/v1/invoices?api_key=secret', body: '{"a":1}' }])
    expect(proxy.records).toEqual([
      { method: 'POST', path: '/api/v1/invoices', fault: 'pass', forwarded: true }
    ])
  })

  it('delays by the latency, then forwards', async () => {
    fault = { kind: 'latency', ms: 150 }
    const started = Date.now()
    expect(await (await post()).text()).toBe(BODY)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(hits).toHaveLength(1)
  })

  it('drops the connection before the server sees the request', async () => {
    fault = { kind: 'drop' }
    await expect(post()).rejects.toThrow()
    await proxy.idle()
    expect(hits).toHaveLength(0)
    expect(proxy.records[0]).toMatchObject({ fault: 'drop', forwarded: false })
  })

  it('resets mid-body after the server did the work', async () => {
    fault = { kind: 'reset' }
    const response = await post()
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    expect(hits).toHaveLength(1)
  })

  it('answers 503 without the server, 502 after it', async () => {
    fault = { kind: '5xx', status: 503 }
    expect((await post()).status).toBe(503)
    expect(hits).toHaveLength(0)
    fault = { kind: '5xx', status: 502 }
    expect((await post()).status).toBe(502)
    expect(hits).toHaveLength(1)
  })

  it('answers 429 with Retry-After before the server does anything', async () => {
    fault = { kind: '429', retryAfter: 3 }
    const response = await post()
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('3')
    expect(hits).toHaveLength(0)
  })

  it('cuts the JSON in half, or sends no JSON at all, in a complete answer after the server did the work', async () => {
    fault = { kind: 'truncated' }
    const cut = await (await post()).text()
    expect(BODY.startsWith(cut) && cut.length === Math.floor(BODY.length / 2)).toBe(true)
    expect(() => JSON.parse(cut)).toThrow()
    fault = { kind: 'malformed' }
    const bad = await post()
    expect(bad.status).toBe(200)
    const text = await bad.text()
    expect(() => JSON.parse(text)).toThrow()
    expect(hits).toHaveLength(2)
  })

  it('holds the answer past the client’s timeout while the server did the work', async () => {
    fault = { kind: 'late' }
    await expect(post({ signal: AbortSignal.timeout(200) })).rejects.toThrow()
    await proxy.idle()
    expect(hits).toHaveLength(1)
    expect(proxy.records[0]).toMatchObject({ fault: 'late', forwarded: true, gaveUp: true })
  })

  it('answers a late request after the hold to a client that waits', async () => {
    const fast = await startFaultProxy(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      schedule: () => ({ kind: 'late' }),
      lateHoldMs: 150
    })
    try {
      const started = Date.now()
      expect(await (await fetch(`${fast.origin}/x`)).text()).toBe(BODY)
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
      expect(fast.records[0]).toMatchObject({ fault: 'late', gaveUp: false })
    } finally {
      await fast.close()
    }
  })
})

describe('seeded schedule', () => {
  it('gives the same faults for the same seed, only of the kinds weighted', () => {
    const draw = (seed: number) => {
      const schedule = seededSchedule(seededRandom(seed), { pass: 2, drop: 1, '5xx': 1, late: 1 })
      return Array.from({ length: 200 }, () => schedule({ method: 'GET', path: '/' }))
    }
    const first = draw(7)
    expect(draw(7)).toEqual(first)
    expect(draw(8)).not.toEqual(first)
    const kinds = new Set(first.map((f) => f.kind))
    expect([...kinds].sort()).toEqual(['5xx', 'drop', 'late', 'pass'])
    expect(FAULT_KINDS).toHaveLength(9)
  })
})
