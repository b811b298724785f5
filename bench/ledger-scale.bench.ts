import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { formatMinor } from '@shared/money'
import { openDatabase } from '../src/main/ledger/database'
import { Ledger } from '../src/main/ledger/ledger'
import { LedgerReader } from '../src/main/ledger/ledger-reader'
import { RefundBook } from '../src/main/ledger/refund-book'
import { SaleService } from '../src/main/sales/sale-service'
import type { InvoiceTracker } from '../src/main/tracker/tracker'
import { tempDir } from '../tests/fixtures/temp-dir'
import { seedLedger, SEED_START, SEED_STEP_MS } from './ledger-seed'
import { report } from './stats'

/** Sales seeded: the scale, 10⁶, by default (about 14 min of seeding on a busy 2-core machine). */
const SALES = Number(process.env.KASSA_BENCH_SCALE_SALES ?? 1_000_000)
/** A ledger file to keep: seeded on the first run, reused (not seeded again) on the next ones. */
const KEEP = process.env.KASSA_BENCH_SCALE_FILE
const ROUNDS = Number(process.env.KASSA_BENCH_SCALE_ROUNDS ?? 50)
/** Also time the previous build's statements (`sale:find` with LIKE, open invoices with OR) on the same file. */
const BEFORE = process.env.KASSA_BENCH_SCALE_BEFORE === '1'
/** Rounds of those: a LIKE over 10⁶ sales takes seconds. */
const BEFORE_ROUNDS = 5
const DAY = 24 * 60 * 60 * 1000
const TARGET = '≤ 10 ms'

/** Time `work` once per input, ms. */
function timeEach<T>(inputs: T[], work: (input: T) => unknown): number[] {
  return inputs.map((input) => {
    const start = performance.now()
    work(input)
    return performance.now() - start
  })
}

/** `ROUNDS` inputs cycled from `from`. */
function pick<T, R>(from: T[], map: (item: T, index: number) => R): R[] {
  return Array.from({ length: ROUNDS }, (_, i) => map(from[(i * 7) % from.length] as T, i))
}

/**
 * Latencies (ms) of `app:info`-like calls (an async handler with nothing to do) arriving every 2 ms while `busy`
 * runs, each measured from when it arrived to when it was answered: a call arriving while the main thread is held
 * waits until it is free, which a timer can only notice afterwards, so every 2 ms slot missed counts as a call.
 */
async function callsDuring(busy: () => Promise<unknown>): Promise<number[]> {
  const period = 2
  const appInfo = async () => ({ name: 'Kassa' })
  const latencies: number[] = []
  const start = performance.now()
  let slot = 0
  const answer = async () => {
    const now = performance.now()
    const arrived: number[] = []
    for (; start + slot * period <= now; slot++) arrived.push(start + slot * period)
    await appInfo()
    const answered = performance.now()
    for (const at of arrived) latencies.push(answered - at)
  }
  const timer = setInterval(() => void answer(), period)
  await new Promise((resolve) => setTimeout(resolve, 10))
  await busy()
  await answer()
  clearInterval(timer)
  return latencies
}

interface Sample {
  id: string
  invoiceId: string
  amount: string
}

/** Every (n / 1000)th sale, for look-ups. */
function samplesOf(ledger: Ledger, count: number): Sample[] {
  const byRowid = ledger.database.prepare(
    'SELECT id, invoice_id, amount_minor, currency FROM sales WHERE rowid = ?'
  )
  const step = Math.max(1, Math.floor(count / 1000))
  const samples: Sample[] = []
  for (let rowid = 1; rowid <= count; rowid += step) {
    const row = byRowid.get(rowid) as
      { id: string; invoice_id: string | null; amount_minor: bigint; currency: string } | undefined
    if (row?.invoice_id) {
      samples.push({
        id: row.id,
        invoiceId: row.invoice_id,
        amount: formatMinor(row.amount_minor, row.currency)
      })
    }
  }
  return samples
}

