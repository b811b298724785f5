import type { CatalogItemView } from '@shared/catalog'
import type { Result } from '@shared/contract'
import { kassa } from '../api/client'

/** The catalog as `catalog:list` answers it. */
export interface CatalogListing {
  items: CatalogItemView[]
  categories: string[]
}

/**
 * The items of the last listing by code, lower case: barcodes, then SKUs that are no item's barcode (as main's
 * `catalog:byCode` prefers a barcode). A scan found here goes into the cart without a round trip to main.
 */
let byCodeIndex = new Map<string, CatalogItemView>()

function indexCodes(items: readonly CatalogItemView[]): Map<string, CatalogItemView> {
  const index = new Map<string, CatalogItemView>()
  for (const item of items) if (item.barcode) index.set(item.barcode.toLowerCase(), item)
  for (const item of items) {
    const sku = item.sku?.toLowerCase()
    if (sku && !index.has(sku)) index.set(sku, item)
  }
  return index
}

/**
 * The items offered at the till (enabled only) and their categories, through `catalog:list`; also indexes them by
 * code for `findByCode`.
 * @returns the listing, or the call's error
 */
export async function listCatalog(): Promise<Result<CatalogListing>> {
  const result = await kassa.catalog.list({})
  if (!result.ok) return result
  const items = result.value.items.filter((item) => item.enabled)
  byCodeIndex = indexCodes(items)
  return { ok: true, value: { ...result.value, items } }
}

/**
 * The enabled item a scanner read: from the last listing when it has the code (no round trip: a scan must land in
 * the cart within a frame or two), else through `catalog:byCode` (barcode or SKU), for an item added since.
 * @returns the item, or null when no enabled item has that code
 */
export async function findByCode(code: string): Promise<Result<CatalogItemView | null>> {
  const known = byCodeIndex.get(code.trim().toLowerCase())
  if (known) return { ok: true, value: known }
  const result = await kassa.catalog.byCode({ code })
  if (!result.ok) return result.error.code === 'not-found' ? { ok: true, value: null } : result
  return { ok: true, value: result.value && result.value.enabled ? result.value : null }
}
