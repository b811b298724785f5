import type { SaleLine } from '@shared/contract'
import type { Db } from '../ledger/database'
import { ftsPhrase, saleSearchText, searchTokens } from '../ledger/search-text'
import type { CustomerFieldValues } from './customer-store'
import { phoneDigits } from './customer-keys'
import { scrubOutbox } from '../recovery/messages/outbox-book'

/** What an erased value is replaced with, wherever a copy of it was found. */
export const ERASED = '[erased]'

/**
 * The strings to scrub for a customer: name, e-mail and phone as written, the phone's digits (7 or more, so an
 * amount never matches) and their JSON-escaped forms. Shorter than 3 characters: skipped (would hit anything).
 */
export function erasureNeedles(fields: CustomerFieldValues): string[] {
  const needles = new Set<string>()
  for (const value of [fields.name, fields.email, fields.phone]) {
    if (value && value.length >= 3) {
      needles.add(value)
      needles.add(JSON.stringify(value).slice(1, -1))
    }
  }
  if (fields.phone) {
    const digits = phoneDigits(fields.phone)
    if (digits.length >= 7) needles.add(digits)
  }
  return [...needles].sort((a, b) => b.length - a.length)
}

/** `text` with every needle replaced by `ERASED`, ignoring case. */
export function scrubText(text: string, needles: readonly string[]): string {
  let result = text
  for (const needle of needles) {
    result = result.replace(new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), ERASED)
  }
  return result
}

/**
 * Replace copies of a customer's personal data in the rows of their sales: every text column of every table with
 * a `sale_id` column (invoices' `data_json` from the processor, audit details such as a receipt e-mailed to them,
 * print jobs, refunds, and tables added later; recovery messages lose address, subject and body whole), and the
 * sale's own memo and error (re-indexing its search text,
 * and dropping from `sale_words` a word of theirs no other sale has). Run inside the erase's transaction.
 * @returns how many cells were changed
 */
export function scrubSales(db: Db, saleIds: readonly string[], fields: CustomerFieldValues): number {
  const needles = erasureNeedles(fields)
  if (saleIds.length === 0) return 0
  // Recovery messages to them: address and text go whole (the text may greet them in words no needle matches).
  let changed = scrubOutbox(db, saleIds, ERASED)
  if (needles.length === 0) return changed
  for (const { table, columns } of saleTables(db)) {
    for (const column of columns) {
      const read = db.prepare(
        `SELECT "${column}" AS v FROM "${table}" WHERE sale_id = ? AND "${column}" IS NOT NULL`
      )
      const write = db.prepare(`UPDATE "${table}" SET "${column}" = ? WHERE sale_id = ? AND "${column}" = ?`)
      for (const saleId of saleIds) {
        for (const { v } of read.all(saleId) as { v: unknown }[]) {
          if (typeof v !== 'string') continue
          const scrubbed = scrubText(v, needles)
          if (scrubbed !== v) changed += Number(write.run(scrubbed, saleId, v).changes)
        }
      }
    }
  }
  return changed + scrubSaleRows(db, saleIds, fields, needles)
}

function scrubSaleRows(
  db: Db,
  saleIds: readonly string[],
  fields: CustomerFieldValues,
  needles: readonly string[]
): number {
  const read = db.prepare(
    'SELECT rowid, memo, error_message, lines_json, amount_minor, currency FROM sales WHERE id = ?'
  )
  let changed = 0
  let reindexed = false
  for (const saleId of saleIds) {
    const row = read.get(saleId) as
      | {
          rowid: bigint
          memo: string | null
          error_message: string | null
          lines_json: string
          amount_minor: bigint
          currency: string
        }
      | undefined
    if (!row) continue
    const memo = row.memo === null ? null : scrubText(row.memo, needles)
    const error = row.error_message === null ? null : scrubText(row.error_message, needles)
    if (memo === row.memo && error === row.error_message) continue
    db.prepare('UPDATE sales SET memo = ?, error_message = ? WHERE id = ?').run(memo, error, saleId)
    changed++
    if (memo !== row.memo) {
      const sale = {
        memo,
        lines: JSON.parse(row.lines_json) as SaleLine[],
        amountMinor: BigInt(row.amount_minor),
        currency: row.currency
      }
      db.prepare('DELETE FROM sales_fts WHERE rowid = ?').run(row.rowid)
      db.prepare('INSERT INTO sales_fts (rowid, text) VALUES (?, ?)').run(row.rowid, saleSearchText(sale))
      reindexed = true
    }
  }
  if (reindexed) {
    // A word of theirs no other sale has leaves the vocabulary; the index's segments are merged so no deleted
    // term stays behind in them.
    const words = new Set(
      [fields.name, fields.email, fields.phone].flatMap((value) => (value ? searchTokens(value) : []))
    )
    const used = db.prepare('SELECT rowid FROM sales_fts WHERE sales_fts MATCH ? LIMIT 1')
    for (const word of words) {
      if (!used.get(ftsPhrase([word]))) db.prepare('DELETE FROM sale_words WHERE word = ?').run(word)
    }
    db.prepare("INSERT INTO sales_fts (sales_fts) VALUES ('optimize')").run()
  }
  return changed
}

/** Every ordinary table with a `sale_id` column, and its text columns (declared TEXT, or untyped). */
function saleTables(db: Db): { table: string; columns: string[] }[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[]
  const result: { table: string; columns: string[] }[] = []
  for (const { name } of tables) {
    const info = db.prepare(`PRAGMA table_info("${name.replace(/"/g, '""')}")`).all() as {
      name: string
      type: string
    }[]
    if (!info.some((column) => column.name === 'sale_id')) continue
    const columns = info
      .filter((column) => column.name !== 'sale_id' && /^(TEXT|)$/i.test(column.type.trim()))
      .map((column) => column.name)
    if (columns.length) result.push({ table: name, columns })
  }
  return result
}
