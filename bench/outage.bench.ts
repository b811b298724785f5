import { randomBytes } from 'node:crypto'
import type { ProcessorHealthView } from '@shared/health'
import type { Invoice } from '@shared/invoice'
import { parseAmount } from '@shared/money'
import { createCore, type Core } from '../src/main/core'
import { dispatch } from '../src/main/dispatch'
import { createStreamLogger } from '../src/main/log/logger'
import { saleMarker, toKassaInvoice } from '../src/main/processors/btpay/normalize'
import { BtpayInvoiceSchema } from '../src/main/processors/btpay/schemas'
import { MemorySecretStore } from '../tests/fixtures/memory-secret-store'
import { tempDir } from '../tests/fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../tests/simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../tests/simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../tests/simulators/plisio'
import { maxInWindow, sleep } from './till-api'

const OPEN = Number(process.env.KASSA_BENCH_OUTAGE_OPEN ?? 500)
/** How long the processors stay down once the till says they are offline (ms). */
const DOWN_MS = Number(process.env.KASSA_BENCH_OUTAGE_DOWN_MS ?? 20_000)
/** Share of each processor's open invoices paid at the processor while it is down. */
const PAID_SHARE = 0.2
/** Longest wait for the catch-up (ms). */
const CATCH_UP_LIMIT_MS = 10 * 60_000

type Id = 'btcpay' | 'plisio' | 'btpay'

/** One processor under test: its open invoices, how to pay one at the simulator, its request log and limit. */
interface Target {
  processor: Id
  /** What bounds it: the published limit, or the budget Kassa plans with. */
  limit: number
  limitText: string
  invoices: { saleId: string; invoiceId: string }[]
  setDown(down: boolean): void
  pay(invoiceId: string): void
  /** When each API request arrived (ms). */
  apiTimes(): number[]
  /** Arrival times of requests that read one invoice, by invoice id. */
  invoiceReads(): Map<string, number[]>
  /** Arrival times of open-invoice list requests (a sweep), if it has them. */
  sweeps(): number[]
}

/**
 * An outage with `OPEN` open invoices across BTCPay, Plisio and BTPay (simulators, invoices seeded directly and
 * recorded in a real core's ledger as `sale:charge` would, then followed by its tracker with the real timing and
 * each processor's real budget: BTCPay 600/min, Plisio 120/min assumed, BTPay 100/min per key and IP enforced by its
 * simulator). All three go down until the till's health says offline, stay down `DOWN_MS` while a fifth of each
 * one's invoices are paid at the processor, and come back at once. Prints per processor: back-up → Online (target
 * ≤ 2 s), back-up → every paid invoice shown paid and every invoice looked at again (read, or listed by a sweep),
 * requests per minute (busiest 60 s from back-up, and during the outage) against its limit.
 */
