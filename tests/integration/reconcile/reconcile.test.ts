import { afterEach, describe, expect, it } from 'vitest'
import type { CallOutput, ParsedInput, SaleView } from '@shared/contract'
import type { DifferenceView, ReconcileRunView } from '@shared/day'
import type { Core } from '../../../src/main/core'
import { businessDayOf } from '../../../src/main/day/business-day'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { ok, processorCore, waitForSale } from '../core/processor-helpers'
import { btcpaySim, btpaySim, plisioSim, type ReconcileSim } from './sims'

/** Small pages so even a handful of invoices takes several paced requests; Plisio's assumed budget 600 a minute. */
const RECONCILE = { pageSize: 2, defaultRequestsPerMinute: 600, backoffMs: 100 }
/** The budget each connector publishes (`capabilities.requestsPerMinute`), or the assumed one. */
const BUDGET = { btcpay: 600, btpay: 450, plisio: 600 } as const

let core: Core | null = null
let sim: ReconcileSim | null = null
let cleanup: (() => void) | null = null

afterEach(async () => {
  await core?.stop()
  await sim?.close()
  cleanup?.()
  core = null
  sim = null
  cleanup = null
})

async function setUp(make: () => Promise<ReconcileSim>): Promise<{ core: Core; sim: ReconcileSim }> {
  sim = await make()
  const dir = tempDir()
  cleanup = () => dir.remove()
  core = processorCore(dir.path, new MemorySecretStore(), {
    connectors: sim.connectors,
    reconcile: RECONCILE
  })
  await core.start()
  await sim.connect(core)
  await ok(core, 'settings:update', {
    currency: 'EUR',
    till: { tillId: 'T1' },
    businessDay: { timeZone: 'UTC', startHour: 0 }
  })
  return { core, sim }
}

/** Business days covering the test so far and a minute on (a test may run across midnight UTC). */
function days(since: number): { fromDay: string; toDay: string } {
  const rule = { timeZone: 'UTC', startHour: 0 }
  return { fromDay: businessDayOf(since - 60_000, rule), toDay: businessDayOf(Date.now() + 60_000, rule) }
}

async function reconcile(c: Core, processor: string, range: { fromDay: string; toDay: string }) {
  const started = await owner(c, 'reconcile:start', { processor, ...range })
  return waitFor(
    () => owner(c, 'reconcile:get', { runId: started.id }),
    (run) => run.state !== 'running',
    { timeoutMs: 20_000, what: 'the reconciliation to end' }
  )
}

/**
 * An owner-only call, straight to its handler: the owner's PIN is the transports' to check (h-pin), not what this
 * test is about. The input is what the contract's schema would pass.
 */
function owner<
  K extends
    | 'reconcile:start'
    | 'reconcile:get'
    | 'reconcile:cancel'
    | 'reconcile:review'
    | 'reconcile:recheck'
    | 'reconcile:import'
>(c: Core, name: K, input: ParsedInput<K>): Promise<CallOutput<K>> {
  return c.handlers[name](input)
}

/** Requests in the busiest window of `windowMs`. */
function busiest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++
    most = Math.max(most, j - i + 1)
  }
  return most
}

/** Within half the budget: spaced by at least 60 s / (budget / 2), so never more than half of it in any minute. */
function expectPaced(times: number[], perMinute: number): void {
  const half = perMinute / 2
  const interval = 60_000 / half
  const sorted = [...times].sort((a, b) => a - b)
  // The till spaces its sends; their arrival at the simulator may jitter by the transit (50 ms allowed, never
  // accumulating): any k consecutive gaps span at least k intervals.
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      expect(sorted[j]! - sorted[i]!, `list requests ${i}..${j}`).toBeGreaterThanOrEqual(
        (j - i) * interval - 50
      )
    }
  }
  expect(busiest(sorted, 60_000)).toBeLessThanOrEqual(half)
  expect(busiest(sorted, 1000)).toBeLessThanOrEqual(Math.ceil(1000 / interval) + 1)
}

const byInvoice = (run: ReconcileRunView, invoiceId: string): DifferenceView | undefined =>
  run.differences.find((d) => d.invoiceId === invoiceId)

