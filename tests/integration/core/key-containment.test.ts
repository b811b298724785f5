import { randomBytes } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ConnectionView, SaleView, SettingsView } from '@shared/contract'
import type { Core, CoreOptions } from '../../../src/main/core'
import { KeyringSecretStore } from '../../../src/main/secrets/keyring-store'
import { keyAccount } from '../../../src/main/settings/settings-service'
import {
  echoBtcpay,
  echoBtpay,
  echoPlisio,
  startCaptureServer,
  type CaptureServer
} from '../../fixtures/capture-server'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore, waitForSale } from './processor-helpers'

// A stored key only ever goes to the server it was stored with, and no processor error shows a key or a token.
// Real SQLite files and the real OS keychain (scripts/with-keyring.sh); a plain node:http capture server on
// 127.0.0.1 records every request's credentials and echoes them in its errors.

const SERVICE = `kassa-keys-${process.pid}-${randomBytes(4).toString('hex')}`
const probe = await new KeyringSecretStore(SERVICE).availability()
const onCi = process.env.CI === 'true'
if (!probe.available && !onCi) console.warn(`[key-containment] skipping: ${probe.reason}`)

type Connected = { settings: SettingsView; connection: ConnectionView }
const entry = (settings: SettingsView, id: string) => settings.processors.find((p) => p.id === id)!

