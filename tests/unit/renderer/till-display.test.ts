import { describe, expect, it } from 'vitest'
import type { Invoice, InvoicePaymentMethod } from '@shared/invoice'
import { dueDisplay } from '../../../src/renderer/src/till/due'
import { customerPays } from '../../../src/renderer/src/invoice/remainder'
import { filterCatalog, indexCatalog } from '../../../src/renderer/src/till/catalog-filter'
import type { CatalogItemView } from '@shared/catalog'

describe('dueDisplay', () => {
  it('shows what the cart makes due, not the empty keypad entry', () => {
    expect(dueDisplay(true, '18.93', '0.00', false)).toEqual({ kind: 'due', amount: '18.93', entry: null })
  })

  it('shows the typed amount small beside what is due with it', () => {
    expect(dueDisplay(true, '23.93', '5.00', true)).toEqual({ kind: 'due', amount: '23.93', entry: '5.00' })
  })

  it('shows the typed amount without a cart', () => {
    expect(dueDisplay(false, '12.34', '12.34', true)).toEqual({ kind: 'entry', amount: '12.34', entry: null })
    expect(dueDisplay(false, null, '0.00', false)).toEqual({ kind: 'entry', amount: '0.00', entry: null })
  })
})

describe('customerPays', () => {
  const method: InvoicePaymentMethod = {
    id: 'BTC-CHAIN',
    currency: 'BTC',
    destination: 'bc1q',
    paymentLink: 'bitcoin:bc1q?amount=0.00040000',
    amount: '0.00040000',
    due: '0.00020000',
    paid: '0.00020000',
    rate: '65000'
  }
  const invoice = (over: Partial<Invoice>): Invoice => ({
    id: 'demo_1',
    processor: 'demo',
    orderId: 'sale_0123456789',
    status: 'New',
    additionalStatus: 'None',
    rawStatus: 'New',
    currency: 'USD',
    amount: '26.00',
    paid: '0.00',
    due: '26.00',
    createdAt: '2026-11-28T10:00:00Z',
    expiresAt: '2026-11-28T10:15:00Z',
    checkoutLink: null,
    paymentMethods: [method],
    payments: [],
    ...over
  })

  it('asks for the remainder after a partial payment, in fiat and in the coin', () => {
    const pays = customerPays(
      invoice({ additionalStatus: 'PaidPartial', paid: '13.00', due: '13.00' }),
      method
    )
    expect(pays).toEqual({ fiat: '13.00', crypto: '0.00020000', remainder: true })
  })

  it('asks for the whole amount before anything is paid', () => {
    expect(customerPays(invoice({}), { ...method, due: '0.00040000', paid: '0' })).toEqual({
      fiat: '26.00',
      crypto: '0.00040000',
      remainder: false
    })
  })

  it('has no remainder once overpaid', () => {
    expect(customerPays(invoice({ paid: '28.00', due: '-2.00' }), method).remainder).toBe(false)
  })
})

describe('filterCatalog', () => {
  const items: CatalogItemView[] = Array.from({ length: 5000 }, (_, i) => ({
    id: `itm_${i}`,
    title: i % 2 ? `Café latte ${i}` : `Croissant ${i}`,
    price: '3.00',
    priceType: 'fixed',
    sku: `SKU-${i}`,
    barcode: String(4000000000000 + i),
    image: null,
    category: i % 2 ? 'Drinks' : 'Bakery',
    taxRate: null,
    inventory: null,
    enabled: true,
    source: 'kassa',
    externalId: null,
    updatedAt: '2026-11-28T10:00:00Z'
  }))
  const index = indexCatalog(items)

  it('matches every word, without accents or case, and caps what it draws', () => {
    const page = filterCatalog(index, 'CAFE lat', null)
    expect(page.matched).toBe(2500)
    expect(page.items).toHaveLength(60)
    expect(page.items[0]?.title).toBe('Café latte 1')
  })

  it('filters by category and finds by SKU or barcode', () => {
    expect(filterCatalog(index, '', 'Bakery').matched).toBe(2500)
    expect(filterCatalog(index, 'sku-4999', null).items.map((i) => i.id)).toEqual(['itm_4999'])
    expect(filterCatalog(index, '4000000000042', 'Bakery').items.map((i) => i.id)).toEqual(['itm_42'])
    expect(filterCatalog(index, 'croissant', 'Drinks').matched).toBe(0)
  })
})