describe.each([
  ['BTCPay', btcpaySim],
  ['Plisio', plisioSim],
  ['BTPay', btpaySim]
] as const)('reconciliation against the %s simulator', (_name, make) => {
  it('finds each injected difference, tells other tills and outside sales apart, and stays within the budget', async () => {
    const since = Date.now()
    const { core, sim } = await setUp(make)
    const progress: unknown[] = []
    core.events.subscribe((name, payload) => {
      if (name === 'reconcile:progress') progress.push(payload)
    })
    // Plisio's smallest BTC invoice is 0.0001 BTC (6 EUR at the simulator's price).
    const amounts = ['12.34', '15.00', '8.50', '9.20']
    const sales: SaleView[] = []
    for (const amount of amounts)
      sales.push(await ok<SaleView>(core, 'sale:charge', { amount, currency: 'EUR' }))
    for (const sale of sales) sim.pay(sale.invoice!.id)
    for (const sale of sales) await waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
    const [agrees, statusChanged, amountChanged, removed] = sales.map((s) => s.invoice!.id) as [
      string,
      string,
      string,
      string
    ]
    const outside = sim.outside('7.00')
    const otherTill = sim.otherTill('10.00', 'T2')
    sim.changeStatus(statusChanged)
    sim.changeAmount(amountChanged, '99.00')
    sim.remove(removed)
    const before = sim.listRequests().length

    const run = await reconcile(core, sim.processor, days(since))

    expect(run.state).toBe('done')
    expect(run.error).toBeNull()
    expect(run.matched).toBe(1)
    expect(byInvoice(run, agrees)).toBeUndefined()
    expect(byInvoice(run, statusChanged)).toMatchObject({
      kind: 'status-differs',
      action: 'recheck',
      saleId: sales[1]!.id,
      kassa: { status: 'Settled' }
    })
    expect(byInvoice(run, amountChanged)).toMatchObject({
      kind: 'amount-differs',
      action: 'review',
      kassa: { amount: '8.50' },
      processorSide: { amount: '99.00' }
    })
    expect(byInvoice(run, removed)).toMatchObject({
      kind: 'missing-at-processor',
      saleId: sales[3]!.id,
      processorSide: null
    })
    expect(byInvoice(run, outside)).toMatchObject({
      kind: 'missing-in-kassa',
      origin: 'outside-kassa',
      action: 'import',
      saleId: null
    })
    expect(byInvoice(run, otherTill)).toMatchObject({
      kind: 'missing-in-kassa',
      origin: 'other-till',
      action: 'review',
      // Plisio has nowhere to keep the till id.
      tillId: sim.processor === 'plisio' ? null : 'T2'
    })
    expect(run.differences).toHaveLength(5)
    // Other tills' and outside sales are listed and counted apart, not as differences to fix.
    expect(run.otherTills).toBe(1)
    expect(run.outsideKassa).toBe(1)
    expect(
      run.differences.filter((d) => d.origin !== 'other-till' && d.origin !== 'outside-kassa')
    ).toHaveLength(3)
    // 5 invoices at the processor, 2 a page: 3 pages, each reported.
    expect(run.progress.pages).toBeGreaterThanOrEqual(3)
    expect(progress.length).toBeGreaterThanOrEqual(run.progress.pages)
    const listed = sim.listRequests().slice(before)
    // Every page once, and the status and the amount difference each read on its own to confirm them.
    expect(run.progress.requests).toBe(listed.length + 2)
    expectPaced(listed, BUDGET[sim.processor])

    // Review: kept with its note, audited, and shown again in a later run.
    const amountKey = byInvoice(run, amountChanged)!.key
    const reviewed = await owner(core, 'reconcile:review', {
      runId: run.id,
      key: amountKey,
      note: 'Price changed on the dashboard'
    })
    expect(reviewed.reviewed).toMatchObject({ note: 'Price changed on the dashboard', by: 'owner' })
    expect(core.ledger.auditFor(sales[2]!.id).map((e) => e.action)).toContain('reconcile.reviewed')

    // Recheck: the processor's status is read and applied; the difference is gone.
    const rechecked = await owner(core, 'reconcile:recheck', {
      runId: run.id,
      key: byInvoice(run, statusChanged)!.key
    })
    expect(byInvoice(rechecked, statusChanged)).toBeUndefined()
    expect(rechecked.matched).toBe(2)
    expect(core.ledger.getInvoiceForSale(sales[1]!.id)!.status).not.toBe('Settled')

    // Import: the outside invoice becomes a paid sale with its receipt number.
    const imported = await owner(core, 'reconcile:import', {
      runId: run.id,
      key: byInvoice(run, outside)!.key
    })
    expect(byInvoice(imported, outside)).toBeUndefined()
    expect(imported.outsideKassa).toBe(0)
    expect(imported.matched).toBe(3)
    const [sale] = core.ledger.findSales(outside)
    expect(sale).toMatchObject({ state: 'paid', amountMinor: 700n, processor: sim.processor })
    expect(sale!.receiptNumber).toMatch(/^T1-/)
    expect(core.ledger.auditFor(sale!.id).map((e) => e.action)).toContain('reconcile.imported')

    // A second run: the review is remembered, the import and the recheck agree.
    const again = await reconcile(core, sim.processor, days(since))
    expect(again.state).toBe('done')
    expect(byInvoice(again, amountChanged)?.reviewed?.note).toBe('Price changed on the dashboard')
    expect(byInvoice(again, outside)).toBeUndefined()
    expect(byInvoice(again, statusChanged)).toBeUndefined()
    expect(again.matched).toBe(3)
    expect(again.differences.map((d) => d.kind).sort()).toEqual([
      'amount-differs',
      'missing-at-processor',
      'missing-in-kassa'
    ])
  })

  it('waits out a 429 and retries a 503, then finishes', async () => {
    const { core, sim } = await setUp(make)
    const since = Date.now()
    sim.outside('7.00')
    sim.failListing(1)
    const started = Date.now()
    const run = await reconcile(core, sim.processor, days(since))
    expect(run.state).toBe('done')
    expect(run.outsideKassa).toBe(1)
    expect(run.progress.requests).toBe(3)
    // BTCPay's 429 has no Retry-After: the backoff (100 ms, then 200 ms) applies instead of the 1 s. (BTPay's
    // connector then also holds background requests until its bucket refills past the cashier's reserve, ~16 s.)
    expect(Date.now() - started).toBeGreaterThanOrEqual(sim.processor === 'btcpay' ? 300 : 1000)
  })
})

