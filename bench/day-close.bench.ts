// `npm run bench -- day-close`: the day close over a ledger of 10⁶ invoices (issue 13: target ≤ 200 ms).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { formatMinor } from '@shared/money'
import { openDatabase } from '../src/main/ledger/database'
import { DAY_SQL } from '../src/main/ledger/day-queries'
import { Ledger } from '../src/main/ledger/ledger'
import { LedgerReader } from '../src/main/ledger/ledger-reader'
import { MIGRATIONS } from '../src/main/ledger/migrations'
import { RefundBook } from '../src/main/ledger/refund-book'
import { businessDaysAndCloses } from '../src/main/day/day-migration'
import { addDays, businessDayOf, type BusinessDayRule } from '../src/main/day/business-day'
import { DayService } from '../src/main/day/day-service'
import { tempDir } from '../tests/fixtures/temp-dir'
import { prng, seedLedger, SEED_START, SEED_STEP_MS } from './ledger-seed'
import { report } from './stats'

/** Invoices seeded (one sale each): 10⁶ by default, about 2 880 a day over 347 days. */
const SALES = Number(process.env.KASSA_BENCH_DAY_SALES ?? 1_000_000)
/** A ledger file to keep: seeded (before the day-close migration) on the first run, reused after. */
const KEEP = process.env.KASSA_BENCH_DAY_FILE
const ROUNDS = Number(process.env.KASSA_BENCH_DAY_ROUNDS ?? 30)
/** One refund per this many paid sales, given an hour after the sale. */
const REFUND_EVERY = 97
const RULE: BusinessDayRule = { timeZone: 'Europe/Berlin', startHour: 3 }
const TARGET = '≤ 200 ms'

/** The ledger's migrations before the day close's (so the benchmark also times that migration at scale). */
const BEFORE_DAYS = MIGRATIONS.slice(0, MIGRATIONS.indexOf(businessDaysAndCloses))

/**
 * Seed `SALES` sales through the ledger's write path (as `ledger-scale` does) on the schema before the day close,
 * plus a recorded refund of every `REFUND_EVERY`th paid sale (audited, as the till does).
 */
function seed(file: string): void {
  const clock = { now: SEED_START }
  const ledger = new Ledger(openDatabase(file, BEFORE_DAYS), () => clock.now)
  const refunds = new RefundBook(ledger.database, () => clock.now)
  try {
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
    console.log(`day-close: seeded ${SALES} sales in ${(seeded.ms / 1000).toFixed(1)} s`)
    const random = prng(7)
    const paid = ledger.database
      .prepare(`SELECT id, amount_minor, paid_at FROM sales WHERE state = 'paid' AND rowid % ? = 0`)
      .all(REFUND_EVERY) as { id: string; amount_minor: bigint; paid_at: string }[]
    ledger.batch(() => {
      for (const [n, sale] of paid.entries()) {
        clock.now = Date.parse(sale.paid_at) + 3_600_000
        const id = `rfd_bench${String(n).padStart(24, '0')}`
        const fiatMinor = BigInt(sale.amount_minor) / 2n || 1n
        refunds.insert({
          id,
          saleId: sale.id,
          processor: 'btcpay',
          kind: 'recorded',
          variant: null,
          subtractPercentage: null,
          amount: formatMinor(fiatMinor, 'USD'),
          currency: 'USD',
          fiatMinor,
          state: 'completed',
          claimLink: null,
          externalId: null,
          method: random() < 0.5 ? 'cash' : 'wallet',
          destination: null,
          reason: 'Bench',
          txId: null,
          idempotencyKey: null,
          request: null,
          error: null
        })
        ledger.audit(random() < 0.8 ? 'cashier' : 'owner', 'refund.recorded', sale.id, { refundId: id })
      }
    })
    console.log(`day-close: ${paid.length} refunds recorded`)
    ledger.database.exec('PRAGMA cache_size = -2000')
  } finally {
    ledger.close()
  }
}

/** `EXPLAIN QUERY PLAN` of each of the day close's queries, one line per step. */
function printPlans(ledger: Ledger, day: string, from: string, to: string, saleId: string): void {
  const params: Record<keyof typeof DAY_SQL, unknown[]> = {
    groups: [day],
    splitSales: [day],
    coinPayments: [day],
    corrections: [day],
    outcomes: [from, to],
    creating: [from, to],
    underpaid: [from, to],
    refunds: [day],
    payments: [saleId],
    rates: [saleId],
    byHour: [day, Math.floor(Date.parse(from) / 1000), 'USD'],
    salesPerDay: [addDays(day, -29), day],
    refundDays: [addDays(day, -29), day]
  }
  for (const [name, sql] of Object.entries(DAY_SQL)) {
    const plan = ledger.database
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...(params[name as keyof typeof DAY_SQL] ?? [])) as { detail: string }[]
    console.log(`  plan ${name}: ${plan.map((step) => step.detail).join(' | ')}`)
  }
}