export async function benchOutage(): Promise<void> {
  const btcpay = await startBtcpaySimulator()
  const plisio = await startPlisioSimulator()
  const btpay = await startBtpaySimulator()
  const dir = tempDir('kassa-bench-outage-')
  const core = createCore({
    dataDir: dir.path,
    secrets: new MemorySecretStore(),
    version: 'bench',
    transport: 'web',
    connectors: { plisio: { baseUrl: plisio.url } },
    log: createStreamLogger(process.stdout, 'error')
  })
  const health = new Map<string, (ProcessorHealthView & { at: number })[]>()
  core.events.subscribe((name, payload) => {
    if (name !== 'connectivity:changed') return
    const view = payload as ProcessorHealthView
    health.set(view.processor, [...(health.get(view.processor) ?? []), { ...view, at: Date.now() }])
  })
  try {
    await core.start()
    const share = [
      Math.ceil(OPEN / 3),
      Math.floor(OPEN / 3),
      OPEN - Math.ceil(OPEN / 3) - Math.floor(OPEN / 3)
    ]
    const targets: Target[] = [
      btcpayTarget(core, btcpay, share[0]!),
      plisioTarget(core, plisio, share[1]!),
      btpayTarget(core, btpay, share[2]!)
    ]
    await call(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey,
      activate: false
    })
    await call(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey, activate: false })
    await call(core, 'processor:connect', { processor: 'btpay', baseUrl: btpay.url, apiKey: btpay.apiKey })
    const tracked = Date.now()
    await waitUntil(() => targets.every((t) => stateOf(core, t.processor) === 'online'), 30_000, 'online')
    console.log(
      `outage: ${OPEN} open invoices (BTCPay ${share[0]}, Plisio ${share[1]}, BTPay ${share[2]}) tracked; ` +
        `all three online after ${((Date.now() - tracked) / 1000).toFixed(1)} s`
    )
    // A minute of normal tracking first, so the outage falls on a till in its steady pace.
    await sleep(60_000)

    const wentDown = Date.now()
    for (const target of targets) target.setDown(true)
    await waitUntil(() => targets.every((t) => stateOf(core, t.processor) === 'offline'), 60_000, 'offline')
    const offlineAfter = Date.now() - wentDown
    const paid = new Map<Id, Set<string>>()
    for (const target of targets) {
      const chosen = target.invoices.filter((_, i) => i % Math.round(1 / PAID_SHARE) === 0)
      for (const { invoiceId } of chosen) target.pay(invoiceId)
      paid.set(target.processor, new Set(chosen.map((c) => c.saleId)))
    }
    await sleep(DOWN_MS)
    const back = Date.now()
    for (const target of targets) target.setDown(false)
    console.log(
      `outage: down for ${((back - wentDown) / 1000).toFixed(1)} s (offline shown after ${(offlineAfter / 1000).toFixed(1)} s); ` +
        `${PAID_SHARE * 100} % of each processor's invoices paid meanwhile`
    )

    const done = new Map<Id, { online: number | null; paidShown: number | null; lookedAt: number | null }>()
    for (const target of targets)
      done.set(target.processor, { online: null, paidShown: null, lookedAt: null })
    while (Date.now() - back < CATCH_UP_LIMIT_MS) {
      for (const target of targets) {
        const figures = done.get(target.processor)!
        const now = Date.now() - back
        if (figures.online === null) {
          const seen = (health.get(target.processor) ?? []).find((h) => h.at >= back && h.state === 'online')
          if (seen) figures.online = seen.at - back
        }
        if (figures.paidShown === null && allPaidShown(core, paid.get(target.processor)!))
          figures.paidShown = now
        if (figures.lookedAt === null && allLookedAt(target, back)) figures.lookedAt = now
      }
      if ([...done.values()].every((f) => f.online !== null && f.paidShown !== null && f.lookedAt !== null))
        break
      await sleep(250)
    }
    const seconds = (ms: number | null) =>
      ms === null ? 'not within the limit' : `${(ms / 1000).toFixed(1)} s`
    for (const target of targets) {
      const figures = done.get(target.processor)!
      const after = target.apiTimes().filter((at) => at >= back)
      const during = target.apiTimes().filter((at) => at >= wentDown && at < back)
      const downMinutes = (back - wentDown) / 60_000
      console.log(
        `outage ${target.processor}: back-up → Online ${seconds(figures.online)} (target ≤ 2 s); ` +
          `every paid invoice shown paid ${seconds(figures.paidShown)}, every open invoice looked at again ` +
          `${seconds(figures.lookedAt)} (${target.invoices.length} invoices, ${paid.get(target.processor)!.size} paid); ` +
          `requests/min after back-up: busiest 60 s ${maxInWindow(after)}, ${after.length} requests in ` +
          `${((Math.min(Date.now(), back + 60_000) - back) / 1000).toFixed(0)}+ s; during the outage ` +
          `${(during.length / downMinutes).toFixed(1)}/min; whole run busiest 60 s ${maxInWindow(target.apiTimes())} ` +
          `— limit ${target.limitText}`
      )
    }
  } finally {
    await core.stop()
    await Promise.all([btcpay.close(), plisio.close(), btpay.close()])
    dir.remove()
  }
}

function stateOf(core: Core, processor: string): string | undefined {
  return core.health.list().find((h) => h.processor === processor)?.state
}

async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`outage bench: timed out waiting for ${what}`)
    await sleep(50)
  }
}

function allPaidShown(core: Core, saleIds: Set<string>): boolean {
  for (const saleId of saleIds) if (core.ledger.getSale(saleId)?.state !== 'paid') return false
  return true
}

/**
 * Every open invoice looked at since `back`: listed by a sweep (BTCPay, BTPay: one list of the open ones tells which
 * changed; those are then read on their own, which `allPaidShown` waits for), else read on its own (Plisio).
 */
function allLookedAt(target: Target, back: number): boolean {
  if (target.sweeps().some((at) => at >= back)) return true
  const reads = target.invoiceReads()
  return target.invoices.every(({ invoiceId }) => reads.get(invoiceId)?.some((at) => at >= back))
}

