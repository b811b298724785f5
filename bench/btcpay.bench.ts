import type { Page } from 'playwright-core'
import { launchBrowser, removeDir, startTill, type Till } from '../tests/e2e/harness'
import { startBtcpaySimulator, type BtcpaySimulator } from '../tests/simulators/btcpay'
import type { LoggedRequest } from '../tests/simulators/btcpay/control'
import { report, summarize } from './stats'
import { call, pool, showPayment, sleep, timeUntilShown, type SaleLike } from './till-api'

const ROUNDS = Number(process.env.KASSA_BENCH_SETTLE_ROUNDS ?? 20)
const BACKGROUND = Number(process.env.KASSA_BENCH_BACKGROUND ?? 200)
/** How long the background invoices stay open before they are paid and settled (ms). */
const BACKGROUND_OPEN_MS = Number(process.env.KASSA_BENCH_BACKGROUND_OPEN_MS ?? 20_000)
/** How long an unpaid invoice is left on screen to measure the steady request rate (ms). */
const DWELL_MS = Number(process.env.KASSA_BENCH_DWELL_MS ?? 10_000)
const SETTLED = '[data-testid="status"][data-status="Settled"], [data-testid="receipt"]'

interface Sample {
  ms: number
  /** Greenfield requests of `sale:charge` not on the invoice's own path: the order-id look-up and the POST. */
  create: number
  /** Greenfield requests on the invoice's own path (`…/invoices/<id>[/payment-methods]`), up to the final read. */
  reads: number
  /** From the charge's answer to "Settled" on screen (ms). */
  openMs: number
}

/**
 * BTCPay Server through the built web host (`out/main/web.js`) and Chromium, against the BTCPay simulator:
 * a payment marked settled in the simulator (Processing → Settled) → "Settled" on screen for the invoice on
 * screen, with the checkout status websocket, and with websockets refused (a proxy without websocket support:
 * every upgrade answered 403) so the till falls back to polling it every second. Then Greenfield requests per
 * settled invoice, from the simulator's request log, for the invoice on screen and for background invoices
 * created and settled while another invoice is on screen.
 */
