import { DEFAULT_OFFLINE_POLICY } from '@shared/outbox'
import { DEFAULT_KIOSK_SETTINGS } from '@shared/kiosk'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_REFUND_POLICY } from '@shared/refund-policy'
import { createPinia, setActivePinia } from 'pinia'
import type { SaleView, SettingsView, TillSettingsView } from '@shared/contract'
import type { CatalogItemView } from '@shared/catalog'
import { cartTotals } from '@shared/cart'
import { formatMinor } from '@shared/money'

const charge = vi.fn()
const payOptions = vi.fn()
const byCode = vi.fn()
const api: { sale: unknown; catalog?: unknown } = { sale: { charge, payOptions } }
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: api }))

const { useSaleStore } = await import('../../../src/renderer/src/stores/sale')
const { useSettingsStore } = await import('../../../src/renderer/src/stores/settings')

type Store = ReturnType<typeof useSaleStore>

function till(over: Partial<TillSettingsView> = {}, taxRate = '0', currency = 'USD'): Store {
  useSettingsStore().settings = {
    currency,
    taxRate,
    processor: 'demo',
    processors: [],
    keychain: { available: true, reason: null },
    businessDay: { timeZone: null, effectiveTimeZone: 'UTC', startHour: 0 },
    refundPolicy: { ...DEFAULT_REFUND_POLICY, allowedVariants: [...DEFAULT_REFUND_POLICY.allowedVariants] },
    locale: null,
    offline: { ...DEFAULT_OFFLINE_POLICY },
    kiosk: { ...DEFAULT_KIOSK_SETTINGS },
    till: {
      taxInclusive: false,
      tipsEnabled: false,
      tipPresets: ['10', '15', '20'],
      maxSaleAmount: '5000',
      tillId: 'T1',
      ...over
    }
  } satisfies SettingsView
  return useSaleStore()
}

function item(over: Partial<CatalogItemView> = {}): CatalogItemView {
  return {
    id: 'itm_cake',
    title: 'Cheesecake',
    price: '4.50',
    priceType: 'fixed',
    sku: 'CK-1',
    barcode: '4006381333931',
    image: null,
    category: 'Cakes',
    taxRate: null,
    inventory: null,
    enabled: true,
    source: 'kassa',
    externalId: null,
    updatedAt: '2026-11-28T10:00:00Z',
    ...over
  }
}

const created = { id: 'sale_0123456789' } as SaleView
const sent = (): Record<string, unknown> => charge.mock.calls.at(-1)?.[0] as Record<string, unknown>

beforeEach(() => {
  setActivePinia(createPinia())
  charge.mockReset().mockResolvedValue({ ok: true, value: created })
  payOptions.mockReset().mockResolvedValue({ ok: true, value: [] })
  byCode.mockReset()
  delete api.catalog
})

