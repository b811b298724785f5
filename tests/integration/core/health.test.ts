import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Events, ProcessorHealthView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import type { HealthTiming } from '../../../src/main/health'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { ok, processorCore } from './processor-helpers'

let sim: BtcpaySimulator
let dir: ReturnType<typeof tempDir>
let secrets: MemorySecretStore
const cores: Core[] = []
let events: Events['connectivity:changed'][]

beforeAll(async () => {
  sim = await startBtcpaySimulator()
})
afterAll(async () => {
  await sim.close()
})
beforeEach(() => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  events = []
  sim.control.setDown(false)
})
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop()
  dir.remove()
})

async function startCore(health: Partial<HealthTiming>): Promise<Core> {
  const core = processorCore(dir.path, secrets, { health })
  cores.push(core)
  core.events.subscribe((name, payload) => {
    if (name === 'connectivity:changed') events.push(payload as Events['connectivity:changed'])
  })
  await core.start()
  return core
}

const connect = (core: Core) =>
  ok(core, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: sim.url,
    storeId: sim.storeId,
    apiKey: sim.apiKey
  })

async function healthOf(core: Core, state: ProcessorHealthView['state']): Promise<ProcessorHealthView> {
  return waitFor(
    async () =>
      (await ok<ProcessorHealthView[]>(core, 'processor:health', {})).find((h) => h.processor === 'btcpay'),
    (view) => view?.state === state,
    { timeoutMs: 5_000, what: `btcpay to be ${state}` }
  ) as Promise<ProcessorHealthView>
}

const healthRequests = (since: number) =>
  sim.control.requests.filter((r) => r.path === '/api/v1/health' && r.receivedAt >= since).length

describe('the core’s health monitor', () => {
  it('reports a processor going away and coming back, checking no more often than planned', async () => {
    const interval = 400
    const core = await startCore({ intervalMs: interval, offlineIntervalMs: interval, minGapMs: 200 })
    await connect(core)
    const online = await healthOf(core, 'online')
    // The till's processor comes first, the Demo after it.
    expect((await ok<ProcessorHealthView[]>(core, 'processor:health', {})).map((h) => h.processor)).toEqual([
      'btcpay',
      'demo'
    ])

    const wentDown = Date.now()
    sim.control.setDown(true)
    const offline = await healthOf(core, 'offline')
    expect(offline.detail).toMatch(/127\.0\.0\.1/)
    expect(offline.lastOkAt).toBeGreaterThanOrEqual(online.lastOkAt!)
    expect(offline.lastOkAt).toBeLessThanOrEqual(wentDown + interval)

    // While down: one check per interval at most (no retries, no storm).
    const windowStart = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 4 * interval))
    expect(healthRequests(windowStart)).toBeLessThanOrEqual(5)
    expect(healthRequests(windowStart)).toBeGreaterThanOrEqual(2)

    sim.control.setDown(false)
    const back = await healthOf(core, 'online')
    expect(back.lastOkAt).toBeGreaterThan(offline.checkedAt!)
    const states = events.filter((e) => e.processor === 'btcpay').map((e) => e.state)
    expect(states).toEqual(['unknown', 'online', 'offline', 'online'])
  })

  it('checks soon after one of the till’s own requests failed, long before the next planned check', async () => {
    // No early-outage pace either (its first re-check after 1 s would be a second request): only the reports count.
    const core = await startCore({
      intervalMs: 60_000,
      offlineIntervalMs: 60_000,
      offlineFirstMs: 60_000,
      minGapMs: 200
    })
    await connect(core)
    await healthOf(core, 'online')
    const sale = await ok<{ id: string }>(core, 'sale:charge', { amount: '5.00', currency: 'USD' })
    await ok(core, 'invoice:focus', { saleId: sale.id })
    const started = Date.now()
    sim.control.setDown(true)
    await healthOf(core, 'offline')
    expect(Date.now() - started).toBeLessThan(3_000)
    // Many failed reads of the invoice, one check (the tracker's reports are an input, not a trigger each).
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(healthRequests(started)).toBe(1)
    expect(events.filter((e) => e.processor === 'btcpay' && e.state === 'offline')).toHaveLength(1)
  })

  it('checks soon after a charge could not reach the processor', async () => {
    const core = await startCore({ intervalMs: 60_000, offlineIntervalMs: 60_000, minGapMs: 200 })
    await connect(core)
    await healthOf(core, 'online')
    const started = Date.now()
    sim.control.setDown(true)
    const sale = await ok<{ state: string }>(core, 'sale:charge', { amount: '5.00', currency: 'USD' })
    expect(sale.state).toBe('creating')
    await healthOf(core, 'offline')
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('says degraded, with the reason, when the node is not synchronized', async () => {
    const core = await startCore({ intervalMs: 300, offlineIntervalMs: 300, minGapMs: 100 })
    await connect(core)
    sim.control.setSynced(false)
    try {
      const degraded = await healthOf(core, 'degraded')
      expect(degraded.detail).toMatch(/synchronizing/)
    } finally {
      sim.control.setSynced(true)
    }
  })

  it('knows a connected processor’s state right after a restart, without a sale', async () => {
    const first = await startCore({ intervalMs: 60_000 })
    await connect(first)
    await first.stop()
    cores.splice(0)
    const started = Date.now()
    const second = await startCore({ intervalMs: 60_000 })
    await healthOf(second, 'online')
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})
