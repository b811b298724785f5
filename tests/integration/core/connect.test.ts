import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ConnectionView, SaleView, SettingsView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { closedPort, fails, ok, processorCore, waitForSale } from './processor-helpers'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let btpay: BtpaySimulator
let dir: ReturnType<typeof tempDir>
let secrets: MemorySecretStore
let core: Core
const cores: Core[] = []

beforeAll(async () => {
  ;[btcpay, plisio, btpay] = await Promise.all([
    startBtcpaySimulator(),
    startPlisioSimulator(),
    startBtpaySimulator()
  ])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close(), btpay.close()])
})

function newCore(): Core {
  const made = processorCore(dir.path, secrets, { connectors: { plisio: { baseUrl: plisio.url } } })
  cores.push(made)
  return made
}

beforeEach(async () => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  core = newCore()
  await core.start()
})
afterEach(async () => {
  for (const made of cores.splice(0)) await made.stop()
  dir.remove()
})

type Connected = { settings: SettingsView; connection: ConnectionView }
const btcpayInput = (apiKey = btcpay.apiKey) => ({
  processor: 'btcpay',
  serverUrl: btcpay.url,
  storeId: btcpay.storeId,
  apiKey
})
const entry = (settings: SettingsView, id: string) => settings.processors.find((p) => p.id === id)!
const fact = (view: ConnectionView, label: string) => view.facts.find((f) => f.label === label)?.value
/** Every byte of the ledger's files (WAL included) as latin1 text, to grep for a secret. */
function ledgerBytes(): string {
  return readdirSync(dir.path)
    .filter((name) => name.startsWith('kassa.sqlite'))
    .map((name) => readFileSync(join(dir.path, name)).toString('latin1'))
    .join('\n')
}
async function expectNothingStored(id: string): Promise<void> {
  const settings = await ok<SettingsView>(core, 'settings:get', {})
  expect(settings.processor).toBe('demo')
  expect(entry(settings, id)).toMatchObject({
    connected: false,
    config: null,
    keyStored: false,
    keyHint: null
  })
  expect(secrets.secrets.size).toBe(0)
  expect(core.processors.get(id as 'btcpay')).toBeNull()
}

