import { randomBytes } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core'
import { KeyringSecretStore } from '../../../src/main/secrets/keyring-store'
import { keyAccount } from '../../../src/main/settings/settings-service'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { call, invoke, testCore } from './helpers'

const SERVICE = `kassa-test-${process.pid}-${randomBytes(4).toString('hex')}`
let btcpay: BtcpaySimulator
beforeAll(async () => {
  btcpay = await startBtcpaySimulator()
})
afterAll(async () => {
  await btcpay.close()
})
/** A BTCPay connect with `apiKey` (a key the simulator accepts unless the test says otherwise). */
const connectInput = (apiKey: string) => ({
  processor: 'btcpay',
  serverUrl: btcpay.url,
  storeId: btcpay.storeId,
  apiKey,
  activate: false
})
const probe = await new KeyringSecretStore(SERVICE).availability()
const onCi = process.env.CI === 'true'
if (!probe.available && !onCi) {
  console.warn(`[secrets.test] skipping the real-keychain tests: ${probe.reason}`)
}

// On CI the block always runs, so a missing keychain fails it instead of skipping it.
describe.skipIf(!probe.available && !onCi)('KeyringSecretStore against a real Secret Service', () => {
  const store = new KeyringSecretStore(SERVICE)
  const accounts = new Set<string>()

  afterAll(async () => {
    for (const account of accounts) await store.delete(account).catch(() => false)
  })

  it('reports itself available under scripts/with-keyring.sh', async () => {
    expect(await store.availability()).toEqual({ available: true, reason: null })
  })

  it('stores, reads back, replaces and deletes a secret', async () => {
    const account = 'processor:btcpay'
    accounts.add(account)
    expect(await store.get(account)).toBeNull()
    await store.set(account, 'first-secret-value')
    expect(await store.get(account)).toBe('first-secret-value')
    await store.set(account, 'second-secret-value')
    expect(await store.get(account)).toBe('second-secret-value')
    // Another store instance (a restarted till) reads the same keychain entry.
    expect(await new KeyringSecretStore(SERVICE).get(account)).toBe('second-secret-value')
    expect(await store.delete(account)).toBe(true)
    expect(await store.get(account)).toBeNull()
    expect(await store.delete(account)).toBe(false)
  })

  it('keeps services apart', async () => {
    const account = 'processor:plisio'
    accounts.add(account)
    await store.set(account, 'service-a-secret')
    expect(await new KeyringSecretStore(`${SERVICE}-other`).get(account)).toBeNull()
  })

  describe('through the core', () => {
    let dir: ReturnType<typeof tempDir>
    let core: Core

    beforeEach(async () => {
      dir = tempDir()
      core = testCore(dir.path, { secrets: store })
      await core.start()
    })

    afterEach(async () => {
      await core.stop()
      dir.remove()
    })

    it('stores a checked key in the keychain and never returns it from any call, nor writes it to disk', async () => {
      const apiKey = randomBytes(20).toString('hex')
      btcpay.control.setApiKey(apiKey, ['unrestricted'])
      accounts.add(keyAccount('btcpay'))
      const stored = await invoke(core, 'processor:connect', connectInput(apiKey))
      expect(stored).toMatchObject({ ok: true })
      expect(await store.get(keyAccount('btcpay'))).toBe(apiKey)
      const view = (stored as { ok: true; value: Awaited<ReturnType<Core['handlers']['processor:connect']>> })
        .value.settings
      const entry = view.processors.find((p) => p.id === 'btcpay')
      expect(entry).toMatchObject({ keyStored: true, keyHint: `••••${apiKey.slice(-4)}` })

      const sale = await call(core, 'sale:charge', { amount: '1.00', currency: 'USD' })
      const outputs = [
        stored,
        await invoke(core, 'settings:get', {}),
        await invoke(core, 'settings:update', { currency: 'EUR' }),
        await invoke(core, 'app:info', {}),
        await invoke(core, 'sale:list', {}),
        await invoke(core, 'sale:get', { saleId: sale.id }),
        await invoke(core, 'invoice:focus', { saleId: sale.id }),
        await invoke(core, 'demo:simulate', { saleId: sale.id, kind: 'partial' }),
        await invoke(core, 'sale:cancel', { saleId: sale.id }),
        await invoke(core, 'processor:connect', connectInput('short')),
        await invoke(core, 'processor:stores', { serverUrl: btcpay.url }),
        await invoke(core, 'settings:deleteKey', { processor: 'btcpay' })
      ]
      for (const output of outputs) expect(JSON.stringify(output)).not.toContain(apiKey)
      expect(JSON.stringify(outputs)).not.toContain(apiKey.slice(0, 12))
      expect(await store.get(keyAccount('btcpay'))).toBeNull()

      await core.stop()
      for (const name of readdirSync(dir.path)) {
        expect(readFileSync(join(dir.path, name)).includes(apiKey), name).toBe(false)
      }
      core = testCore(dir.path, { secrets: store }) // afterEach stops this one
    })
  })
})

describe('settings with no keychain', () => {
  let dir: ReturnType<typeof tempDir>
  let core: Core

  beforeEach(async () => {
    dir = tempDir()
    core = testCore(dir.path, {
      secrets: new MemorySecretStore({ available: false, reason: 'No Secret Service on this machine' })
    })
    await core.start()
  })

  afterEach(async () => {
    await core.stop()
    dir.remove()
  })

  it('refuses to store a key with keychain-unavailable and leaves no hint behind', async () => {
    const apiKey = randomBytes(20).toString('hex')
    btcpay.control.setApiKey(apiKey, ['unrestricted'])
    const result = await invoke(core, 'processor:connect', connectInput(apiKey))
    expect(result).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } })
    expect(core.ledger.getSetting('config:btcpay')).toBeNull()
    expect(core.processors.get('btcpay')).toBeNull()
    expect(JSON.stringify(result)).not.toContain(apiKey)
    expect(core.ledger.getSetting('keyHint:btcpay')).toBeNull()
    const settings = await call(core, 'settings:get', {})
    expect(settings.keychain).toEqual({ available: false, reason: 'No Secret Service on this machine' })
    expect(settings.processors.find((p) => p.id === 'btcpay')).toMatchObject({
      keyStored: false,
      keyHint: null
    })
    await core.stop()
    for (const name of readdirSync(dir.path)) {
      expect(readFileSync(join(dir.path, name)).includes(apiKey.slice(-4)), name).toBe(false)
    }
    core = testCore(dir.path)
  })

  it('still lets the owner forget a key hint when the keychain is gone', async () => {
    core.ledger.setSetting('keyHint:btcpay', '••••abcd')
    const result = await invoke(core, 'settings:deleteKey', { processor: 'btcpay' })
    expect(result).toMatchObject({ ok: true })
    expect(core.ledger.getSetting('keyHint:btcpay')).toBeNull()
  })
})
