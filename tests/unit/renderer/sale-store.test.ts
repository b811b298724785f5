import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_REFUND_POLICY } from '@shared/refund-policy'
import { createPinia, setActivePinia } from 'pinia'
import type { SaleView, SettingsView } from '@shared/contract'
import { tillSettings } from './fixtures'

const charge = vi.fn()
const payOptions = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { sale: { charge, payOptions } } }))
import { DEFAULT_OFFLINE_POLICY } from '@shared/outbox'
import { DEFAULT_KIOSK_SETTINGS } from '@shared/kiosk'

const { useSaleStore } = await import('../../../src/renderer/src/stores/sale')
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')

function withCurrency(currency: string, taxRate = '0'): ReturnType<typeof useSaleStore> {
  const settings = useSettingsStore()
  settings.settings = {
    currency,
    taxRate,
    processor: 'demo',
    processors: [],
    keychain: { available: true, reason: null },
    businessDay: { timeZone: null, effectiveTimeZone: 'UTC', startHour: 0 },
    refundPolicy: { ...DEFAULT_REFUND_POLICY, allowedVariants: [...DEFAULT_REFUND_POLICY.allowedVariants] },
    till: tillSettings(),
    locale: null,
    offline: { ...DEFAULT_OFFLINE_POLICY },
    kiosk: { ...DEFAULT_KIOSK_SETTINGS }
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
    payOptions.mockReset()
    payOptions.mockResolvedValue({ ok: true, value: [] })
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
    expect(payOptions).toHaveBeenCalledWith({ amount: '2.50', currency: 'EUR' })
    expect(charge).toHaveBeenCalledWith({ amount: '2.50', currency: 'EUR', memo: 'coffee' })
    expect((sale as SaleView | null)?.id).toBe('sale_0123456789')
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

describe('useSaleStore (cart)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    charge.mockReset()
    payOptions.mockReset()
    payOptions.mockResolvedValue({ ok: true, value: [] })
    charge.mockResolvedValue({ ok: true, value: { id: 'sale_0123456789' } })
  })

  const addItem = (store: ReturnType<typeof useSaleStore>, keys: string, name: string): void => {
    press(store, keys)
    store.memo = name
    store.addItem()
  }

  it('adds the typed amount as a line named by the memo field, then clears both', () => {
    const store = withCurrency('USD')
    addItem(store, '250', ' Coffee ')
    expect(store.lines).toEqual([{ name: 'Coffee', unitPrice: '2.50', quantity: 1, priceType: 'custom' }])
    expect(store.digits).toBe('')
    expect(store.memo).toBe('')
  })

  it('names an unnamed keypad line "Item" and refuses to add nothing', () => {
    const store = withCurrency('USD')
    store.addItem()
    expect(store.lines).toEqual([])
    addItem(store, '100', '')
    expect(store.lines[0]?.name).toBe('Item')
  })

  it('computes subtotal, tax (half-up) and total with the settings tax rate', () => {
    const store = withCurrency('USD', '8.25')
    addItem(store, '333', 'Tea')
    addItem(store, '1000', 'Cake')
    store.bump(0, 1)
    // 2 × 3.33 + 10.00 = 16.66; 8.25 % = 1.37445 → 1.37
    expect(store.totals).toMatchObject({ subtotal: '16.66', tax: '1.37', total: '18.03' })
    expect(store.chargeAmount).toBe('18.03')
  })

  it('keeps a quantity at least 1 and removes lines', () => {
    const store = withCurrency('USD')
    addItem(store, '100', 'A')
    addItem(store, '200', 'B')
    store.bump(0, -1)
    expect(store.lines[0]?.quantity).toBe(1)
    store.remove(0)
    expect(store.lines.map((l) => l.name)).toEqual(['B'])
    store.remove(0)
    expect(store.totals).toBeNull()
    expect(store.canCharge).toBe(false)
  })

  it('charges the cart total with its lines and tax rate, then empties the cart', async () => {
    const store = withCurrency('EUR', '10')
    addItem(store, '450', 'Sandwich')
    addItem(store, '450', 'Sandwich')
    store.memo = 'table 4'
    await store.charge()
    expect(payOptions).toHaveBeenCalledWith({ amount: '9.90', currency: 'EUR' })
    expect(charge).toHaveBeenCalledWith({
      amount: '9.90',
      currency: 'EUR',
      lines: [{ name: 'Sandwich', unitPrice: '4.50', quantity: 2 }],
      taxRate: '10',
      memo: 'table 4'
    })
    expect(store.lines).toEqual([])
  })

  it('adds an amount typed but not yet added to the cart when charging', async () => {
    const store = withCurrency('USD')
    addItem(store, '100', 'A')
    press(store, '50')
    store.memo = 'B'
    expect(store.chargeAmount).toBe('1.50')
    await store.charge()
    expect(charge.mock.calls[0]?.[0]).toMatchObject({
      amount: '1.50',
      lines: [
        { name: 'A', unitPrice: '1.00', quantity: 1 },
        { name: 'B', unitPrice: '0.50', quantity: 1 }
      ]
    })
    expect(charge.mock.calls[0]?.[0]).not.toHaveProperty('memo')
  })

  it('keeps the cart when the charge fails', async () => {
    const store = withCurrency('USD')
    addItem(store, '100', 'A')
    charge.mockResolvedValue({ ok: false, error: { code: 'processor-auth', message: 'Key refused' } })
    expect(await store.charge()).toBeNull()
    expect(store.lines).toHaveLength(1)
    expect(store.error?.message).toBe('Key refused')
  })
})

