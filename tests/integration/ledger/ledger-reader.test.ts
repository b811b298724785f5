import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatMinor } from '@shared/money'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { defaultWorkerEntry, LedgerReader } from '../../../src/main/ledger/ledger-reader'
import { fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let file: string
let ledger: Ledger
let reader: LedgerReader
const clock = { now: Date.parse('2026-03-02T09:00:00.000Z') }
const ALL = { from: 0, to: Date.parse('9999-01-01T00:00:00.000Z') }

beforeEach(() => {
  dir = tempDir()
  file = join(dir.path, 'kassa.sqlite')
  ledger = new Ledger(openDatabase(file), () => clock.now)
  reader = new LedgerReader(file)
})

afterEach(async () => {
  await reader.close()
  ledger.close()
  dir.remove()
})

let serial = 0
function paidSale(amountMinor: bigint, currency = 'USD'): string {
  const id = `sale_${String(++serial).padStart(16, '0')}`
  const amount = formatMinor(amountMinor, currency)
  ledger.createSale({ id, currency, amountMinor, memo: null, lines: [], processor: 'demo' })
  ledger.applyInvoice(
    id,
    fakeInvoice(`inv_${serial}`, id, { currency, amount, status: 'Settled', paid: amount })
  )
  return id
}

describe('LedgerReader: long reads in a worker thread', () => {
  it('sums paid sales in the worker exactly, totals past 2^53 minor units kept as bigint', async () => {
    ledger.batch(() => {
      for (let n = 0; n < 11; n++) paidSale(999_999_999_999_999n)
      paidSale(1250n, 'EUR')
    })
    const totals = await reader.run('paidTotals', ALL)
    expect(totals).toEqual([
      { currency: 'EUR', count: 1, totalMinor: 1250n },
      { currency: 'USD', count: 11, totalMinor: 10_999_999_999_999_989n }
    ])
    expect(totals).toEqual(ledger.paidTotals(ALL.from, ALL.to))
  })

  it('keeps the main thread answering while the worker reads: a timer and a handler finish before the result', async () => {
    // 200 000 sales written in one statement, so the worker has a long read to do.
    ledger.database.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
      INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, processor, state)
        SELECT printf('sale_%016d', i), '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 'USD', i, 'demo',
          'paid' FROM n`)
    const appInfo = async () => ({ name: 'Kassa' })
    const order: string[] = []
    const read = reader.run('salesTotals', undefined).then((totals) => {
      order.push('worker result')
      return totals
    })
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer')
        resolve()
      }, 0)
    )
    const handler = new Promise<void>((resolve) =>
      setImmediate(
        () =>
          void appInfo().then(() => {
            order.push('app:info')
            resolve()
          })
      )
    )
    const [totals] = await Promise.all([read, timer, handler])
    expect(order.at(-1)).toBe('worker result')
    expect(order).toHaveLength(3)
    expect(totals).toEqual([{ currency: 'USD', state: 'paid', count: 200_000, totalMinor: 20_000_100_000n }])
  })

  it('sees what the main thread committed after it started (WAL)', async () => {
    paidSale(500n)
    expect(await reader.run('paidTotals', ALL)).toEqual([{ currency: 'USD', count: 1, totalMinor: 500n }])
    paidSale(700n)
    expect(await reader.run('paidTotals', ALL)).toEqual([{ currency: 'USD', count: 2, totalMinor: 1200n }])
  })

  it('rejects an unknown query or a failing one with a clear error, and keeps serving', async () => {
    await expect(reader.run('dropEverything' as 'salesTotals', undefined)).rejects.toThrow(
      'No read query "dropEverything"'
    )
    const empty = new LedgerReader(join(dir.path, 'empty.sqlite'))
    try {
      await expect(empty.run('salesTotals', undefined)).rejects.toThrow(/no such table: sales/)
    } finally {
      await empty.close()
    }
    paidSale(900n)
    expect(await reader.run('paidTotals', ALL)).toEqual([{ currency: 'USD', count: 1, totalMinor: 900n }])
  })

  it('refuses to run once closed', async () => {
    await reader.close()
    await expect(reader.run('salesTotals', undefined)).rejects.toThrow('closed')
  })

  it('finds the built worker next to the bundle or one folder up (out/main/chunks), and says when it is missing', () => {
    const out = join(dir.path, 'out', 'main')
    mkdirSync(join(out, 'chunks'), { recursive: true })
    expect(() => defaultWorkerEntry(join(out, 'chunks'), join(out, 'chunks', 'core.js'))).toThrow(
      /ledger-read-worker\.js\) is missing/
    )
    writeFileSync(join(out, 'ledger-read-worker.js'), '')
    expect(defaultWorkerEntry(join(out, 'chunks'), join(out, 'chunks', 'core.js'))).toEqual({
      file: join(out, 'ledger-read-worker.js')
    })
    expect(defaultWorkerEntry(out, join(out, 'index.js'))).toEqual({
      file: join(out, 'ledger-read-worker.js')
    })
  })
})