export async function benchBtcpay(): Promise<void> {
  const sim = await startBtcpaySimulator()
  const till = await startTill()
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  try {
    await call(till, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: sim.url,
      storeId: sim.storeId,
      apiKey: sim.apiKey
    })
    await page.goto(till.url)
    await page.getByTestId('amount-display').waitFor()

    const websocket = await settleRounds(sim, till, page, 'websocket')
    const websocketDwell = await dwellRate(sim, till, page, 'websocket')
    const refusedBefore = sim.control.socketRefusals()
    sim.control.refuseSockets(true)
    const polling = await settleRounds(sim, till, page, 'polling')
    const pollingDwell = await dwellRate(sim, till, page, 'polling')
    const refused = sim.control.socketRefusals() - refusedBefore
    sim.control.refuseSockets(false)
    const background = await backgroundRound(sim, till, page)

    console.log('')
    console.log('BTCPay (simulator on 127.0.0.1, built web host, Chromium): invoice on screen')
    report(
      '  Settled in simulator → "Settled" on screen, websocket',
      websocket.map((s) => s.ms),
      'none set (push)'
    )
    report(
      '  Settled in simulator → "Settled" on screen, polling (upgrades refused)',
      polling.map((s) => s.ms),
      'none set (focus poll every 1 s)'
    )
    console.log(`  (websocket upgrades refused during the polling run: ${refused}; the till kept retrying)`)
    for (const [label, samples, dwell] of [
      ['websocket', websocket, websocketDwell],
      ['polling', polling, pollingDwell]
    ] as const) {
      const create = mean(samples.map((s) => s.create))
      const reads = mean(samples.map((s) => s.reads))
      const open = mean(samples.map((s) => s.openMs)) / 1000
      console.log(
        `  Requests per settled invoice on screen, ${label}: ${(create + reads).toFixed(1)} ` +
          `(create ${create.toFixed(1)}, reads ${reads.toFixed(1)} over ${open.toFixed(1)} s open on average: ` +
          `${(reads / open).toFixed(2)} requests/s); an unpaid invoice left on screen ` +
          `${(DWELL_MS / 1000).toFixed(0)} s: ${dwell.toFixed(2)} requests/s`
      )
    }
    console.log(
      `BTCPay: ${BACKGROUND} background invoices (created through sale:charge while another invoice is on screen, ` +
        `open ≥ ${(BACKGROUND_OPEN_MS / 1000).toFixed(0)} s, then each paid and settled in the simulator at a ` +
        `random moment of the next 10 s)`
    )
    console.log(
      `  Requests per settled background invoice: ${background.perInvoice.toFixed(2)} ` +
        `(create ${background.create.toFixed(2)}, reads ${background.reads.toFixed(2)}; ` +
        `${background.total} requests for ${BACKGROUND} invoices over ${(background.spanMs / 1000).toFixed(0)} s; ` +
        `open ${(background.openMs / 1000).toFixed(1)} s on average)`
    )
    const seen = summarize(background.seenMs)
    console.log(
      `  Settled in simulator → sale paid in the till (background, sampled every 250 ms): ` +
        `median ${(seen.median / 1000).toFixed(1)} s, p95 ${(seen.p95 / 1000).toFixed(1)} s, max ` +
        `${(seen.max / 1000).toFixed(1)} s — background interval 10 s`
    )
    console.log(
      `  Meanwhile the invoice on screen: ${background.focusedReads} requests (${(
        background.focusedReads /
        (background.spanMs / 1000)
      ).toFixed(2)}/s)`
    )
  } finally {
    await browser.close()
    await till.stop()
    removeDir(till.dataDir)
    await sim.close()
  }
}

async function settleRounds(
  sim: BtcpaySimulator,
  till: Till,
  page: Page,
  mode: 'websocket' | 'polling'
): Promise<Sample[]> {
  const samples: Sample[] = []
  for (let round = 0; round < ROUNDS + 2; round++) {
    const before = sim.control.requests.length
    const sale = await call<SaleLike>(till, 'sale:charge', { amount: `${10 + round}.00`, currency: 'USD' })
    const charged = Date.now()
    const afterCharge = sim.control.requests.length
    const invoiceId = sale.invoice?.id
    if (!invoiceId) throw new Error(`sale ${sale.id} has no invoice: ${sale.state}`)
    await showPayment(page, sale.id, 'New')
    if (mode === 'websocket') await waitFor(() => sim.control.socketCount(invoiceId) === 1, 5_000)
    sim.control.pay(invoiceId)
    await page.waitForSelector('[data-testid="status"][data-status="Processing"]', { timeout: 30_000 })
    // Settle at a random moment of the poll period, as a confirmation would arrive.
    await sleep(Math.random() * 1000)
    const ms = await timeUntilShown(page, SETTLED, () => void sim.control.settle(invoiceId))
    const openMs = Date.now() - charged
    await sleep(200) // let a read in flight finish before counting
    const made = sim.control.requests.slice(before)
    const reads = made.filter((r) => onInvoice(r, invoiceId)).length
    const create = made.slice(0, afterCharge - before).filter((r) => !onInvoice(r, invoiceId)).length
    // The first two rounds warm up caches and the JIT.
    if (round >= 2) samples.push({ ms, create, reads, openMs })
  }
  return samples
}

