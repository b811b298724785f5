import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/web/security-headers'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from './helpers'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

let dir: ReturnType<typeof tempDir>
let core: Core
let web: WebHost
let port: number
const INDEX = '<!doctype html><title>Kassa test page</title>'
const SECRET = 'secret-outside-the-renderer-dir'

/** A raw HTTP request: the path is sent exactly as given (no URL normalization), headers as given. */
function request(
  path: string,
  {
    method = 'GET',
    headers = {},
    body
  }: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
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
    if (body !== undefined) req.write(body)
    req.end()
  })
}

const auth = () => ({ authorization: `Bearer ${web.token}`, 'content-type': 'application/json' })
const apiCall = (name: string, input: unknown, headers: Record<string, string> = auth()) =>
  request(`/api/call/${name}`, { method: 'POST', headers, body: JSON.stringify(input) })

beforeAll(async () => {
  dir = tempDir()
  const rendererDir = join(dir.path, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), INDEX)
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir.path, 'secret.txt'), SECRET)
  core = testCore(join(dir.path, 'data'))
  await core.start()
  web = await startWebHost({ handlers: core.handlers, events: core.events, rendererDir, port: 0 })
  port = Number(new URL(web.origin).port)
})

afterAll(async () => {
  await web.close()
  await core.stop()
  dir.remove()
})

