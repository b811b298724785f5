import { DEFAULT_OFFLINE_POLICY } from '@shared/outbox'
import { DEFAULT_KIOSK_SETTINGS } from '@shared/kiosk'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_REFUND_POLICY } from '@shared/refund-policy'
import { createPinia, setActivePinia } from 'pinia'
import type { ConnectionView, ProcessorSettingsView, SettingsView } from '@shared/contract'
import { tillSettings } from './fixtures'

const api = {
  settings: { get: vi.fn(), update: vi.fn() },
  processor: { connect: vi.fn(), check: vi.fn(), disconnect: vi.fn(), stores: vi.fn() }
}
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: api }))

const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')

function processor(over: Partial<ProcessorSettingsView>): ProcessorSettingsView {
  return {
    id: 'demo',
    label: 'Demo',
    available: true,
    needsKey: false,
    keyStored: false,
    keyHint: null,
    connected: true,
    config: null,
    connection: null,
    refunds: 'api',
    notes: [],
    canRevokeKey: false,
    ports: [],
    ...over
  }
}

function view(over: Partial<SettingsView> = {}): SettingsView {
  return {
    currency: 'EUR',
    taxRate: '0',
    businessDay: { timeZone: null, effectiveTimeZone: 'UTC', startHour: 0 },
    refundPolicy: { ...DEFAULT_REFUND_POLICY, allowedVariants: [...DEFAULT_REFUND_POLICY.allowedVariants] },
    processor: 'demo',
    processors: [
      processor({}),
      processor({ id: 'btcpay', label: 'BTCPay Server', needsKey: true, connected: false })
    ],
    keychain: { available: true, reason: null },
    till: tillSettings(),
    locale: null,
    offline: { ...DEFAULT_OFFLINE_POLICY },
    kiosk: { ...DEFAULT_KIOSK_SETTINGS },
    ...over
  }
}

const connection: ConnectionView = {
  processor: 'btcpay',
  account: 'Corner shop',
  permissions: ['btcpay.store.canviewinvoices'],
  missing: [{ feature: 'Refunds', permission: 'btcpay.store.cancreatepullpayments' }],
  version: '2.1.0',
  defaultCurrency: 'EUR',
  facts: [],
  warnings: ['The server is not synced'],
  checkedAt: '2025-01-01T10:00:00Z'
}

const refused = { ok: false, error: { code: 'processor-auth', message: 'The API key was refused' } }

