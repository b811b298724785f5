import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core'
import { createLogger, type FileLogger } from '../../../src/main/log/logger'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import { loadWebIdentity, rememberWebPort } from '../../../src/main/web/web-identity'
import { PAIR_LIMIT } from '../../../src/main/devices'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'

/**
 * Paired devices through the real web host over a real core (port 0, a data folder of its own): pairing, what a
 * device token may do, single-use and expiring codes, the limit on wrong codes, revocation (401 and the stream
 * closed), restarts and `--new-token`, and that no token reaches the log or the ledger in clear.
 */

type Answer = {
  status: number
  body: {
    ok: boolean
    // The JSON answers of many different calls, read field by field in the tests.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    value?: any
    error?: { code: string; message: string; params?: Record<string, string> }
  }
  headers: Headers
}

let dir: ReturnType<typeof tempDir>
let dataDir: string
let rendererDir: string
let logging: FileLogger
let core: Core
let web: WebHost
/** Milliseconds added to the real clock: the tests move the till's time forward (code expiry, limit windows). */
let skew = 0
const now = () => Date.now() + skew
const tokensSeen: string[] = []
const codesSeen: string[] = []

async function start(options: { rotate?: boolean } = {}): Promise<void> {
  core = testCore(dataDir, { now, log: logging.log })
  await core.start()
  const identity = await loadWebIdentity(dataDir, options)
  web = await startWebHost({
    handlers: core.handlers,
    events: core.events,
    rendererDir,
    token: identity.token,
    port: identity.port ?? 0,
    devices: core.devices
  })
  await rememberWebPort(dataDir, identity, Number(new URL(web.origin).port))
}

async function stop(): Promise<void> {
  await web.close()
  await core.stop()
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${web.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body)
  })
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
    headers: response.headers
  }
}

const callAs = (token: string, name: string, input: unknown = {}, extra: Record<string, string> = {}) =>
  post(`/api/call/${name}`, input, { authorization: `Bearer ${token}`, ...extra })

/** The owner's session once a PIN is set (the first test sets it); sent with the till's owner calls. */
let ownerSession: string | null = null
async function ownerCall(name: string, input: unknown = {}): Promise<Answer> {
  let answer = await callAs(web.token, name, input, ownerSession ? { 'x-kassa-owner': ownerSession } : {})
  if (answer.body.error?.code === 'owner-required') {
    ownerSession = (await callAs(web.token, 'owner:unlock', { pin: '2468' })).body.value.session as string
    answer = await callAs(web.token, name, input, { 'x-kassa-owner': ownerSession })
  }
  return answer
}

async function pairStart(
  role: 'display' | 'kiosk',
  name: string
): Promise<{ code: string; url: string; expiresAt: string }> {
  const answer = await ownerCall('device:pairStart', { role, name })
  expect(answer.body.ok, JSON.stringify(answer.body)).toBe(true)
  codesSeen.push(answer.body.value.code)
  return answer.body.value
}

async function pair(
  role: 'display' | 'kiosk',
  name: string
): Promise<{ token: string; deviceId: string; role: string }> {
  const { code } = await pairStart(role, name)
  const answer = await post('/api/pair', { code })
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  tokensSeen.push(answer.body.value.token)
  return answer.body.value
}

