import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { formatMinor } from '@shared/money'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { RefundBook } from '../../../src/main/ledger/refund-book'
import { SaleService } from '../../../src/main/sales/sale-service'
import type { InvoiceTracker } from '../../../src/main/tracker/tracker'
import { fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

// Every read the till makes while selling must be served by an index (or the full-text index), whatever the size of
// the ledger: checked on SQLite's own plan of each statement the calls below prepare, not on timings.

let dir: ReturnType<typeof tempDir>
let ledger: Ledger
const prepared = new Set<string>()

/** Fresh stores over the ledger's database, so each call prepares (and so shows) every statement it runs. */
interface Till {
  ledger: Ledger
  refunds: RefundBook
  sales: SaleService
}

function till(): Till {
  const fresh = new Ledger(ledger.database)
  const refunds = new RefundBook(ledger.database)
  const sales = new SaleService({
    ledger: fresh,
    refunds,
    tracker: { track: () => undefined } as unknown as InvoiceTracker,
    processorFor: () => null,
    requireProcessor: () => {
      throw new Error('not used')
    },
    onSaleChanged: () => undefined
  })
  return { ledger: fresh, refunds, sales }
}

beforeAll(() => {
  dir = tempDir()
  let clock = Date.parse('2026-03-02T09:00:00.000Z')
  ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')), () => clock)
  const db = ledger.database
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => {
    prepared.add(sql)
    return prepare(sql)
  }) as typeof db.prepare
  // More sales than the search reads by id before walking them newest first, so both ways are planned.
  ledger.batch(() => {
    for (let n = 0; n < 2100; n++) {
      clock += 30_000
      const id = `sale_${n.toString(16).padStart(6, '0')}00000000000000`
      const amount = formatMinor(BigInt(100 + n), 'USD')
      ledger.createSale({
        id,
        currency: 'USD',
        amountMinor: BigInt(100 + n),
        memo: 'Table 4',
        lines: [{ name: 'Flat white', unitPrice: amount, quantity: 1 }],
        processor: 'demo'
      })
      const invoice = fakeInvoice(`Demo_${n}`, id, { amount, due: amount })
      ledger.applyInvoice(id, invoice)
      if (n % 3 === 0) ledger.applyInvoice(id, { ...invoice, status: 'Settled', paid: amount, due: '0' })
    }
  })
  prepared.clear()
}, 60_000)

afterAll(() => {
  ledger.close()
  dir.remove()
})

/** The plan's lines for `sql`, run with every parameter null (the plan does not depend on the values). */
function plan(sql: string): string[] {
  const rows = ledger.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]
  return rows.map((row) => row.detail)
}

/**
 * Plan lines that may read a whole table: a `SCAN` of a table, without an index or walking one in order. Allowed
 * only where every row it reads is an answer (no WHERE: `sale:list`'s newest first, stopped by its LIMIT) or where
 * the code chose the walk (`NOT INDEXED`/`INDEXED BY`: the search's walk newest first, taken only when thousands of
 * sales match, so its LIMIT stops it soon); elsewhere it may read every sale before finding its few matches.
 */
function fullScans(sql: string, lines: string[]): string[] {
  const subqueries = new Set(
    lines.flatMap((line) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(line)?.[1] ?? [])
  )
  const chosenWalk = /\b(?:NOT INDEXED|INDEXED BY)\b/i.test(sql)
  const orderedWalk = !/\bWHERE\b/i.test(sql)
  return lines.filter((line) => {
    const scan = /^SCAN (\S+)(.*)$/.exec(line)
    if (!scan) return false
    const [, table, rest = ''] = scan
    if (subqueries.has(table ?? '') || /VIRTUAL TABLE/.test(rest) || chosenWalk) return false
    return !(orderedWalk && /USING (?:COVERING )?INDEX/.test(rest))
  })
}

describe('query plans of what the till reads while selling', () => {
  it('uses an index for sale:find (sale id, invoice id, few or many matches, words, amount), list, get, the tracker, refunds and paid ranges', () => {
    const calls: [string, (stores: Till) => unknown][] = [
      ['sale:find by sale id', ({ sales }) => sales.find('sale_0007')],
      ['sale:find by sale id, thousands match', ({ sales }) => sales.find('sale_0')],
      ['sale:find by invoice id', ({ sales }) => sales.find('DEMO_20')],
      ['sale:find by invoice id, thousands match', ({ sales }) => sales.find('demo_')],
      ['sale:find by words', ({ sales }) => sales.find('flat white')],
      ['sale:find by amount', ({ sales }) => sales.find('12.34')],
      ['sale:list', ({ sales }) => sales.list(50)],
      ['sale:get', ({ sales }) => sales.view('sale_00000100000000000000')],
      ['tracker: open invoices', ({ ledger }) => ledger.openInvoices()],
      ['refunds of a sale', ({ refunds }) => refunds.forSale('sale_00000100000000000000')],
      ['paid in a range, listed', ({ ledger }) => ledger.salesPaidBetween(0, Date.now())],
      ['paid in a range, summed', ({ ledger }) => ledger.paidTotals(0, Date.now())]
    ]
    const scans: Record<string, string[]> = {}
    for (const [name, call] of calls) {
      prepared.clear()
      call(till())
      const reads = [...prepared].filter((sql) => /^\s*(SELECT|WITH)\b/i.test(sql))
      expect(reads.length, name).toBeGreaterThan(0)
      const found = reads.flatMap((sql) =>
        fullScans(sql, plan(sql)).map((line) => `${line} in ${sql.trim().slice(0, 80)}`)
      )
      if (found.length > 0) scans[name] = found
    }
    expect(scans).toEqual({})
  })

  it('would notice a full scan (the check is not vacuous)', () => {
    const check = (sql: string) => fullScans(sql, plan(sql))
    // the find of the build before: walks every sale newest first when few match
    expect(
      check(
        `SELECT s.* FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id WHERE lower(s.id) LIKE ? OR lower(i.id) LIKE ?
           ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?`
      )
    ).toEqual(['SCAN s USING INDEX sales_by_created'])
    // the day close of the build before: no index on a time range
    expect(check('SELECT count(*) FROM sales WHERE updated_at >= ? AND updated_at < ?')).toEqual([
      'SCAN sales'
    ])
  })
})
