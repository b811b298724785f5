import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import Database from 'libsql'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { MIGRATIONS } from '../../../src/main/ledger/migrations'
import { fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let file: string
const open: { close(): void }[] = []

function openLedger(migrations?: readonly string[]): Ledger {
  const ledger = new Ledger(openDatabase(file, migrations))
  open.push(ledger)
  return ledger
}

function userVersion(): number {
  const db = new Database(file)
  try {
    return Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
  } finally {
    db.close()
  }
}

function newSale(ledger: Ledger, id = 'sale_0000000000000001', amountMinor = 1234n) {
  return ledger.createSale({
    id,
    currency: 'USD',
    amountMinor,
    memo: 'Table 4',
    lines: [{ name: 'Coffee', unitPrice: '6.17', quantity: 2 }],
    processor: 'demo'
  })
}

beforeEach(() => {
  dir = tempDir()
  file = join(dir.path, 'kassa.sqlite')
})

afterEach(() => {
  for (const handle of open.splice(0)) {
    try {
      handle.close()
    } catch {
      // already closed by the test
    }
  }
  dir.remove()
})

describe('ledger on a real SQLite file', () => {
  it('syncs every commit to disk (WAL with synchronous FULL), so a sale called done survives a power cut', () => {
    const ledger = openLedger()
    const row = ledger.database.prepare('PRAGMA synchronous').get() as { synchronous: bigint }
    const mode = ledger.database.prepare('PRAGMA journal_mode').get() as { journal_mode: string }
    expect(mode.journal_mode).toBe('wal')
    expect(Number(row.synchronous)).toBe(2) // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    ledger.close()
  })

  it('runs the migrations once and reopens cleanly with the data kept', () => {
    const first = openLedger()
    expect(userVersion()).toBe(MIGRATIONS.length)
    newSale(first)
    first.close()
    const again = openLedger()
    expect(userVersion()).toBe(MIGRATIONS.length)
    expect(again.getSale('sale_0000000000000001')?.amountMinor).toBe(1234n)
    expect(again.listSales(10)).toHaveLength(1)
  })

  it('applies only the migrations a file lacks', () => {
    const v1 = [MIGRATIONS[0] as string]
    openLedger(v1).close()
    const next = [...v1, `CREATE TABLE extra (id INTEGER PRIMARY KEY); INSERT INTO extra (id) VALUES (1);`]
    const ledger = openLedger(next)
    ledger.close()
    expect(userVersion()).toBe(2)
    // Reopening does not run migration 2 again (it would insert a duplicate primary key and fail).
    expect(() => openLedger(next).close()).not.toThrow()
  })

  it('refuses a file from a newer Kassa with a clear error, leaving it untouched', () => {
    openLedger().close()
    const db = new Database(file)
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`)
    db.close()
    expect(() => openDatabase(file)).toThrow(
      new RegExp(`newer Kassa.*schema ${MIGRATIONS.length + 1}.*knows ${MIGRATIONS.length}`)
    )
    expect(userVersion()).toBe(MIGRATIONS.length + 1)
  })

  it('upgrades a version-1 ledger: sales keep their amounts and read as keypad sales without tax', () => {
    const v1 = new Database(file)
    v1.exec(MIGRATIONS[0] as string)
    v1.exec('PRAGMA user_version = 1')
    v1.prepare(
      `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, memo, lines_json, processor, state)
         VALUES ('sale_0000000000000009', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'EUR', 2500,
           NULL, '[]', 'demo', 'paid')`
    ).run()
    v1.close()
    const ledger = openLedger()
    expect(userVersion()).toBe(MIGRATIONS.length)
    expect(ledger.getSale('sale_0000000000000009')).toMatchObject({
      amountMinor: 2500n,
      subtotalMinor: 2500n,
      taxMinor: 0n,
      discountMinor: 0n,
      taxRate: '0',
      paymentMethod: null
    })
  })

  it('stores amounts as integers and reads them back as bigint', () => {
    const ledger = openLedger()
    newSale(ledger, 'sale_0000000000000001', 123_456_789_012_345n)
    ledger.applyInvoice(
      'sale_0000000000000001',
      fakeInvoice('inv1', 'sale_0000000000000001', { amount: '1234567890123.45', paid: '0.00' })
    )
    ledger.close()
    const db = new Database(file)
    db.defaultSafeIntegers(true)
    const sale = db.prepare('SELECT typeof(amount_minor) AS t, amount_minor AS v FROM sales').get() as {
      t: string
      v: bigint
    }
    const invoice = db
      .prepare('SELECT typeof(amount_minor) AS t, amount_minor AS v, typeof(paid_minor) AS p FROM invoices')
      .get() as { t: string; v: bigint; p: string }
    db.close()
    expect(sale).toMatchObject({ t: 'integer', v: 123_456_789_012_345n })
    expect(invoice).toMatchObject({ t: 'integer', v: 123_456_789_012_345n, p: 'integer' })
    const reopened = openLedger()
    const read = reopened.getSale('sale_0000000000000001')
    expect(typeof read?.amountMinor).toBe('bigint')
    expect(read?.amountMinor).toBe(123_456_789_012_345n)
  })

  it('stores a payment in satoshis as an integer', () => {
    const ledger = openLedger()
    newSale(ledger)
    ledger.applyInvoice(
      'sale_0000000000000001',
      fakeInvoice('inv1', 'sale_0000000000000001', {
        status: 'Processing',
        payments: [
          {
            id: 'tx1',
            method: 'BTC-CHAIN',
            amount: '0.00018985',
            currency: 'BTC',
            receivedAt: '2025-01-01T00:01:00.000Z',
            status: 'Processing'
          }
        ]
      })
    )
    ledger.close()
    const db = new Database(file)
    db.defaultSafeIntegers(true)
    const row = db.prepare('SELECT typeof(amount_sats) AS t, amount_sats AS v FROM payments').get()
    db.close()
    expect(row).toMatchObject({ t: 'integer', v: 18985n })
  })

  it('refuses a sale of zero at the schema level', () => {
    const ledger = openLedger()
    expect(() => newSale(ledger, 'sale_0000000000000009', 0n)).toThrow(/CHECK/)
  })

  it('applies the same invoice twice idempotently, writing status history only on a change', () => {
    const ledger = openLedger()
    newSale(ledger)
    const saleId = 'sale_0000000000000001'
    const created = fakeInvoice('inv1', saleId)
    expect(ledger.applyInvoice(saleId, created)).toBe(true)
    expect(ledger.applyInvoice(saleId, structuredClone(created))).toBe(false)
    expect(ledger.statusHistory('demo', 'inv1').map((h) => h.status)).toEqual(['New'])
    // A change the till shows but not a status change: stored, no history row.
    const paidSome = { ...created, paid: '1.00', due: '11.34' }
    expect(ledger.applyInvoice(saleId, paidSome)).toBe(true)
    expect(ledger.statusHistory('demo', 'inv1')).toHaveLength(1)
    const partial = { ...paidSome, additionalStatus: 'PaidPartial' as const, rawStatus: 'new:PaidPartial' }
    expect(ledger.applyInvoice(saleId, partial)).toBe(true)
    const settled = { ...partial, status: 'Settled' as const, additionalStatus: 'None' as const }
    expect(ledger.applyInvoice(saleId, settled)).toBe(true)
    expect(ledger.applyInvoice(saleId, settled)).toBe(false)
    expect(ledger.statusHistory('demo', 'inv1').map((h) => `${h.status}/${h.additionalStatus}`)).toEqual([
      'New/None',
      'New/PaidPartial',
      'Settled/None'
    ])
    expect(ledger.getSale(saleId)?.state).toBe('paid')
    expect(ledger.getSale(saleId)?.invoiceId).toBe('inv1')
    expect(ledger.openInvoices()).toEqual([])
  })

  it('keeps one invoice per sale: the schema refuses a second row for the same sale', () => {
    const ledger = openLedger()
    newSale(ledger)
    const saleId = 'sale_0000000000000001'
    ledger.applyInvoice(saleId, fakeInvoice('inv1', saleId))
    ledger.close()
    const db = new Database(file)
    expect(() =>
      db
        .prepare(
          `INSERT INTO invoices (processor, id, sale_id, status, additional_status, raw_status, currency,
             amount_minor, paid_minor, expires_at, data_json, updated_at)
           VALUES ('demo', 'inv2', ?, 'New', 'None', 'new', 'USD', 1234, 0, '', '{}', '')`
        )
        .run(saleId)
    ).toThrow(/UNIQUE/)
    db.close()
    const reopened = openLedger()
    expect(reopened.countInvoicesForSale(saleId)).toBe(1)
  })

  it('keeps one invoice per sale when the processor answers with a replacement invoice', () => {
    const ledger = openLedger()
    newSale(ledger)
    const saleId = 'sale_0000000000000001'
    ledger.applyInvoice(saleId, fakeInvoice('inv1', saleId))
    ledger.applyInvoice(saleId, fakeInvoice('inv2', saleId))
    expect(ledger.countInvoicesForSale(saleId)).toBe(1)
    expect(ledger.getInvoiceForSale(saleId)?.id).toBe('inv2')
    expect(ledger.getSale(saleId)?.invoiceId).toBe('inv2')
  })

  it('lists open invoices for the tracker until they are final', () => {
    const ledger = openLedger()
    newSale(ledger, 'sale_0000000000000001')
    newSale(ledger, 'sale_0000000000000002')
    ledger.applyInvoice('sale_0000000000000001', fakeInvoice('inv1', 'sale_0000000000000001'))
    ledger.applyInvoice(
      'sale_0000000000000002',
      fakeInvoice('inv2', 'sale_0000000000000002', { status: 'Expired' })
    )
    expect(ledger.openInvoices()).toEqual([
      { processor: 'demo', invoiceId: 'inv1', saleId: 'sale_0000000000000001' }
    ])
    expect(ledger.getSale('sale_0000000000000002')?.state).toBe('expired')
  })

  it('keeps a cancelled sale cancelled when its invoice changes later', () => {
    const ledger = openLedger()
    newSale(ledger)
    const saleId = 'sale_0000000000000001'
    ledger.applyInvoice(saleId, fakeInvoice('inv1', saleId))
    ledger.setSaleState(saleId, 'cancelled', null, 'cashier')
    ledger.applyInvoice(
      saleId,
      fakeInvoice('inv1', saleId, { status: 'Invalid', additionalStatus: 'Marked' })
    )
    expect(ledger.getSale(saleId)?.state).toBe('cancelled')
  })

  it('writes an audit log entry for each sale action, in order', () => {
    const ledger = openLedger()
    newSale(ledger)
    const saleId = 'sale_0000000000000001'
    ledger.applyInvoice(saleId, fakeInvoice('inv1', saleId))
    ledger.applyInvoice(saleId, fakeInvoice('inv1', saleId, { status: 'Settled' }))
    ledger.setSaleState('sale_0000000000000001', 'paid', null) // no-op in effect, still audited
    expect(ledger.auditFor(saleId).map((entry) => `${entry.actor}:${entry.action}`)).toEqual([
      'cashier:sale.created',
      'system:sale.awaiting',
      'system:sale.paid',
      'system:sale.paid'
    ])
    expect(ledger.auditFor(saleId).every((entry) => !Number.isNaN(Date.parse(entry.at)))).toBe(true)
  })

  it('lists sales newest first', () => {
    let t = Date.parse('2025-03-01T12:00:00Z')
    const ledger = new Ledger(openDatabase(file), () => (t += 1000))
    open.push(ledger)
    newSale(ledger, 'sale_000000000000000b')
    newSale(ledger, 'sale_000000000000000a')
    newSale(ledger, 'sale_000000000000000c')
    expect(ledger.listSales(10).map((sale) => sale.id)).toEqual([
      'sale_000000000000000c',
      'sale_000000000000000a',
      'sale_000000000000000b'
    ])
    expect(ledger.listSales(2)).toHaveLength(2)
  })

  it('lists sales rung up in the same millisecond in the order they were rung up, newest first', () => {
    const ledger = new Ledger(openDatabase(file), () => Date.parse('2025-03-01T12:00:00Z'))
    open.push(ledger)
    newSale(ledger, 'sale_000000000000000b')
    newSale(ledger, 'sale_000000000000000c')
    newSale(ledger, 'sale_000000000000000a')
    expect(ledger.listSales(10).map((sale) => sale.id)).toEqual([
      'sale_000000000000000a',
      'sale_000000000000000c',
      'sale_000000000000000b'
    ])
  })

  it('stores and removes settings', () => {
    const ledger = openLedger()
    expect(ledger.getSetting('currency')).toBeNull()
    ledger.setSetting('currency', 'EUR')
    ledger.setSetting('currency', 'JPY')
    expect(ledger.getSetting('currency')).toBe('JPY')
    ledger.setSetting('currency', null)
    expect(ledger.getSetting('currency')).toBeNull()
  })
})
