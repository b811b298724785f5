// `npm run bench -- churn`: churn signals and the customer search over a ledger of 10⁶ sales and 5·10⁴ customers
// (issue 14: target under 300 ms).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../src/main/ledger/database'
import { CHURN_SQL } from '../src/main/ledger/churn-queries'
import { Ledger } from '../src/main/ledger/ledger'
import { LedgerReader } from '../src/main/ledger/ledger-reader'
import { CustomerService } from '../src/main/customers/customer-service'
import { CustomerStore } from '../src/main/customers/customer-store'
import { churnSignals } from '../src/main/customers/churn-signals'
import { prefixEnd, queryKey } from '../src/main/customers/customer-keys'
import { tempDir } from '../tests/fixtures/temp-dir'
import { prng, SEED_START, SEED_STEP_MS } from './ledger-seed'
import { report } from './stats'

const SALES = Number(process.env.KASSA_BENCH_CHURN_SALES ?? 1_000_000)
const CUSTOMERS = Number(process.env.KASSA_BENCH_CHURN_CUSTOMERS ?? 50_000)
/** A ledger file to keep: seeded on the first run, reused after. */
const KEEP = process.env.KASSA_BENCH_CHURN_FILE
const ROUNDS = Number(process.env.KASSA_BENCH_CHURN_ROUNDS ?? 20)
const TARGET = '< 300 ms'
const REFUND_EVERY = 97

const FIRST = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elif',
  'Felix',
  'Greta',
  'Hanna',
  'Ivan',
  'Jana',
  'Karl',
  'Lena'
]
const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann'
]

/**
 * Seed `CUSTOMERS` customers (name, e-mail, phone, search keys through `CustomerStore`) and `SALES` sales (the
 * recovery bench reuses it), one every
 * 30 s from `SEED_START`, straight into the tables in transactions of 50 000: 40 % of them name a customer (a few
 * regulars buy often, most rarely), 90 % paid (business day = UTC date), 6 % expired, 4 % cancelled; a refund of
 * every 97th paid sale a day later.
 */
export function seedChurnLedger(file: string): void {
  const db = openDatabase(file, undefined, 'NORMAL')
  const random = prng(14)
  const store = new CustomerStore(db)
  const ids: string[] = []
  const started = performance.now()
  db.transaction(() => {
    for (let n = 0; n < CUSTOMERS; n++) {
      const id = 'cus_' + n.toString(16).padStart(32, '0')
      const first = FIRST[n % FIRST.length]!
      const last = LAST[Math.floor(random() * LAST.length)]!
      store.insert(
        id,
        {
          name: `${first} ${last} ${n}`,
          email: `${first.toLowerCase()}.${n}@example.org`,
          phone: `+49 170 ${String(1_000_000 + n)}`
        },
        new Date(SEED_START).toISOString()
      )
      ids.push(id)
    }
  })()
  const sale = db.prepare(
    `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, lines_json, processor, state, paid_at,
       business_day, customer_id) VALUES (?, ?, ?, 'EUR', ?, '[]', 'btcpay', ?, ?, ?, ?)`
  )
  const refund = db.prepare(
    `INSERT INTO refunds (id, sale_id, processor, kind, amount, currency, fiat_minor, state, method, reason,
       created_at, updated_at) VALUES (?, ?, 'btcpay', 'recorded', '1.00', 'EUR', 100, 'completed', 'cash', 'Bench', ?, ?)`
  )
  let paid = 0
  for (let done = 0; done < SALES;) {
    const until = Math.min(SALES, done + 50_000)
    db.transaction(() => {
      for (let n = done; n < until; n++) {
        const at = SEED_START + n * SEED_STEP_MS
        const iso = new Date(at).toISOString()
        const fate = random()
        const state = fate < 0.9 ? 'paid' : fate < 0.96 ? 'expired' : 'cancelled'
        // Skewed: a customer index near 0 more often (regulars), squared uniform.
        const customer = random() < 0.4 ? ids[Math.floor(random() ** 2 * ids.length)]! : null
        const id = 'sale_' + n.toString(16).padStart(32, '0')
        sale.run(
          id,
          iso,
          iso,
          BigInt(200 + Math.floor(random() * 5000)),
          state,
          state === 'paid' ? iso : null,
          state === 'paid' ? iso.slice(0, 10) : null,
          customer
        )
        if (state === 'paid' && ++paid % REFUND_EVERY === 0) {
          const later = new Date(at + 86_400_000).toISOString()
          refund.run('rfd_' + n.toString(16).padStart(24, '0'), id, later, later)
        }
      }
    })()
    done = until
  }
  db.exec('ANALYZE')
  console.log(
    `churn: seeded ${CUSTOMERS} customers and ${SALES} sales in ${((performance.now() - started) / 1000).toFixed(1)} s`
  )
  db.close()
}