describe('web host', () => {
  it('binds to the loopback address and puts the token only in the fragment', () => {
    expect(web.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(web.url).toBe(`${web.origin}/#token=${web.token}`)
    expect(web.token.length).toBeGreaterThanOrEqual(32)
  })

  it('answers a valid call with its Result', async () => {
    const reply = await apiCall('app:info', {})
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toMatch(/^application\/json/)
    expect(JSON.parse(reply.body)).toEqual({
      ok: true,
      value: { name: 'Kassa', version: 'test', transport: 'web' }
    })
  })

  it('refuses the API without a token', async () => {
    const reply = await apiCall('app:info', {}, { 'content-type': 'application/json' })
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it.each([
    ['a wrong token', () => 'Bearer wrong-token'],
    ['a token one character off', () => `Bearer ${web.token.slice(0, -1)}x`],
    ['the token with a prefix', () => `Bearer x${web.token}`],
    ['the token without Bearer', () => web.token],
    ['a Basic scheme', () => `Basic ${web.token}`]
  ])('refuses the API with %s', async (_what, header) => {
    const reply = await apiCall('app:info', {}, { authorization: header() })
    expect(reply.status).toBe(401)
  })

  it('refuses the events stream without a token', async () => {
    expect((await request('/api/events')).status).toBe(401)
  })

  it.each(['evil.example', `evil.example:${0}`, 'localhost.evil.example', '192.168.1.10'])(
    'refuses a Host header that is not the loopback address (%s) with 421',
    async (host) => {
      const reply = await request('/api/call/app:info', {
        method: 'POST',
        headers: { ...auth(), host: host.endsWith(':0') ? host.replace(':0', `:${port}`) : host },
        body: '{}'
      })
      expect(reply.status).toBe(421)
      expect((await request('/', { headers: { host } })).status).toBe(421)
    }
  )

  it('accepts localhost with the right port as Host', async () => {
    const reply = await apiCall('app:info', {}, { ...auth(), host: `localhost:${port}` })
    expect(reply.status).toBe(200)
  })

  it.each(['https://evil.example', `http://evil.example:${'PORT'}`, 'null', 'http://127.0.0.1:1'])(
    'refuses a cross-origin call (Origin %s)',
    async (origin) => {
      const reply = await apiCall('app:info', {}, { ...auth(), origin: origin.replace('PORT', String(port)) })
      expect(reply.status).toBe(403)
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
  )

  it('accepts a same-origin call', async () => {
    expect((await apiCall('app:info', {}, { ...auth(), origin: web.origin })).status).toBe(200)
  })

  it('answers invalid-input for a malformed JSON body', async () => {
    const reply = await request('/api/call/sale:charge', {
      method: 'POST',
      headers: auth(),
      body: '{"amount": "1.00",'
    })
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('validates the input against the contract', async () => {
    const reply = await apiCall('sale:charge', { amount: 12.34, currency: 'USD' })
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('answers invalid-input for a JSON null body instead of taking it as {}', async () => {
    const reply = await request('/api/call/app:info', { method: 'POST', headers: auth(), body: 'null' })
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    const focus = await request('/api/call/invoice:focus', { method: 'POST', headers: auth(), body: 'null' })
    expect(JSON.parse(focus.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('still takes an empty body as {} for a call without fields', async () => {
    const reply = await request('/api/call/app:info', { method: 'POST', headers: auth(), body: '' })
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { name: 'Kassa' } })
  })

  it('answers not-found when focusing a sale that does not exist', async () => {
    const reply = await apiCall('invoice:focus', { saleId: 'sale_0000000000nosuchsale' })
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('focuses an open sale and unfocuses with null', async () => {
    const charged = JSON.parse((await apiCall('sale:charge', { amount: '2.50', currency: 'USD' })).body) as {
      value: SaleView
    }
    expect(JSON.parse((await apiCall('invoice:focus', { saleId: charged.value.id })).body)).toEqual({
      ok: true,
      value: { focused: charged.value.id }
    })
    expect(core.tracker.focusedSaleId).toBe(charged.value.id)
    expect(JSON.parse((await apiCall('invoice:focus', { saleId: null })).body)).toEqual({
      ok: true,
      value: { focused: null }
    })
    expect(core.tracker.focusedSaleId).toBeNull()
  })

  it('answers unknown-call for a call that is not in the contract', async () => {
    expect(JSON.parse((await apiCall('sale:nope', {})).body)).toMatchObject({
      ok: false,
      error: { code: 'unknown-call' }
    })
  })

  it('answers a badly percent-encoded call name without falling over', async () => {
    const reply = await request('/api/call/%E0%A4%A', { method: 'POST', headers: auth(), body: '{}' })
    expect(reply.status).toBeGreaterThanOrEqual(400)
    expect(reply.status).toBeLessThan(500)
    expect((await apiCall('app:info', {})).status).toBe(200)
  })

  it('streams sale:updated over server-sent events after a charge', async () => {
    const received = new Promise<{ headers: IncomingHttpHeaders; sale: SaleView }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/events',
          headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${web.token}` }
        },
        (res) => {
          let buffer = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            buffer += chunk
            if (buffer.startsWith(': connected')) {
              buffer = buffer.slice(buffer.indexOf('\n\n') + 2)
              void apiCall('sale:charge', { amount: '4.20', currency: 'USD' })
            }
            const match = /event: sale:updated\ndata: (.*)\n\n/.exec(buffer)
            if (match) {
              resolve({ headers: res.headers, sale: JSON.parse(match[1] as string) as SaleView })
              req.destroy()
            }
          })
        }
      )
      req.on('error', (error) => {
        if (!(error as NodeJS.ErrnoException).code?.includes('ECONNRESET')) reject(error)
      })
      req.end()
    })
    const { headers, sale } = await received
    expect(headers['content-type']).toMatch(/^text\/event-stream/)
    expect(sale).toMatchObject({ amount: '4.20', currency: 'USD', state: 'awaiting' })
  })

  it('serves index.html with the strict CSP and security headers', async () => {
    for (const path of ['/', '/index.html']) {
      const reply = await request(path)
      expect(reply.status).toBe(200)
      expect(reply.body).toBe(INDEX)
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'")
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
      expect(reply.headers['x-frame-options']).toBe('DENY')
    }
    const asset = await request('/assets/app.js')
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/)
  })

  it('sends the CSP with API answers too', async () => {
    expect((await apiCall('app:info', {})).headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
  })

  it('answers 404 for a missing file and 405 for a POST outside the API', async () => {
    expect((await request('/nope.js')).status).toBe(404)
    expect((await request('/index.html', { method: 'POST', body: '' })).status).toBe(405)
  })

  it.each([
    '/../secret.txt',
    '/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/../package.json',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd'
  ])('refuses path traversal %s', async (path) => {
    const reply = await request(path)
    expect([400, 403, 404]).toContain(reply.status)
    expect(reply.body).not.toContain(SECRET)
    expect(reply.body).not.toContain('"name"')
    expect(reply.body).not.toContain('root:')
  })

  it('answers a badly percent-encoded path without falling over', async () => {
    const reply = await request('/%E0%A4%A')
    expect([400, 404]).toContain(reply.status)
    expect((await request('/')).status).toBe(200)
  })
})
