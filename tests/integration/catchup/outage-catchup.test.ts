import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Core, CoreOptions } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'
import { chargeMany, healthBecomes, peakPerMinute, peakPerWindow, saleStates } from './catchup-helpers'

// The processors' own budgets (`capabilities.requestsPerMinute`): BTCPay 600, Plisio 120 a minute.
const BTCPAY_LIMIT = 600
const PLISIO_LIMIT = 120
/**
 * Plisio's background budget as the tracker plans it: 90 % of its limit a minute, a bucket of 5 s of it (9 reads).
 * Its catch-up below reads more invoices than one bucket holds, so the rest must come at the budget's pace.
 */
const PLISIO_PER_SECOND = (PLISIO_LIMIT * 0.9) / 60
const PLISIO_BURST = 5 * PLISIO_PER_SECOND
// Enough invoices to be a storm if each were read while down (BTCPay) and several budget buckets' worth (Plisio);
// the long catch-up (hundreds of invoices) is `bench/outage.bench.ts`.
const BTCPAY_COUNT = 110
const PLISIO_COUNT = 36

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core | null = null

beforeAll(async () => {
  btcpay = await startBtcpaySimulator()
  plisio = await startPlisioSimulator()
})
afterAll(async () => {
  await btcpay.close()
  await plisio.close()
})
beforeEach(() => {
  dir = tempDir()
})
afterEach(async () => {
  btcpay.control.setDown(false)
  plisio.control.setDown(false)
  await core?.stop()
  core = null
  dir.remove()
})

/**
 * A core with the tracker's and health monitor's real timing and the connectors' real retries, but for what a test
 * changes (`tracker`, `health`: shorter clocks that only spare it waiting).
 */
async function startCore(timing: Pick<CoreOptions, 'tracker' | 'health'> = {}): Promise<Core> {
  core = processorCore(dir.path, new MemorySecretStore(), {
    tracker: timing.tracker ?? {},
    health: timing.health ?? {},
    connectors: {
      btcpay: { maxRetries: 2, timeoutMs: 3000 },
      plisio: { baseUrl: plisio.url, maxRetries: 2, timeoutMs: 3000 }
    }
  })
  await core.start()
  return core
}