/**
 * Seeds (or reuses `KASSA_BENCH_CHURN_FILE`) the ledger, then prints median/p95 of `churn:signals` (read worker)
 * and of `customer:search` for 3-letter name starts, an e-mail start and phone digits, and each query's plan.
 */
export async function benchChurn(): Promise<void> {
  const dir = KEEP ? null : tempDir('kassa-churn-')
  const file = KEEP ?? join((dir as { path: string }).path, 'kassa.sqlite')
  if (KEEP !== undefined && existsSync(KEEP)) console.log(`churn: reusing ${file} (not seeded this run)`)
  else seedChurnLedger(file)
  const end = SEED_START + SALES * SEED_STEP_MS
  const ledger = new Ledger(openDatabase(file), () => end)
  const customers = new CustomerService({ ledger, now: () => end })
  const rebuilt = performance.now()
  const withVisits = customers.rebuildStats()
  console.log(
    `churn: visit stats of ${withVisits} customers rebuilt from the sales in ${((performance.now() - rebuilt) / 1000).toFixed(1)} s ` +
      '(the till keeps them current as sales are paid)'
  )
  const reader = new LedgerReader(file)
  const today = new Date(end).toISOString().slice(0, 10)
  try {
    const signals = () => churnSignals({ reader, customers, now: () => end, today: () => today })
    const sample = await signals()
    console.log(
      `churn: ${sample.lapsedTotal} lapsed customers (${sample.lapsed.length} listed); last week ` +
        `${sample.failedCharges.at(-1)?.sales} sales, rate ${sample.failedCharges.at(-1)?.rate}; ` +
        `${sample.refunds.filter((w) => w.spike).length} refund spikes`
    )
    const timed = async (work: () => unknown, rounds = ROUNDS) => {
      const samples: number[] = []
      for (let i = 0; i < rounds; i++) {
        const at = performance.now()
        await work()
        samples.push(performance.now() - at)
      }
      return samples
    }
    report('churn:signals (read worker, whole ledger)', await timed(signals), TARGET)
    const queries = ['ann', 'sch', 'mül', 'wag', 'fel', 'lena.4', '170 1004', 'hof', 'kar', 'gre']
    let i = 0
    report(
      'customer:search (3 letters of a name, e-mail or phone digits)',
      await timed(() => customers.search(queries[i++ % queries.length]!), 200),
      TARGET
    )
    const db = ledger.database
    const plan = (name: string, sql: string, params: unknown[]) =>
      console.log(
        `  plan ${name}: ${(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
          .map((step) => step.detail)
          .join(' | ')}`
      )
    const week = [new Date(end - 7 * 86_400_000).toISOString(), new Date(end).toISOString()]
    plan('lapsed', CHURN_SQL.lapsed, [3, 20_000, 2])
    plan('weekSales', CHURN_SQL.weekSales, week)
    plan('weekUnpaid', CHURN_SQL.weekUnpaid, week)
    plan('weekFailedIds', CHURN_SQL.weekFailedIds, week)
    plan('weekPaid', CHURN_SQL.weekPaid, week)
    plan('refunds', CHURN_SQL.refunds, week)
    const key = queryKey('ann')
    plan(
      'search',
      `SELECT c.* FROM customers c WHERE c.id IN (
         SELECT DISTINCT customer_id FROM customer_keys WHERE key >= ? AND key < ? LIMIT ?)
       ORDER BY coalesce(c.name, c.email, c.phone) COLLATE NOCASE, c.id`,
      [key, prefixEnd(key), 10]
    )
  } finally {
    await reader.close()
    ledger.close()
    dir?.remove()
  }
}