describe('the cart through cartTotals', () => {
  it('adds catalog items with their own tax rate, SKU and id, and totals them as main will', async () => {
    const store = till({}, '10')
    store.addCatalogItem(item())
    store.addCatalogItem(item())
    store.addCatalogItem(item({ id: 'itm_tea', title: 'Tea', price: '2.00', taxRate: '7', sku: null }))
    store.setDiscount({ kind: 'percent', value: '10' })
    // 9.00 + 2.00 = 11.00; 10 % off = 1.10 spread 0.90 / 0.20; tax 10 % of 8.10 = 0.81, 7 % of 1.80 = 0.126 → 0.13
    expect(store.totals).toMatchObject({ subtotal: '11.00', discount: '1.10', tax: '0.94', total: '10.84' })
    expect(store.totals?.taxes.map((t) => t.rate)).toEqual(['10', '7'])
    await store.charge()
    expect(sent()).toEqual({
      amount: '10.84',
      currency: 'USD',
      lines: [
        { name: 'Cheesecake', unitPrice: '4.50', quantity: 2, itemId: 'itm_cake', sku: 'CK-1' },
        { name: 'Tea', unitPrice: '2.00', quantity: 1, taxRate: '7', itemId: 'itm_tea' }
      ],
      taxRate: '10',
      discount: { kind: 'percent', value: '10' }
    })
  })

  it('includes the tax in the prices when the store says so: nothing is added', () => {
    const store = till({ taxInclusive: true }, '19', 'EUR')
    store.addCatalogItem(item({ price: '11.90' }))
    expect(store.totals).toMatchObject({ subtotal: '11.90', tax: '1.90', total: '11.90', taxInclusive: true })
  })

  it('asks custom and minimum prices, and refuses a price below the minimum', () => {
    const store = till()
    const soup = item({ id: 'itm_soup', title: 'Soup', priceType: 'minimum', price: '3.00' })
    expect(() => store.addCatalogItem(soup, '2.99')).toThrow(/at least/)
    store.addCatalogItem(soup, '3.5')
    expect(store.lines[0]).toMatchObject({ unitPrice: '3.50', priceType: 'minimum', minPrice: '3.00' })
    expect(() => store.setLinePrice(0, '1.00')).toThrow(/at least/)
    store.setLinePrice(0, '4')
    store.setLineQuantity(0, 3)
    expect(store.totals?.total).toBe('12.00')
  })

  it('shows what is due, not the keypad entry, and charges a typed amount as a line "Item"', async () => {
    const store = till()
    store.addCatalogItem(item({ price: '18.93' }))
    expect(store.chargeAmount).toBe('18.93')
    for (const key of '500') store.press(key as '5')
    expect(store.chargeAmount).toBe('23.93')
    await store.charge()
    expect(sent()?.lines).toEqual([
      { name: 'Cheesecake', unitPrice: '18.93', quantity: 1, itemId: 'itm_cake', sku: 'CK-1' },
      { name: 'Item', unitPrice: '5.00', quantity: 1 }
    ])
  })
})

describe('the tip step', () => {
  it('makes no invoice until the customer chooses; the tip total is what is charged', async () => {
    const store = till({ tipsEnabled: true }, '8')
    store.addCatalogItem(item({ price: '10.00' }))
    store.addCatalogItem(item({ id: 'itm_b', title: 'Bagel', price: '7.53' }))
    store.setDiscount({ kind: 'percent', value: '10' })
    expect(await store.charge()).toBe('tip')
    expect(store.tipStep).toBe(true)
    expect(charge).not.toHaveBeenCalled()
    const tip = { kind: 'percent', value: '18' } as const
    const preview = store.previewTip(tip)
    const expected = cartTotals(
      {
        lines: [
          { unitPrice: '10.00', quantity: 1 },
          { unitPrice: '7.53', quantity: 1 }
        ],
        defaultTaxRate: '8',
        taxInclusive: false,
        discount: { kind: 'percent', value: '10' },
        tip
      },
      'USD'
    )
    expect(preview?.tip).toBe(formatMinor(expected.tip, 'USD'))
    expect(preview?.total).toBe(formatMinor(expected.total, 'USD'))
    expect((await store.chooseTip(tip))?.id).toBe('sale_0123456789')
    expect(sent()).toMatchObject({ amount: preview?.total, tip, discount: { kind: 'percent', value: '10' } })
    expect(store.lines).toEqual([])
  })

  it('puts a keypad sale with a tip on one line, and sends a keypad sale without one as before', async () => {
    const store = till({ tipsEnabled: true })
    for (const key of '1000') store.press(key as '1')
    store.memo = 'Lunch'
    await store.charge()
    await store.chooseTip({ kind: 'percent', value: '15' })
    expect(sent()).toEqual({
      amount: '11.50',
      currency: 'USD',
      lines: [{ name: 'Lunch', unitPrice: '10.00', quantity: 1 }],
      taxRate: '0',
      tip: { kind: 'percent', value: '15' }
    })
    for (const key of '1000') store.press(key as '1')
    await store.charge()
    await store.chooseTip(null)
    expect(sent()).toEqual({ amount: '10.00', currency: 'USD' })
  })
})

