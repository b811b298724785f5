import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CatalogItemInput } from '@shared/catalog'
import { CatalogService } from '../../../src/main/catalog/catalog-service'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { FakeProcessor } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let ledger: Ledger
let catalog: CatalogService

const open = () => new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')))
const service = (currency = 'EUR') =>
  new CatalogService({ ledger, currency: () => currency, processor: () => new FakeProcessor() })

beforeEach(() => {
  dir = tempDir()
  ledger = open()
  catalog = service()
})
afterEach(() => {
  ledger.close()
  dir.remove()
})

const item = (fields: Partial<CatalogItemInput> = {}): CatalogItemInput => ({
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
  ...fields
})

describe('catalog: items the owner keeps', () => {
  it('creates, updates, disables and deletes; the till’s list leaves disabled items out', () => {
    const latte = catalog.save(item({ sku: 'LAT', category: 'Coffee' }))
    expect(latte).toMatchObject({ title: 'Latte', price: '4.50', source: 'kassa', externalId: null })
    expect(latte.id).toMatch(/^itm_[0-9a-f]{24}$/)
    const tea = catalog.save(item({ title: 'Tea', price: '3', category: 'Tea' }))
    catalog.save({ ...latte, price: '4.80' })
    expect(catalog.list().items.map((i) => [i.title, i.price])).toEqual([
      ['Latte', '4.80'],
      ['Tea', '3.00']
    ])
    expect(catalog.list().categories).toEqual(['Coffee', 'Tea'])
    catalog.setEnabled(tea.id, false)
    expect(catalog.list().items.map((i) => i.title)).toEqual(['Latte'])
    expect(catalog.list().categories).toEqual(['Coffee'])
    expect(catalog.list(true).items.map((i) => i.title)).toEqual(['Latte', 'Tea'])
    catalog.delete(tea.id)
    expect(catalog.list(true).items).toHaveLength(1)
    expect(() => catalog.delete(tea.id)).toThrow(expect.objectContaining({ code: 'not-found' }))
  })

  it('refuses a SKU or barcode another item has, in any case, and an unknown id', () => {
    catalog.save(item({ sku: 'LAT', barcode: '4006381333931' }))
    expect(() => catalog.save(item({ title: 'Other', sku: 'lat' }))).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining('Latte') })
    )
    expect(() => catalog.save(item({ title: 'Other', barcode: '4006381333931' }))).toThrow(
      expect.objectContaining({ code: 'conflict' })
    )
    expect(() => catalog.save(item({ id: 'itm_nothere' }))).toThrow(
      expect.objectContaining({ code: 'not-found' })
    )
    expect(() => catalog.save(item({ price: '4.505' }))).toThrow(
      expect.objectContaining({ code: 'invalid-input' })
    )
    expect(catalog.list(true).items).toHaveLength(1)
  })

  it('finds an enabled item by barcode or SKU, letters in any case; a disabled or unknown code is null', () => {
    const saved = catalog.save(item({ sku: 'Lat-1', barcode: 'ABC123' }))
    expect(catalog.byCode('abc123')?.id).toBe(saved.id)
    expect(catalog.byCode('LAT-1')?.id).toBe(saved.id)
    expect(catalog.byCode('LAT')).toBeNull()
    catalog.setEnabled(saved.id, false)
    expect(catalog.byCode('ABC123')).toBeNull()
  })
})