describe('useSettingsStore (processors)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const group of Object.values(api)) for (const fn of Object.values(group)) fn.mockReset()
  })

  it('connects: takes main settings and shows the check on the processor', async () => {
    const store = useSettingsStore()
    store.settings = view()
    const after = view({
      processors: [
        processor({}),
        processor({ id: 'btcpay', connected: true, keyStored: true, keyHint: '••••3f9a' })
      ]
    })
    api.processor.connect.mockResolvedValue({ ok: true, value: { settings: after, connection } })
    const input = {
      processor: 'btcpay' as const,
      serverUrl: 'https://btcpay.example',
      storeId: 'store1',
      apiKey: 'secret-key-1',
      activate: false
    }
    expect(await store.connect(input)).toEqual(connection)
    expect(api.processor.connect).toHaveBeenCalledWith(input)
    const btcpay = store.settings?.processors.find((p) => p.id === 'btcpay')
    expect(btcpay?.connected).toBe(true)
    expect(btcpay?.connection).toEqual(connection)
    expect(store.processorErrors.btcpay).toBeUndefined()
    expect(store.busy).toBeNull()
  })

  it('keeps the settings and records the error next to the processor when connect fails', async () => {
    const store = useSettingsStore()
    const before = view()
    store.settings = before
    api.processor.connect.mockResolvedValue(refused)
    expect(await store.connect({ processor: 'plisio', apiKey: 'secret-key-1' })).toBeNull()
    expect(store.processorErrors.plisio).toEqual(refused.error)
    expect(store.error).toBeNull()
    expect(store.settings).toEqual(before)
    expect(store.busy).toBeNull()
  })

  it('clears the error of a processor on its next attempt', async () => {
    const store = useSettingsStore()
    store.settings = view()
    api.processor.check.mockResolvedValueOnce(refused).mockResolvedValueOnce({ ok: true, value: connection })
    expect(await store.check('btcpay')).toBeNull()
    expect(store.processorErrors.btcpay?.message).toBe('The API key was refused')
    expect(await store.check('btcpay')).toEqual(connection)
    expect(store.processorErrors.btcpay).toBeUndefined()
    expect(store.settings?.processors.find((p) => p.id === 'btcpay')?.connection).toEqual(connection)
  })

  it('disconnects with revoke and reports a failed revoke while still taking the new settings', async () => {
    const store = useSettingsStore()
    store.settings = view({ processor: 'btcpay' })
    const after = view()
    api.processor.disconnect.mockResolvedValue({
      ok: true,
      value: { settings: after, revoked: false, revokeError: 'HTTP 403' }
    })
    expect(await store.disconnect('btcpay', true)).toEqual({ revoked: false, revokeError: 'HTTP 403' })
    expect(api.processor.disconnect).toHaveBeenCalledWith({ processor: 'btcpay', revokeKey: true })
    expect(store.settings?.processor).toBe('demo')
    expect(store.revokeError).toBe('HTTP 403')
  })

  it('does not ask for a revoke unless told to', async () => {
    const store = useSettingsStore()
    store.settings = view()
    api.processor.disconnect.mockResolvedValue(refused)
    expect(await store.disconnect('btcpay')).toBeNull()
    expect(api.processor.disconnect).toHaveBeenCalledWith({ processor: 'btcpay' })
    expect(store.processorErrors.btcpay?.code).toBe('processor-auth')
  })

  it('lists BTCPay stores, and empties the list when listing fails', async () => {
    const store = useSettingsStore()
    const stores = [{ id: 'store1', name: 'Corner shop', defaultCurrency: 'EUR' }]
    api.processor.stores.mockResolvedValue({ ok: true, value: stores })
    expect(await store.loadStores('https://btcpay.example', 'secret-key-1')).toBe(true)
    expect(api.processor.stores).toHaveBeenCalledWith({
      serverUrl: 'https://btcpay.example',
      apiKey: 'secret-key-1'
    })
    expect(store.stores).toEqual(stores)
    api.processor.stores.mockResolvedValue(refused)
    expect(await store.loadStores('https://btcpay.example')).toBe(false)
    expect(api.processor.stores).toHaveBeenLastCalledWith({ serverUrl: 'https://btcpay.example' })
    expect(store.stores).toEqual([])
    expect(store.processorErrors.btcpay?.message).toBe('The API key was refused')
  })

  it('makes a processor the one for sales, or shows why not next to it', async () => {
    const store = useSettingsStore()
    store.settings = view()
    api.settings.update.mockResolvedValueOnce({ ok: true, value: view({ processor: 'btcpay' }) })
    expect(await store.use('btcpay')).toBe(true)
    expect(api.settings.update).toHaveBeenCalledWith({ processor: 'btcpay' })
    expect(store.activeProcessor?.id).toBe('btcpay')
    api.settings.update.mockResolvedValueOnce({
      ok: false,
      error: { code: 'not-configured', message: 'No key' }
    })
    expect(await store.use('demo')).toBe(false)
    expect(store.settings?.processor).toBe('btcpay')
    expect(store.processorErrors.demo?.code).toBe('not-configured')
  })

  it('saves the tax rate through settings:update and exposes it', async () => {
    const store = useSettingsStore()
    store.settings = view()
    api.settings.update.mockResolvedValue({ ok: true, value: view({ taxRate: '7.5' }) })
    expect(await store.update({ taxRate: '7.5' })).toBe(true)
    expect(api.settings.update).toHaveBeenCalledWith({ taxRate: '7.5' })
    expect(store.taxRate).toBe('7.5')
  })
})

describe('useSettingsStore (UI locale)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const group of Object.values(api)) for (const fn of Object.values(group)) fn.mockReset()
  })

  it('applies the owner’s locale from main at load and after a change; null follows the OS', async () => {
    const { i18n, intlLocale, setLocale } = await import('../../../src/renderer/src/i18n')
    setLocale('en')
    const store = useSettingsStore()
    api.settings.get.mockResolvedValue({ ok: true, value: view({ locale: 'de-AT' }) })
    expect(await store.load()).toBe(true)
    expect(i18n.global.locale.value).toBe('de')
    expect(intlLocale.value).toBe('de-AT')

    api.settings.update.mockResolvedValue({ ok: true, value: view({ locale: 'en-GB' }) })
    expect(await store.update({ locale: 'en-GB' })).toBe(true)
    expect(api.settings.update).toHaveBeenCalledWith({ locale: 'en-GB' })
    expect(i18n.global.locale.value).toBe('en')
    expect(intlLocale.value).toBe('en-GB')

    // No navigator in this test: the OS locale reads as en-US.
    api.settings.update.mockResolvedValue({ ok: true, value: view({ locale: null }) })
    await store.update({ locale: null })
    expect(intlLocale.value).toBe('en-US')
  })

  it('keeps the language on screen when main refuses a change', async () => {
    const { i18n, setLocale } = await import('../../../src/renderer/src/i18n')
    setLocale('de')
    const store = useSettingsStore()
    api.settings.update.mockResolvedValue({
      ok: false,
      error: { code: 'invalid-input', message: 'locale: Kassa is not written in "fr"' }
    })
    expect(await store.update({ locale: 'fr' })).toBe(false)
    expect(i18n.global.locale.value).toBe('de')
    setLocale('en')
  })
})
