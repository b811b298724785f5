import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SettingsView } from '@shared/contract'

const charge = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { sale: { charge } } }))

const { useSaleStore } = await import('../../../src/renderer/src/stores/sale')
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')

function withCurrency(currency: string): ReturnType<typeof useSaleStore> {
  const settings = useSettingsStore()
  settings.settings = {
    currency,
    taxRate: '0',
    processor: 'demo',
    processors: [],
    keychain: { available: true, reason: null }
  } satisfies SettingsView
  return useSaleStore()
}

const press = (store: ReturnType<typeof useSaleStore>, keys: string): void => {
  for (const key of keys) store.press(key as '0')
}

describe('useSaleStore (keypad and charge)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    charge.mockReset()
  })

  it('fills digits from the right in cents for USD', () => {
    const store = withCurrency('USD')
    press(store, '1234')
    expect(store.amount).toBe('12.34')
    expect(store.display).toBe('$12.34')
  })

  it('has no minor unit for JPY', () => {
    const store = withCurrency('JPY')
    press(store, '1234')
    expect(store.amount).toBe('1234')
    expect(store.display).toBe('¥1,234')
  })

  it('clears with C, removes the last digit with ⌫, and types 00', () => {
    const store = withCurrency('USD')
    press(store, '12')
    store.press('00')
    expect(store.amount).toBe('12.00')
    store.press('⌫')
    expect(store.amount).toBe('1.20')
    store.press('C')
    expect(store.amount).toBe('0.00')
    expect(store.canCharge).toBe(false)
  })

  it('cannot charge before settings give a currency', () => {
    const store = useSaleStore()
    press(store, '5')
    expect(store.canCharge).toBe(false)
    expect(store.display).toBe('—')
  })

  it('charges the decimal amount with the memo and clears the keypad on success', async () => {
    const store = withCurrency('EUR')
    press(store, '250')
    store.memo = '  coffee '
    charge.mockResolvedValue({ ok: true, value: { id: 'sale_0123456789' } })
    const sale = await store.charge()
    expect(charge).toHaveBeenCalledWith({ amount: '2.50', currency: 'EUR', memo: 'coffee' })
    expect(sale?.id).toBe('sale_0123456789')
    expect(store.digits).toBe('')
    expect(store.memo).toBe('')
  })

  it('keeps the typed amount and the error when the charge fails', async () => {
    const store = withCurrency('USD')
    press(store, '999')
    const error = { code: 'processor-connection', message: 'BTCPay is not reachable' }
    charge.mockResolvedValue({ ok: false, error })
    expect(await store.charge()).toBeNull()
    expect(store.state).toBe('error')
    expect(store.error).toEqual(error)
    expect(store.amount).toBe('9.99')
  })
})
