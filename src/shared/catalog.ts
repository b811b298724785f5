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

/** What an import did: rows taken, and each refused row with its 1-based line number and the reason. */
export interface CatalogImportResult {
  created: number
  updated: number
  refused: { row: number; reason: string }[]
}
