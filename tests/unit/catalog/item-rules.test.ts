import { describe, expect, it } from 'vitest'
import type { CatalogItemInput } from '@shared/catalog'
import { CatalogRuleError, checkItem } from '../../../src/main/catalog/item-rules'

const base: Omit<CatalogItemInput, 'id'> = {
  title: ' Latte ',
  price: '4.5',
  priceType: 'fixed',
  sku: ' LAT-1 ',
  barcode: '',
  image: null,
  category: ' Coffee ',
  taxRate: '7 %',
  inventory: null,
  enabled: true
}

const PNG_1PX =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='

function refusalOf(input: Partial<Omit<CatalogItemInput, 'id'>>, currency = 'USD'): string {
  try {
    checkItem({ ...base, ...input }, currency)
  } catch (error) {
    if (error instanceof CatalogRuleError) return error.code
    throw error
  }
  throw new Error('accepted')
}

describe('checkItem: an item’s rules', () => {
  it('trims and normalizes: the price gets the currency’s decimals, empty codes become null, % is dropped', () => {
    expect(checkItem(base, 'USD')).toEqual({
      title: 'Latte',
      price: '4.50',
      priceType: 'fixed',
      sku: 'LAT-1',
      barcode: null,
      image: null,
      category: 'Coffee',
      taxRate: '7',
      inventory: null,
      enabled: true
    })
    expect(checkItem({ ...base, price: '450' }, 'JPY').price).toBe('450')
    expect(checkItem({ ...base, price: '0' }, 'USD').price).toBe('0.00')
  })

  it('needs a price for fixed and minimum, not for custom', () => {
    expect(refusalOf({ price: null })).toBe('price-missing')
    expect(refusalOf({ price: ' ', priceType: 'minimum' })).toBe('price-missing')
    expect(checkItem({ ...base, price: null, priceType: 'custom' }, 'USD').price).toBeNull()
    expect(checkItem({ ...base, price: '3', priceType: 'custom' }, 'USD').price).toBe('3.00')
  })

  it('refuses negative, malformed and too precise prices for the store currency', () => {
    expect(refusalOf({ price: '-1.00' })).toBe('price-negative')
    expect(refusalOf({ price: '4,50' })).toBe('price-malformed')
    expect(refusalOf({ price: '1e3' })).toBe('price-malformed')
    expect(refusalOf({ price: '4.505' })).toBe('price-malformed')
    expect(refusalOf({ price: '4.5' }, 'JPY')).toBe('price-malformed')
  })

  it('refuses a missing or too long title and an unknown price type', () => {
    expect(refusalOf({ title: '  ' })).toBe('title-missing')
    expect(refusalOf({ title: 'x'.repeat(121) })).toBe('title-too-long')
    expect(checkItem({ ...base, title: 'é'.repeat(120) }, 'USD').title).toHaveLength(120)
    expect(refusalOf({ priceType: 'free' as never })).toBe('price-type-unknown')
  })

  it('takes SKU and barcode of at most 64 printable characters', () => {
    expect(checkItem({ ...base, barcode: '4006381333931' }, 'USD').barcode).toBe('4006381333931')
    expect(refusalOf({ sku: 'x'.repeat(65) })).toBe('sku-bad')
    expect(refusalOf({ barcode: 'abc\u0007' })).toBe('barcode-bad')
    expect(refusalOf({ barcode: 'Käse' })).toBe('barcode-bad')
  })

  it('takes a tax rate from 0 to 100 only', () => {
    expect(checkItem({ ...base, taxRate: '19.25' }, 'USD').taxRate).toBe('19.25')
    expect(refusalOf({ taxRate: '101' })).toBe('tax-rate-bad')
    expect(refusalOf({ taxRate: '-7' })).toBe('tax-rate-bad')
    expect(refusalOf({ taxRate: 'seven' })).toBe('tax-rate-bad')
  })

  it('takes whole inventory counts, below zero too', () => {
    expect(checkItem({ ...base, inventory: -2 }, 'USD').inventory).toBe(-2)
    expect(refusalOf({ inventory: 1.5 })).toBe('inventory-bad')
  })

  it('takes PNG, JPEG or WebP data URLs up to 256 KiB whose bytes are that type', () => {
    expect(checkItem({ ...base, image: PNG_1PX }, 'USD').image).toBe(PNG_1PX)
    expect(refusalOf({ image: 'https://example.com/a.png' })).toBe('image-bad')
    expect(refusalOf({ image: 'data:image/svg+xml;base64,PHN2Zz4=' })).toBe('image-bad')
    expect(refusalOf({ image: PNG_1PX.replace('image/png', 'image/jpeg') })).toBe('image-bad')
    const big = 'data:image/png;base64,' + Buffer.alloc(256 * 1024 + 1, 0x89).toString('base64')
    expect(refusalOf({ image: big })).toBe('image-bad')
  })

  it('refuses control characters and over-long categories', () => {
    expect(refusalOf({ category: 'a\nb' })).toBe('category-bad')
    expect(refusalOf({ category: 'c'.repeat(61) })).toBe('category-bad')
  })
})
