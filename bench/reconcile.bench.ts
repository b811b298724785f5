import { randomBytes } from 'node:crypto'
import type { Invoice } from '@shared/invoice'
import { parseAmount } from '@shared/money'
import { createCore, type Core } from '../src/main/core'
import { businessDayOf } from '../src/main/day/business-day'
import { dispatch } from '../src/main/dispatch'
import { createStreamLogger } from '../src/main/log/logger'
import { MemorySecretStore } from '../tests/fixtures/memory-secret-store'
import { tempDir } from '../tests/fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../tests/simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../tests/simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../tests/simulators/plisio'
import { maxInWindow, sleep } from './till-api'

const INVOICES = Number(process.env.KASSA_BENCH_RECONCILE_INVOICES ?? 10_000)
/** Share of the invoices this till made (its ledger has them, paid); the rest were made outside Kassa. */
const KASSA_SHARE = 0.5
const RULE = { timeZone: 'UTC', startHour: 0 }

/** One processor under test: its simulator's invoice-list request times and all its API request times. */
interface Target {
  processor: 'btcpay' | 'plisio' | 'btpay'
  /** What bounds the run: the processor's published limit, or the budget Kassa assumes. */
  limit: string
  listTimes(): number[]
  apiTimes(): number[]
  refused(): number
}

/**
 * Reconciling `INVOICES` processor invoices per processor (BTCPay, Plisio, BTPay simulators, seeded directly, all
 * created today and paid; half of them this till's sales, in its ledger), the three runs at once through the core's
 * `reconcile:*` calls with the till's real budgets: BTCPay 600 a minute (no published server limit), Plisio none
 * published (Kassa assumes 120), BTPay 100 a minute per key and IP (the simulator enforces it; the connector plans
 * 75). Prints, per processor, the run's time, pages and requests, and requests per minute (busiest 60 s window of
 * its invoice-list requests and of all its API requests) against the limit.
 */
export async function benchReconcile(): Promise<void> {
  const btcpay = await startBtcpaySimulator()
  const plisio = await startPlisioSimulator()
  const btpay = await startBtpaySimulator()
  const dir = tempDir('kassa-bench-reconcile-')
  const core = createCore({
    dataDir: dir.path,
    secrets: new MemorySecretStore(),
    version: 'bench',
    transport: 'web',
    connectors: { plisio: { baseUrl: plisio.url } },
    // Warnings (a request retried) as JSON lines among the figures.
    log: createStreamLogger(process.stdout, 'warn')
  })
  try {
    await core.start()
    await call(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey,
      activate: false
    })
    await call(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey, activate: false })
    await call(core, 'processor:connect', { processor: 'btpay', baseUrl: btpay.url, apiKey: btpay.apiKey })
    await call(core, 'settings:update', { currency: 'EUR', till: { tillId: 'T1' }, businessDay: RULE })
    const seedStart = Date.now()
    seedBtcpay(core, btcpay)
    seedPlisio(core, plisio)
    seedBtpay(core, btpay)
    console.log(
      `reconcile: seeded ${INVOICES} invoices per processor (${INVOICES * KASSA_SHARE} in the ledger) in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`
    )
    const targets: Target[] = [
      {
        processor: 'btcpay',
        limit: '600/min (Kassa’s budget; BTCPay publishes none)',
        listTimes: () =>
          btcpay.control.requests
            .filter((r) => r.path.endsWith('/invoices') && r.search.includes('startDate'))
            .map((r) => r.receivedAt),
        apiTimes: () => btcpay.control.requests.map((r) => r.receivedAt),
        refused: () => btcpay.control.requests.filter((r) => r.status === 429).length
      },
      {
        processor: 'plisio',
        limit: '120/min (assumed; Plisio publishes none)',
        listTimes: () =>
          plisio.control.requests
            .filter((r) => r.path === 'operations' && r.query.type === 'invoice')
            .map((r) => r.at),
        apiTimes: () => plisio.control.requests.map((r) => r.at),
        refused: () => 0
      },
      {
        processor: 'btpay',
        limit: '100/min per key and per IP (enforced by the simulator)',
        listTimes: () =>
          btpay.control
            .requests()
            .filter((r) => r.path === '/api/v1/invoices' && !r.query.includes('status='))
            .map((r) => r.at),
        apiTimes: () =>
          btpay.control
            .requests()
            .filter((r) => r.path.startsWith('/api/v1/'))
            .map((r) => r.at),
        refused: () => btpay.control.requests().filter((r) => r.status === 429).length
      }
    ]
    const day = businessDayOf(Date.now(), RULE)
    const started = Date.now()
    const runs = await Promise.all(targets.map((target) => reconcileOne(core, target, day, started)))
    console.log(`reconcile: all three at once done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    for (const line of runs) console.log(line)
  } finally {
    await core.stop()
    await Promise.all([btcpay.close(), plisio.close(), btpay.close()])
    dir.remove()
  }
}

async function reconcileOne(core: Core, target: Target, day: string, started: number): Promise<string> {
  const before = target.listTimes().length
  // Straight to the handlers: the owner's PIN is the transports' to check.
  const run = await core.handlers['reconcile:start']({
    processor: target.processor,
    fromDay: day,
    toDay: day
  })
  let view = run
  while (view.state === 'running') {
    await sleep(500)
    view = await core.handlers['reconcile:get']({ runId: run.id })
  }
  const seconds = (Date.now() - started) / 1000
  const list = target.listTimes().slice(before)
  const span = list.length > 1 ? (list[list.length - 1]! - list[0]!) / 60_000 : 0
  const average = span > 0 ? ((list.length - 1) / span).toFixed(1) : '-'
  return (
    `reconcile ${target.processor}: ${view.state} in ${seconds.toFixed(1)} s, ${view.progress.invoices} invoices, ` +
    `${view.progress.pages} pages, ${view.progress.requests} requests; list requests/min: busiest minute ` +
    `${maxInWindow(list)}, average ${average}; all API requests busiest minute ${maxInWindow(target.apiTimes())}, ` +
    `429s ${target.refused()} — limit ${target.limit}; matched ${view.matched}, outside Kassa ${view.outsideKassa}, ` +
    `other differences ${view.differences.length - view.outsideKassa - view.otherTills}`
  )
}

async function call<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, name, input)
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`)
  return result.value as T
}

