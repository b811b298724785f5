import type { CatalogItemView, PriceType } from '@shared/catalog'
import type { SaleLine } from '@shared/contract'
import { statementCache, type Db } from './database'

interface ItemRow {
  id: string
  title: string
  price: string | null
  price_type: string
  sku: string | null
  barcode: string | null
  image: string | null
  category: string | null
  tax_rate: string | null
  inventory: bigint | null
  enabled: bigint
  source: string
  external_id: string | null
  updated_at: string
}

/** One inventory change a paid sale made: `quantity` units of `itemId` taken out by line `lineIndex`. */
export interface StockMove {
  saleId: string
  lineIndex: number
  itemId: string
  quantity: number
  at: string
}

const COLUMNS =
  'id, title, price, price_type, sku, barcode, image, category, tax_rate, inventory, enabled, source, external_id, updated_at'

/**
 * The `catalog_items` table (what the shop sells) and `catalog_stock_moves` (which paid sale lines lowered an
 * item's inventory). Stores what it is told: validation is the catalog service's (`src/main/catalog/`). Prices are
 * decimal strings in the store currency; SKU and barcode are unique without regard to ASCII case (the schema's
 * indexes on `lower(…)`), so a second item with the same code fails with SQLite's UNIQUE constraint error.
 */
export class CatalogStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /** Every item (or only the enabled ones), by category then title, case ignored. */
  list(includeDisabled: boolean): CatalogItemView[] {
    const where = includeDisabled ? '' : 'WHERE enabled = 1'
    const rows = this.stmt(
      `SELECT ${COLUMNS} FROM catalog_items ${where} ORDER BY category IS NULL, lower(category), lower(title), id`
    ).all() as ItemRow[]
    return rows.map(view)
  }

  /** The distinct categories (of enabled items, or of all), sorted, case ignored. */
  categories(includeDisabled: boolean): string[] {
    const where = includeDisabled ? '' : 'AND enabled = 1'
    const rows = this.stmt(
      `SELECT DISTINCT category FROM catalog_items WHERE category IS NOT NULL ${where} ORDER BY lower(category)`
    ).all() as { category: string }[]
    return rows.map((row) => row.category)
  }

  /** The item, or null. */
  get(id: string): CatalogItemView | null {
    const row = this.stmt(`SELECT ${COLUMNS} FROM catalog_items WHERE id = ?`).get(id) as ItemRow | undefined
    return row ? view(row) : null
  }

  /**
   * The item whose barcode, else whose SKU, is `code` (ASCII case ignored), enabled or not, or null. Both through
   * their unique indexes.
   */
  byCode(code: string): CatalogItemView | null {
    const key = code.toLowerCase()
    const row = (this.stmt(
      `SELECT ${COLUMNS} FROM catalog_items WHERE lower(barcode) = ? AND barcode IS NOT NULL`
    ).get(key) ??
      this.stmt(`SELECT ${COLUMNS} FROM catalog_items WHERE lower(sku) = ? AND sku IS NOT NULL`).get(key)) as
      ItemRow | undefined
    return row ? view(row) : null
  }

  /** The item with this SKU (ASCII case ignored), or null. */
  bySku(sku: string): CatalogItemView | null {
    const row = this.stmt(
      `SELECT ${COLUMNS} FROM catalog_items WHERE lower(sku) = ? AND sku IS NOT NULL`
    ).get(sku.toLowerCase()) as ItemRow | undefined
    return row ? view(row) : null
  }

  /** The item with this barcode (ASCII case ignored), or null. */
  byBarcode(barcode: string): CatalogItemView | null {
    const row = this.stmt(
      `SELECT ${COLUMNS} FROM catalog_items WHERE lower(barcode) = ? AND barcode IS NOT NULL`
    ).get(barcode.toLowerCase()) as ItemRow | undefined
    return row ? view(row) : null
  }

  /** The item imported from `source` (`btcpay:<appId>`) with the processor's id `externalId`, or null. */
  byExternalId(source: string, externalId: string): CatalogItemView | null {
    const row = this.stmt(`SELECT ${COLUMNS} FROM catalog_items WHERE source = ? AND external_id = ?`).get(
      source,
      externalId
    ) as ItemRow | undefined
    return row ? view(row) : null
  }

  /**
   * Insert or replace the whole item by id.
   * @throws SqliteError (UNIQUE constraint) when another item has its SKU, barcode or external id
   */
  put(item: CatalogItemView): void {
    this.stmt(
      `INSERT INTO catalog_items (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, price = excluded.price,
         price_type = excluded.price_type, sku = excluded.sku, barcode = excluded.barcode, image = excluded.image,
         category = excluded.category, tax_rate = excluded.tax_rate, inventory = excluded.inventory,
         enabled = excluded.enabled, source = excluded.source, external_id = excluded.external_id,
         updated_at = excluded.updated_at`
    ).run(
      item.id,
      item.title,
      item.price,
      item.priceType,
      item.sku,
      item.barcode,
      item.image,
      item.category,
      item.taxRate,
      item.inventory === null ? null : BigInt(item.inventory),
      item.enabled ? 1n : 0n,
      item.source,
      item.externalId,
      item.updatedAt
    )
  }

  /** Delete the item. @returns whether it existed */
  delete(id: string): boolean {
    return Number(this.stmt('DELETE FROM catalog_items WHERE id = ?').run(id).changes) > 0
  }

  /** Enable or disable the item. @returns whether it exists */
  setEnabled(id: string, enabled: boolean, at: string): boolean {
    const result = this.stmt('UPDATE catalog_items SET enabled = ?, updated_at = ? WHERE id = ?').run(
      enabled ? 1n : 0n,
      at,
      id
    )
    return Number(result.changes) > 0
  }

  /** How many items there are. */
  count(): number {
    const row = this.stmt('SELECT count(*) AS n FROM catalog_items').get() as { n: bigint }
    return Number(row.n)
  }

  /**
   * A sale became paid: each of its lines rung up from an item (`itemId`) lowers that item's inventory by its
   * quantity when the item tracks inventory, once per sale line ever (a `catalog_stock_moves` row keyed by sale id
   * and line index; a second call for the same sale changes nothing). Run inside the caller's transaction, so the
   * move and the sale's `paid` are written together. An item deleted since is skipped; inventory may go below 0.
   * @returns the moves written by this call
   */
  recordSale(saleId: string, lines: readonly SaleLine[], at: string): StockMove[] {
    const written: StockMove[] = []
    lines.forEach((line, lineIndex) => {
      if (!line.itemId || !(line.quantity > 0)) return
      const inserted = this.stmt(
        `INSERT INTO catalog_stock_moves (sale_id, line_index, item_id, quantity, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`
      ).run(saleId, BigInt(lineIndex), line.itemId, BigInt(line.quantity), at)
      if (Number(inserted.changes) === 0) return
      this.stmt(
        'UPDATE catalog_items SET inventory = inventory - ?, updated_at = ? WHERE id = ? AND inventory IS NOT NULL'
      ).run(BigInt(line.quantity), at, line.itemId)
      written.push({ saleId, lineIndex, itemId: line.itemId, quantity: line.quantity, at })
    })
    return written
  }

  /** The stock moves of a sale, by line. */
  stockMoves(saleId: string): StockMove[] {
    const rows = this.stmt(
      'SELECT sale_id, line_index, item_id, quantity, at FROM catalog_stock_moves WHERE sale_id = ? ORDER BY line_index'
    ).all(saleId) as { sale_id: string; line_index: bigint; item_id: string; quantity: bigint; at: string }[]
    return rows.map((row) => ({
      saleId: row.sale_id,
      lineIndex: Number(row.line_index),
      itemId: row.item_id,
      quantity: Number(row.quantity),
      at: row.at
    }))
  }
}

function view(row: ItemRow): CatalogItemView {
  return {
    id: row.id,
    title: row.title,
    price: row.price,
    priceType: row.price_type as PriceType,
    sku: row.sku,
    barcode: row.barcode,
    image: row.image,
    category: row.category,
    taxRate: row.tax_rate,
    inventory: row.inventory === null ? null : Number(row.inventory),
    enabled: row.enabled === 1n || (row.enabled as unknown) === 1,
    source: row.source,
    externalId: row.external_id,
    updatedAt: row.updated_at
  }
}
