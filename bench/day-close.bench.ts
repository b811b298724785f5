// `npm run bench -- day-close`: the day close over a ledger of 10⁶ invoices (issue 13: target ≤ 200 ms).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { formatMinor, satsToBtc } from '@shared/money'
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
import { prng, SEED_START, SEED_STEP_MS } from './ledger-seed'
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

const HEX = '0123456789abcdef'
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/**
 * Seed `SALES` sales (one every 30 s from `SEED_START`, about 2 880 a day) with their invoices, payments, status and
 * audit rows straight into the tables, on the schema before the day close, in transactions of 50 000 (the till's
 * write path at 10⁶ takes tens of minutes on a shared 2-core machine; `ledger-scale` measures that path). EUR, 19 %
 * VAT included, a tip on one sale in ten; 80 % BTCPay (on-chain, Lightning, 3 % of them paid through both), 20 %
 * Plisio in USDT (TRC-20); 90 % settle 45 s after creation, 2 % over, the rest expire (a quarter of them partly
 * paid), the last 500 stay open; a recorded refund of every `REFUND_EVERY`th paid sale an hour later, audited.
 */
function seed(file: string): void {
  const db = openDatabase(file, BEFORE_DAYS, 'NORMAL')
  const random = prng(42)
  const word = (alphabet: string, length: number) => {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)]
    return out
  }
  const iso = (ms: number) => new Date(ms).toISOString()
  const sale = db.prepare(
    `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, lines_json, processor, state, invoice_id,
       tax_rate, subtotal_minor, tax_minor, discount_minor, tip_minor, tax_inclusive, paid_at)
     VALUES (?, ?, ?, 'EUR', ?, '[]', ?, ?, ?, '19', ?, ?, 0, ?, 1, ?)`
  )
  const invoice = db.prepare(
    `INSERT INTO invoices (processor, id, sale_id, status, additional_status, raw_status, currency, amount_minor,
       paid_minor, expires_at, final, data_json, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, ?)`
  )
  const payment = db.prepare(
    `INSERT INTO payments (processor, invoice_id, id, method, currency, amount, amount_sats, received_at, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Settled')`
  )
  const history = db.prepare(
    `INSERT INTO status_history (processor, invoice_id, at, status, additional_status, raw_status)
     VALUES (?, ?, ?, ?, ?, ?)`
  )
  const audit = db.prepare(
    `INSERT INTO audit_log (at, actor, action, sale_id, details_json) VALUES (?, ?, ?, ?, ?)`
  )
  const refund = db.prepare(
    `INSERT INTO refunds (id, sale_id, processor, kind, amount, currency, fiat_minor, state, method, reason,
       created_at, updated_at) VALUES (?, ?, ?, 'recorded', ?, 'EUR', ?, 'completed', ?, 'Bench', ?, ?)`
  )
  const started = performance.now()
  let paidCount = 0
  let refunds = 0
  for (let done = 0; done < SALES;) {
    const until = Math.min(SALES, done + 50_000)
    db.transaction(() => {
      for (let n = done; n < until; n++) {
        const created = SEED_START + n * SEED_STEP_MS
        const id = 'sale_' + word(HEX, 32)
        const invoiceId = word(BASE58, 22)
        const tip = random() < 0.1 ? BigInt(50 + Math.floor(random() * 300)) : 0n
        const subtotal = BigInt(150 + Math.floor(random() * 6000))
        const tax = (subtotal * 19n) / 119n
        const amount = subtotal + tip
        const plisio = random() < 0.2
        const processor = plisio ? 'plisio' : 'btcpay'
        const fate = random()
        const open = n >= SALES - 500
        const settled = !open && fate < 0.9
        const over = settled && fate < 0.018
        const partial = !open && !settled && fate > 0.975
        const split = settled && !plisio && random() < 0.03
        const paid = settled ? (over ? amount + amount / 20n : amount) : partial ? amount / 2n : 0n
        const paidAt = settled ? created + 45_000 : null
        const status = open ? 'New' : settled ? 'Settled' : 'Expired'
        const additional = over ? 'PaidOver' : partial ? 'PaidPartial' : 'None'
        const btcRate = (60_000 + Math.floor(random() * 5_000)).toString() + '.' + word('0123456789', 2)
        const usdtRate = '0.9' + word('0123456789', 3)
        const methods = plisio
          ? [{ id: 'USDT_TRX', currency: 'USDT', rate: usdtRate }]
          : [
              { id: 'BTC-CHAIN', currency: 'BTC', rate: btcRate },
              { id: 'BTC-LN', currency: 'BTC', rate: btcRate }
            ]
        const pays: { method: string; coin: string; amount: string; sats: bigint | null }[] = []
        if (paid > 0n) {
          if (plisio) {
            // Fiat cents → USDT micro-units at the rate (4 decimals): paid / 100 / rate × 10⁶.
            const micro = (paid * 100_000_000n) / BigInt(usdtRate.replace('.', ''))
            const whole = (micro / 1_000_000n).toString()
            const fraction = (micro % 1_000_000n).toString().padStart(6, '0')
            pays.push({ method: 'USDT_TRX', coin: 'USDT', amount: `${whole}.${fraction}`, sats: null })
          } else {
            // Fiat cents → sats at the rate (2 decimals): paid / 100 / rate × 10⁸.
            const sats = (paid * 100_000_000n) / BigInt(btcRate.replace('.', ''))
            const parts = split ? [sats / 3n, sats - sats / 3n] : [sats]
            parts.forEach((part, i) =>
              pays.push({
                method: i === 0 && (split || random() < 0.6) ? 'BTC-CHAIN' : 'BTC-LN',
                coin: 'BTC',
                amount: satsToBtc(part),
                sats: part
              })
            )
          }
        }
        const updated = iso(paidAt ?? created + 15 * 60_000)
        sale.run(
          id,
          iso(created),
          updated,
          amount,
          processor,
          open ? 'awaiting' : settled ? 'paid' : 'expired',
          invoiceId,
          subtotal,
          tax,
          tip,
          paidAt === null ? null : iso(paidAt)
        )
        const data = {
          id: invoiceId,
          processor,
          orderId: id,
          status,
          additionalStatus: additional,
          rawStatus: status,
          currency: 'EUR',
          amount: formatMinor(amount, 'EUR'),
          paid: formatMinor(paid, 'EUR'),
          due: formatMinor(amount - paid, 'EUR'),
          createdAt: iso(created),
          expiresAt: iso(created + 15 * 60_000),
          checkoutLink: `https://pay.example/i/${invoiceId}`,
          paymentMethods: methods.map((m) => ({
            ...m,
            destination: 'bc1q' + invoiceId.toLowerCase(),
            paymentLink: '',
            amount: '0',
            due: '0',
            paid: '0'
          })),
          payments: pays.map((p, i) => ({
            id: `${invoiceId}-${i}`,
            method: p.method,
            amount: p.amount,
            currency: p.coin,
            receivedAt: updated,
            status: 'Settled'
          }))
        }
        invoice.run(
          processor,
          invoiceId,
          id,
          status,
          additional,
          status,
          amount,
          paid,
          iso(created + 15 * 60_000),
          open ? 0 : 1,
          JSON.stringify(data),
          updated
        )
        pays.forEach((p, i) =>
          payment.run(processor, invoiceId, `${invoiceId}-${i}`, p.method, p.coin, p.amount, p.sats, updated)
        )
        history.run(processor, invoiceId, iso(created), 'New', 'None', 'New')
        if (!open) history.run(processor, invoiceId, updated, status, additional, status)
        audit.run(iso(created), 'cashier', 'sale.created', id, '{}')
        if (settled) {
          audit.run(updated, 'system', 'sale.paid', id, JSON.stringify({ invoiceId }))
          paidCount++
          if (paidCount % REFUND_EVERY === 0) {
            const refundId = `rfd_bench${String(++refunds).padStart(24, '0')}`
            const at = iso((paidAt ?? created) + 3_600_000)
            const fiat = amount / 2n || 1n
            refund.run(
              refundId,
              id,
              processor,
              formatMinor(fiat, 'EUR'),
              fiat,
              random() < 0.5 ? 'cash' : 'wallet',
              at,
              at
            )
            audit.run(
              at,
              random() < 0.8 ? 'cashier' : 'owner',
              'refund.recorded',
              id,
              JSON.stringify({ refundId })
            )
          }
        }
      }
    })()
    done = until
    if (done % 200_000 === 0 || done === SALES) {
      console.log(`  seeded ${done} (${((performance.now() - started) / 1000).toFixed(0)} s)`)
    }
  }
  console.log(
    `day-close: seeded ${SALES} invoices and ${refunds} refunds in ${((performance.now() - started) / 1000).toFixed(1)} s`
  )
  db.close()
}

/** `EXPLAIN QUERY PLAN` of each of the day close's queries, one line per step. */
function printPlans(ledger: Ledger, day: string, from: string, to: string, saleId: string): void {
  const params: Record<keyof typeof DAY_SQL, unknown[]> = {
    sales: [day],
    corrections: [day],
    outcomes: [from, to],
    creating: [from, to],
    underpaid: [from, to],
    refunds: [day],
    payments: [saleId],
    rates: [saleId],
    byHour: [day, Math.floor(Date.parse(from) / 1000), 'EUR'],
    salesPerDay: [addDays(day, -29), day],
    refundDays: [addDays(day, -29), day],
    recoveries: [day]
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
    currency: () => 'EUR',
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