describe('open invoices after an outage', () => {
  it('catches up every invoice at BTCPay and at Plisio within each one’s rate limit, online within 2 s', async () => {
    // An online processor is checked every 2 s (not 30 s), so the outage shows without waiting for the next check;
    // the checks of an offline processor keep their real timing.
    const till = await startCore({ health: { intervalMs: 2_000 } })
    await ok(till, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey
    })
    const atBtcpay = await chargeMany(till, BTCPAY_COUNT, { amount: '5.00', currency: 'USD' })
    await ok(till, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    const atPlisio = await chargeMany(till, PLISIO_COUNT, {
      amount: '25.00',
      currency: 'EUR',
      paymentMethod: 'BTC'
    })
    expect([...atBtcpay, ...atPlisio].every((s) => s.state === 'awaiting' && s.invoice)).toBe(true)
    await healthBecomes(till, 'btcpay', 'online')
    await healthBecomes(till, 'plisio', 'online')

    btcpay.control.setDown(true)
    plisio.control.setDown(true)
    const wentDown = Date.now()
    await healthBecomes(till, 'btcpay', 'offline')
    await healthBecomes(till, 'plisio', 'offline')
    // Paid at the processors while the till cannot see them.
    // The last ones charged: the first in line to be read again would be caught up by luck.
    const paidBtcpay = atBtcpay.slice(-40)
    const paidPlisio = atPlisio.slice(-12)
    for (const sale of paidBtcpay) {
      btcpay.control.pay(sale.invoice!.id, 'full')
      btcpay.control.settle(sale.invoice!.id)
    }
    for (const sale of paidPlisio) plisio.control.payFull(sale.invoice!.id)
    await new Promise((resolve) => setTimeout(resolve, 5_000))
    const downFor = Date.now() - wentDown
    // No storm while down: health checks every 1–1.5 s and a few tracker probes, not a read per invoice.
    const whileDownBtcpay = btcpay.control.requests.filter((r) => r.receivedAt >= wentDown).length
    const whileDownPlisio = plisio.control.requests.filter((r) => r.at >= wentDown).length
    expect(whileDownBtcpay).toBeLessThanOrEqual(Math.ceil(downFor / 1000) * 3)
    expect(whileDownPlisio).toBeLessThanOrEqual(Math.ceil(downFor / 1000) * 3)

    btcpay.control.setDown(false)
    plisio.control.setDown(false)
    const back = Date.now()
    const online = await Promise.all([
      healthBecomes(till, 'btcpay', 'online'),
      healthBecomes(till, 'plisio', 'online')
    ])
    for (const at of online) expect(at - back).toBeLessThanOrEqual(2_000)

    const paidIds = new Set([...paidBtcpay, ...paidPlisio].map((s) => s.id))
    const all = [...atBtcpay, ...atPlisio]
    const caughtUp = await waitFor(
      () => saleStates(till, all),
      (states) => all.every((s) => states.get(s.id) === (paidIds.has(s.id) ? 'paid' : 'awaiting')),
      { timeoutMs: 100_000, intervalMs: 500, what: 'every sale caught up' }
    )
    expect([...caughtUp.values()].filter((state) => state === 'paid')).toHaveLength(
      paidBtcpay.length + paidPlisio.length
    )
    // Every Plisio invoice read again since it came back (it has no list to tell which changed).
    const readSince = () =>
      new Set(
        plisio.control.requests.filter((r) => r.at >= back).map((r) => r.path.replace('operations/', ''))
      )
    await waitFor(readSince, (read) => atPlisio.every((s) => read.has(s.invoice!.id)), {
      timeoutMs: 100_000,
      intervalMs: 500,
      what: 'every Plisio invoice read again'
    })
    const tookMs = Date.now() - back
    // Plisio has no open-invoice list: its invoices are read one by one at 108 a minute (a 5 s burst first).
    expect(tookMs).toBeLessThan(((PLISIO_COUNT - PLISIO_BURST) / PLISIO_PER_SECOND) * 1000 + 20_000)

    const btcpayTimes = btcpay.control.requests.filter((r) => r.receivedAt >= back).map((r) => r.receivedAt)
    const plisioTimes = plisio.control.requests.filter((r) => r.at >= back).map((r) => r.at)
    expect(peakPerMinute(btcpayTimes)).toBeLessThanOrEqual(BTCPAY_LIMIT)
    expect(peakPerMinute(plisioTimes)).toBeLessThanOrEqual(PLISIO_LIMIT)
    // Paced, not at once: any 10 s holds at most a bucket and 10 s of the budget of invoice reads (one more for a
    // timer's jitter); all of them at once would be PLISIO_COUNT.
    const plisioReads = plisio.control.requests
      .filter((r) => r.at >= back && r.path.startsWith('operations/'))
      .map((r) => r.at)
    expect(peakPerWindow(plisioReads, 10_000)).toBeLessThanOrEqual(
      Math.ceil(PLISIO_BURST + 10 * PLISIO_PER_SECOND) + 1
    )
    // BTCPay's open-invoice list told which changed: far fewer requests than one per invoice.
    expect(btcpayTimes.length).toBeLessThan(BTCPAY_COUNT)
    // Every Plisio invoice was read once or so to catch up, none in a storm.
    expect(plisioTimes.length).toBeGreaterThanOrEqual(PLISIO_COUNT)
  }, 150_000)

  it('waits out a 429’s Retry-After for every Plisio invoice, measured at the simulator', async () => {
    // A new invoice is first read 2 s after it is made (not 10 s), so the reads begin without waiting for them.
    const till = await startCore({ tracker: { backgroundIntervalMs: 2_000 } })
    await ok(till, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    // More invoices than a budget bucket: reads are due one after the other when the 429 comes.
    const charged = Date.now()
    await chargeMany(till, 16, { amount: '25.00', currency: 'EUR', paymentMethod: 'BTC' })
    await waitFor(
      () => plisio.control.requests.filter((r) => r.at >= charged && r.path.startsWith('operations/')),
      (reads) => reads.length >= 3,
      { timeoutMs: 15_000, what: 'the background reads to begin' }
    )
    const injected = Date.now()
    plisio.control.failNext({ status: 429, retryAfter: '3' })
    const limited = await waitFor(
      () => plisio.control.requests.find((r) => r.at >= injected),
      (request) => request !== undefined,
      { timeoutMs: 10_000, what: 'the next request to be answered 429' }
    )
    const at = limited!.at
    await new Promise((resolve) => setTimeout(resolve, 5_000))
    const reads = plisio.control.requests.filter((r) => r.path.startsWith('operations') && r.at > at)
    // A read already on its way when the 429 was answered may still arrive; none is sent during Retry-After.
    expect(reads.filter((r) => r.at > at + 100 && r.at < at + 3_000)).toEqual([])
    expect(reads.filter((r) => r.at >= at + 3_000).length).toBeGreaterThan(0)
  }, 60_000)
})
