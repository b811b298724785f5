import { homedir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MODULES } from '../../../src/main/processors/modules'
import type { Events } from '@shared/contract'
import { demoConfirmDelay, resolveDataDir } from '../../../src/main/config'
import { EventBus } from '../../../src/main/events'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import type { ProcessorId } from '@shared/invoice'
import {
  SettingsService,
  keyAccount,
  type ProcessorDirectory
} from '../../../src/main/settings/settings-service'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { memoryLog } from '../../fixtures/memory-log'

afterEach(() => vi.restoreAllMocks())

describe('config', () => {
  it('takes the data folder from --data-dir, then KASSA_DATA_DIR, then the fallback, then ~/.kassa', () => {
    const env = { KASSA_DATA_DIR: '/env/dir' }
    expect(resolveDataDir(['node', 'main', '--data-dir', '/flag/dir'], env, '/fallback')).toBe('/flag/dir')
    expect(resolveDataDir(['node', 'main'], env, '/fallback')).toBe('/env/dir')
    expect(resolveDataDir(['node', 'main', '--data-dir'], {}, '/fallback')).toBe('/fallback')
    expect(resolveDataDir(['node', 'main'], { KASSA_DATA_DIR: '' })).toBe(join(homedir(), '.kassa'))
  })

  it('reads the Demo confirmation delay only as a whole number of ms', () => {
    expect(demoConfirmDelay({ KASSA_DEMO_CONFIRM_MS: '250' })).toBe(250)
    expect(demoConfirmDelay({ KASSA_DEMO_CONFIRM_MS: '0' })).toBe(0)
    for (const value of ['-1', '1.5', '1e3', 'abc', '', undefined]) {
      expect(demoConfirmDelay({ KASSA_DEMO_CONFIRM_MS: value })).toBeUndefined()
    }
  })
})

describe('EventBus', () => {
  const payload: Events['connectivity:changed'] = {
    processor: 'demo',
    state: 'online',
    detail: null,
    checkedAt: 1,
    lastOkAt: 1
  }

  it('delivers each event to every listener until it unsubscribes', () => {
    const bus = new EventBus()
    const a: string[] = []
    const b: string[] = []
    const stopA = bus.subscribe((name) => a.push(name))
    bus.subscribe((name) => b.push(name))
    bus.emit('connectivity:changed', payload)
    stopA()
    bus.emit('connectivity:changed', payload)
    expect(a).toEqual(['connectivity:changed'])
    expect(b).toEqual(['connectivity:changed', 'connectivity:changed'])
  })

  it('keeps delivering to the others when one listener throws, and logs the failure with its stack', () => {
    const memory = memoryLog()
    const bus = new EventBus(memory.log)
    const seen: unknown[] = []
    bus.subscribe(() => {
      throw new Error('a broken screen')
    })
    bus.subscribe((_name, data) => seen.push(data))
    expect(() => bus.emit('connectivity:changed', payload)).not.toThrow()
    expect(seen).toEqual([payload])
    expect(memory.lines()).toMatchObject([
      {
        level: 50,
        event: 'connectivity:changed',
        err: { message: 'a broken screen', stack: expect.any(String) }
      }
    ])
  })
})

describe('SettingsService', () => {
  /** A directory where only `connected` processors are connected (besides the Demo). */
  function setup(secrets = new MemorySecretStore(), connected: ProcessorId[] = []) {
    const ledger = new Ledger(openDatabase(':memory:'))
    const directory: ProcessorDirectory = {
      modules: MODULES,
      module: (id) => MODULES.find((m) => m.id === id) ?? null,
      get: () => null,
      isConnected: (id) => id === 'demo' || connected.includes(id),
      config: (id) =>
        connected.includes(id) && id === 'btcpay' ? { serverUrl: 'https://pay.shop', storeId: 'S1' } : null,
      connection: () => null
    }
    return { ledger, secrets, settings: new SettingsService(ledger, secrets, () => directory) }
  }

  it('defaults to USD and the Demo', async () => {
    const { settings } = setup()
    const view = await settings.view()
    expect(view).toMatchObject({
      currency: 'USD',
      processor: 'demo',
      keychain: { available: true, reason: null }
    })
    expect(view.processors.map((p) => [p.id, p.available, p.needsKey, p.connected, p.refunds])).toEqual([
      ['demo', true, false, true, 'api'],
      ['btcpay', true, true, false, 'api'],
      ['plisio', true, true, false, 'withdrawal'],
      ['btpay', true, true, false, 'record']
    ])
    expect(view.taxRate).toBe('0')
    expect(view.processors.find((p) => p.id === 'btpay')?.notes.join(' ')).toMatch(/private-network/)
  })

  it('switches to a connected processor and keeps the tax rate', async () => {
    const { settings } = setup(new MemorySecretStore(), ['btcpay'])
    const view = await settings.update({ processor: 'btcpay', taxRate: '7.5' })
    expect(view).toMatchObject({ processor: 'btcpay', taxRate: '7.5' })
    expect(view.processors.find((p) => p.id === 'btcpay')?.config).toEqual({
      serverUrl: 'https://pay.shop',
      storeId: 'S1'
    })
  })

  it('refuses to switch to a processor that is not connected, changing nothing', async () => {
    const { settings } = setup()
    await expect(settings.update({ processor: 'btcpay', currency: 'EUR' })).rejects.toMatchObject({
      code: 'conflict'
    })
    expect(settings.processor).toBe('demo')
    expect(settings.currency).toBe('USD')
  })

  it('falls back to the Demo when the stored processor is no longer connected', () => {
    const { settings, ledger } = setup()
    ledger.setSetting('processor', 'plisio')
    expect(settings.processor).toBe('demo')
  })

  it('stores a key in the secret store and only its masked hint in the ledger', async () => {
    const { settings, ledger, secrets } = setup()
    const view = await settings.storeKey('btcpay', 'abcdefgh12345678wxyz')
    expect(secrets.secrets.get(keyAccount('btcpay'))).toBe('abcdefgh12345678wxyz')
    expect(ledger.getSetting('keyHint:btcpay')).toBe('••••wxyz')
    expect(view.processors.find((p) => p.id === 'btcpay')).toMatchObject({
      keyStored: true,
      keyHint: '••••wxyz'
    })
    expect(JSON.stringify(view)).not.toContain('abcdefgh')
    expect(await settings.apiKey('btcpay')).toBe('abcdefgh12345678wxyz')
    await settings.deleteKey('btcpay')
    expect(secrets.secrets.size).toBe(0)
    expect(ledger.getSetting('keyHint:btcpay')).toBeNull()
  })
})
