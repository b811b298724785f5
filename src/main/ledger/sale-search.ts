import { statementCache, type Db } from './database'
import { asciiLower, ftsPhrase, prefixRange, queryWords } from './search-text'

/**
 * Past this many sales matching an id prefix, reading them all to pick the newest costs more than walking the sales
 * newest first until enough match: with m matches among n sales, the walk reads about n / m × limit sales.
 */
const DENSE_AFTER = 2000

/**
 * A word start matching more words than this (in `sale_words`) is left to FTS5's own prefix query, which reads every
 * document of every such word; fewer are asked for as whole words (`"cappuccino" OR …`), which FTS5 reads newest
 * first and stops.
 */
const MAX_WORD_STARTS = 64

/**
 * Finds sales for `sale:find` through indexes only, at any ledger size: a sale id prefix on the primary key (sale ids
 * are lower case: `SaleIdSchema`), an invoice id prefix in any case on `invoices_by_lower_id` (lower(id), sale_id),
 * both read from the index alone, and words or an amount in `sales_fts` (memo, line names, amount; a word start is
 * turned into the whole words it begins, from `sale_words`). "Newest" is the
 * order sales were rung up in (rowid; `sale:list` orders by creation time, then rowid: the same order unless the
 * clock went back), so each branch gives its newest `limit` without reading a sale row.
 */
export class SaleSearch {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /**
   * Rowids of the newest `limit` sales whose id or invoice id starts with `query` (ASCII case ignored, matched
   * literally), or whose memo, line names or amount match its words (`ftsQuery`), newest first.
   */
  find(query: string, limit: number): bigint[] {
    const text = query.trim()
    const { from, to } = prefixRange(asciiLower(text))
    const rowids = new Set([
      ...this.byPrefix('sales', from, to, limit),
      ...this.byPrefix('invoices', from, to, limit),
      ...this.byReceiptNumber(text, limit),
      ...this.byWords(text, limit)
    ])
    return [...rowids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, limit)
  }

  /**
   * The newest `limit` sales whose own id (`sales`) or invoice id (`invoices`) is in [from, to): every match read
   * from the id index when there are few, else the sales walked newest first until `limit` match.
   */
  private byPrefix(table: 'sales' | 'invoices', from: string, to: string | null, limit: number): bigint[] {
    const key = table === 'sales' ? 's.id' : 'lower(i.id)'
    const range = to === null ? `${key} >= ?` : `${key} >= ? AND ${key} < ?`
    const bounds = to === null ? [from] : [from, to]
    const few =
      table === 'sales'
        ? `SELECT s.rowid FROM sales s WHERE ${range} LIMIT ?`
        : `SELECT s.rowid FROM invoices i JOIN sales s ON s.id = i.sale_id WHERE ${range} LIMIT ?`
    const hits = this.stmt(few).all(...bounds, DENSE_AFTER + 1) as { rowid: bigint }[]
    if (hits.length <= DENSE_AFTER) return newest(hits, limit)
    // Dense: walk the sales table itself newest first (NOT INDEXED: the id index would read every match, then sort);
    // CROSS JOIN keeps sales the outer loop.
    const many =
      table === 'sales'
        ? `SELECT s.rowid FROM sales s NOT INDEXED WHERE ${range} ORDER BY s.rowid DESC LIMIT ?`
        : `SELECT s.rowid FROM sales s NOT INDEXED CROSS JOIN invoices i ON i.sale_id = s.id WHERE ${range}
             ORDER BY s.rowid DESC LIMIT ?`
    return (this.stmt(many).all(...bounds, limit) as { rowid: bigint }[]).map((hit) => hit.rowid)
  }

  /**
   * The newest `limit` sales whose receipt number (`T1-20261128-42`) starts with `text`, ASCII case ignored, through
   * the index on `upper(receipt_number)`: the whole number finds its sale, `T1-20261128-` that day's.
   */
  private byReceiptNumber(text: string, limit: number): bigint[] {
    const { from, to } = prefixRange(asciiUpper(text))
    const hits = (
      to === null
        ? this.stmt('SELECT rowid FROM sales WHERE upper(receipt_number) >= ? LIMIT ?').all(from, DENSE_AFTER)
        : this.stmt(
            'SELECT rowid FROM sales WHERE upper(receipt_number) >= ? AND upper(receipt_number) < ? LIMIT ?'
          ).all(from, to, DENSE_AFTER)
    ) as { rowid: bigint }[]
    return newest(hits, limit)
  }

  /**
   * The newest `limit` sales whose search text has every word of `text` (`queryWords`: a word of 3+ letters by its
   * start, each start turned into the whole words it begins in `sale_words`).
   */
  private byWords(text: string, limit: number): bigint[] {
    const words = queryWords(text)
    if (words.length === 0) return []
    const parts: string[] = []
    for (const { tokens, prefix } of words) {
      const [only] = tokens
      if (!prefix) parts.push(ftsPhrase(tokens))
      else if (tokens.length > 1 || only === undefined) parts.push(`${ftsPhrase(tokens)}*`)
      else {
        const starts = this.wordsStarting(only)
        if (starts.length === 0) return []
        parts.push(
          starts.length > MAX_WORD_STARTS
            ? `${ftsPhrase([only])}*`
            : `(${starts.map((word) => ftsPhrase([word])).join(' OR ')})`
        )
      }
    }
    const hits = this.stmt(
      'SELECT rowid FROM sales_fts WHERE sales_fts MATCH ? ORDER BY rowid DESC LIMIT ?'
    ).all(parts.join(' AND '), limit) as { rowid: bigint }[]
    return hits.map((hit) => hit.rowid)
  }

  /** Up to `MAX_WORD_STARTS` + 1 words of `sale_words` that start with `start`. */
  private wordsStarting(start: string): string[] {
    const { from, to } = prefixRange(start)
    const rows = (
      to === null
        ? this.stmt('SELECT word FROM sale_words WHERE word >= ? LIMIT ?').all(from, MAX_WORD_STARTS + 1)
        : this.stmt('SELECT word FROM sale_words WHERE word >= ? AND word < ? LIMIT ?').all(
            from,
            to,
            MAX_WORD_STARTS + 1
          )
    ) as { word: string }[]
    return rows.map((row) => row.word)
  }
}

/** Upper-case the ASCII letters only, as SQLite's built-in `upper()` does. */
function asciiUpper(text: string): string {
  return text.replace(/[a-z]/g, (letter) => letter.toUpperCase())
}

function newest(hits: { rowid: bigint }[], limit: number): bigint[] {
  return hits
    .map((hit) => hit.rowid)
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
    .slice(0, limit)
}