describe('BTCPay Server', () => {
  it('connects: facts, settings, active processor, key in the keychain and not in the ledger', async () => {
    const { settings, connection } = await ok<Connected>(core, 'processor:connect', btcpayInput())
    expect(connection).toMatchObject({
      processor: 'btcpay',
      account: 'Kassa Test Shop',
      version: '2.4.1',
      defaultCurrency: 'USD',
      missing: [],
      warnings: [],
      permissions: ['unrestricted']
    })
    expect(fact(connection, 'Server version')).toBe('2.4.1')
    expect(fact(connection, 'Sync')).toBe('Fully synced')
    expect(fact(connection, 'Store')).toBe(`Kassa Test Shop (${btcpay.storeId})`)
    expect(fact(connection, 'Default currency')).toBe('USD')
    expect(fact(connection, 'Invoice expiration')).toBe('15 minutes')
    expect(settings.processor).toBe('btcpay')
    expect(entry(settings, 'btcpay')).toMatchObject({
      connected: true,
      keyStored: true,
      keyHint: expect.stringMatching(new RegExp(`${btcpay.apiKey.slice(-4)}$`)),
      config: { serverUrl: btcpay.url, storeId: btcpay.storeId },
      connection: { account: 'Kassa Test Shop' }
    })
    expect(JSON.stringify(settings)).not.toContain(btcpay.apiKey)
    expect(secrets.secrets.get('processor:btcpay')).toBe(btcpay.apiKey)
    expect(ledgerBytes()).not.toContain(btcpay.apiKey)
    expect(ledgerBytes()).toContain(btcpay.storeId)
  })

  it('names the permission and the feature a partial key lacks', async () => {
    const partial = 'partialkey' + btcpay.apiKey.slice(10)
    btcpay.control.setApiKey(partial, [
      `btcpay.store.canmodifyinvoices:${btcpay.storeId}`,
      `btcpay.store.canviewstoresettings:${btcpay.storeId}`
    ])
    const { connection } = await ok<Connected>(core, 'processor:connect', btcpayInput(partial))
    expect(connection.missing).toContainEqual({
      feature: 'refunds',
      permission: 'btcpay.store.cancreatenonapprovedpullpayments'
    })
    expect(connection.missing).toContainEqual({
      feature: 'cancel-payouts',
      permission: 'btcpay.store.canmanagepayouts'
    })
    expect(connection.missing.map((m) => m.feature)).not.toContain('create-invoices')
    expect(connection.warnings.join(' ')).toMatch(/cancreatenonapprovedpullpayments.*refunds/)
  })

  it('refuses a wrong key and stores nothing', async () => {
    const error = await fails(core, 'processor:connect', btcpayInput('wrong-key-0123456789'))
    expect(error.code).toBe('processor-auth')
    await expectNothingStored('btcpay')
  })

  it('refuses a URL where nothing listens and stores nothing', async () => {
    const port = await closedPort()
    const error = await fails(core, 'processor:connect', {
      ...btcpayInput(),
      serverUrl: `http://127.0.0.1:${port}`
    })
    expect(error.code).toBe('processor-connection')
    await expectNothingStored('btcpay')
  })

  it('refuses invalid input before asking anyone (a number for the store, a file URL)', async () => {
    expect((await fails(core, 'processor:connect', { ...btcpayInput(), storeId: 'a b' })).code).toBe(
      'invalid-input'
    )
    expect(
      (await fails(core, 'processor:connect', { ...btcpayInput(), serverUrl: 'file:///etc/passwd' })).code
    ).toBe('invalid-input')
  })

  it('warns when the server is not fully synced, and re-checks with processor:check', async () => {
    btcpay.control.setSynced(false)
    try {
      const { connection } = await ok<Connected>(core, 'processor:connect', btcpayInput())
      expect(fact(connection, 'Sync')).toBe('Not fully synced')
      expect(connection.warnings.join(' ')).toMatch(/not fully synced/)
      btcpay.control.setSynced(true)
      const checked = await ok<ConnectionView>(core, 'processor:check', { processor: 'btcpay' })
      expect(fact(checked, 'Sync')).toBe('Fully synced')
      expect(checked.warnings).toEqual([])
      const settings = await ok<SettingsView>(core, 'settings:get', {})
      expect(entry(settings, 'btcpay').connection?.warnings).toEqual([])
    } finally {
      btcpay.control.setSynced(true)
    }
  })

  it('lists the stores a key can see, with the given or the stored key', async () => {
    const stores = await ok<{ id: string; name: string }[]>(core, 'processor:stores', {
      serverUrl: btcpay.url,
      apiKey: btcpay.apiKey
    })
    expect(stores).toContainEqual({ id: btcpay.storeId, name: 'Kassa Test Shop', defaultCurrency: 'USD' })
    expect((await fails(core, 'processor:stores', { serverUrl: btcpay.url })).code).toBe('not-configured')
    await ok(core, 'processor:connect', btcpayInput())
    const again = await ok<{ id: string }[]>(core, 'processor:stores', { serverUrl: btcpay.url })
    expect(again.map((s) => s.id)).toContain(btcpay.storeId)
  })

  it('disconnects with revokeKey: the key is revoked on the server and forgotten here', async () => {
    const key = 'revokeme' + btcpay.apiKey.slice(8)
    btcpay.control.setApiKey(key, ['unrestricted'])
    await ok(core, 'processor:connect', btcpayInput(key))
    const result = await ok<{ settings: SettingsView; revoked: boolean; revokeError: string | null }>(
      core,
      'processor:disconnect',
      { processor: 'btcpay', revokeKey: true }
    )
    expect(result).toMatchObject({ revoked: true, revokeError: null })
    expect(result.settings.processor).toBe('demo')
    expect(entry(result.settings, 'btcpay')).toMatchObject({
      connected: false,
      config: null,
      keyStored: false
    })
    expect(secrets.secrets.has('processor:btcpay')).toBe(false)
    const response = await fetch(`${btcpay.url}/api/v1/api-keys/current`, {
      headers: { authorization: `token ${key}` }
    })
    expect(response.status).toBe(401)
    expect((await fails(core, 'processor:check', { processor: 'btcpay' })).code).toBe('not-configured')
    // The Demo is the till's processor for good: connecting again without activating does not bring BTCPay back.
    btcpay.control.setApiKey(key, ['unrestricted'])
    const again = await ok<Connected>(core, 'processor:connect', { ...btcpayInput(key), activate: false })
    expect(again.settings.processor).toBe('demo')
  })

  it('disconnects without revoking: the server still accepts the key', async () => {
    const key = 'keepme00' + btcpay.apiKey.slice(8)
    btcpay.control.setApiKey(key, ['unrestricted'])
    await ok(core, 'processor:connect', btcpayInput(key))
    const result = await ok<{ settings: SettingsView; revoked: boolean }>(core, 'processor:disconnect', {
      processor: 'btcpay'
    })
    expect(result.revoked).toBe(false)
    expect(result.settings.processor).toBe('demo')
    expect(secrets.secrets.size).toBe(0)
    const response = await fetch(`${btcpay.url}/api/v1/api-keys/current`, {
      headers: { authorization: `token ${key}` }
    })
    expect(response.status).toBe(200)
  })

  it('reloads the connection after a restart and charges through it', async () => {
    await ok(core, 'processor:connect', btcpayInput())
    await core.stop()
    cores.splice(cores.indexOf(core), 1)
    core = newCore()
    await core.start()
    const settings = await ok<SettingsView>(core, 'settings:get', {})
    expect(settings.processor).toBe('btcpay')
    expect(entry(settings, 'btcpay')).toMatchObject({ connected: true, connection: null })
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '6.50', currency: 'USD' })
    expect(sale).toMatchObject({ processor: 'btcpay', state: 'awaiting' })
    expect(btcpay.control.invoices(sale.id)).toHaveLength(1)
  })
})