describe.skipIf(!probe.available && !onCi)('a stored key stays with its server', () => {
  const keychain = new KeyringSecretStore(SERVICE)
  let btcpay: BtcpaySimulator
  let btpay: BtpaySimulator
  let plisio: PlisioSimulator
  let capture: CaptureServer
  let dir: ReturnType<typeof tempDir>
  let core: Core
  const cores: Core[] = []

  beforeAll(async () => {
    ;[btcpay, btpay, plisio, capture] = await Promise.all([
      startBtcpaySimulator(),
      startBtpaySimulator(),
      startPlisioSimulator(),
      startCaptureServer()
    ])
  })
  afterAll(async () => {
    await Promise.all([btcpay.close(), btpay.close(), plisio.close(), capture.close()])
  })

  /** A core over `dir` with the real keychain; Plisio's API root is `plisioUrl` (the build's override). */
  async function startCore(plisioUrl = plisio.url, extra: Partial<CoreOptions> = {}): Promise<Core> {
    const made = processorCore(dir.path, keychain, {
      connectors: { plisio: { baseUrl: plisioUrl } },
      ...extra
    })
    cores.push(made)
    await made.start()
    return made
  }
  async function restart(plisioUrl = plisio.url): Promise<Core> {
    await core.stop()
    cores.splice(cores.indexOf(core), 1)
    core = await startCore(plisioUrl)
    return core
  }

  beforeEach(async () => {
    dir = tempDir()
    capture.requests.length = 0
    capture.mode = { kind: 'fail', status: 401, body: echoBtcpay }
    core = await startCore()
  })
  afterEach(async () => {
    for (const made of cores.splice(0)) await made.stop()
    for (const id of ['btcpay', 'btpay', 'plisio'] as const) {
      await keychain.delete(keyAccount(id)).catch(() => false)
    }
    dir.remove()
  })

  const settingsOf = async (id: string) => entry(await ok<SettingsView>(core, 'settings:get', {}), id)

  describe('BTCPay Server', () => {
    const connectA = () =>
      ok<Connected>(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: btcpay.url,
        storeId: btcpay.storeId,
        apiKey: btcpay.apiKey
      })

    it('refuses to send the stored key to another server, by connect or by Load stores, and changes nothing', async () => {
      await connectA()
      const before = await settingsOf('btcpay')

      const connect = await fails(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: capture.url,
        storeId: btcpay.storeId
      })
      expect(connect.code).toBe('invalid-input')
      expect(connect.message).toMatch(/new server needs its key typed again/i)
      const stores = await fails(core, 'processor:stores', { serverUrl: capture.url })
      expect(stores.code).toBe('invalid-input')
      expect(stores.message).toMatch(/new server needs its key typed again/i)
      // Same origin, another path: another server as far as the key is concerned.
      const path = await fails(core, 'processor:stores', { serverUrl: `${btcpay.url}/elsewhere` })
      expect(path.code).toBe('invalid-input')

      expect(capture.requests).toEqual([])
      expect(await keychain.get(keyAccount('btcpay'))).toBe(btcpay.apiKey)
      expect(await settingsOf('btcpay')).toEqual(before)
      expect(core.processors.get('btcpay')).not.toBeNull()
    })

    it('still re-checks and lists stores with the stored key on its own server, however the URL is spelled', async () => {
      await connectA()
      const spelled = btcpay.url.replace('http://', 'HTTP://') + '/'
      const stores = await ok<{ id: string }[]>(core, 'processor:stores', { serverUrl: spelled })
      expect(stores.map((s) => s.id)).toContain(btcpay.storeId)
      const again = await ok<Connected>(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: spelled,
        storeId: btcpay.storeId,
        activate: false
      })
      expect(again.connection.account).toBe('Kassa Test Shop')
    })

    it('moves to a new server only with the key typed again', async () => {
      await connectA()
      capture.mode = { kind: 'proxy', target: btcpay.url }
      const moved = await ok<Connected>(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: capture.url,
        storeId: btcpay.storeId,
        apiKey: btcpay.apiKey
      })
      expect(entry(moved.settings, 'btcpay').config).toEqual({
        serverUrl: capture.url,
        storeId: btcpay.storeId
      })
      expect(capture.requests.length).toBeGreaterThan(0)
      // The key now belongs to the new server: the old one needs it typed again.
      const back = await fails(core, 'processor:stores', { serverUrl: btcpay.url })
      expect(back.code).toBe('invalid-input')
    })

    it('needs the key typed when none is bound to a server (nothing connected)', async () => {
      const error = await fails(core, 'processor:stores', { serverUrl: capture.url })
      expect(error.code).toBe('not-configured')
      expect(capture.requests).toEqual([])
    })
  })

  describe('BTPay', () => {
    it('refuses to send the stored key to another base URL and changes nothing', async () => {
      await ok(core, 'processor:connect', {
        processor: 'btpay',
        baseUrl: btpay.url,
        apiKey: btpay.apiKey,
        graceSeconds: 60
      })
      const before = await settingsOf('btpay')
      const error = await fails(core, 'processor:connect', { processor: 'btpay', baseUrl: capture.url })
      expect(error.code).toBe('invalid-input')
      expect(error.message).toMatch(/new server needs its key typed again/i)
      expect(capture.requests).toEqual([])
      expect(await keychain.get(keyAccount('btpay'))).toBe(btpay.apiKey)
      expect(await settingsOf('btpay')).toEqual(before)
    })
  })

  describe('Plisio (its API root is fixed per build, KASSA_PLISIO_API_URL)', () => {
    it('does not send the stored key to another API root after a restart, and keeps it for its own', async () => {
      await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
      await restart(capture.url)
      expect(capture.requests).toEqual([])
      expect(core.processors.get('plisio')).toBeNull()
      const error = await fails(core, 'processor:connect', { processor: 'plisio' })
      expect(error.code).toBe('invalid-input')
      expect(error.message).toMatch(/key typed again/i)
      expect(capture.requests).toEqual([])
      expect(await keychain.get(keyAccount('plisio'))).toBe(plisio.apiKey)

      await restart(plisio.url)
      expect(core.processors.get('plisio')).not.toBeNull()
      const checked = await ok<ConnectionView>(core, 'processor:check', { processor: 'plisio' })
      expect(checked.account).toBe('Kassa Test Shop')
    })
  })

  describe('no processor error shows a key or a token', () => {
    const typedKey = () => randomBytes(20).toString('hex')

    it('BTCPay echoing a typed key in a 401 and a 500', async () => {
      for (const status of [401, 500]) {
        capture.mode = { kind: 'fail', status, body: echoBtcpay }
        const key = typedKey()
        const error = await fails(core, 'processor:connect', {
          processor: 'btcpay',
          serverUrl: capture.url,
          storeId: btcpay.storeId,
          apiKey: key
        })
        expect(error.code).toBe(status === 401 ? 'processor-auth' : 'processor-unavailable')
        expect(capture.requests.at(-1)?.authorization).toBe(`token ${key}`)
        expect(error.message).not.toContain(key)
        expect(error.message).toMatch(/Unknown API key in header/)
        const listed = await fails(core, 'processor:stores', { serverUrl: capture.url, apiKey: key })
        expect(listed.message).not.toContain(key)
      }
    })

    it('BTPay echoing a typed bearer key', async () => {
      capture.mode = { kind: 'fail', status: 401, body: echoBtpay }
      const key = randomBytes(32).toString('base64url')
      const error = await fails(core, 'processor:connect', {
        processor: 'btpay',
        baseUrl: capture.url,
        apiKey: key
      })
      expect(error.code).toBe('processor-auth')
      expect(capture.requests.at(-1)?.authorization).toBe(`Bearer ${key}`)
      expect(error.message).not.toContain(key)
    })

    it('Plisio echoing a typed api_key, in a 401 and inside a 200 error envelope', async () => {
      await restart(capture.url)
      for (const status of [401, 200]) {
        capture.mode = { kind: 'fail', status, body: echoPlisio }
        const key = `sk${randomBytes(24).toString('hex')}`
        const error = await fails(core, 'processor:connect', { processor: 'plisio', apiKey: key })
        expect(error.code).toBe('processor-auth')
        expect(capture.requests.at(-1)?.apiKey).toBe(key)
        expect(error.message).not.toContain(key)
        expect(error.message).toMatch(/api_key=/)
      }
    })

    it('the stored key echoed by its own server: not in check, charge, sale, events, audit or the ledger', async () => {
      capture.mode = { kind: 'proxy', target: btcpay.url }
      const connected = await ok<Connected>(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: capture.url,
        storeId: btcpay.storeId,
        apiKey: btcpay.apiKey
      })
      expect(connected.settings.processor).toBe('btcpay')
      const events: unknown[] = []
      core.events.subscribe((name, payload) => events.push({ name, payload }))
      capture.mode = { kind: 'fail', status: 500, body: echoBtcpay }

      const check = await fails(core, 'processor:check', { processor: 'btcpay' })
      expect(check.code).toBe('processor-unavailable')
      expect(check.message).toMatch(/Unknown API key in header/)
      expect(check.message).not.toContain(btcpay.apiKey)

      // The failed check may already have the health monitor call BTCPay offline: the cashier agrees to the outbox.
      const sale = await ok<SaleView>(core, 'sale:charge', { amount: '2.00', currency: 'USD', outbox: true })
      const waiting = await waitForSale(core, sale.id, (s) => s.error !== null)
      expect(capture.requests.at(-1)?.authorization).toBe(`token ${btcpay.apiKey}`)
      expect(waiting.error?.message).toMatch(/Unknown API key in header/)
      const seen = JSON.stringify([
        check,
        waiting,
        await ok(core, 'sale:list', {}),
        await ok(core, 'settings:get', {}),
        events
      ])
      expect(seen).not.toContain(btcpay.apiKey)
      await core.stop()
      cores.splice(cores.indexOf(core), 1)
      for (const name of readdirSync(dir.path)) {
        expect(readFileSync(join(dir.path, name)).includes(btcpay.apiKey), name).toBe(false)
      }
      core = await startCore()
    })

    it('tokens the till does not hold: bearer, token, api_key=, long hex and base58 secrets', async () => {
      const hex = randomBytes(24).toString('hex')
      const base58 = '5Kb8kLf9zgWQnogidDA76MzPL6TsZZY36hWXMssSzNydYXYB9KF'
      capture.mode = {
        kind: 'fail',
        status: 400,
        body: () => ({
          code: 'generic-error',
          message: `Bearer abc123DEF456ghi token zz9911yyxx api_key=qq77ww88 seed ${hex} wif ${base58}`
        })
      }
      const error = await fails(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: capture.url,
        storeId: btcpay.storeId,
        apiKey: typedKey()
      })
      for (const secret of ['abc123DEF456ghi', 'zz9911yyxx', 'qq77ww88', hex, base58]) {
        expect(error.message).not.toContain(secret)
      }
      expect(error.message).toMatch(/Bearer \S+ token \S+ api_key=\S+ seed \S+ wif \S+/)
    })
  })

  describe('settings:storeKey', () => {
    it('is gone: a key is only stored by a checked connect; a wrong key keeps the working one across a restart', async () => {
      await ok(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: btcpay.url,
        storeId: btcpay.storeId,
        apiKey: btcpay.apiKey
      })
      const wrong = 'ffff' + btcpay.apiKey.slice(4)
      const stored = await fails(core, 'settings:storeKey', { processor: 'btcpay', apiKey: wrong })
      expect(stored.code).toBe('unknown-call')
      const connect = await fails(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: btcpay.url,
        storeId: btcpay.storeId,
        apiKey: wrong
      })
      expect(connect.code).toBe('processor-auth')
      expect(await keychain.get(keyAccount('btcpay'))).toBe(btcpay.apiKey)

      await restart()
      const settings = await ok<SettingsView>(core, 'settings:get', {})
      expect(settings.processor).toBe('btcpay')
      expect(entry(settings, 'btcpay').keyHint).toBe(`••••${btcpay.apiKey.slice(-4)}`)
      const sale = await ok<SaleView>(core, 'sale:charge', { amount: '3.00', currency: 'USD' })
      expect(sale).toMatchObject({ processor: 'btcpay', state: 'awaiting' })
      expect(btcpay.control.invoices(sale.id)).toHaveLength(1)
    })
  })
})