describe('a large amount', () => {
  it('asks the cashier before charging above the maximum, then charges with confirmLarge', async () => {
    const store = till({ maxSaleAmount: '5000' })
    for (const key of '4006381333931') store.press(key as '4')
    expect(await store.charge()).toBeNull()
    expect(charge).not.toHaveBeenCalled()
    expect(store.largeAmount).toBe('4006381333.93')
    await store.confirmLarge()
    expect(sent()).toMatchObject({ amount: '4006381333.93', confirmLarge: true })
  })

  it('goes back to the cart when the cashier does not confirm', async () => {
    const store = till({ maxSaleAmount: '100' })
    store.addCatalogItem(item({ price: '150.00' }))
    await store.charge()
    store.dismissLarge()
    expect(store.largeAmount).toBeNull()
    expect(store.canCharge).toBe(true)
    expect(store.lines).toHaveLength(1)
  })

  it('opens the confirmation when main refuses with sale-above-maximum', async () => {
    const store = till({ maxSaleAmount: '5000' })
    charge.mockResolvedValueOnce({ ok: false, error: { code: 'sale-above-maximum', message: 'Above 20.00' } })
    for (const key of '2500') store.press(key as '2')
    await store.charge()
    expect(store.largeAmount).toBe('25.00')
    expect(store.error).toBeNull()
    await store.confirmLarge()
    expect(sent()).toMatchObject({ amount: '25.00', confirmLarge: true })
  })
})

describe('a scan', () => {
  it('adds the item with that code and leaves the keypad alone', async () => {
    api.catalog = { byCode }
    byCode.mockResolvedValue({ ok: true, value: item() })
    const store = till()
    expect(await store.scan('4006381333931')).toBeNull()
    expect(byCode).toHaveBeenCalledWith({ code: '4006381333931' })
    expect(store.lines).toMatchObject([{ name: 'Cheesecake', itemId: 'itm_cake' }])
    expect(store.digits).toBe('')
  })

  it('says an unknown code is unknown and charges nothing', async () => {
    api.catalog = { byCode }
    byCode.mockResolvedValue({ ok: true, value: null })
    const store = till()
    await store.scan('4006381333931')
    expect(store.scanNotice).toEqual({ kind: 'unknown', code: '4006381333931' })
    expect(store.lines).toEqual([])
    expect(store.canCharge).toBe(false)
    expect(charge).not.toHaveBeenCalled()
  })

  it('finds a code of the last listing without asking main, barcode before SKU, in any case', async () => {
    const beans = item({
      id: 'itm_beans',
      title: 'Beans',
      barcode: '4006381333931',
      sku: 'BEANS',
      price: '9.90'
    })
    const tea = item({ id: 'itm_tea', title: 'Tea', barcode: 'beans', sku: 'TEA-1', price: '3.00' })
    const list = vi.fn().mockResolvedValue({ ok: true, value: { items: [beans, tea], categories: [] } })
    api.catalog = { list, byCode }
    const { listCatalog } = await import('../../../src/renderer/src/till/catalog-source')
    await listCatalog()
    const store = till()
    await store.scan('4006381333931')
    await store.scan('BEANS') // Tea's barcode, not Beans' SKU
    await store.scan('tea-1')
    expect(byCode).not.toHaveBeenCalled()
    expect(store.lines.map((line) => line.itemId)).toEqual(['itm_beans', 'itm_tea'])
    expect(store.lines.map((line) => line.quantity)).toEqual([1, 2])
  })

  it('returns an item whose price must be asked, without adding it', async () => {
    api.catalog = { byCode }
    byCode.mockResolvedValue({ ok: true, value: item({ priceType: 'custom', price: null }) })
    const store = till()
    expect((await store.scan('123456'))?.id).toBe('itm_cake')
    expect(store.lines).toEqual([])
  })
})
