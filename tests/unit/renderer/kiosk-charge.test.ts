import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SettingsView } from '@shared/contract'
import { DEFAULT_KIOSK_SETTINGS } from '@shared/kiosk'
import { DEFAULT_OFFLINE_POLICY } from '@shared/outbox'
import { DEFAULT_REFUND_POLICY } from '@shared/refund-policy'
import { tillSettings } from './fixtures'

// The kiosk charges through the till's sale store with its own tip choice (Settings → Kiosk `tips`), whatever
// the till's own `tipsEnabled` says.

const charge = vi.fn()
const payOptions = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { sale: { charge, payOptions } } }))

const { useSaleStore } = await import('../../../src/renderer/src/stores/sale')
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')

function store(tipsEnabled: boolean): ReturnType<typeof useSaleStore> {
  useSettingsStore().settings = {
    currency: 'USD',
    taxRate: '0',
    processor: 'demo',
    processors: [],
    keychain: { available: true, reason: null },
    businessDay: { timeZone: null, effectiveTimeZone: 'UTC', startHour: 0 },
    refundPolicy: { ...DEFAULT_REFUND_POLICY, allowedVariants: [...DEFAULT_REFUND_POLICY.allowedVariants] },
    till: { ...tillSettings(), tipsEnabled },
    locale: null,
    offline: { ...DEFAULT_OFFLINE_POLICY },
    kiosk: { ...DEFAULT_KIOSK_SETTINGS }
  } satisfies SettingsView
  const sale = useSaleStore()
  for (const key of '500') sale.press(key as '5')
  return sale
}

describe('sale store: the kiosk’s own tip choice', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    charge.mockReset()
    payOptions.mockReset()
    payOptions.mockResolvedValue({ ok: true, value: [] })
    charge.mockResolvedValue({ ok: true, value: { id: 'sal_1' } })
  })

  it('asks for a tip when the kiosk offers tips, though the till does not', async () => {
    const sale = store(false)
    expect(await sale.charge({ tips: true })).toBe('tip')
    expect(sale.tipStep).toBe(true)
    expect(charge).not.toHaveBeenCalled()
    await sale.chooseTip({ kind: 'percent', value: '10' })
    expect(charge).toHaveBeenCalledTimes(1)
    expect(charge.mock.calls[0]![0]).toMatchObject({ amount: '5.50', tip: { kind: 'percent', value: '10' } })
  })

  it('charges at once when the kiosk offers no tips, though the till does', async () => {
    const sale = store(true)
    expect(await sale.charge({ tips: false })).toMatchObject({ id: 'sal_1' })
    expect(charge.mock.calls[0]![0]).toMatchObject({ amount: '5.00' })
    expect(charge.mock.calls[0]![0]).not.toHaveProperty('tip')
  })

  it('without an option follows the till’s setting, as before', async () => {
    expect(await store(true).charge()).toBe('tip')
    setActivePinia(createPinia())
    expect(await store(false).charge()).toMatchObject({ id: 'sal_1' })
  })
})
