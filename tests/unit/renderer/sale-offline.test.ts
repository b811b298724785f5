import { DEFAULT_OFFLINE_POLICY } from '@shared/outbox'
import { DEFAULT_KIOSK_SETTINGS } from '@shared/kiosk'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_REFUND_POLICY } from '@shared/refund-policy'
import { createPinia, setActivePinia } from 'pinia'
import type { KassaErrorData, SettingsView, TillSettingsView } from '@shared/contract'
import { saleView, tillSettings } from './fixtures'

const charge = vi.fn()
const payOptions = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { sale: { charge, payOptions } } }))

const { useSaleStore } = await import('../../../src/renderer/src/stores/sale')
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')

function till(over: Partial<TillSettingsView> = {}): ReturnType<typeof useSaleStore> {
  useSettingsStore().settings = {
    currency: 'USD',
    taxRate: '0',
    processor: 'btcpay',
    processors: [],
    keychain: { available: true, reason: null },
    businessDay: { timeZone: null, effectiveTimeZone: 'UTC', startHour: 0 },
    refundPolicy: { ...DEFAULT_REFUND_POLICY, allowedVariants: [...DEFAULT_REFUND_POLICY.allowedVariants] },
    locale: null,
    offline: { ...DEFAULT_OFFLINE_POLICY },
    kiosk: { ...DEFAULT_KIOSK_SETTINGS },
    till: tillSettings(over)
  } satisfies SettingsView
  return useSaleStore()
}

const refusal = (params: Record<string, string>): { ok: false; error: KassaErrorData } => ({
  ok: false,
  error: {
    code: 'processor-offline',
    message: 'BTCPay Server cannot be reached',
    params: { processor: 'btcpay', alternatives: 'demo', ...params }
  }
})

function ringUp(store: ReturnType<typeof useSaleStore>, digits = '1250'): void {
  for (const key of digits) store.press(key as '0')
}

describe('the sale store when the processor is offline', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    charge.mockReset()
    payOptions.mockReset()
    payOptions.mockResolvedValue({ ok: true, value: [] })
  })

  it('keeps the draft and the refusal for the cashier to choose, with nothing typed lost', async () => {
    const store = till()
    ringUp(store)
    charge.mockResolvedValueOnce(refusal({ reason: 'outbox-confirm' }))
    expect(await store.charge()).toBeNull()
    expect(store.offline?.params?.reason).toBe('outbox-confirm')
    expect(store.offlineAmount).toBe('12.50')
    expect(store.draft).not.toBeNull()
    expect(store.error).toBeNull()
    expect(store.amount).toBe('12.50')
    expect(store.canCharge).toBe(false)
  })

  it('charges the same request on the processor chosen instead, without the coin picked for the offline one', async () => {
    const store = till()
    ringUp(store)
    payOptions.mockResolvedValueOnce({
      ok: true,
      value: [
        {
          id: 'BTC',
          label: 'Bitcoin',
          currency: 'BTC',
          rate: null,
          minAmount: null,
          available: true,
          reason: null
        }
      ]
    })
    await store.charge()
    charge.mockResolvedValueOnce(refusal({ reason: 'offline-not-allowed' }))
    await store.chargeWith('BTC')
    expect(charge.mock.calls[0]![0]).toMatchObject({ amount: '12.50', paymentMethod: 'BTC' })
    charge.mockResolvedValueOnce({ ok: true, value: saleView({ id: 'sale_demo', state: 'awaiting' }) })
    const sale = await store.chargeOffline({ processor: 'demo' })
    expect(sale?.id).toBe('sale_demo')
    const sent = charge.mock.calls[1]![0]
    expect(sent).toEqual({ amount: '12.50', currency: 'USD', processor: 'demo' })
    expect(store.offline).toBeNull()
    expect(store.draft).toBeNull()
    expect(store.amount).toBe('0.00')
  })

  it('sends the cart again with outbox: true when the cashier keeps the sale', async () => {
    const store = till()
    ringUp(store)
    store.addItem()
    charge.mockResolvedValueOnce(refusal({ reason: 'outbox-confirm' }))
    await store.charge()
    charge.mockResolvedValueOnce({
      ok: true,
      value: saleView({
        state: 'creating',
        outbox: { since: 'a', until: 'b', attempts: 0, nextAttemptAt: null }
      })
    })
    await store.chargeOffline({ outbox: true })
    const [first, second] = charge.mock.calls.map((call) => call[0])
    expect(second).toEqual({ ...first, outbox: true })
    expect(store.lines).toEqual([])
  })

  it('shows a second refusal (a cap reached meanwhile) in place of the first', async () => {
    const store = till()
    ringUp(store)
    charge.mockResolvedValueOnce(refusal({ reason: 'outbox-confirm' }))
    await store.charge()
    charge.mockResolvedValueOnce(refusal({ reason: 'outbox-total-cap', limit: '500', open: '495' }))
    expect(await store.chargeOffline({ outbox: true })).toBeNull()
    expect(store.offline?.params?.reason).toBe('outbox-total-cap')
    expect(store.draft).not.toBeNull()
  })

  it('closes the choice and keeps the cart when the other processor fails for another reason', async () => {
    const store = till()
    ringUp(store)
    store.addItem()
    charge.mockResolvedValueOnce(refusal({ reason: 'offline-not-allowed' }))
    await store.charge()
    charge.mockResolvedValueOnce({ ok: false, error: { code: 'processor-auth', message: 'bad key' } })
    expect(await store.chargeOffline({ processor: 'demo' })).toBeNull()
    expect(store.offline).toBeNull()
    expect(store.draft).toBeNull()
    expect(store.error?.code).toBe('processor-auth')
    expect(store.lines).toHaveLength(1)
    expect(store.canCharge).toBe(true)
  })

  it('goes back to the cart on Cancel, nothing lost', async () => {
    const store = till()
    ringUp(store)
    store.addItem()
    charge.mockResolvedValueOnce(refusal({ reason: 'offline-not-allowed', alternatives: '' }))
    await store.charge()
    store.cancelDraft()
    expect(store.offline).toBeNull()
    expect(store.lines).toHaveLength(1)
    expect(store.canCharge).toBe(true)
    expect(await store.chargeOffline({ outbox: true })).toBeNull()
    expect(charge).toHaveBeenCalledTimes(1)
  })

  it('keeps the tip chosen when the refusal comes after the tip step', async () => {
    const store = till({ tipsEnabled: true })
    ringUp(store)
    store.addItem()
    expect(await store.charge()).toBe('tip')
    charge.mockResolvedValueOnce(refusal({ reason: 'outbox-confirm' }))
    await store.chooseTip({ kind: 'percent', value: '10' })
    expect(store.offline).not.toBeNull()
    expect(store.offlineAmount).toBe('13.75')
    charge.mockResolvedValueOnce({ ok: true, value: saleView({ state: 'creating' }) })
    await store.chargeOffline({ outbox: true })
    expect(charge.mock.calls[1]![0]).toMatchObject({
      amount: '13.75',
      tip: { kind: 'percent', value: '10' },
      outbox: true
    })
  })
})