/**
 * Seeds (or reuses `KASSA_BENCH_DAY_FILE`) a ledger of `KASSA_BENCH_DAY_SALES` invoices on the schema before the day
 * close, times the day-close migration over it (business days backfilled, indexes built), then prints median/p95 of
 * `day:report` (the X report in the read worker) for days across the ledger, of closing a day (main thread, one
 * transaction), of `day:list` and `day:charts`, and the query plan of each figures query.
 */
export async function benchDayClose(): Promise<void> {
  const dir = KEEP ? null : tempDir('kassa-day-')
  const file = KEEP ?? join((dir as { path: string }).path, 'kassa.sqlite')
  if (KEEP !== undefined && existsSync(KEEP)) console.log(`day-close: reusing ${file} (not seeded this run)`)
  else seed(file)

  const start = performance.now()
  const clock = { now: SEED_START }
  const ledger = new Ledger(openDatabase(file), () => clock.now)
  console.log(
    `day-close: migrations to the day close over the ledger: ${((performance.now() - start) / 1000).toFixed(1)} s ` +
      `(nothing to do when the file was migrated before)`
  )
  const count = Number(
    (ledger.database.prepare('SELECT max(rowid) AS n FROM sales').get() as { n: bigint }).n
  )
  const end = SEED_START + count * SEED_STEP_MS
  clock.now = end
  const reader = new LedgerReader(file)
  const days = new DayService({
    ledger,
    refunds: new RefundBook(ledger.database, () => clock.now),
    reader,
    rule: () => RULE,
    currency: () => 'USD',
    now: () => clock.now
  })
  try {
    const first = addDays(businessDayOf(SEED_START, RULE), 1)
    const today = days.currentDay()
    const span = Math.floor((end - SEED_START) / 86_400_000) - 2
    const picks = Array.from({ length: ROUNDS }, (_, i) => addDays(first, (i * 37) % Math.max(1, span)))
    const sample = await days.report(picks[0] ?? today)
    const totals = sample.figures.totals[0]
    console.log(
      `day-close: ${count} invoices; a day has ${totals?.sales ?? 0} paid sales ` +
        `(net ${totals?.net ?? '0'} ${totals?.currency ?? ''}, ${sample.figures.refundsByVariant[0]?.count ?? 0} refunds, ` +
        `${sample.figures.outcomes.expired} expired); each figure below is ${ROUNDS} calls`
    )
    await days.report(today) // the worker started
    const timed = async (work: (day: string) => Promise<unknown> | unknown, inputs: string[]) => {
      const samples: number[] = []
      for (const input of inputs) {
        const at = performance.now()
        await work(input)
        samples.push(performance.now() - at)
      }
      return samples
    }
    report(
      'day:report (X report, read worker), a past day',
      await timed((d) => days.report(d), picks),
      TARGET
    )
    report(
      'day:report (X report), the current day',
      await timed(
        (d) => days.report(d),
        picks.map(() => today)
      ),
      TARGET
    )
    const closing = [...new Set(picks)].slice(0, 10)
    report(
      'day:close (main thread, one transaction: figures frozen)',
      await timed((d) => days.close(d), closing),
      TARGET
    )
    report(
      'day:report of a closed day (Z report from day_closes)',
      await timed((d) => days.report(d), closing),
      TARGET
    )
    report(
      'day:list (30 days)',
      await timed(
        () => days.list(30),
        picks.map(() => today)
      ),
      TARGET
    )
    report('day:charts', await timed((d) => days.charts(d), picks), TARGET)
    const bounds = sample
    const saleId = (
      ledger.database.prepare('SELECT id FROM sales WHERE business_day = ? LIMIT 1').get(sample.day) as
        { id: string } | undefined
    )?.id
    printPlans(
      ledger,
      sample.day,
      new Date(Date.parse(bounds.from)).toISOString(),
      new Date(Date.parse(bounds.to)).toISOString(),
      saleId ?? ''
    )
  } finally {
    await reader.close()
    ledger.close()
    dir?.remove()
  }
}