beforeAll(async () => {
  dir = tempDir()
  dataDir = join(dir.path, 'data')
  rendererDir = join(dir.path, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kassa</title>')
  logging = await createLogger(dataDir)
  await start()
})

afterAll(async () => {
  await stop().catch(() => undefined)
  await logging.close()
  dir.remove()
})

describe('pairing a device', () => {
  it('gives a one-time code and the URL the device opens, and a device token that makes only its role’s calls', async () => {
    const pairing = await pairStart('display', 'Counter display')
    expect(pairing.code).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(pairing.url).toBe(`${web.origin}/#pair=${pairing.code}`)
    expect(Date.parse(pairing.expiresAt) - now()).toBeGreaterThan(4 * 60_000)
    expect(Date.parse(pairing.expiresAt) - now()).toBeLessThanOrEqual(5 * 60_000)

    const paired = await post('/api/pair', { code: pairing.code })
    expect(paired.status).toBe(200)
    const device = paired.body.value as { token: string; deviceId: string; role: string }
    tokensSeen.push(device.token)
    expect(device.role).toBe('display')
    expect(device.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(device.token).not.toBe(web.token)

    // Allowed: the display's calls.
    for (const name of ['app:info', 'settings:get', 'processor:health']) {
      const answer = await callAs(device.token, name)
      expect(answer.status, name).toBe(200)
      expect(answer.body.ok, name).toBe(true)
    }
    const sale = await callAs(device.token, 'sale:get', { saleId: 'sale_0000000000' })
    expect(sale.status).toBe(200)
    expect(sale.body.error?.code).toBe('not-found')

    // Refused: a kiosk's call, and owner calls, even with a valid owner session.
    const opened = await callAs(web.token, 'owner:setPin', { pin: '2468' })
    expect(opened.body.ok).toBe(true)
    const session = opened.body.value.session as string
    ownerSession = session
    expect((await callAs(web.token, 'device:list', {}, { 'x-kassa-owner': session })).body.ok).toBe(true)
    for (const [name, input] of [
      ['sale:charge', { amount: '1.00', currency: 'EUR' }],
      ['device:list', {}],
      ['device:pairStart', { role: 'kiosk', name: 'Sneaky' }],
      ['settings:update', { currency: 'USD' }],
      ['owner:unlock', { pin: '2468' }]
    ] as const) {
      const answer = await callAs(device.token, name, input, { 'x-kassa-owner': session })
      expect(answer.status, name).toBe(403)
      expect(answer.body.error?.code, name).toBe('unauthorized')
      expect(answer.body.error?.message, name).toContain(`This paired device may not call ${name}`)
    }

    // A kiosk may charge (its call goes through to the core: here refused there for its own reasons, not 403).
    const kiosk = await pair('kiosk', 'Self-service')
    const charge = await callAs(kiosk.token, 'sale:payOptions', { amount: '1.00', currency: 'EUR' })
    expect(charge.status).toBe(200)
    expect((await callAs(kiosk.token, 'day:close', {})).status).toBe(403)

    const list = await callAs(web.token, 'device:list', {}, { 'x-kassa-owner': session })
    const names = (
      list.body.value as { name: string; role: string; lastSeenAt: string | null; revoked: boolean }[]
    ).map((entry) => [entry.name, entry.role, entry.revoked, entry.lastSeenAt !== null])
    expect(names).toEqual([
      ['Self-service', 'kiosk', false, true],
      ['Counter display', 'display', false, true]
    ])
  })

  it('takes a code once, and not after 5 minutes', async () => {
    const { code } = await pairStart('display', 'Once')
    const first = await post('/api/pair', { code, name: 'Window display' })
    expect(first.status).toBe(200)
    tokensSeen.push(first.body.value.token)
    const again = await post('/api/pair', { code })
    expect(again.status).toBe(401)
    expect(again.body.error).toMatchObject({ code: 'unauthorized', params: { reason: 'used-code' } })
    expect(again.body.error?.message).toContain('was used already')

    const late = await pairStart('display', 'Late')
    skew += 5 * 60_000 + 1000
    const expired = await post('/api/pair', { code: late.code })
    expect(expired.status).toBe(401)
    expect(expired.body.error).toMatchObject({ code: 'unauthorized', params: { reason: 'expired-code' } })
    expect(expired.body.error?.message).toContain('expired')

    const wrong = await post('/api/pair', { code: 'A'.repeat(22) })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error).toMatchObject({ code: 'unauthorized', params: { reason: 'unknown-code' } })
    const malformed = await post('/api/pair', { code: 'x' })
    expect(malformed.status).toBe(400)
    skew += PAIR_LIMIT.windowMs // a fresh window of the wrong-code limit for the next test
  })

  it('limits wrong codes: past the limit even a right code waits for the window', async () => {
    for (let i = 0; i < PAIR_LIMIT.perSource; i++) {
      expect((await post('/api/pair', { code: `wrong${String(i).padStart(20, '0')}` })).status).toBe(401)
    }
    const { code } = await pairStart('display', 'Patient')
    const limited = await post('/api/pair', { code })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(limited.body.error).toMatchObject({
      code: 'unauthorized',
      params: { reason: 'too-many-attempts' }
    })
    skew += PAIR_LIMIT.windowMs
    const later = await post('/api/pair', { code })
    expect(later.status).toBe(200)
    tokensSeen.push(later.body.value.token)
  })

  it('refuses a revoked device at once and closes its event stream', async () => {
    const device = await pair('display', 'To unpair')
    const controller = new AbortController()
    const stream = await fetch(`${web.origin}/api/events`, {
      headers: { authorization: `Bearer ${device.token}` },
      signal: controller.signal
    })
    expect(stream.status).toBe(200)
    const reader = stream.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('connected')
    const ended = (async () => {
      try {
        for (;;) if ((await reader.read()).done) return 'ended'
      } catch {
        return 'ended'
      }
    })()

    const revoked = await ownerCall('device:revoke', { deviceId: device.deviceId })
    expect(revoked.body.value).toMatchObject({ id: device.deviceId, revoked: true })
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still open'), 2000))
    expect(await Promise.race([ended, timeout])).toBe('ended')
    controller.abort()

    const refused = await callAs(device.token, 'app:info')
    expect(refused.status).toBe(401)
    expect(refused.body.error).toMatchObject({ code: 'unauthorized', params: { reason: 'device-revoked' } })
    expect(refused.body.error?.message).toContain('unpaired')
    const audited = core.ledger.database
      .prepare(
        "SELECT actor, action, details_json AS details FROM audit_log WHERE action LIKE 'device.%' ORDER BY seq"
      )
      .all() as { actor: string; action: string; details: string }[]
    const mine = audited.filter((row) => row.details.includes(device.deviceId))
    expect(mine.map((row) => `${row.actor} ${row.action}`)).toEqual([
      'owner device.paired',
      'owner device.revoked'
    ])
    for (const row of audited) expect(row.details).not.toContain(device.token)
    const events = await fetch(`${web.origin}/api/events`, {
      headers: { authorization: `Bearer ${device.token}` }
    })
    expect(events.status).toBe(401)
  })

  it('streams a device the sale and health events only, not the owner’s', async () => {
    const device = await pair('display', 'Listener')
    const read = async (token: string): Promise<string> => {
      const controller = new AbortController()
      const response = await fetch(`${web.origin}/api/events`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal
      })
      const reader = response.body!.getReader()
      let text = ''
      const deadline = Date.now() + 3000
      while (!text.includes('event: sale:updated') && Date.now() < deadline) {
        text += new TextDecoder().decode((await reader.read()).value)
      }
      controller.abort()
      return text
    }
    const deviceText = read(device.token)
    const tillText = read(web.token)
    await new Promise((resolve) => setTimeout(resolve, 300))
    core.events.emit('recovery:updated', { id: 'rec_secret', customer: 'Ada' } as never)
    core.events.emit('reconcile:progress', { id: 'rec_run' } as never)
    core.events.emit('sale:updated', { id: 'sale_0000000001' } as never)
    expect(await tillText).toContain('event: recovery:updated')
    const seen = await deviceText
    expect(seen).toContain('event: sale:updated')
    expect(seen).not.toContain('recovery:updated')
    expect(seen).not.toContain('reconcile:progress')
  })

  it('keeps device tokens across a restart of the till and a new till token (--new-token)', async () => {
    const device = await pair('kiosk', 'Survivor')
    const oldTillToken = web.token
    await stop()
    await start()
    expect((await callAs(device.token, 'app:info')).status).toBe(200)
    await stop()
    await start({ rotate: true })
    expect(web.token).not.toBe(oldTillToken)
    expect((await callAs(oldTillToken, 'app:info')).status).toBe(401)
    expect((await callAs(web.token, 'app:info')).status).toBe(200)
    expect((await callAs(device.token, 'app:info')).status).toBe(200)
    expect((await callAs(device.token, 'catalog:list', {})).status).toBe(200)
  })

  it('has no device token or pairing code in the log, and only the tokens’ hashes in the ledger', async () => {
    await stop()
    await logging.close()
    const logs = join(dataDir, 'logs')
    const logText = readFileSync(join(logs, 'kassa.1.log'), 'utf8')
    expect(logText).toContain('device paired')
    const { readdirSync } = await import('node:fs')
    const logFiles = readdirSync(logs).map((name) => readFileSync(join(logs, name)))
    const ledgerFiles = ['kassa.sqlite', 'kassa.sqlite-wal']
      .map((name) => join(dataDir, name))
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path))
    expect(tokensSeen.length).toBeGreaterThanOrEqual(5)
    for (const token of tokensSeen) {
      for (const file of [...logFiles, ...ledgerFiles]) expect(file.includes(token)).toBe(false)
      const hash = createHash('sha256').update(token).digest('hex')
      expect(ledgerFiles.some((file) => file.includes(hash))).toBe(true)
    }
    for (const code of codesSeen)
      for (const file of [...logFiles, ...ledgerFiles]) expect(file.includes(code)).toBe(false)
    // Reopened for afterAll.
    logging = await createLogger(dataDir)
    await start()
  })
})

describe('pairing without a web host', () => {
  it('says pairing needs the browser till', async () => {
    const other = tempDir()
    const lone = testCore(join(other.path, 'data'))
    await lone.start()
    try {
      await expect(lone.handlers['device:pairStart']({ role: 'display', name: 'X' })).rejects.toMatchObject({
        code: 'not-configured'
      })
    } finally {
      await lone.stop()
      other.remove()
    }
  })
})
