import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/ledger/database'
import { DAY_SQL } from '../../../src/main/ledger/day-queries'
import { MIGRATIONS } from '../../../src/main/ledger/migrations'
import { businessDaysAndCloses } from '../../../src/main/day/day-migration'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let file: string

beforeEach(() => {
  dir = tempDir()
  file = join(dir.path, 'kassa.sqlite')
})

afterEach(() => dir.remove())

/** A ledger as the build before the day close wrote it: sales paid around a Berlin 3 am start, refunds. */
function oldLedger(businessDay: string | null): void {
  const db = openDatabase(file, MIGRATIONS.slice(0, MIGRATIONS.indexOf(businessDaysAndCloses)))
  if (businessDay) db.prepare(`INSERT INTO settings (key, value) VALUES ('businessDay', ?)`).run(businessDay)
  const sale = db.prepare(
    `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, processor, state, paid_at)
     VALUES (?, ?, ?, 'EUR', 100, 'btcpay', ?, ?)`
  )
  // 01:59:59.999 Berlin (CEST) on the 11th: the 10th's day with start hour 3; 02:00 on the 11th is the 11th's.
  sale.run('sale_a', '2026-06-10T23:00:00.000Z', 'x', 'paid', '2026-06-10T23:59:59.999Z')
  sale.run('sale_b', '2026-06-11T00:00:00.000Z', 'x', 'paid', '2026-06-11T01:00:00.000Z')
  sale.run('sale_c', '2026-06-11T00:00:00.000Z', 'x', 'expired', null)
  const refund = db.prepare(
    `INSERT INTO refunds (id, sale_id, processor, kind, amount, currency, fiat_minor, state, created_at, updated_at)
     VALUES (?, 'sale_a', 'btcpay', 'recorded', '1.00', 'EUR', 100, ?, ?, ?)`
  )
  refund.run('rfd_1', 'completed', '2026-06-11T00:30:00.000Z', 'x')
  refund.run('rfd_2', 'failed', '2026-06-11T00:30:00.000Z', 'x')
  db.close()
}

function days(): Record<string, string | null> {
  const db = openDatabase(file)
  try {
    const rows = db
      .prepare('SELECT id, business_day FROM sales UNION ALL SELECT id, business_day FROM refunds')
      .all() as { id: string; business_day: string | null }[]
    return Object.fromEntries(rows.map((row) => [row.id, row.business_day]))
  } finally {
    db.close()
  }
}

describe('the day-close migration', () => {
  it('gives paid sales and counted refunds their business day by the setting in effect', () => {
    oldLedger(JSON.stringify({ timeZone: 'Europe/Berlin', startHour: 3 }))
    expect(days()).toEqual({
      sale_a: '2026-06-10',
      sale_b: '2026-06-11',
      sale_c: null,
      rfd_1: '2026-06-10',
      rfd_2: null
    })
  })

  it('uses the OS zone from midnight when no business day is set', () => {
    oldLedger(null)
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    const expected = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(
      Date.parse('2026-06-11T01:00:00.000Z')
    )
    expect(days().sale_b).toBe(expected)
  })

  it('every day-close query searches an index (none scans a table)', () => {
    oldLedger(null)
    const db = openDatabase(file)
    try {
      const params: Record<keyof typeof DAY_SQL, unknown[]> = {
        sales: ['2026-06-10'],
        corrections: ['2026-06-10'],
        outcomes: ['a', 'b'],
        creating: ['a', 'b'],
        underpaid: ['a', 'b'],
        refunds: ['2026-06-10'],
        payments: ['sale_a'],
        rates: ['sale_a'],
        byHour: ['2026-06-10', 0, 'EUR'],
        salesPerDay: ['2026-06-01', '2026-06-10'],
        refundDays: ['2026-06-01', '2026-06-10'],
        recoveries: ['2026-06-10']
      }
      for (const [name, sql] of Object.entries(DAY_SQL)) {
        const plan = (
          db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params[name as keyof typeof DAY_SQL] ?? [])) as {
            detail: string
          }[]
        ).map((step) => step.detail)
        // Only json_each's virtual table over one invoice's JSON, and the subquery's own rows, are scanned.
        const scans = plan.filter(
          (step) => /^SCAN /.test(step) && !/VIRTUAL TABLE|subquery|^SCAN per$/.test(step)
        )
        expect(scans, `${name}: ${plan.join(' | ')}`).toEqual([])
      }
    } finally {
      db.close()
    }
  })
})
