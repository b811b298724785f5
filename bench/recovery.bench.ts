// `npm run bench -- recovery`: the Recovery queue's first page (active items, with the 30-day recovery rate) over
// the churn bench's ledger of 10⁶ sales and 5·10⁴ customers, whose 6 % expired sales fill the queue (issue 14: target
// under 300 ms).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../src/main/ledger/database'
import { Ledger } from '../src/main/ledger/ledger'
import { CustomerService } from '../src/main/customers/customer-service'
import { silentLogger } from '../src/main/log/logger'
import { RecoveryService } from '../src/main/recovery/recovery-service'
import { tempDir } from '../tests/fixtures/temp-dir'
import { seedChurnLedger } from './churn.bench'
import { SEED_START, SEED_STEP_MS } from './ledger-seed'
import { report } from './stats'

const SALES = Number(process.env.KASSA_BENCH_CHURN_SALES ?? 1_000_000)
/** A ledger file to keep (the churn bench's seed): seeded on the first run, reused after. */
const KEEP = process.env.KASSA_BENCH_RECOVERY_FILE
const ROUNDS = Number(process.env.KASSA_BENCH_RECOVERY_ROUNDS ?? 50)
const TARGET = '< 300 ms'

/**
 * Every expired sale of the seed enters the queue (as the migration's backfill does, without its 30-day window),
 * then their fates are spread: 1 in 10 requested, 2 in 10 recovered (by a payment request of what was due), 1 in
 * 10 abandoned, the rest open.
 * @returns how many items the queue holds
 */
function fillQueue(ledger: Ledger): number {
  const db = ledger.database
  db.exec(`
    INSERT OR IGNORE INTO recovery_items (id, sale_id, reason, failed_at, status, currency, paid_minor, due_minor,
        updated_at)
      SELECT 'rec_' || lower(hex(randomblob(16))), id, 'expired', updated_at, 'open', currency, 0, amount_minor,
        updated_at FROM sales WHERE state = 'expired';
    UPDATE recovery_items SET status = 'requested' WHERE rowid % 10 = 1;
    UPDATE recovery_items SET status = 'recovered', recovered_at = failed_at, recovered_minor = due_minor,
      recovered_day = substr(failed_at, 1, 10) WHERE rowid % 10 IN (2, 3);
    UPDATE recovery_items SET status = 'abandoned', abandoned_at = failed_at WHERE rowid % 10 = 4;
    ANALYZE;
  `)
  return Number((db.prepare('SELECT count(*) AS n FROM recovery_items').get() as { n: bigint }).n)
}

/** Seeds (or reuses `KASSA_BENCH_RECOVERY_FILE`) the ledger, fills the queue, prints median/p95 of `recovery:list`. */
export async function benchRecovery(): Promise<void> {
  const dir = KEEP ? null : tempDir('kassa-recovery-')
  const file = KEEP ?? join((dir as { path: string }).path, 'kassa.sqlite')
  if (KEEP !== undefined && existsSync(KEEP)) console.log(`recovery: reusing ${file} (not seeded this run)`)
  else seedChurnLedger(file)
  const end = SEED_START + SALES * SEED_STEP_MS
  const ledger = new Ledger(openDatabase(file), () => end)
  try {
    const started = performance.now()
    const items = fillQueue(ledger)
    console.log(
      `recovery: ${items} failed charges in the queue (${((performance.now() - started) / 1000).toFixed(1)} s)`
    )
    const customers = new CustomerService({ ledger, now: () => end })
    const recovery = new RecoveryService({
      ledger,
      customers,
      processorFor: () => null,
      businessDayRule: () => ({ timeZone: 'UTC', startHour: 0 }),
      messagesOf: () => [],
      onUpdated: () => undefined,
      now: () => end,
      log: silentLogger()
    })
    const sample = recovery.list({})
    console.log(
      `recovery: first page ${sample.items.length} items, ${sample.items.filter((i) => i.customer).length} with a customer; ` +
        `30 days: ${sample.rate.failed} failed, ${sample.rate.recovered} recovered, rate ${sample.rate.rate} %`
    )
    const timed = (work: () => unknown, rounds = ROUNDS) => {
      const samples: number[] = []
      for (let i = 0; i < rounds; i++) {
        const at = performance.now()
        work()
        samples.push(performance.now() - at)
      }
      return samples
    }
    report(
      'recovery:list (active, first page, with the 30-day rate)',
      timed(() => recovery.list({})),
      TARGET
    )
    const next = sample.nextCursor ?? undefined
    report(
      'recovery:list (active, second page)',
      timed(() => recovery.list({ before: next })),
      TARGET
    )
    report(
      'recovery:list (all, first page)',
      timed(() => recovery.list({ filter: 'all' })),
      TARGET
    )
    report(
      'recovery:list (recovered, 365-day rate)',
      timed(() => recovery.list({ filter: 'recovered', days: 365 })),
      TARGET
    )
    const db = ledger.database
    for (const [name, sql, params] of [
      [
        'active',
        `SELECT id FROM recovery_items INDEXED BY recovery_items_active WHERE status IN ('open', 'requested') ORDER BY failed_at DESC, id DESC LIMIT 51`,
        []
      ],
      [
        'rate',
        'SELECT status, count(*) FROM recovery_items WHERE failed_at >= ? GROUP BY status',
        [new Date(end - 30 * 86_400_000).toISOString()]
      ]
    ] as const) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]
      console.log(`  plan ${name}: ${plan.map((step) => step.detail).join(' | ')}`)
    }
  } finally {
    ledger.close()
    dir?.remove()
  }
}