/**
 * The ledger at scale (`npm run bench -- ledger-scale`): seeds `KASSA_BENCH_SCALE_SALES` sales (default 10⁶) through
 * the ledger's own write path in transactions of 10 000 on a real file (or reuses `KASSA_BENCH_SCALE_FILE`), then
 * prints median/p95 of each query the till makes while selling, the day-close sums, and how long an `app:info`-like
 * call waits on the main thread while all sales are summed there or in the `LedgerReader` worker.
 */
export async function benchLedgerScale(): Promise<void> {
  const dir = KEEP ? null : tempDir('kassa-scale-')
  const file = KEEP ?? join((dir as { path: string }).path, 'kassa.sqlite')
  const reuse = KEEP !== undefined && existsSync(KEEP)
  const clock = { now: SEED_START }
  const ledger = new Ledger(openDatabase(file), () => clock.now)
  const refunds = new RefundBook(ledger.database)
  const sales = new SaleService({
    ledger,
    refunds,
    tracker: { track: () => undefined } as unknown as InvoiceTracker,
    processorFor: () => null,
    requireProcessor: () => {
      throw new Error('not used')
    },
    onSaleChanged: () => undefined
  })
  try {
    if (reuse) {
      console.log(`ledger-scale: reusing ${file} (not seeded this run)`)
    } else {
      // A larger page cache only while seeding (random ids make B-tree inserts cache-hungry); queries below run with
      // the ledger's default.
      ledger.database.exec('PRAGMA cache_size = -262144')
      let last = performance.now()
      const seeded = seedLedger(ledger, clock, SALES, {
        onBatch: (done) => {
          if (done % 100_000 !== 0 && done !== SALES) return
          const now = performance.now()
          console.log(`  seeded ${done} (${((now - last) / 1000).toFixed(1)} s for the last 100 000)`)
          last = now
        }
      })
      console.log(
        `ledger-scale: seeded ${SALES} sales in ${(seeded.ms / 1000).toFixed(1)} s ` +
          `(${((SALES / seeded.ms) * 1000).toFixed(0)} sales/s, transactions of 10 000, synchronous FULL)`
      )
      ledger.database.exec('PRAGMA cache_size = -2000')
    }
    const count = Number(
      (ledger.database.prepare('SELECT max(rowid) AS n FROM sales').get() as { n: bigint }).n
    )
    const end = SEED_START + count * SEED_STEP_MS
    clock.now = end
    console.log(`ledger-scale: ${count} sales; each figure below is ${ROUNDS} calls`)
    const samples = samplesOf(ledger, count)
    const find = (label: string, queries: string[]) =>
      report(
        `sale:find ${label}`,
        timeEach(queries, (query) => sales.find(query)),
        TARGET
      )

    find(
      'by sale id prefix (12 chars)',
      pick(samples, (s) => s.id.slice(0, 12))
    )
    find(
      'by invoice id prefix (8 chars, either case)',
      pick(samples, (s, i) =>
        i % 2 ? s.invoiceId.slice(0, 8).toUpperCase() : s.invoiceId.slice(0, 8).toLowerCase()
      )
    )
    find(
      'by whole words (an item or memo: "flat white", "table", …)',
      pick(
        ['flat white', 'table', 'latte', 'cinnamon bun', 'tote bag', 'espresso', 'take away', 'mug'],
        (w) => w
      )
    )
    find(
      'by the start of a word ("cappu", "croi", "bana", …)',
      pick(['cappu', 'croi', 'bana', 'avoc', 'kombu', 'chee', 'stic', 'grano'], (w) => w)
    )
    find(
      'by amount ("12.34")',
      pick(samples, (s) => s.amount)
    )
    find(
      '"sale_3" (1 sale in 16 matches)',
      pick(samples, () => 'sale_3')
    )
    find(
      '"sale_" (every sale matches)',
      pick(samples, () => 'sale_')
    )
    find(
      'with no match ("zzzz")',
      pick(samples, () => 'zzzz')
    )
    report(
      'sale:list (50)',
      timeEach(
        pick(samples, () => 50),
        (limit) => sales.list(limit)
      ),
      TARGET
    )
    report(
      'sale:get',
      timeEach(
        pick(samples, (s) => s.id),
        (id) => sales.view(id)
      ),
      TARGET
    )
    report(
      'tracker: open invoices',
      timeEach(
        pick(samples, () => 0),
        () => ledger.openInvoices()
      ),
      TARGET
    )
    report(
      'refunds of a sale',
      timeEach(
        pick(samples, (s) => s.id),
        (id) => refunds.forSale(id)
      ),
      TARGET
    )

    if (BEFORE) {
      // The statements of the build before this one, verbatim, on the same ledger (its schema is a superset).
      const oldFind = ledger.database.prepare(
        `SELECT s.* FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
           WHERE lower(s.id) LIKE ? ESCAPE '\\' OR lower(i.id) LIKE ? ESCAPE '\\'
           ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?`
      )
      const like = (query: string) => query.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + '%'
      const before = (label: string, queries: string[]) =>
        report(
          `before: sale:find ${label} (its SQL only)`,
          timeEach(queries.slice(0, BEFORE_ROUNDS), (query) => oldFind.all(like(query), like(query), 20)),
          TARGET
        )
      before(
        'by sale id prefix (12 chars)',
        pick(samples, (s) => s.id.slice(0, 12))
      )
      before(
        'by invoice id prefix (8 chars)',
        pick(samples, (s) => s.invoiceId.slice(0, 8))
      )
      before(
        '"sale_" (every sale matches)',
        pick(samples, () => 'sale_')
      )
      const oldOpen = ledger.database.prepare(
        'SELECT processor, id, sale_id FROM invoices WHERE final = 0 OR monitor_until > ?'
      )
      report(
        'before: tracker: open invoices',
        timeEach(
          pick(samples, () => new Date(clock.now).toISOString()),
          (at) => oldOpen.all(at)
        ),
        TARGET
      )
    }

    const days = pick(
      samples,
      (_, i) => SEED_START + ((i * 37) % Math.max(1, Math.floor((end - SEED_START) / DAY))) * DAY
    )
    const byUpdatedAt = ledger.database.prepare(
      `SELECT count(*) AS n, sum(amount_minor) AS total FROM sales
         WHERE state = 'paid' AND updated_at >= ? AND updated_at < ?`
    )
    report(
      'paid in a day, count and sum, the old way (updated_at, no index)',
      timeEach(days, (day) =>
        byUpdatedAt.get(new Date(day).toISOString(), new Date(day + DAY).toISOString())
      ),
      TARGET
    )
    report(
      'paid in a day, count and sum (Ledger.paidTotals, index on paid_at)',
      timeEach(days, (day) => ledger.paidTotals(day, day + DAY)),
      TARGET
    )
    report(
      'paid in a day, listed (Ledger.salesPaidBetween)',
      timeEach(days, (day) => ledger.salesPaidBetween(day, day + DAY)),
      'none: a day close reads them once'
    )

    const sumAll = ledger.database.prepare(
      `SELECT currency, state, count(*) AS n, sum(amount_minor) AS total FROM sales GROUP BY currency, state`
    )
    let mainMs = 0
    const onMain = await callsDuring(async () => {
      const start = performance.now()
      sumAll.all()
      mainMs = performance.now() - start
    })
    console.log(`sum of all sales per currency and state on the main thread: ${mainMs.toFixed(0)} ms`)
    report('app:info-like call while the main thread sums all sales', onMain, TARGET)
    const reader = new LedgerReader(file)
    try {
      await reader.run('salesTotals', undefined) // start the worker
      let workerMs = 0
      const inWorker = await callsDuring(async () => {
        const start = performance.now()
        await reader.run('salesTotals', undefined)
        workerMs = performance.now() - start
      })
      console.log(`the same sum in the worker (LedgerReader): ${workerMs.toFixed(0)} ms`)
      report('app:info-like call while the worker sums all sales', inWorker, TARGET)
    } finally {
      await reader.close()
    }
  } finally {
    await sales.stop()
    ledger.close()
    dir?.remove()
  }
}
