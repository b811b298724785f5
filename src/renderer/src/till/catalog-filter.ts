import type { CatalogItemView } from '@shared/catalog'

/** Most tiles the grid draws at once: enough to fill a large screen, few enough to draw in a frame. */
export const GRID_CAP = 60

/** An item with its search text prepared once, so a keystroke only compares strings. */
export interface IndexedItem {
  item: CatalogItemView
  /** Title, SKU, barcode and category, lower case, accents removed. */
  haystack: string
}

/** Lower case without accents (`"Café"` → `"cafe"`), so a search matches however it is typed. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
}

/** Prepare items for `filterCatalog`. */
export function indexCatalog(items: readonly CatalogItemView[]): IndexedItem[] {
  return items.map((item) => ({
    item,
    haystack: fold([item.title, item.sku ?? '', item.barcode ?? '', item.category ?? ''].join('\n'))
  }))
}

/** What the grid shows: at most `GRID_CAP` matches, and how many matched in all. */
export interface GridPage {
  items: CatalogItemView[]
  matched: number
}

/**
 * The items matching `query` (every word of it, anywhere in title, SKU, barcode or category) in `category`
 * (null = all), in catalog order, the first `cap` of them.
 */
export function filterCatalog(
  index: readonly IndexedItem[],
  query: string,
  category: string | null,
  cap = GRID_CAP
): GridPage {
  const words = fold(query).split(/\s+/).filter(Boolean)
  const items: CatalogItemView[] = []
  let matched = 0
  for (const entry of index) {
    if (category !== null && entry.item.category !== category) continue
    if (!words.every((word) => entry.haystack.includes(word))) continue
    matched++
    if (items.length < cap) items.push(entry.item)
  }
  return { items, matched }
}
