import { describe, expect, it } from 'vitest'
import type { CatalogItemView } from '@shared/catalog'
import { csvItemFields, readCatalogCsv, writeCatalogCsv } from '../../../src/main/catalog/catalog-csv'
import { CatalogRuleError } from '../../../src/main/catalog/item-rules'

function codeOf(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    if (error instanceof CatalogRuleError) return error.code
    throw error
  }
  throw new Error('accepted')
}

describe('readCatalogCsv', () => {
  it('reads the header in any order and case, with a BOM, skipping empty lines, numbering rows by file line', () => {
    const rows = readCatalogCsv(
      '\ufeffPrice,TITLE,sku\r\n4.50,Latte,LAT\r\n\r\n"2,80","Espresso ""doppio""",\r\n'
    )
    expect(rows).toEqual([
      { line: 2, fields: { price: '4.50', title: 'Latte', sku: 'LAT' } },
      { line: 4, fields: { price: '2,80', title: 'Espresso "doppio"', sku: '' } }
    ])
  })

  it('marks a row with another number of fields than the header as malformed', () => {
    const [row] = readCatalogCsv('title,price\nLatte,4.50,extra\n')
    expect(row?.malformed?.code).toBe('row-malformed')
  })

  it('refuses a file it cannot read as a whole: empty, no title column, unknown or repeated column, bad quotes', () => {
    expect(() => readCatalogCsv('')).toThrow(/empty/)
    expect(() => readCatalogCsv('price,sku\n1,2\n')).toThrow(/no "title" column/)
    expect(() => readCatalogCsv('title,prise\nA,1\n')).toThrow(/Unknown column "prise"/)
    expect(() => readCatalogCsv('title,title\nA,B\n')).toThrow(/appears twice/)
    expect(() => readCatalogCsv('title,price\n"Latte,4.50\n')).toThrow(/cannot be read/)
  })
})

describe('csvItemFields', () => {
  it('reads defaults: fixed, enabled, not tracked; empty texts are null', () => {
    expect(
      csvItemFields({
        title: 'A',
        price: ' 1 ',
        price_type: '',
        sku: '',
        inventory: '',
        enabled: '',
        tax_rate: ''
      })
    ).toEqual({
      title: 'A',
      price: '1',
      priceType: 'fixed',
      sku: null,
      inventory: null,
      enabled: true,
      taxRate: null
    })
    expect(csvItemFields({ price_type: 'Minimum', inventory: '-3', enabled: 'no' })).toEqual({
      priceType: 'minimum',
      inventory: -3,
      enabled: false
    })
  })

  it('refuses an unknown price type, a fractional inventory and an enabled that is no yes/no', () => {
    expect(codeOf(() => csvItemFields({ price_type: 'topup' }))).toBe('price-type-unknown')
    expect(codeOf(() => csvItemFields({ inventory: '2.5' }))).toBe('inventory-bad')
    expect(codeOf(() => csvItemFields({ enabled: 'maybe' }))).toBe('enabled-bad')
  })
})

describe('writeCatalogCsv', () => {
  it('writes what readCatalogCsv reads, quoting commas, quotes and line breaks', () => {
    const item: CatalogItemView = {
      id: 'itm_1',
      title: 'Cake, "chocolate"\nlarge',
      price: '12.00',
      priceType: 'minimum',
      sku: 'CK-1',
      barcode: '4006381333931',
      image: null,
      category: 'Bakery',
      taxRate: '7',
      inventory: -1,
      enabled: false,
      source: 'kassa',
      externalId: null,
      updatedAt: '2026-01-01T00:00:00.000Z'
    }
    const csv = writeCatalogCsv([item])
    expect(csv.split('\n')[0]).toBe('title,price,price_type,sku,barcode,category,tax_rate,inventory,enabled')
    const [row] = readCatalogCsv(csv)
    expect(csvItemFields(row!.fields)).toEqual({
      title: item.title,
      price: '12.00',
      priceType: 'minimum',
      sku: 'CK-1',
      barcode: '4006381333931',
      category: 'Bakery',
      taxRate: '7',
      inventory: -1,
      enabled: false
    })
  })
})
