import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'
import { chargeMany, healthBecomes, peakPerMinute, saleStates } from './catchup-helpers'

// The processors' own budgets (`capabilities.requestsPerMinute`): BTCPay 600, Plisio 120 a minute.
const BTCPAY_LIMIT = 600
const PLISIO_LIMIT = 120

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

/** A core with the tracker's and health monitor's real timing and the connectors' real retries. */
async function startCore(): Promise<Core> {
  core = processorCore(dir.path, new MemorySecretStore(), {
    tracker: {},
    health: {},
    connectors: {
      btcpay: { maxRetries: 2, timeoutMs: 3000 },
      plisio: { baseUrl: plisio.url, maxRetries: 2, timeoutMs: 3000 }
    }
  })
  await core.start()
  return core
}

describe('open invoices after an outage', () => {
  it('catches up 100+ invoices at BTCPay and at Plisio within each one’s rate limit, online within 2 s', async () => {
    const till = await startCore()
    await ok(till, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey
    })
    const atBtcpay = await chargeMany(till, 110, { amount: '5.00', currency: 'USD' })
    await ok(till, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    const atPlisio = await chargeMany(till, 100, { amount: '25.00', currency: 'EUR', paymentMethod: 'BTC' })
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
    const paidPlisio = atPlisio.slice(-30)
    for (const sale of paidBtcpay) {
      btcpay.control.pay(sale.invoice!.id, 'full')
      btcpay.control.settle(sale.invoice!.id)
    }
    for (const sale of paidPlisio) plisio.control.payFull(sale.invoice!.id)
    await new Promise((resolve) => setTimeout(resolve, 8_000))
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
    expect([...caughtUp.values()].filter((state) => state === 'paid')).toHaveLength(70)
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
    // Plisio has no open-invoice list: its 100 are read one by one at 108 a minute (a 5 s burst first).
    expect(tookMs).toBeLessThan(80_000)

    const btcpayTimes = btcpay.control.requests.filter((r) => r.receivedAt >= back).map((r) => r.receivedAt)
    const plisioTimes = plisio.control.requests.filter((r) => r.at >= back).map((r) => r.at)
    expect(peakPerMinute(btcpayTimes)).toBeLessThanOrEqual(BTCPAY_LIMIT)
    expect(peakPerMinute(plisioTimes)).toBeLessThanOrEqual(PLISIO_LIMIT)
    // BTCPay's open-invoice list told which changed: far fewer requests than one per invoice.
    expect(btcpayTimes.length).toBeLessThan(110)
    // Every Plisio invoice was read once or so to catch up, none in a storm.
    expect(plisioTimes.length).toBeGreaterThanOrEqual(100)
  }, 150_000)

  it('waits out a 429’s Retry-After for every Plisio invoice, measured at the simulator', async () => {
    const till = await startCore()
    await ok(till, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
    await chargeMany(till, 40, { amount: '25.00', currency: 'EUR', paymentMethod: 'BTC' })
    await new Promise((resolve) => setTimeout(resolve, 6_000))
    const injected = Date.now()
    plisio.control.failNext({ status: 429, retryAfter: '3' })
    const limited = await waitFor(
      () => plisio.control.requests.find((r) => r.at >= injected),
      (request) => request !== undefined,
      { timeoutMs: 10_000, what: 'the next request to be answered 429' }
    )
    const at = limited!.at
    await new Promise((resolve) => setTimeout(resolve, 6_000))
    const reads = plisio.control.requests.filter((r) => r.path.startsWith('operations') && r.at > at)
    // A read already on its way when the 429 was answered may still arrive; none is sent during Retry-After.
    expect(reads.filter((r) => r.at > at + 100 && r.at < at + 3_000)).toEqual([])
    expect(reads.filter((r) => r.at >= at + 3_000).length).toBeGreaterThan(0)
  }, 60_000)
})