describe('Plisio', () => {
  it('connects: shop name, white label, commission payer, coins with maintenance and minimums', async () => {
    const { settings, connection } = await ok<Connected>(core, 'processor:connect', {
      processor: 'plisio',
      apiKey: plisio.apiKey
    })
    expect(connection).toMatchObject({ processor: 'plisio', account: 'Kassa Test Shop', missing: [] })
    expect(connection.permissions).toEqual(['api_key', 'white_label', 'Request IP'])
    expect(fact(connection, 'Shop')).toBe('Kassa Test Shop')
    expect(fact(connection, 'Checkout')).toMatch(/White label/)
    expect(fact(connection, 'Commission paid by')).toBe('the shop')
    const coins = fact(connection, 'Enabled coins')!
    expect(coins).toContain('BTC (min 0.00010000 BTC, 65000.00 USD)')
    expect(coins).toContain('LTC (maintenance')
    expect(coins).not.toContain('USDT_TRX')
    expect(settings.processor).toBe('plisio')
    expect(entry(settings, 'plisio')).toMatchObject({
      connected: true,
      keyStored: true,
      refunds: 'withdrawal'
    })
    expect(secrets.secrets.get('processor:plisio')).toBe(plisio.apiKey)
    expect(ledgerBytes()).not.toContain(plisio.apiKey)
  })

  it('says a hosted shop shows Plisio’s page, and that refunds need Request IP', async () => {
    plisio.control.setShop({ whiteLabel: false, commissionPayment: 'client' })
    plisio.control.setIpAllowed(false)
    try {
      const { connection } = await ok<Connected>(core, 'processor:connect', {
        processor: 'plisio',
        apiKey: plisio.apiKey
      })
      expect(fact(connection, 'Checkout')).toMatch(/Hosted/)
      expect(fact(connection, 'Commission paid by')).toBe('the customer')
      expect(connection.missing).toContainEqual({ feature: 'refunds', permission: 'Request IP' })
    } finally {
      plisio.control.setShop({ whiteLabel: true, commissionPayment: 'shop' })
      plisio.control.setIpAllowed(true)
    }
  })

  it('refuses a wrong key and stores nothing', async () => {
    const error = await fails(core, 'processor:connect', { processor: 'plisio', apiKey: 'sim_wrongkey123' })
    expect(error.code).toBe('processor-auth')
    await expectNothingStored('plisio')
  })
})

describe('BTPay', () => {
  it('connects: server and rates as facts, the notes, grace seconds in the config', async () => {
    const { settings, connection } = await ok<Connected>(core, 'processor:connect', {
      processor: 'btpay',
      baseUrl: btpay.url,
      apiKey: btpay.apiKey,
      graceSeconds: 120
    })
    expect(connection).toMatchObject({ processor: 'btpay', account: new URL(btpay.url).host, warnings: [] })
    expect(fact(connection, 'Rate BTC/USD')).toBe('71250.00 (BTPay)')
    expect(fact(connection, 'Rate BTC/EUR')).toBe('65800.00 (BTPay)')
    const view = entry(settings, 'btpay')
    expect(view).toMatchObject({
      connected: true,
      refunds: 'record',
      config: { baseUrl: btpay.url, graceSeconds: 120 }
    })
    expect(view.notes.join(' ')).toMatch(/cannot call back this till/)
    expect(view.notes.join(' ')).toMatch(/no refund API/)
    expect(settings.processor).toBe('btpay')
    expect(ledgerBytes()).not.toContain(btpay.apiKey)
  })

  it('says a refused key is not accepted, and stores nothing', async () => {
    const error = await fails(core, 'processor:connect', {
      processor: 'btpay',
      baseUrl: btpay.url,
      apiKey: 'not-a-btpay-key-000'
    })
    expect(error.code).toBe('processor-auth')
    expect(error.message).toMatch(/^Key not accepted: BTPay refused the API key/)
    await expectNothingStored('btpay')
  })

  it('reports the rate service being down as unavailable, and stores nothing', async () => {
    btpay.control.setRatesDown(true)
    try {
      const error = await fails(core, 'processor:connect', {
        processor: 'btpay',
        baseUrl: btpay.url,
        apiKey: btpay.apiKey
      })
      expect(error.code).toBe('processor-unavailable')
      expect(error.message).toMatch(/rate/i)
      await expectNothingStored('btpay')
    } finally {
      btpay.control.setRatesDown(false)
    }
  })

  it('keeps the grace seconds when re-checking with the stored key, and can switch back to the Demo', async () => {
    await ok(core, 'processor:connect', {
      processor: 'btpay',
      baseUrl: btpay.url,
      apiKey: btpay.apiKey,
      graceSeconds: 30
    })
    const { settings } = await ok<Connected>(core, 'processor:connect', {
      processor: 'btpay',
      baseUrl: btpay.url,
      activate: false
    })
    expect(entry(settings, 'btpay').config).toEqual({
      baseUrl: btpay.url,
      graceSeconds: 30,
      quoteMinutes: 30
    })
    const demo = await ok<SettingsView>(core, 'settings:update', { processor: 'demo' })
    expect(demo.processor).toBe('demo')
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '1.00', currency: 'USD' })
    expect(sale.processor).toBe('demo')
    await waitForSale(core, sale.id, (s) => s.state === 'awaiting')
  })
})
