import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { SaleView } from '@shared/contract'

const charge = vi.fn()
const simulate = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { sale: { charge }, demo: { simulate } } }))

const { useInvoiceStore } = await import('../../../src/renderer/src/stores/invoice')

function sale(over: Partial<SaleView> = {}): SaleView {
  return {
    id: 'sale_0123456789',
    createdAt: '2025-01-01T10:00:00Z',
    currency: 'EUR',
    amount: '9.90',
    memo: null,
    lines: [],
    processor: 'plisio',
    state: 'failed',
    error: { code: 'processor-unavailable', message: 'Plisio is down' },
    invoice: null,
    simulatable: false,
    taxRate: '0',
    subtotal: '9.90',
    tax: '0.00',
    discount: '0.00',
    tip: '0.00',
    taxes: [],
    taxInclusive: false,
    discountGiven: null,
    tipGiven: null,
    paymentMethod: null,
    receiptNumber: null,
    customer: null,
    refunds: [],
    refunded: '0.00',
    outbox: null,
    ...over
  }
}

describe('useInvoiceStore.retry', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    charge.mockReset()
    charge.mockResolvedValue({ ok: true, value: sale({ id: 'sale_abcdefghij', state: 'awaiting' }) })
  })

  it('charges a keypad sale again with its amount and memo only', async () => {
    const store = useInvoiceStore()
    store.sale = sale({ memo: 'coffee' })
    await store.retry()
    expect(charge).toHaveBeenCalledWith({ amount: '9.90', currency: 'EUR', memo: 'coffee' })
  })

  it('charges an itemised sale again with its lines, tax rate, discount and coin', async () => {
    const store = useInvoiceStore()
    const lines = [{ name: 'Sandwich', unitPrice: '4.50', quantity: 2 }]
    store.sale = sale({ lines, taxRate: '10', discount: '0.50', amount: '9.40', paymentMethod: 'LTC' })
    expect((await store.retry())?.id).toBe('sale_abcdefghij')
    expect(charge).toHaveBeenCalledWith({
      amount: '9.40',
      currency: 'EUR',
      lines,
      taxRate: '10',
      discount: { kind: 'amount', value: '0.50' },
      paymentMethod: 'LTC'
    })
  })

  it('charges the same cart again with its tip as the amount it came to, and per-line facts kept', async () => {
    const store = useInvoiceStore()
    const lines = [
      { name: 'Cake', unitPrice: '4.00', quantity: 1, taxRate: '7', itemId: 'itm_1', sku: 'CK-1' },
      { name: 'Item', unitPrice: '5.00', quantity: 1, taxRate: null, itemId: null, sku: null }
    ]
    store.sale = sale({ state: 'expired', lines, amount: '10.62', discount: '0.90', tip: '1.62' })
    await store.retry()
    expect(charge).toHaveBeenCalledWith({
      amount: '10.62',
      currency: 'EUR',
      lines: [
        { name: 'Cake', unitPrice: '4.00', quantity: 1, taxRate: '7', itemId: 'itm_1', sku: 'CK-1' },
        { name: 'Item', unitPrice: '5.00', quantity: 1 }
      ],
      taxRate: '0',
      discount: { kind: 'amount', value: '0.90' },
      tip: { kind: 'amount', value: '1.62' }
    })
  })
})

describe('useInvoiceStore.simulate', () => {
  it('pays by the method on screen, so a Lightning payment is not recorded as on-chain', async () => {
    setActivePinia(createPinia())
    simulate.mockResolvedValue({ ok: true, value: sale({ state: 'paid' }) })
    const store = useInvoiceStore()
    store.saleId = 'sale_0123456789'
    store.methodId = 'BTC-LN'
    await store.simulate('full')
    expect(simulate).toHaveBeenLastCalledWith({
      saleId: 'sale_0123456789',
      kind: 'full',
      paymentMethod: 'BTC-LN'
    })
    store.methodId = null
    await store.simulate('partial')
    expect(simulate).toHaveBeenLastCalledWith({ saleId: 'sale_0123456789', kind: 'partial' })
  })
})