async function call<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, name, input)
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`)
  return result.value as T
}

const newSaleId = (): string => 'sale_' + randomBytes(16).toString('hex')
const amountOf = (i: number): string => `${20 + (i % 70)}.${String(i % 100).padStart(2, '0')}`

/** The ledger's side of an open sale, as `sale:charge` leaves it: the sale and its invoice `New`, nothing paid. */
function openSale(core: Core, processor: Id, saleId: string, invoice: Invoice): void {
  core.ledger.createSale({
    id: saleId,
    currency: invoice.currency,
    amountMinor: parseAmount(invoice.amount, invoice.currency),
    memo: null,
    lines: [],
    processor
  })
  core.ledger.applyInvoice(saleId, invoice)
}

function newInvoice(processor: Id, id: string, saleId: string, amount: string, currency: string): Invoice {
  const now = new Date()
  return {
    id,
    processor,
    orderId: saleId,
    tillId: null,
    status: 'New',
    additionalStatus: 'None',
    rawStatus: 'new',
    currency,
    amount,
    paid: '0.00',
    due: amount,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 60 * 60_000).toISOString(),
    checkoutLink: null,
    paymentMethods: [],
    payments: []
  }
}

function btcpayTarget(core: Core, sim: BtcpaySimulator, count: number): Target {
  const invoices: Target['invoices'] = []
  core.ledger.batch(() => {
    for (let i = 0; i < count; i++) {
      const saleId = newSaleId()
      const amount = amountOf(i)
      const made = sim.state.createInvoice({
        amount,
        currency: 'EUR',
        metadata: { orderId: saleId },
        expirationMinutes: 60
      })
      openSale(core, 'btcpay', saleId, newInvoice('btcpay', made.id, saleId, amount, 'EUR'))
      invoices.push({ saleId, invoiceId: made.id })
    }
  })
  const api = () => sim.control.requests.filter((r) => r.path.startsWith('/api/'))
  return {
    processor: 'btcpay',
    limit: 600,
    limitText: '600/min (Kassa’s budget; BTCPay publishes none)',
    invoices,
    setDown: (down) => sim.control.setDown(down),
    pay: (invoiceId) => {
      sim.control.pay(invoiceId, 'full')
      sim.control.settle(invoiceId)
    },
    apiTimes: () => api().map((r) => r.receivedAt),
    invoiceReads: () =>
      byInvoice(api().map((r) => ({ at: r.receivedAt, id: /\/invoices\/([^/]+)$/.exec(r.path)?.[1] }))),
    sweeps: () =>
      api()
        .filter((r) => r.status === 200 && r.path.endsWith('/invoices') && r.search.includes('status='))
        .map((r) => r.receivedAt)
  }
}

function plisioTarget(core: Core, sim: PlisioSimulator, count: number): Target {
  const invoices: Target['invoices'] = []
  core.ledger.batch(() => {
    for (let i = 0; i < count; i++) {
      const saleId = newSaleId()
      const amount = amountOf(i)
      const txn = sim.control.seedInvoice({
        order_number: saleId,
        order_name: 'Sale',
        source_amount: amount,
        source_currency: 'EUR',
        currency: 'BTC',
        expire_min: '120'
      })
      openSale(core, 'plisio', saleId, newInvoice('plisio', txn, saleId, amount, 'EUR'))
      invoices.push({ saleId, invoiceId: txn })
    }
  })
  return {
    processor: 'plisio',
    limit: 120,
    limitText: '120/min (assumed; Plisio publishes none)',
    invoices,
    setDown: (down) => sim.control.setDown(down),
    pay: (txn) => void sim.control.payFull(txn),
    apiTimes: () => sim.control.requests.map((r) => r.at),
    invoiceReads: () =>
      byInvoice(
        sim.control.requests.map((r) => ({ at: r.at, id: /^operations\/([^/]+)$/.exec(r.path)?.[1] }))
      ),
    sweeps: () => []
  }
}

function btpayTarget(core: Core, sim: BtpaySimulator, count: number): Target {
  const invoices: Target['invoices'] = []
  core.ledger.batch(() => {
    for (let i = 0; i < count; i++) {
      const saleId = newSaleId()
      const created = BtpayInvoiceSchema.parse(
        sim.control.seedInvoice({
          lines: [{ description: 'Kassa sale', quantity: '1', unit_price: amountOf(i) }],
          currency: 'USD',
          notes: `Kassa sale ${saleMarker(saleId)}`,
          payment_methods: ['onchain_btc'],
          metadata: { kassa_sale_id: saleId }
        })
      )
      const expiresAt = new Date(Date.now() + 60 * 60_000).toISOString()
      const invoice = toKassaInvoice(created, { expiresAt, orderId: saleId, baseUrl: sim.url })
      openSale(core, 'btpay', saleId, invoice)
      invoices.push({ saleId, invoiceId: invoice.id })
    }
  })
  const api = () => sim.control.requests().filter((r) => r.path.startsWith('/api/v1/'))
  return {
    processor: 'btpay',
    limit: 100,
    limitText: '100/min per key and per IP (enforced by the simulator; 429s counted above)',
    invoices,
    setDown: (down) => sim.control.setDown(down),
    pay: (number) => {
      sim.control.pay(number)
      sim.control.confirm(number)
    },
    apiTimes: () => api().map((r) => r.at),
    invoiceReads: () =>
      byInvoice(api().map((r) => ({ at: r.at, id: /^\/api\/v1\/invoices\/([^/]+)/.exec(r.path)?.[1] }))),
    sweeps: () =>
      api()
        .filter((r) => r.status === 200 && r.path === '/api/v1/invoices' && r.query.includes('status='))
        .map((r) => r.at)
  }
}

function byInvoice(requests: { at: number; id: string | undefined }[]): Map<string, number[]> {
  const map = new Map<string, number[]>()
  for (const { at, id } of requests) if (id) map.set(id, [...(map.get(id) ?? []), at])
  return map
}
