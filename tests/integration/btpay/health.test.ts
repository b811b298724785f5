import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { connect } from './helpers'

const OPTIONS = { timeoutMs: 1_000, maxRetries: 0 }
let sim: BtpaySimulator
beforeEach(async () => {
  sim = await startBtpaySimulator()
})
afterEach(async () => {
  await sim.close()
})

describe('BTPay health (GET /api/v1/rates)', () => {
  it('is online after one GET /api/v1/rates', async () => {
    const before = sim.control.requestCount()
    expect(await connect(sim).ports.health!.check(OPTIONS)).toEqual({ state: 'online', detail: null })
    expect(
      sim.control
        .requests()
        .slice(before)
        .map((r) => r.path)
    ).toEqual(['/api/v1/rates'])
  })

  it('is degraded when BTPay has no rate service: up, but it cannot price a sale', async () => {
    sim.control.setRatesDown(true)
    expect(await connect(sim).ports.health!.check(OPTIONS)).toEqual({
      state: 'degraded',
      detail: 'BTPay has no exchange rates right now, so new sales cannot be priced'
    })
  })

  it('throws (offline) when BTPay is unreachable or answers 500, without retrying', async () => {
    const health = connect(sim).ports.health!
    sim.control.setDown(true)
    const before = sim.control.requestCount()
    await expect(health.check(OPTIONS)).rejects.toMatchObject({ code: 'processor-connection' })
    expect(sim.control.requestCount() - before).toBe(1)
    sim.control.setDown(false)
    sim.control.failNext({ status: 500 })
    await expect(health.check(OPTIONS)).rejects.toMatchObject({ code: 'processor-unavailable' })
    expect(await health.check(OPTIONS)).toEqual({ state: 'online', detail: null })
  })

  it('throws a clear auth error (offline) for a wrong key', async () => {
    await expect(connect(sim, { apiKey: 'wrong' }).ports.health!.check(OPTIONS)).rejects.toMatchObject({
      code: 'processor-auth',
      message: expect.stringMatching(/^Key not accepted/)
    })
  })
})
