import { randomUUID } from 'node:crypto'
import type {
  CatalogImportResult,
  CatalogItemInput,
  CatalogItemView,
  CatalogListView,
  CatalogRefusal
} from '@shared/catalog'
import { KassaError } from '@shared/errors'
import type { Ledger } from '../ledger/ledger'
import type { PaymentProcessor } from '../processors/types'
import { csvItemFields, readCatalogCsv, writeCatalogCsv, type CsvItemFields } from './catalog-csv'
import { CatalogRuleError, checkItem, type CheckedItem } from './item-rules'
import { processorItemInput } from './processor-import'

/** What the catalog service needs. */
export interface CatalogServiceOptions {
  ledger: Ledger
  /** The store currency (prices are checked against its decimals). */
  currency: () => string
  /** The active processor. @throws KassaError `not-configured` when it is not connected */
  processor: () => PaymentProcessor
  /** ms since the epoch. */
  now?: () => number
}

/**
 * The shop's catalog: items the owner edits in Kassa, imports from CSV or from the processor's point-of-sale app
 * (`ports.catalog`), and the till rings up. Every write is checked by `checkItem` (`item-rules.ts`); SKU and barcode
 * are unique among items, ASCII case ignored. Stored in the ledger (`ledger.catalog`).
 */
export class CatalogService {
  private readonly now: () => number

  constructor(private readonly options: CatalogServiceOptions) {
    this.now = options.now ?? Date.now
  }

  private get store(): Ledger['catalog'] {
    return this.options.ledger.catalog
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }

  /**
   * The items with their distinct categories, sorted by category then title: the enabled ones for the till (one
   * call returns them all; the till filters in memory), or every item for the owner with `includeDisabled`.
   */
  list(includeDisabled = false): CatalogListView {
    return { items: this.store.list(includeDisabled), categories: this.store.categories(includeDisabled) }
  }

  /** The enabled item whose barcode, else SKU, is `code` (exact; ASCII letters in any case), or null. */
  byCode(code: string): CatalogItemView | null {
    const item = this.store.byCode(code.trim())
    return item?.enabled ? item : null
  }

  /**
   * Create (no id) or update an item, checked for the store currency (`checkItem`).
   * @throws KassaError `invalid-input` naming the broken rule; `not-found` for an unknown id; `conflict` when
   *   another item has the SKU or barcode
   */
  save(input: CatalogItemInput): CatalogItemView {
    const existing = input.id ? this.store.get(input.id) : null
    if (input.id && !existing) throw new KassaError('not-found', `No catalog item ${input.id}`)
    let checked: CheckedItem
    try {
      checked = checkItem(input, this.options.currency())
    } catch (error) {
      if (error instanceof CatalogRuleError) throw new KassaError('invalid-input', error.message)
      throw error
    }
    const id = existing?.id ?? newItemId()
    const taken = this.codeTaken(checked, id)
    if (taken) throw new KassaError('conflict', taken.message)
    const item: CatalogItemView = {
      ...checked,
      id,
      source: existing?.source ?? 'kassa',
      externalId: existing?.externalId ?? null,
      updatedAt: this.iso()
    }
    this.store.put(item)
    return item
  }

  /** Delete an item (paid sales keep their lines). @throws KassaError `not-found` */
  delete(id: string): { id: string } {
    if (!this.store.delete(id)) throw new KassaError('not-found', `No catalog item ${id}`)
    return { id }
  }

  /** Offer an item at the till or not. @throws KassaError `not-found` */
  setEnabled(id: string, enabled: boolean): CatalogItemView {
    if (!this.store.setEnabled(id, enabled, this.iso()))
      throw new KassaError('not-found', `No catalog item ${id}`)
    return this.store.get(id) as CatalogItemView
  }

  /**
   * Import a CSV (`catalog-csv.ts`; columns in docs/catalog.md) in one transaction. A row whose SKU is an item's
   * updates that item (the columns the file has; its image and origin stay); any other row makes a new item. A bad
   * row is refused with its line number and reason and the others are imported: missing, negative or malformed
   * price (fixed/minimum), unknown price type, bad tax rate, inventory or enabled, a SKU or barcode that an earlier
   * row of the file already has, a barcode of another item.
   * @throws KassaError `invalid-input` when the file cannot be read at all (nothing is imported)
   */
  importCsv(csv: string): CatalogImportResult {
    const rows = readCatalogCsv(csv)
    const currency = this.options.currency()
    const result: CatalogImportResult = { created: 0, updated: 0, refused: [] }
    const seenSku = new Map<string, number>()
    const seenBarcode = new Map<string, number>()
    this.options.ledger.batch(() => {
      for (const row of rows) {
        try {
          if (row.malformed) throw row.malformed
          const fields = csvItemFields(row.fields)
          claimOnce(seenSku, fields.sku, row.line, 'sku-duplicate', 'SKU')
          claimOnce(seenBarcode, fields.barcode, row.line, 'barcode-duplicate', 'Barcode')
          const existing = fields.sku ? this.store.bySku(fields.sku) : null
          const checked = checkItem(merge(existing, fields), currency)
          const id = existing?.id ?? newItemId()
          const taken = this.codeTaken(checked, id)
          if (taken) throw taken
          this.store.put({
            ...checked,
            id,
            source: existing?.source ?? 'csv',
            externalId: existing?.externalId ?? null,
            updatedAt: this.iso()
          })
          if (existing) result.updated++
          else result.created++
        } catch (error) {
          result.refused.push(refusal(row.line, error))
        }
      }
    })
    return result
  }