describe('catalog: CSV', () => {
  it('imports the good rows and refuses each bad one with its line and reason', () => {
    const csv = [
      'title,price,price_type,sku,barcode,category,tax_rate,inventory,enabled',
      'Latte,4.50,fixed,LAT,111,Coffee,7,10,true', // 2 ok
      'Cake,,fixed,CAKE,,,,,', // 3 missing price
      'Bun,-1.00,fixed,BUN,,,,,', // 4 negative price
      'Tart,4;50,fixed,TART,,,,,', // 5 malformed price
      'Latte again,5.00,fixed,lat,,,,,', // 6 duplicate SKU (row 2)
      'Mocha,5.00,fixed,MOC,111,,,,', // 7 duplicate barcode (row 2)
      'Tip,1,topup,TIP,,,,,', // 8 unknown price type
      'Juice,3.00,fixed,JUI,,,120,,', // 9 bad tax rate
      'Donation,,custom,DON,,,,,', // 10 ok: custom needs no price
      'Big,4.50,minimum,BIG,,,,,' // 11 ok
    ].join('\n')
    const result = catalog.importCsv(csv)
    expect(result.created).toBe(3)
    expect(result.updated).toBe(0)
    expect(result.refused.map((r) => [r.row, r.code])).toEqual([
      [3, 'price-missing'],
      [4, 'price-negative'],
      [5, 'price-malformed'],
      [6, 'sku-duplicate'],
      [7, 'barcode-duplicate'],
      [8, 'price-type-unknown'],
      [9, 'tax-rate-bad']
    ])
    expect(result.refused[3]).toMatchObject({ reason: 'SKU lat is also on row 2', params: { row: '2' } })
    expect(catalog.list(true).items.map((i) => i.title)).toEqual(['Latte', 'Big', 'Donation'])
  })

  it('updates the item whose SKU a row has (only the columns the file has) and refuses another item’s barcode', () => {
    const image =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='
    const latte = catalog.save(item({ sku: 'LAT', image, inventory: 5, category: 'Coffee' }))
    catalog.save(item({ title: 'Tea', sku: 'TEA', barcode: '999' }))
    const result = catalog.importCsv('title,price,sku,barcode\nLatte large,5.20,lat,\nMocha,5.00,MOC,999\n')
    expect(result).toMatchObject({ created: 0, updated: 1, refused: [{ row: 3, code: 'barcode-taken' }] })
    expect(catalog.list(true).items.find((i) => i.id === latte.id)).toMatchObject({
      title: 'Latte large',
      price: '5.20',
      sku: 'LAT',
      image,
      inventory: 5,
      category: 'Coffee',
      source: 'kassa'
    })
  })

  it('refuses a file it cannot read and imports nothing from it', () => {
    expect(() => catalog.importCsv('name,price\nLatte,4.50\n')).toThrow(
      expect.objectContaining({ code: 'invalid-input' })
    )
    expect(catalog.list(true).items).toHaveLength(0)
  })

  it('imports 5,000 rows, updates them by SKU, and export → import round-trips to the same catalog', () => {
    const header = 'title,price,price_type,sku,barcode,category,tax_rate,inventory,enabled'
    const rows = Array.from(
      { length: 5000 },
      (_, i) =>
        `"Item ${i}, large",${(i % 97) + 1}.${String(i % 100).padStart(2, '0')},${['fixed', 'minimum', 'custom'][i % 3]},SKU-${i},${4000000000000 + i},Cat ${i % 12},${i % 2 ? '7' : ''},${i % 5 ? '' : i},${i % 11 ? 'true' : 'false'}`
    )
    const started = performance.now()
    expect(catalog.importCsv([header, ...rows].join('\n'))).toEqual({
      created: 5000,
      updated: 0,
      refused: []
    })
    const importMs = performance.now() - started
    expect(importMs).toBeLessThan(20_000)
    expect(catalog.list().items.length).toBe(5000 - Math.ceil(5000 / 11))
    expect(catalog.list(true).categories).toHaveLength(12)

    const again = catalog.importCsv(`title,price,sku\nRenamed,9.99,sku-42\n`)
    expect(again).toEqual({ created: 0, updated: 1, refused: [] })
    expect(catalog.byCode('SKU-42')).toMatchObject({
      title: 'Renamed',
      price: '9.99',
      barcode: '4000000000042'
    })

    const before = catalog.list(true).items
    const { csv } = catalog.exportCsv()
    ledger.close()
    dir.remove()
    dir = tempDir()
    ledger = open()
    catalog = service()
    expect(catalog.importCsv(csv)).toEqual({ created: 5000, updated: 0, refused: [] })
    const strip = ({ id: _id, updatedAt: _at, source: _source, ...rest }: (typeof before)[number]) => rest
    expect(catalog.list(true).items.map(strip)).toEqual(before.map(strip))
  })
})

describe('catalog: look-ups through indexes', () => {
  it('finds by SKU, barcode and processor id through their unique indexes, never a scan', () => {
    const plan = (sql: string) =>
      (ledger.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x', 'y') as { detail: string }[])
        .map((row) => row.detail)
        .join('; ')
    const select = 'SELECT * FROM catalog_items WHERE'
    expect(plan(`${select} lower(sku) = ? AND sku IS NOT NULL`)).toContain('USING INDEX catalog_items_by_sku')
    expect(plan(`${select} lower(barcode) = ? AND barcode IS NOT NULL`)).toContain(
      'USING INDEX catalog_items_by_barcode'
    )
    expect(plan(`${select} source = ? AND external_id = ?`)).toContain(
      'USING INDEX catalog_items_by_external'
    )
    const source = readFileSync('src/main/ledger/catalog-store.ts', 'utf8')
    expect(source).not.toMatch(/lower\(sku\) = \?`/)
    expect(source).not.toMatch(/lower\(barcode\) = \?`/)
  })
})
