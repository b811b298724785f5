/**
 * The catalog as the contract carries it: the items a shop sells, edited by the owner and rung up at the till.
 * Money is decimal strings in the store currency (SettingsView.currency).
 */

/**
 * How an item is priced: `fixed` (always `price`), `minimum` (the customer may pay more; `price` is the least),
 * `custom` (the customer or cashier sets it; `price` is null or a suggestion). BTCPay's PoS app calls these
 * `Fixed`, `Minimum` and `Topup`.
 */
export type PriceType = 'fixed' | 'minimum' | 'custom'

/** One catalog item. */
export interface CatalogItemView {
  /** Kassa's id (`itm_…`), stable across edits; a BTCPay import keeps BTCPay's item id in `externalId`. */
  id: string
  title: string
  /** Decimal string in the store currency; null only for `custom` items without a suggestion. */
  price: string | null
  priceType: PriceType
  /** The shop's stock-keeping unit, unique among items when set. */
  sku: string | null
  /** EAN/UPC or any code a scanner reads (digits and letters), unique among items when set. */
  barcode: string | null
  /** An image as a `data:` URL (PNG/JPEG/WebP, at most 256 KiB) or null. */
  image: string | null
  category: string | null
  /** Sales tax of this item in percent (decimal string, `"7"`); null = the store's default rate. */
  taxRate: string | null
  /** Units in stock when tracked; null = not tracked. Selling lowers it; it may go below 0 (sold anyway). */
  inventory: number | null
  /** Disabled items stay in the catalog but are not offered at the till. */
  enabled: boolean
  /** Where the item came from: `kassa` (made here), `csv`, `btcpay:<appId>`. */
  source: string
  /** The processor's id of the item when imported (BTCPay PoS item id), else null. */
  externalId: string | null
  /** ISO 8601. */
  updatedAt: string
}

/** An item as the owner saves it (`catalog:save`): no id for a new one. */
export type CatalogItemInput = Omit<CatalogItemView, 'id' | 'source' | 'externalId' | 'updatedAt'> & {
  id?: string
}

/**
 * Why a row of an import (or an item saved) was refused, for the renderer to word in the UI language; `reason` is
 * the same in English.
 */
export type CatalogRefusalCode =
  | 'title-missing'
  | 'title-too-long'
  | 'price-missing'
  | 'price-negative'
  | 'price-malformed'
  | 'price-type-unknown'
  | 'tax-rate-bad'
  | 'inventory-bad'
  | 'enabled-bad'
  | 'sku-bad'
  | 'barcode-bad'
  | 'category-bad'
  | 'image-bad'
  | 'sku-duplicate'
  | 'barcode-duplicate'
  | 'barcode-taken'
  | 'currency-mismatch'
  | 'row-malformed'

/** One refused row: its 1-based row number (CSV: as a spreadsheet numbers it, the header being row 1). */
export interface CatalogRefusal {
  row: number
  reason: string
  /** Added with issue 12's catalog: the reason as a code, with its parameters (`{row}` of the first duplicate). */
  code?: CatalogRefusalCode
  params?: Record<string, string>
}

/** What an import did: rows taken, and each refused row with its 1-based line number and the reason. */
export interface CatalogImportResult {
  created: number
  updated: number
  refused: CatalogRefusal[]
}

/** `catalog:list`: the items (enabled only unless asked) and their distinct categories, sorted. */
export interface CatalogListView {
  items: CatalogItemView[]
  categories: string[]
}

/** The CSV columns `catalog:importCsv` reads and `catalog:exportCsv` writes, in this order. */
export const CATALOG_CSV_COLUMNS = [
  'title',
  'price',
  'price_type',
  'sku',
  'barcode',
  'category',
  'tax_rate',
  'inventory',
  'enabled'
] as const

/** Largest CSV `catalog:importCsv` takes, in UTF-8 bytes (5 MiB). */
export const CATALOG_CSV_MAX_BYTES = 5 * 1024 * 1024

/** Largest item image, decoded bytes (256 KiB). */
export const CATALOG_IMAGE_MAX_BYTES = 256 * 1024
