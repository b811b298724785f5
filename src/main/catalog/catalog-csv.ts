import { CsvError, parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { CATALOG_CSV_COLUMNS, type CatalogItemView, type PriceType } from '@shared/catalog'
import { KassaError } from '@shared/errors'
import { CatalogRuleError, PRICE_TYPES } from './item-rules'

/** A CSV column of the catalog (`CATALOG_CSV_COLUMNS`). */
export type CatalogColumn = (typeof CATALOG_CSV_COLUMNS)[number]

/**
 * One data row as read: its line number in the file (1-based; the header is line 1; a quoted field spanning lines
 * counts the line it ends on) and its fields by column, only the columns the header has, untrimmed.
 */
export interface CsvRow {
  line: number
  fields: Partial<Record<CatalogColumn, string>>
  /** Set when the row's shape is wrong (field count): the row is refused with this. */
  malformed?: CatalogRuleError
}

/** A row's fields as an item's, for the columns the row has: what `checkItem` and the import then use. */
export interface CsvItemFields {
  title?: string
  price?: string | null
  priceType?: PriceType
  sku?: string | null
  barcode?: string | null
  category?: string | null
  taxRate?: string | null
  inventory?: number | null
  enabled?: boolean
}

/**
 * Read a catalog CSV (RFC 4180, comma separated, UTF-8 with or without BOM): a header row naming some of
 * `CATALOG_CSV_COLUMNS` in any order and case (`title` required), then one item per row; empty lines skipped.
 * @throws KassaError `invalid-input` when the file itself cannot be read: bad quoting (with its line), no header,
 *   no `title` column, an unknown or repeated column
 */
export function readCatalogCsv(text: string): CsvRow[] {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true
    }) as unknown as typeof records
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines
      throw new KassaError(
        'invalid-input',
        `The CSV cannot be read${line ? ` at line ${line}` : ''}: ${error.message}`
      )
    }
    throw error
  }
  const [header, ...rows] = records
  if (!header)
    throw new KassaError('invalid-input', 'The CSV is empty: it needs a header row (title,price,…)')
  const columns = header.record.map((name) => name.trim().toLowerCase())
  const known = new Set<string>(CATALOG_CSV_COLUMNS)
  for (const [index, name] of columns.entries()) {
    if (!known.has(name)) {
      throw new KassaError(
        'invalid-input',
        `Unknown column "${name.slice(0, 40)}" in the header: the columns are ${CATALOG_CSV_COLUMNS.join(', ')}`
      )
    }
    if (columns.indexOf(name) !== index)
      throw new KassaError('invalid-input', `Column "${name}" appears twice`)
  }
  if (!columns.includes('title'))
    throw new KassaError('invalid-input', 'The CSV header has no "title" column')
  return rows.map(({ record, info }) => {
    const fields: CsvRow['fields'] = {}
    columns.forEach((name, index) => (fields[name as CatalogColumn] = record[index] ?? ''))
    const row: CsvRow = { line: info.lines, fields }
    if (record.length !== columns.length) {
      row.malformed = new CatalogRuleError(
        'row-malformed',
        `The row has ${record.length} fields, the header ${columns.length}`,
        { fields: String(record.length), columns: String(columns.length) }
      )
    }
    return row
  })
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'ja', 'x'])
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'nein'])

/**
 * A row's text fields as item fields: `price_type` empty → `fixed`; `inventory` empty → not tracked, else a whole
 * number; `enabled` empty → true, else true/false (yes/no, 1/0); empty texts → null.
 * @throws CatalogRuleError `price-type-unknown`, `inventory-bad`, `enabled-bad`
 */
export function csvItemFields(fields: CsvRow['fields']): CsvItemFields {
  const out: CsvItemFields = {}
  const text = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null)
  if (fields.title !== undefined) out.title = fields.title
  if (fields.price !== undefined) out.price = text(fields.price)
  if (fields.price_type !== undefined) {
    const type = (text(fields.price_type) ?? 'fixed').toLowerCase()
    if (!PRICE_TYPES.includes(type as PriceType)) {
      throw new CatalogRuleError(
        'price-type-unknown',
        `Unknown price type "${type.slice(0, 20)}": use fixed, minimum or custom`,
        { value: type.slice(0, 20) }
      )
    }
    out.priceType = type as PriceType
  }
  if (fields.sku !== undefined) out.sku = text(fields.sku)
  if (fields.barcode !== undefined) out.barcode = text(fields.barcode)
  if (fields.category !== undefined) out.category = text(fields.category)
  if (fields.tax_rate !== undefined) out.taxRate = text(fields.tax_rate)
  if (fields.inventory !== undefined) {
    const value = text(fields.inventory)
    if (value !== null && !/^-?\d{1,10}$/.test(value)) {
      throw new CatalogRuleError('inventory-bad', `Inventory "${value.slice(0, 20)}" is not a whole number`, {
        value: value.slice(0, 20)
      })
    }
    out.inventory = value === null ? null : Number(value)
  }
  if (fields.enabled !== undefined) {
    const value = (text(fields.enabled) ?? 'true').toLowerCase()
    if (!TRUE_WORDS.has(value) && !FALSE_WORDS.has(value)) {
      throw new CatalogRuleError('enabled-bad', `Enabled "${value.slice(0, 20)}" is not true or false`, {
        value: value.slice(0, 20)
      })
    }
    out.enabled = TRUE_WORDS.has(value)
  }
  return out
}

/**
 * The catalog as CSV with a header row of `CATALOG_CSV_COLUMNS`: exactly what `readCatalogCsv` reads back (prices
 * as decimal strings with a point, empty for none; `enabled` true/false; empty inventory = not tracked). Images
 * are not written (a data URL per cell would make the file unusable in a spreadsheet).
 */
export function writeCatalogCsv(items: readonly CatalogItemView[]): string {
  const rows = items.map((item) => [
    item.title,
    item.price ?? '',
    item.priceType,
    item.sku ?? '',
    item.barcode ?? '',
    item.category ?? '',
    item.taxRate ?? '',
    item.inventory === null ? '' : String(item.inventory),
    item.enabled ? 'true' : 'false'
  ])
  return stringify([[...CATALOG_CSV_COLUMNS], ...rows], { record_delimiter: '\n' })
}