  /** Every item (disabled ones too) as CSV that `importCsv` reads back (`writeCatalogCsv`). */
  exportCsv(): { csv: string } {
    return { csv: writeCatalogCsv(this.store.list(true)) }
  }

  /**
   * Import the items of one of the processor's point-of-sale apps (`ports.catalog`; BTCPay:
   * `GET /api/v1/apps/pos/{appId}`, and `GET /api/v1/stores/{storeId}/apps` to pick the first app when `appId` is
   * not given). Each item is found again by its processor id (`externalId`, source `<processor>:<appId>`), so a
   * second import updates rather than duplicates; title, price, price type, category, tax rate and inventory come
   * from the processor, while SKU, barcode, image and enabled stay as the owner set them here. Remote images are
   * not fetched: the image stays null (or the one the owner uploaded). An item priced in another currency than
   * the store's, or breaking a rule, is refused with its 1-based position in the app's list.
   * @throws KassaError `conflict` when the active processor has no catalog port; `not-found` when it has no
   *   point-of-sale app; the processor's errors (`processor-permission`, `processor-not-found`, …)
   */
  async importProcessor(appId?: string): Promise<CatalogImportResult> {
    const processor = this.options.processor()
    const port = processor.ports.catalog
    if (!port) {
      throw new KassaError(
        'conflict',
        `${processor.label} has no catalog to import: connect BTCPay Server to import its Point of Sale items`
      )
    }
    const app = appId ?? (await port.apps())[0]?.id
    if (!app) throw new KassaError('not-found', `${processor.label} has no Point of Sale app to import from`)
    const items = await port.items(app)
    const currency = this.options.currency()
    const source = `${processor.id}:${app}`
    const result: CatalogImportResult = { created: 0, updated: 0, refused: [] }
    this.options.ledger.batch(() => {
      items.forEach((item, index) => {
        try {
          const existing = this.store.byExternalId(source, item.id)
          const checked = checkItem(processorItemInput(item, existing, currency), currency)
          const id = existing?.id ?? newItemId()
          const taken = this.codeTaken(checked, id)
          if (taken) throw taken
          this.store.put({ ...checked, id, source, externalId: item.id, updatedAt: this.iso() })
          if (existing) result.updated++
          else result.created++
        } catch (error) {
          result.refused.push(refusal(index + 1, error, item.title))
        }
      })
    })
    return result
  }

  /** Why `checked`'s SKU or barcode cannot be item `id`'s: another item has it; else null. */
  private codeTaken(checked: CheckedItem, id: string): CatalogRuleError | null {
    const bySku = checked.sku ? this.store.bySku(checked.sku) : null
    if (bySku && bySku.id !== id) {
      return new CatalogRuleError('sku-duplicate', `SKU ${checked.sku} is already "${bySku.title}"'s`, {
        title: bySku.title
      })
    }
    const byBarcode = checked.barcode ? this.store.byBarcode(checked.barcode) : null
    if (byBarcode && byBarcode.id !== id) {
      return new CatalogRuleError(
        'barcode-taken',
        `Barcode ${checked.barcode} is already "${byBarcode.title}"'s`,
        {
          title: byBarcode.title
        }
      )
    }
    return null
  }
}

/** `itm_` and 24 hex digits. */
function newItemId(): string {
  return 'itm_' + randomUUID().replace(/-/g, '').slice(0, 24)
}

/** An existing item's fields overlaid with a CSV row's (the columns it has); defaults for a new item. */
function merge(existing: CatalogItemView | null, fields: CsvItemFields): Omit<CatalogItemInput, 'id'> {
  return {
    title: fields.title ?? existing?.title ?? '',
    price: fields.price !== undefined ? fields.price : (existing?.price ?? null),
    priceType: fields.priceType ?? existing?.priceType ?? 'fixed',
    // The row found the item by its SKU in another case: the item keeps its own spelling.
    sku: fields.sku !== undefined && !existing ? fields.sku : (existing?.sku ?? fields.sku ?? null),
    barcode: fields.barcode !== undefined ? fields.barcode : (existing?.barcode ?? null),
    image: existing?.image ?? null,
    category: fields.category !== undefined ? fields.category : (existing?.category ?? null),
    taxRate: fields.taxRate !== undefined ? fields.taxRate : (existing?.taxRate ?? null),
    inventory: fields.inventory !== undefined ? fields.inventory : (existing?.inventory ?? null),
    enabled: fields.enabled ?? existing?.enabled ?? true
  }
}

/** Refuse a code an earlier row of the same file already has. @throws CatalogRuleError */
function claimOnce(
  seen: Map<string, number>,
  code: string | null | undefined,
  line: number,
  reason: 'sku-duplicate' | 'barcode-duplicate',
  name: string
): void {
  const key = code?.trim().toLowerCase()
  if (!key) return
  const first = seen.get(key)
  if (first !== undefined) {
    throw new CatalogRuleError(reason, `${name} ${code?.trim()} is also on row ${first}`, {
      row: String(first)
    })
  }
  seen.set(key, line)
}

function refusal(row: number, error: unknown, title?: string): CatalogRefusal {
  if (!(error instanceof CatalogRuleError)) throw error
  return {
    row,
    reason: title ? `${title}: ${error.message}` : error.message,
    code: error.code,
    params: title ? { ...error.params, item: title } : error.params
  }
}
