import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPlisioProcessor, type PlisioProcessor } from '../../../src/main/processors/plisio'
import type { PlisioSimulator } from '../../simulators/plisio'
import { setup } from './helpers'

const OPTIONS = { timeoutMs: 1_000, maxRetries: 0 }
let sim: PlisioSimulator
let plisio: PlisioProcessor
beforeEach(async () => {
  ;({ sim, plisio } = await setup())
})
afterEach(async () => {
  await sim.close()
})

describe('Plisio health (GET /shops)', () => {
  it('is online after one GET /shops, also without Request IP', async () => {
    sim.control.setIpAllowed(false)
    const before = sim.control.requests.length
    expect(await plisio.ports.health!.check(OPTIONS)).toEqual({ state: 'online', detail: null })
    expect(sim.control.requests.slice(before).map((r) => r.path)).toEqual(['shops'])
  })

  it('throws (offline) when Plisio is unreachable or answers 500, without retrying', async () => {
    sim.control.setDown(true)
    const before = sim.control.requests.length
    await expect(plisio.ports.health!.check(OPTIONS)).rejects.toMatchObject({ code: 'processor-connection' })
    expect(sim.control.requests.length - before).toBe(1)
    sim.control.setDown(false)
    sim.control.failNext({ status: 500 })
    await expect(plisio.ports.health!.check(OPTIONS)).rejects.toMatchObject({ code: 'processor-unavailable' })
    expect(await plisio.ports.health!.check(OPTIONS)).toEqual({ state: 'online', detail: null })
  })

  it('throws a clear auth error (offline) for a wrong key', async () => {
    const wrong = createPlisioProcessor({ apiKey: 'wrong-key', baseUrl: sim.url, timeoutMs: 1_000 })
    await expect(wrong.ports.health!.check(OPTIONS)).rejects.toMatchObject({
      code: 'processor-auth',
      message: expect.stringMatching(/key|credentials/i)
    })
  })
})
