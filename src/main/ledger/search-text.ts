import type { SaleLine } from '@shared/contract'
import { formatMinor } from '@shared/money'

/** What a sale's search text is made of. `amountMinor` in the currency's minor units. */
export interface SearchableSale {
  memo: string | null
  lines: readonly Pick<SaleLine, 'name'>[]
  amountMinor: bigint
  currency: string
}

/**
 * The text `sales_fts` indexes for a sale: its memo, its line names and its amount as the till shows it
 * (`"12.34"`, the currency's decimals), so "flat white" or "12.34" finds it. Written with the sale, never changed.
 */
export function saleSearchText(sale: SearchableSale): string {
  return [sale.memo ?? '', ...sale.lines.map((line) => line.name), amountText(sale)]
    .filter((part) => part.length > 0)
    .join(' \n ')
}

function amountText(sale: SearchableSale): string {
  try {
    return formatMinor(sale.amountMinor, sale.currency)
  } catch {
    // a currency this build does not know (a ledger from a later Kassa): the sale stays findable by its words and ids
    return ''
  }
}

/** Shortest word matched as a prefix: a shorter one would merge the doclists of too many words. */
const MIN_PREFIX = 3

/**
 * The FTS5 query for what the cashier typed, or null when it holds no word: every word must match (AND), each as a
 * quoted phrase so no character is FTS5 syntax. `whole`: each word as a whole token (`"flat"`, cheap: FTS5 reads the
 * newest matches first and stops). Else a word of 3 characters or more is matched as a prefix (`"flat"*` finds
 * "flatbread" too; `"12.3"*` finds 12.30–12.39, the tokenizer splitting on the dot), which reads every document of
 * every word it matches; a bare number is matched whole either way (`"12"` finds 12.00–12.99 and the word 12, not
 * 120).
 */
export function ftsQuery(query: string, { whole = false }: { whole?: boolean } = {}): string | null {
  const words = query
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .map((word) => {
      const prefix = !whole && !/^\p{N}+$/u.test(word) && [...word].length >= MIN_PREFIX
      return `"${word.replace(/"/g, '""')}"${prefix ? '*' : ''}`
    })
  return words.length > 0 ? words.join(' ') : null
}

/**
 * Lower-case the ASCII letters only, as SQLite's built-in `lower()` does (no ICU), so a key lowered here compares
 * with one lowered in SQL.
 */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase())
}

/**
 * The half-open range of strings starting with `prefix` under binary (UTF-8 byte, i.e. code point) order:
 * `from` ≤ s < `to`, which an index on the column can serve (a `LIKE` with a parameter cannot be relied on to).
 * `to` is `prefix` with its last code point raised by one (dropping trailing U+10FFFF); null when no string is above
 * every match (then `s >= from` alone).
 */
export function prefixRange(prefix: string): { from: string; to: string | null } {
  const points = Array.from(prefix, (char) => char.codePointAt(0) ?? 0)
  while (points.length > 0) {
    const last = points.pop() as number
    if (last < 0x10ffff) {
      // a lone surrogate is not a character SQLite can store: step over the surrogate block
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1
      return { from: prefix, to: String.fromCodePoint(...points, next) }
    }
  }
  return { from: prefix, to: null }
}
