import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HealthPort } from '../../../src/main/processors/ports'
import { startHarness, type Harness } from './helpers'

const OPTIONS = { timeoutMs: 1_000, maxRetries: 0 }
let h: Harness
let health: HealthPort
beforeEach(async () => {
  h = await startHarness()
  health = h.btcpay.ports.health!
})
afterEach(async () => {
  await h.sim.close()
})

describe('BTCPay health (GET /api/v1/health + /api/v1/server/info)', () => {
  it('is online when synchronized, asking both endpoints once', async () => {
    const before = h.sim.control.requests.length
    expect(await health.check(OPTIONS)).toEqual({ state: 'online', detail: null })
    const asked = h.sim.control.requests.slice(before).map((r) => r.path)
    expect(asked.sort()).toEqual(['/api/v1/health', '/api/v1/server/info'])
  })

  it('is degraded while the node synchronizes, and says so plainly', async () => {
    h.sim.control.setSynced(false)
    expect(await health.check(OPTIONS)).toEqual({
      state: 'degraded',
      detail: "BTCPay Server's node is still synchronizing: payments may be seen late"
    })
  })

  it('is degraded when a node is not available, naming the payment method', async () => {
    h.sim.control.setNodeAvailable(false)
    expect(await health.check(OPTIONS)).toEqual({
      state: 'degraded',
      detail: 'BTCPay Server cannot reach its node for BTC-CHAIN: payments may not be seen'
    })
  })

  it('throws (offline) when the server is unreachable, or answers 500, without retrying', async () => {
    h.sim.control.setDown(true)
    const before = h.sim.control.requests.length
    await expect(health.check(OPTIONS)).rejects.toMatchObject({ code: 'processor-connection' })
    expect(h.sim.control.requests.length - before).toBe(2)
    h.sim.control.setDown(false)
    h.sim.control.failNext({ status: 500, count: 2 })
    await expect(health.check(OPTIONS)).rejects.toMatchObject({ code: 'processor-unavailable' })
    expect(await health.check(OPTIONS)).toEqual({ state: 'online', detail: null })
  })

  it('throws a clear auth error (offline) for a key the server no longer accepts', async () => {
    const revoked = h.connector({ apiKey: 'revoked-key' }).ports.health!
    await expect(revoked.check(OPTIONS)).rejects.toMatchObject({
      code: 'processor-auth',
      message: expect.stringMatching(/key/i)
    })
  })
})
