import type { CatalogItemInput, CatalogItemView } from '@shared/catalog'
import type { CatalogItemView as ProcessorItem } from '../processors/ports'
import { CatalogRuleError } from './item-rules'

/**
 * A processor's point-of-sale item (`ports.catalog`) as the fields `checkItem` takes: title, price, price type,
 * category, tax rate and inventory from the processor; SKU, barcode, image and enabled kept from the item imported
 * before (`existing`), else none and enabled. A remote image URL is not kept: the catalog holds `data:` URLs only,
 * and fetching the processor's images is left to the owner's upload.
 * @throws CatalogRuleError `currency-mismatch` when the item is priced in another currency than the store's
 */
export function processorItemInput(
  item: ProcessorItem,
  existing: CatalogItemView | null,
  currency: string
): Omit<CatalogItemInput, 'id'> {
  const priceType = item.priceType ?? 'fixed'
  if (item.price !== null && item.currency.toUpperCase() !== currency.toUpperCase()) {
    throw new CatalogRuleError(
      'currency-mismatch',
      `Priced in ${item.currency}, the store sells in ${currency}`,
      { currency: item.currency, storeCurrency: currency }
    )
  }
  return {
    title: item.title,
    price: item.price,
    priceType,
    sku: existing?.sku ?? null,
    barcode: existing?.barcode ?? null,
    image: existing?.image ?? null,
    category: item.category ?? null,
    taxRate: item.taxRate ?? null,
    inventory: item.inventory ?? null,
    enabled: existing?.enabled ?? true
  }
}