/** Greenfield requests per second on an unpaid invoice left on screen for `DWELL_MS`. */
async function dwellRate(
  sim: BtcpaySimulator,
  till: Till,
  page: Page,
  mode: 'websocket' | 'polling'
): Promise<number> {
  const sale = await call<SaleLike>(till, 'sale:charge', { amount: '42.00', currency: 'USD' })
  const invoiceId = sale.invoice?.id
  if (!invoiceId) throw new Error(`sale ${sale.id} has no invoice: ${sale.state}`)
  await showPayment(page, sale.id, 'New')
  if (mode === 'websocket') await waitFor(() => sim.control.socketCount(invoiceId) === 1, 5_000)
  await sleep(1_000)
  const from = sim.control.requests.length
  await sleep(DWELL_MS)
  const made = sim.control.requests.slice(from).filter((r) => onInvoice(r, invoiceId)).length
  sim.control.settle(invoiceId)
  await page.waitForSelector(SETTLED, { timeout: 30_000 })
  return made / (DWELL_MS / 1000)
}

async function backgroundRound(
  sim: BtcpaySimulator,
  till: Till,
  page: Page
): Promise<{
  perInvoice: number
  create: number
  reads: number
  total: number
  spanMs: number
  openMs: number
  seenMs: number[]
  focusedReads: number
}> {
  const onScreen = await call<SaleLike>(till, 'sale:charge', { amount: '99.00', currency: 'USD' })
  const focusedId = onScreen.invoice?.id
  if (!focusedId) throw new Error('the sale on screen has no invoice')
  await showPayment(page, onScreen.id, 'New')
  const start = sim.control.requests.length
  const startedAt = Date.now()
  const sales = await pool(
    Array.from({ length: BACKGROUND }, (_, i) => i),
    8,
    (i) => call<SaleLike>(till, 'sale:charge', { amount: `${1 + (i % 50)}.25`, currency: 'USD' })
  )
  const createdAt = Date.now()
  const invoiceIds = sales.map((sale) => {
    if (!sale.invoice) throw new Error(`sale ${sale.id} has no invoice: ${sale.state}`)
    return sale.invoice.id
  })
  await sleep(BACKGROUND_OPEN_MS)
  // Each is paid and settled at its own random moment within one background interval.
  const settledAt = Date.now()
  const settleAt = new Map<string, number>()
  const settling = sales.map(async (sale, i) => {
    await sleep(Math.random() * 10_000)
    const id = invoiceIds[i] as string
    sim.control.pay(id)
    sim.control.settle(id)
    settleAt.set(sale.id, Date.now())
  })
  const pending = new Set(sales.map((sale) => sale.id))
  const seenMs: number[] = []
  while (pending.size > 0 && Date.now() - settledAt < 120_000) {
    await sleep(250)
    const list = await call<SaleLike[]>(till, 'sale:list', { limit: 200 })
    for (const sale of list) {
      const at = settleAt.get(sale.id)
      if (sale.state === 'paid' && at !== undefined && pending.delete(sale.id)) seenMs.push(Date.now() - at)
    }
  }
  await Promise.all(settling)
  if (pending.size > 0) throw new Error(`${pending.size} background sales were not seen paid`)
  await sleep(500)
  const endedAt = Date.now()
  const log = sim.control.requests.slice(start)
  const ids = new Set(invoiceIds)
  const focusedReads = log.filter((r) => onInvoice(r, focusedId)).length
  const background = log.filter((r) => !onInvoice(r, focusedId))
  const reads = background.filter((r) => ids.has(invoiceIdOf(r) ?? '')).length
  return {
    perInvoice: background.length / BACKGROUND,
    create: (background.length - reads) / BACKGROUND,
    reads: reads / BACKGROUND,
    total: background.length,
    spanMs: endedAt - startedAt,
    openMs: settledAt + 5_000 - (startedAt + createdAt) / 2 + mean(seenMs),
    seenMs,
    focusedReads
  }
}

function onInvoice(request: LoggedRequest, invoiceId: string): boolean {
  return invoiceIdOf(request) === invoiceId
}

function invoiceIdOf(request: LoggedRequest): string | null {
  return /\/invoices\/([^/]+)/.exec(request.path)?.[1] ?? null
}

async function waitFor(test: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!test()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await sleep(20)
  }
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length)
}
