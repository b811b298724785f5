import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { CatalogItemView } from '@shared/catalog'
import { decimalToInput } from '../../../src/renderer/src/catalog/price-text'
import { filterCatalog } from '../../../src/renderer/src/catalog/filter'
import { dataUrlBytes } from '../../../src/renderer/src/catalog/image'

const list = vi.fn()
const importCsv = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({ kassa: { catalog: { list, importCsv } } }))
const { useCatalogStore } = await import('../../../src/renderer/src/stores/catalog')

function item(over: Partial<CatalogItemView>): CatalogItemView {
  return {
    id: 'itm_1',
    title: 'Latte',
    price: '4.50',
    priceType: 'fixed',
    sku: null,
    barcode: null,
    image: null,
    category: null,
    taxRate: null,
    inventory: null,
    enabled: true,
    source: 'kassa',
    externalId: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over
  }
}

describe('filterCatalog', () => {
  const items = [
    item({ id: 'itm_1', title: 'Café crème', category: 'Coffee', sku: 'CC-1' }),
    item({ id: 'itm_2', title: 'Croissant', category: 'Bakery', barcode: '4006381333931' }),
    item({ id: 'itm_3', title: 'Crème brûlée', category: 'Bakery' })
  ]
  const ids = (found: CatalogItemView[]) => found.map((i) => i.id)

  it('matches every word in title, SKU or barcode, case and accents ignored, within the chosen category', () => {
    expect(ids(filterCatalog(items, 'creme', ''))).toEqual(['itm_1', 'itm_3'])
    expect(ids(filterCatalog(items, 'CREME bru', ''))).toEqual(['itm_3'])
    expect(ids(filterCatalog(items, 'cc-1', ''))).toEqual(['itm_1'])
    expect(ids(filterCatalog(items, '40063', ''))).toEqual(['itm_2'])
    expect(ids(filterCatalog(items, '', 'Bakery'))).toEqual(['itm_2', 'itm_3'])
    expect(ids(filterCatalog(items, 'creme', 'Bakery'))).toEqual(['itm_3'])
  })
})

describe('catalog helpers', () => {
  it('writes a decimal string as the locale types it', () => {
    expect(decimalToInput('4.50', 'de-DE')).toBe('4,50')
    expect(decimalToInput('4.50', 'en-US')).toBe('4.50')
    expect(decimalToInput(null, 'de-DE')).toBe('')
  })

  it('counts the decoded bytes of a base64 data URL', () => {
    expect(dataUrlBytes('data:image/png;base64,' + Buffer.from('abcd').toString('base64'))).toBe(4)
    expect(dataUrlBytes('data:image/png;base64,' + Buffer.from('abcde').toString('base64'))).toBe(5)
  })
})

describe('useCatalogStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    list.mockReset()
    importCsv.mockReset()
  })

  it('loads the items and categories; an import keeps its result and reloads the same list', async () => {
    list.mockResolvedValue({ ok: true, value: { items: [item({})], categories: ['Coffee'] } })
    const catalog = useCatalogStore()
    await catalog.load(true)
    expect(list).toHaveBeenCalledWith({ includeDisabled: true })
    expect(catalog.items).toHaveLength(1)
    expect(catalog.categories).toEqual(['Coffee'])
    importCsv.mockResolvedValue({
      ok: true,
      value: { created: 1, updated: 0, refused: [{ row: 3, reason: 'Price must not be negative' }] }
    })
    await catalog.importCsv('title,price\n')
    expect(catalog.lastImport?.refused).toHaveLength(1)
    expect(list).toHaveBeenLastCalledWith({ includeDisabled: true })
  })

  it('keeps the list shown when loading fails, with main’s error', async () => {
    list.mockResolvedValueOnce({ ok: true, value: { items: [item({})], categories: [] } })
    const catalog = useCatalogStore()
    await catalog.load()
    list.mockResolvedValueOnce({ ok: false, error: { code: 'internal', message: 'boom' } })
    await catalog.load()
    expect(catalog.items).toHaveLength(1)
    expect(catalog.error).toEqual({ code: 'internal', message: 'boom' })
  })
})
