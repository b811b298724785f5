import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BalanceView, OperationPageView, SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { fails, ok, processorCore } from './processor-helpers'

let dir: ReturnType<typeof tempDir>
let sim: PlisioSimulator
let core: Core

beforeEach(async () => {
  dir = tempDir()
  sim = await startPlisioSimulator()
  core = processorCore(dir.path, new MemorySecretStore(), { connectors: { plisio: { baseUrl: sim.url } } })
  await core.start()
})

afterEach(async () => {
  await core.stop()
  await sim.close()
  dir.remove()
})

describe("the owner's view of Plisio's books", () => {
  it('is empty for the Demo, and the Demo has no operations list', async () => {
    expect(await ok<BalanceView[]>(core, 'owner:balances', {})).toEqual([])
    expect(await fails(core, 'owner:operations', {})).toMatchObject({ code: 'conflict' })
  })

  it('lists the balance of every enabled coin', async () => {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey, activate: true })
    sim.control.setBalance('BTC', '0.12345678')
    const balances = await ok<BalanceView[]>(core, 'owner:balances', {})
    expect(balances.find((b) => b.coin === 'BTC')).toEqual({
      coin: 'BTC',
      currency: 'BTC',
      balance: '0.12345678'
    })
    expect(sim.control.requests.some((r) => r.path === 'balances/BTC')).toBe(true)
  })

  it('says "Request IP" when the IP is not whitelisted', async () => {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey, activate: true })
    sim.control.setIpAllowed(false)
    const error = await fails(core, 'owner:balances', {})
    expect(error.message).toMatch(/Request IP/)
  })

  it("pages and filters the operations, with Kassa's sale id as the order number", async () => {
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey, activate: true })
    const made: SaleView[] = []
    for (const amount of ['20.00', '21.00', '22.00']) {
      made.push(await ok<SaleView>(core, 'sale:charge', { amount, currency: 'USD', paymentMethod: 'BTC' }))
    }
    const first = await ok<OperationPageView>(core, 'owner:operations', { limit: 2, type: 'invoice' })
    expect(first.items).toHaveLength(2)
    expect(first.nextPage).toBe(2)
    const second = await ok<OperationPageView>(core, 'owner:operations', {
      limit: 2,
      page: 2,
      type: 'invoice'
    })
    expect(second.nextPage).toBeNull()
    const orderNumbers = [...first.items, ...second.items].map((op) => op.orderNumber).sort()
    expect(orderNumbers).toEqual(made.map((sale) => sale.id).sort())
    const searched = await ok<OperationPageView>(core, 'owner:operations', { search: made[1]?.id })
    expect(searched.items.map((op) => op.orderNumber)).toEqual([made[1]?.id])
    expect(await fails(core, 'owner:operations', { limit: 1000 })).toMatchObject({ code: 'invalid-input' })
  })
})