/** Amount of the i-th invoice, EUR, 10.00–99.99 (above Plisio's smallest BTC invoice). */
function amountOf(i: number): string {
  return `${10 + (i % 90)}.${String(i % 100).padStart(2, '0')}`
}

const saleId = (): string => 'sale_' + randomBytes(16).toString('hex')

/**
 * The ledger's side of a paid sale of this till: the sale and its invoice as the processor reports it (Settled,
 * paid in full); only status and amounts are compared.
 */
function ledgerSale(core: Core, processor: string, id: string, invoiceId: string, amount: string): void {
  const now = new Date().toISOString()
  core.ledger.createSale({
    id,
    currency: 'EUR',
    amountMinor: parseAmount(amount, 'EUR'),
    memo: null,
    lines: [],
    processor
  })
  const invoice: Invoice = {
    id: invoiceId,
    processor,
    orderId: id,
    tillId: 'T1',
    status: 'Settled',
    additionalStatus: 'None',
    rawStatus: 'seeded',
    currency: 'EUR',
    amount,
    paid: amount,
    due: '0.00',
    createdAt: now,
    expiresAt: now,
    checkoutLink: null,
    paymentMethods: [],
    payments: []
  }
  core.ledger.applyInvoice(id, invoice)
}

function seedBtcpay(core: Core, sim: BtcpaySimulator): void {
  core.ledger.batch(() => {
    for (let i = 0; i < INVOICES; i++) {
      const amount = amountOf(i)
      const kassa = i < INVOICES * KASSA_SHARE
      const id = saleId()
      const invoice = sim.state.createInvoice({
        amount,
        currency: 'EUR',
        metadata: kassa ? { orderId: id, kassaTill: 'T1' } : { orderId: `pos-${i}` }
      })
      sim.control.pay(invoice.id, 'full', 'BTC-LN')
      if (kassa) ledgerSale(core, 'btcpay', id, invoice.id, amount)
    }
  })
}

function seedPlisio(core: Core, sim: PlisioSimulator): void {
  core.ledger.batch(() => {
    for (let i = 0; i < INVOICES; i++) {
      const amount = amountOf(i)
      const kassa = i < INVOICES * KASSA_SHARE
      const id = saleId()
      const txn = sim.control.seedInvoice({
        order_number: kassa ? id : `shop-${i}`,
        order_name: 'Sale',
        source_amount: amount,
        source_currency: 'EUR',
        currency: 'BTC'
      })
      sim.control.payFull(txn)
      if (kassa) ledgerSale(core, 'plisio', id, txn, amount)
    }
  })
}

function seedBtpay(core: Core, sim: BtpaySimulator): void {
  core.ledger.batch(() => {
    for (let i = 0; i < INVOICES; i++) {
      const amount = amountOf(i)
      const kassa = i < INVOICES * KASSA_SHARE
      const id = saleId()
      const json = sim.control.seedInvoice({
        lines: [{ description: 'Sale', quantity: 1, unit_price: amount }],
        currency: 'EUR',
        notes: kassa ? `Sale [kassa-sale:${id}] [kassa-till:T1]` : 'Walk-in'
      })
      const number = String(json.invoice_number)
      sim.control.pay(number)
      sim.control.confirm(number)
      if (kassa) ledgerSale(core, 'btpay', id, number, amount)
    }
  })
}
