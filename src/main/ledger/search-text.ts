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
 * The words of a text as the search sees them: runs of letters and digits, accents removed, lower case
 * (`"Café Crème 12.34"` → `cafe`, `creme`, `12`, `34`). The sales and the cashier's query both pass through it and the
 * FTS5 tokenizer (unicode61) splits its output the same way, so a word of `sale_words`, quoted in a query, finds the
 * sales it came from.
 */
export function searchTokens(text: string): string[] {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []
  )
}

/**
 * The text `sales_fts` indexes for a sale: the tokens of its memo, its line names and its amount as the till shows it
 * (`"12.34"` with the currency's decimals: the tokens 12 and 34, matched as a phrase). Written with the sale.
 */
export function saleSearchText(sale: SearchableSale): string {
  return [sale.memo ?? '', ...sale.lines.map((line) => line.name), amountText(sale)]
    .flatMap(searchTokens)
    .join(' ')
}

/** The sale's words with a letter, for `sale_words` (numbers are matched whole, never by their start). */
export function saleWords(sale: SearchableSale): string[] {
  return [...new Set(searchTokens(saleSearchText(sale)).filter(hasLetter))]
}

function amountText(sale: SearchableSale): string {
  try {
    return formatMinor(sale.amountMinor, sale.currency)
  } catch {
    // a currency this build does not know (a ledger from a later Kassa): the sale stays findable by its words and ids
    return ''
  }
}

/** Shortest word matched by its start: a shorter one is taken whole. */
export const MIN_PREFIX = 3

/** One word the cashier typed: its tokens, and whether its last token is matched by its start. */
export interface QueryWord {
  tokens: string[]
  prefix: boolean
}

/**
 * The words of a query (split on spaces; a word with no letter or digit is dropped). A word's last token is matched
 * by its start when it has a letter and at least `MIN_PREFIX` characters (`"cappu"` finds "Cappuccino"); a number or
 * a short word is matched whole (`"12"` finds 12.00–12.99, not 120; `"12.34"` is the phrase 12 34).
 */
export function queryWords(query: string): QueryWord[] {
  return query
    .split(/\s+/)
    .map(searchTokens)
    .filter((tokens) => tokens.length > 0)
    .map((tokens) => {
      const last = tokens.at(-1) ?? ''
      return { tokens, prefix: hasLetter(last) && [...last].length >= MIN_PREFIX }
    })
}

/** `tokens` as one FTS5 phrase, quoted so no character is FTS5 syntax (tokens have no quote, but stay safe). */
export function ftsPhrase(tokens: readonly string[]): string {
  return `"${tokens.join(' ').replace(/"/g, '""')}"`
}

function hasLetter(token: string): boolean {
  return /\p{L}/u.test(token)
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