describe('a reconciliation the processor keeps refusing', () => {
  it('fails with the processor’s error after a few attempts', async () => {
    const { core } = await setUp(btcpaySim)
    const since = Date.now()
    const btcpay = sim!
    for (let i = 0; i < 4; i++) btcpay.failListing(0)
    const run = await reconcile(core, 'btcpay', days(since))
    expect(run.state).toBe('failed')
    expect(run.error?.code).toBe('processor-unavailable')
    // 429, 503 four times over: the fourth 503 ends it (4 attempts); the 429s were waited out, not counted.
    expect(run.progress.requests).toBe(8)
  })
})

describe('cancelling a reconciliation', () => {
  it('stops between pages, keeps what it compared, and sends no more requests', async () => {
    const { core, sim } = await setUp(btcpaySim)
    const since = Date.now()
    for (let i = 0; i < 30; i++) sim.outside('1.00')
    const started = await owner(core, 'reconcile:start', {
      processor: 'btcpay',
      ...days(since)
    })
    await waitFor(
      () => owner(core, 'reconcile:get', { runId: started.id }),
      (run) => run.progress.pages >= 2,
      { timeoutMs: 5000, what: 'two pages' }
    )
    const cancelled = await owner(core, 'reconcile:cancel', { runId: started.id })
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.progress.pages).toBeLessThan(15)
    // What was read is compared: every listed invoice is an outside one.
    expect(cancelled.outsideKassa).toBe(cancelled.progress.invoices)
    const sent = sim.listRequests().length
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(sim.listRequests().length).toBe(sent)
    expect((await owner(core, 'reconcile:get', { runId: started.id })).state).toBe('cancelled')
  })
})