describe('useSaleStore (pay options)', () => {
  const coins = [
    {
      id: 'BTC',
      label: 'Bitcoin',
      currency: 'BTC',
      rate: '60000',
      minAmount: '1.00',
      available: true,
      reason: null
    },
    {
      id: 'LTC',
      label: 'Litecoin',
      currency: 'LTC',
      rate: '80',
      minAmount: null,
      available: false,
      reason: 'In maintenance'
    }
  ]

  beforeEach(() => {
    setActivePinia(createPinia())
    charge.mockReset()
    payOptions.mockReset()
    charge.mockResolvedValue({ ok: true, value: { id: 'sale_0123456789' } })
  })

  it('shows the coins instead of charging, then charges in the picked coin', async () => {
    const store = withCurrency('EUR')
    press(store, '500')
    payOptions.mockResolvedValue({ ok: true, value: coins })
    expect(await store.charge()).toBeNull()
    expect(charge).not.toHaveBeenCalled()
    expect(store.payOptions).toEqual(coins)
    expect(store.canCharge).toBe(false)
    const sale = await store.chargeWith('BTC')
    expect(charge).toHaveBeenCalledWith({ amount: '5.00', currency: 'EUR', paymentMethod: 'BTC' })
    expect((sale as SaleView | null)?.id).toBe('sale_0123456789')
    expect(store.payOptions).toBeNull()
    expect(store.digits).toBe('')
  })

  it('refuses an unavailable coin', async () => {
    const store = withCurrency('EUR')
    press(store, '500')
    payOptions.mockResolvedValue({ ok: true, value: coins })
    await store.charge()
    expect(await store.chargeWith('LTC')).toBeNull()
    expect(charge).not.toHaveBeenCalled()
  })

  it('keeps the coins on screen with the error when the charge in a coin fails', async () => {
    const store = withCurrency('EUR')
    press(store, '500')
    payOptions.mockResolvedValue({ ok: true, value: coins })
    await store.charge()
    charge.mockResolvedValue({
      ok: false,
      error: { code: 'processor-invalid-request', message: 'Too small' }
    })
    expect(await store.chargeWith('BTC')).toBeNull()
    expect(store.error?.message).toBe('Too small')
    expect(store.payOptions).toEqual(coins)
  })

  it('shows a pay options failure and charges nothing; the cashier can retry', async () => {
    const store = withCurrency('EUR')
    press(store, '500')
    payOptions.mockResolvedValue({
      ok: false,
      error: { code: 'processor-connection', message: 'Plisio is down' }
    })
    expect(await store.charge()).toBeNull()
    expect(charge).not.toHaveBeenCalled()
    expect(store.error?.message).toBe('Plisio is down')
    expect(store.canCharge).toBe(true)
    payOptions.mockResolvedValue({ ok: true, value: [] })
    expect(((await store.charge()) as SaleView | null)?.id).toBe('sale_0123456789')
  })

  it('closes the picker when the amount changes', async () => {
    const store = withCurrency('EUR')
    press(store, '500')
    payOptions.mockResolvedValue({ ok: true, value: coins })
    await store.charge()
    store.press('0')
    expect(store.payOptions).toBeNull()
    expect(await store.chargeWith('BTC')).toBeNull()
  })
})
