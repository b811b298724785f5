import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/ledger/database'
import { MIGRATIONS } from '../../../src/main/ledger/migrations'
import { recoveryBook } from '../../../src/main/recovery/recovery-migration'
import { tempDir } from '../../fixtures/temp-dir'

// A ledger from before recovery: sales that ended unpaid in the last 30 days (by the newest sale) enter the queue
// when the till is updated; older ones, paid, cancelled and open ones do not.

let dir: ReturnType<typeof tempDir>
beforeEach(() => {
  dir = tempDir()
})
afterEach(() => dir.remove())

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(recoveryBook))

describe('the recovery migration', () => {
  it('backfills the queue with the sales that ended expired or invalid in the last 30 days', () => {
    const file = join(dir.path, 'kassa.sqlite')
    const old = openDatabase(file, before)
    const sale = old.prepare(
      `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, processor, state, paid_at)
       VALUES (?, ?, ?, 'EUR', 2000, 'btcpay', ?, ?)`
    )
    const invoice = old.prepare(
      `INSERT INTO invoices (processor, id, sale_id, status, additional_status, raw_status, currency, amount_minor,
         paid_minor, expires_at, data_json, updated_at) VALUES ('btcpay', ?, ?, ?, ?, 'x', 'EUR', 2000, ?, ?, '{}', ?)`
    )
    const add = (id: string, at: string, state: string, status: string, extra: string, paid: number) => {
      sale.run(id, at, at, state, state === 'paid' ? at : null)
      invoice.run(`inv_${id}`, id, status, extra, paid, at, at)
    }
    add('sale_newest', '2026-06-30T12:00:00.000Z', 'paid', 'Settled', 'None', 2000)
    add('sale_expired', '2026-06-20T12:00:00.000Z', 'expired', 'Expired', 'None', 0)
    add('sale_half', '2026-06-10T12:00:00.000Z', 'expired', 'Expired', 'PaidPartial', 750)
    add('sale_invalid', '2026-06-05T12:00:00.000Z', 'invalid', 'Invalid', 'None', 0)
    add('sale_old', '2026-05-20T12:00:00.000Z', 'expired', 'Expired', 'None', 0)
    add('sale_open', '2026-06-29T12:00:00.000Z', 'awaiting', 'New', 'None', 0)
    add('sale_cancelled', '2026-06-29T13:00:00.000Z', 'cancelled', 'Invalid', 'None', 0)
    old.close()

    const db = openDatabase(file)
    const rows = db
      .prepare(
        `SELECT id, sale_id, reason, status, failed_at, currency, paid_minor, due_minor FROM recovery_items
           ORDER BY failed_at DESC`
      )
      .all() as Record<string, unknown>[]
    db.close()
    expect(rows.map((row) => ({ ...row, id: String(row.id).length }))).toEqual([
      {
        id: 36,
        sale_id: 'sale_expired',
        reason: 'expired',
        status: 'open',
        failed_at: '2026-06-20T12:00:00.000Z',
        currency: 'EUR',
        paid_minor: 0n,
        due_minor: 2000n
      },
      {
        id: 36,
        sale_id: 'sale_half',
        reason: 'underpaid',
        status: 'open',
        failed_at: '2026-06-10T12:00:00.000Z',
        currency: 'EUR',
        paid_minor: 750n,
        due_minor: 1250n
      },
      {
        id: 36,
        sale_id: 'sale_invalid',
        reason: 'invalid',
        status: 'open',
        failed_at: '2026-06-05T12:00:00.000Z',
        currency: 'EUR',
        paid_minor: 0n,
        due_minor: 2000n
      }
    ])
    expect(rows.every((row) => /^rec_[0-9a-f]{32}$/.test(String(row.id)))).toBe(true)
  })
})
