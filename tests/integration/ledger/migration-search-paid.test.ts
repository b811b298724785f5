import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { MIGRATIONS, searchAndPaidAt } from '../../../src/main/ledger/migrations'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let file: string

beforeEach(() => {
  dir = tempDir()
  file = join(dir.path, 'kassa.sqlite')
})

afterEach(() => dir.remove())

/** A ledger file as the build before search and paid_at wrote it. */
function oldLedger(): void {
  const db = openDatabase(file, MIGRATIONS.slice(0, MIGRATIONS.indexOf(searchAndPaidAt)))
  const sale = db.prepare(
    `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, memo, lines_json, processor, state,
       invoice_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'btcpay', ?, ?)`
  )
  const invoice = db.prepare(
    `INSERT INTO invoices (processor, id, sale_id, status, additional_status, raw_status, currency, amount_minor,
       paid_minor, expires_at, final, data_json, updated_at)
     VALUES ('btcpay', ?, ?, ?, 'None', ?, 'USD', 0, 0, '2026-03-02T10:15:00.000Z', 1, '{}', ?)`
  )
  const history = db.prepare(
    `INSERT INTO status_history (processor, invoice_id, at, status, additional_status, raw_status)
     VALUES ('btcpay', ?, ?, ?, 'None', ?)`
  )
  const audit = db.prepare(`INSERT INTO audit_log (at, actor, action, sale_id) VALUES (?, 'system', ?, ?)`)
  const lines = JSON.stringify([{ name: 'Flat white', unitPrice: '6.17', quantity: 2 }])
  // Paid, with the audit log's sale.paid: that moment wins over the invoice's Settled row.
  sale.run(
    'sale_00000000000000a1',
    '2026-03-02T10:00:00.000Z',
    '2026-03-02T11:00:00.000Z',
    'USD',
    1234,
    'Table 4',
    lines,
    'paid',
    'Hx7Kp2QdTz9wLmN4aBcDeF'
  )
  invoice.run(
    'Hx7Kp2QdTz9wLmN4aBcDeF',
    'sale_00000000000000a1',
    'Settled',
    'Settled',
    '2026-03-02T11:00:00.000Z'
  )
  history.run('Hx7Kp2QdTz9wLmN4aBcDeF', '2026-03-02T10:00:04.000Z', 'Settled', 'Settled')
  audit.run('2026-03-02T10:00:05.000Z', 'sale.paid', 'sale_00000000000000a1')
  // Paid, no audit row: the invoice's first Settled.
  sale.run(
    'sale_00000000000000a2',
    '2026-03-02T12:00:00.000Z',
    '2026-03-02T12:30:00.000Z',
    'EUR',
    500,
    null,
    '[]',
    'paid',
    'Qq11111111111111111111'
  )
  invoice.run(
    'Qq11111111111111111111',
    'sale_00000000000000a2',
    'Settled',
    'Settled',
    '2026-03-02T12:30:00.000Z'
  )
  history.run('Qq11111111111111111111', '2026-03-02T12:00:00.000Z', 'New', 'New')
  history.run('Qq11111111111111111111', '2026-03-02T12:01:00.000Z', 'Settled', 'Settled')
  history.run('Qq11111111111111111111', '2026-03-02T12:20:00.000Z', 'Settled', 'Complete')
  // Paid, nothing to tell when: its last update.
  sale.run(
    'sale_00000000000000a3',
    '2026-03-02T13:00:00.000Z',
    '2026-03-02T13:00:09.000Z',
    'USD',
    99,
    'Staff',
    '[]',
    'paid',
    null
  )
  // Not paid.
  sale.run(
    'sale_00000000000000a4',
    '2026-03-02T14:00:00.000Z',
    '2026-03-02T14:00:00.000Z',
    'USD',
    4200,
    null,
    '[]',
    'awaiting',
    null
  )
  db.close()
}

describe('upgrading a ledger to indexed search and paid_at', () => {
  it('keeps every sale and backfills when each paid one became paid', () => {
    oldLedger()
    const ledger = new Ledger(openDatabase(file))
    try {
      expect(ledger.getSale('sale_00000000000000a1')).toMatchObject({
        amountMinor: 1234n,
        memo: 'Table 4',
        lines: [{ name: 'Flat white', unitPrice: '6.17', quantity: 2 }],
        state: 'paid',
        invoiceId: 'Hx7Kp2QdTz9wLmN4aBcDeF',
        paidAt: '2026-03-02T10:00:05.000Z'
      })
      expect(ledger.getSale('sale_00000000000000a2')?.paidAt).toBe('2026-03-02T12:01:00.000Z')
      expect(ledger.getSale('sale_00000000000000a3')?.paidAt).toBe('2026-03-02T13:00:09.000Z')
      expect(ledger.getSale('sale_00000000000000a4')).toMatchObject({ state: 'awaiting', paidAt: null })
      expect(
        ledger.paidTotals(Date.parse('2026-03-02T00:00:00.000Z'), Date.parse('2026-03-03T00:00:00.000Z'))
      ).toEqual([
        { currency: 'EUR', count: 1, totalMinor: 500n },
        { currency: 'USD', count: 2, totalMinor: 1333n }
      ])
    } finally {
      ledger.close()
    }
  })

  it('makes the sales already there findable by invoice id in any case, words and amount', () => {
    oldLedger()
    const ledger = new Ledger(openDatabase(file))
    try {
      const ids = (query: string) => ledger.findSales(query).map((sale) => sale.id)
      expect(ids('HX7KP')).toEqual(['sale_00000000000000a1'])
      expect(ids('qq111')).toEqual(['sale_00000000000000a2'])
      expect(ids('flat white')).toEqual(['sale_00000000000000a1'])
      expect(ids('staff')).toEqual(['sale_00000000000000a3'])
      expect(ids('12.34')).toEqual(['sale_00000000000000a1'])
      expect(ids('42.00')).toEqual(['sale_00000000000000a4'])
      const names = ledger.database
        .prepare(
          `SELECT name FROM sqlite_master WHERE name IN ('sales_by_paid_at', 'invoices_by_lower_id', 'sales_fts')`
        )
        .all() as { name: string }[]
      expect(names.map((row) => row.name).sort()).toEqual([
        'invoices_by_lower_id',
        'sales_by_paid_at',
        'sales_fts'
      ])
    } finally {
      ledger.close()
    }
  })
})
