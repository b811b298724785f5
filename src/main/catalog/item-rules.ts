import {
  CATALOG_IMAGE_MAX_BYTES,
  type CatalogItemInput,
  type CatalogRefusalCode,
  type PriceType
} from '@shared/catalog'
import { AmountError, formatMinor, parseAmount } from '@shared/money'
import { PERCENT_PATTERN } from '@shared/percent'

/** An item's fields as stored, checked and normalized: what `checkItem` returns. */
export type CheckedItem = Omit<CatalogItemInput, 'id'>

/** A rule an item broke: a code for the renderer to word, and the same in English. */
export class CatalogRuleError extends Error {
  override name = 'CatalogRuleError'
  constructor(
    readonly code: CatalogRefusalCode,
    message: string,
    readonly params: Record<string, string> = {}
  ) {
    super(message)
  }
}

export const PRICE_TYPES: readonly PriceType[] = ['fixed', 'minimum', 'custom']
const TITLE_MAX = 120
const CODE_MAX = 64
const CATEGORY_MAX = 60
/** Inventory counts above this are typing mistakes, not stock. */
const INVENTORY_LIMIT = 1_000_000_000
/** Printable ASCII (space included but not at the ends, which are trimmed): what scanners and labels carry. */
const CODE_PATTERN = /^[\x20-\x7e]+$/
const IMAGE_PATTERN = /^data:image\/(png|jpeg|webp);base64,([A-Za-z0-9+/]+={0,2})$/
/** The first bytes each image type starts with, base64 of its signature. */
const IMAGE_MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  png: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) =>
    b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'
}

/**
 * Check and normalize an item's fields for the store currency: title 1–120 characters (trimmed); price a decimal
 * string valid for `currency` (`parseAmount`; 0 allowed), required for `fixed` and `minimum`, optional for
 * `custom`, written with the currency's decimals (`"4.5"` → `"4.50"`); SKU and barcode at most 64 printable ASCII
 * characters (empty → null); category at most 60 characters; tax rate a percent 0–100 (`"7"`, `"7.5"`; a trailing
 * `%` is dropped); inventory null or a whole number (negative allowed: sold anyway); image null or a `data:` URL of
 * a PNG, JPEG or WebP of at most 256 KiB whose bytes are that type.
 * @throws CatalogRuleError naming the first rule broken
 */
export function checkItem(input: Omit<CatalogItemInput, 'id'>, currency: string): CheckedItem {
  const title = input.title.trim()
  if (!title) throw new CatalogRuleError('title-missing', 'Title is missing')
  if ([...title].length > TITLE_MAX) {
    throw new CatalogRuleError('title-too-long', `Title is longer than ${TITLE_MAX} characters`, {
      max: String(TITLE_MAX)
    })
  }
  if (!PRICE_TYPES.includes(input.priceType)) {
    throw new CatalogRuleError(
      'price-type-unknown',
      `Unknown price type "${String(input.priceType).slice(0, 20)}"`,
      {
        value: String(input.priceType).slice(0, 20)
      }
    )
  }
  return {
    title,
    price: checkPrice(input.price, input.priceType, currency),
    priceType: input.priceType,
    sku: checkCode(input.sku, 'sku'),
    barcode: checkCode(input.barcode, 'barcode'),
    image: checkImage(input.image),
    category: checkCategory(input.category),
    taxRate: checkTaxRate(input.taxRate),
    inventory: checkInventory(input.inventory),
    enabled: input.enabled
  }
}

function checkPrice(price: string | null, priceType: PriceType, currency: string): string | null {
  const text = price?.trim() ?? ''
  if (!text) {
    if (priceType === 'custom') return null
    throw new CatalogRuleError('price-missing', `A ${priceType} price needs a price`)
  }
  if (text.startsWith('-')) throw new CatalogRuleError('price-negative', 'Price must not be negative')
  try {
    return formatMinor(parseAmount(text, currency, { allowZero: true }), currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    throw new CatalogRuleError('price-malformed', `Price "${text.slice(0, 32)}": ${error.message}`, {
      value: text.slice(0, 32),
      currency
    })
  }
}

function checkCode(code: string | null, field: 'sku' | 'barcode'): string | null {
  const text = code?.trim() ?? ''
  if (!text) return null
  if (text.length > CODE_MAX || !CODE_PATTERN.test(text)) {
    const name = field === 'sku' ? 'SKU' : 'Barcode'
    throw new CatalogRuleError(
      `${field}-bad`,
      `${name} must be at most ${CODE_MAX} printable characters (letters, digits, signs)`,
      { max: String(CODE_MAX) }
    )
  }
  return text
}

function checkCategory(category: string | null): string | null {
  const text = category?.trim() ?? ''
  if (!text) return null
  if ([...text].length > CATEGORY_MAX || /\p{Cc}/u.test(text)) {
    throw new CatalogRuleError('category-bad', `Category must be at most ${CATEGORY_MAX} characters`, {
      max: String(CATEGORY_MAX)
    })
  }
  return text
}

function checkTaxRate(rate: string | null): string | null {
  const text = rate?.trim().replace(/\s*%$/, '') ?? ''
  if (!text) return null
  if (!PERCENT_PATTERN.test(text)) {
    throw new CatalogRuleError(
      'tax-rate-bad',
      `Tax rate "${text.slice(0, 20)}" is not a percent from 0 to 100`,
      {
        value: text.slice(0, 20)
      }
    )
  }
  return text
}

function checkInventory(inventory: number | null): number | null {
  if (inventory === null) return null
  if (!Number.isSafeInteger(inventory) || Math.abs(inventory) > INVENTORY_LIMIT) {
    throw new CatalogRuleError('inventory-bad', 'Inventory must be a whole number of units')
  }
  return inventory
}

function checkImage(image: string | null): string | null {
  if (image === null || image === '') return null
  const match = IMAGE_PATTERN.exec(image)
  const bad = (why: string): CatalogRuleError =>
    new CatalogRuleError('image-bad', `Image ${why}`, { max: String(CATALOG_IMAGE_MAX_BYTES / 1024) })
  if (!match) throw bad('must be a PNG, JPEG or WebP data: URL')
  const [, type, data] = match as unknown as [string, string, string]
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0
  if ((data.length * 3) / 4 - padding > CATALOG_IMAGE_MAX_BYTES) {
    throw bad(`is larger than ${CATALOG_IMAGE_MAX_BYTES / 1024} KiB`)
  }
  if (!IMAGE_MAGIC[type]?.(Buffer.from(data.slice(0, 24), 'base64')))
    throw bad(`is not a ${type.toUpperCase()} file`)
  return image
}
