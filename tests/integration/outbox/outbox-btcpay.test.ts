import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core, CoreOptions } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { auditActions, healthOf, ok, outboxCore, refused, saleUntil } from './outbox-helpers'

let sim: BtcpaySimulator
let dir: ReturnType<typeof tempDir>
let secrets: MemorySecretStore
const cores: Core[] = []

beforeAll(async () => {
  sim = await startBtcpaySimulator()
})
afterAll(async () => {
  await sim.close()
})
let testStart = 0
beforeEach(() => {
  testStart = Date.now()
  dir = tempDir()
  secrets = new MemorySecretStore()
  sim.control.setDown(false)
})
afterEach(async () => {
  sim.control.setDown(false)
  for (const core of cores.splice(0)) await core.stop()
  dir.remove()
})

/** A core over this test's folder (a second one is a restart over the same ledger and keychain). */
async function start(overrides: Partial<CoreOptions> = {}): Promise<Core> {
  const core = outboxCore(dir.path, secrets, overrides)
  cores.push(core)
  await core.start()
  return core
}

async function connected(overrides: Partial<CoreOptions> = {}): Promise<Core> {
  const core = await start(overrides)
  await ok(core, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: sim.url,
    storeId: sim.storeId,
    apiKey: sim.apiKey
  })
  await healthOf(core, 'btcpay', 'online')
  await healthOf(core, 'demo', 'online')
  return core
}

async function goOffline(core: Core): Promise<void> {
  sim.control.setDown(true)
  await healthOf(core, 'btcpay', 'offline')
}

/** The requests of this test that reached BTCPay's handlers (not those cut while it was down). */
const handled = (method: string, pathEnd: string) =>
  sim.control.requests.filter(
    (r) => r.receivedAt >= testStart && r.status !== 0 && r.method === method && r.path.endsWith(pathEnd)
  )

/** The simulator's own invoices for a sale (its order id). */
const simInvoices = (saleId: string) =>
  [...sim.state.invoices.values()].filter((invoice) => invoice.metadata.orderId === saleId)

/** Let the simulator make the invoice but lose the answer: the POST is held past the till's timeout, the look-up the connector makes after it fails. */
function loseNextCreateAnswer(): void {
  sim.control.failNext({ method: 'POST', path: '/invoices', delayMs: 1_500 })
  sim.control.failNext({ method: 'GET', path: '/invoices', status: 503 })
}

const charge = (core: Core, input: Record<string, unknown>) =>
  ok<SaleView>(core, 'sale:charge', { currency: 'USD', ...input })

describe('selling while BTCPay is offline', () => {
  it('refuses in mode none, naming the processors that answer, records nothing, and charges on the Demo instead', async () => {
    const core = await connected()
    await ok(core, 'settings:update', { offline: { mode: 'none' } })
    await goOffline(core)
    const error = await refused(core, 'sale:charge', {
      amount: '5.00',
      currency: 'USD',
      outbox: true,
      customer: { name: 'Ada Offline' }
    })
    expect(error).toMatchObject({
      code: 'processor-offline',
      params: { reason: 'offline-not-allowed', processor: 'btcpay', alternatives: 'demo' }
    })
    expect(error.message).toMatch(/Charge it with Demo.* instead/)
    expect(await ok(core, 'sale:list', {})).toEqual([])
    expect(core.customers.search('Ada')).toEqual([]) // a refused sale makes no customer
    expect(handled('POST', '/invoices')).toEqual([])

    const onDemo = await charge(core, { amount: '5.00', processor: 'demo' })
    expect(onDemo).toMatchObject({ processor: 'demo', state: 'awaiting', outbox: null })
    expect(
      await refused(core, 'sale:charge', { amount: '5.00', currency: 'USD', processor: 'plisio' })
    ).toMatchObject({
      code: 'not-configured'
    })
  })

  it('asks the cashier first, then keeps the sale in the outbox with its countdown and charges it once when BTCPay returns', async () => {
    const core = await connected()
    const updates: SaleView[] = []
    core.events.subscribe((name, payload) => {
      if (name === 'sale:updated') updates.push(payload as SaleView)
    })
    await goOffline(core)
    expect(await refused(core, 'sale:charge', { amount: '8.50', currency: 'USD' })).toMatchObject({
      code: 'processor-offline',
      params: { reason: 'outbox-confirm', processor: 'btcpay', alternatives: 'demo' }
    })
    expect(await ok(core, 'sale:list', {})).toEqual([])

    const sale = await charge(core, { amount: '8.50', outbox: true })
    expect(sale).toMatchObject({ state: 'creating', invoice: null, processor: 'btcpay' })
    expect(Date.parse(sale.outbox!.until) - Date.parse(sale.outbox!.since)).toBe(24 * 3_600_000)
    // The immediate attempt (the health may be stale) fails; the next one is planned.
    const waiting = await saleUntil(
      core,
      sale.id,
      (s) => s.outbox !== null && s.outbox.attempts === 1 && s.outbox.nextAttemptAt !== null,
      'the first attempt to fail'
    )
    expect(Date.parse(waiting.outbox!.nextAttemptAt!)).toBeGreaterThan(Date.now())
    expect((await ok<SaleView[]>(core, 'sale:outbox', {})).map((s) => s.id)).toEqual([sale.id])
    expect(updates.some((u) => u.id === sale.id && u.outbox?.attempts === 1)).toBe(true)

    sim.control.setDown(false)
    const charged = await saleUntil(core, sale.id, (s) => s.state === 'awaiting', 'the outbox to drain')
    expect(charged.outbox).toBeNull()
    expect(simInvoices(sale.id)).toHaveLength(1)
    expect(charged.invoice?.id).toBe(simInvoices(sale.id)[0]!.id)
    expect(await ok(core, 'sale:outbox', {})).toEqual([])
    expect(auditActions(core, sale.id)).toEqual(
      expect.arrayContaining(['sale.outbox.enter', 'sale.outbox.charged'])
    )
  })

  it('holds the owner’s caps exactly, and of two charges racing for the last room under the total cap only one passes', async () => {
    const core = await connected()
    await ok(core, 'settings:update', { offline: { mode: 'capped', perSaleMax: '10', totalMax: '25' } })
    await goOffline(core)
    expect(
      await refused(core, 'sale:charge', { amount: '10.01', currency: 'USD', outbox: true })
    ).toMatchObject({
      code: 'processor-offline',
      params: { reason: 'outbox-per-sale-cap', limit: '10.00', processor: 'btcpay' }
    })
    await charge(core, { amount: '10.00', outbox: true })
    await charge(core, { amount: '10.00', outbox: true })
    const race = await Promise.allSettled([
      charge(core, { amount: '5.00', outbox: true }),
      charge(core, { amount: '5.00', outbox: true })
    ])
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(
      await refused(core, 'sale:charge', { amount: '0.01', currency: 'USD', outbox: true })
    ).toMatchObject({
      params: { reason: 'outbox-total-cap', limit: '25.00', open: '25.00' }
    })
    expect(
      await refused(core, 'sale:charge', { amount: '1.00', currency: 'EUR', outbox: true })
    ).toMatchObject({
      params: { reason: 'outbox-currency' }
    })
    const open = await ok<SaleView[]>(core, 'sale:outbox', {})
    expect(open.map((s) => s.amount)).toEqual(['10.00', '10.00', '5.00'])
    expect(await ok<SaleView[]>(core, 'sale:list', {})).toHaveLength(3)
  })

  it('makes exactly one invoice when BTCPay made it but the answer was lost, across a restart while it is down', async () => {
    const first = await connected()
    loseNextCreateAnswer()
    const sale = await charge(first, { amount: '7.00' })
    // The health was online: the creation failed for a passing reason, so the sale entered the outbox by itself.
    expect(sale).toMatchObject({ state: 'creating', outbox: { attempts: 1 } })
    await waitFor(
      () => simInvoices(sale.id).length,
      (n) => n === 1,
      { what: 'the held invoice to exist' }
    )
    sim.control.setDown(true)
    await first.stop()
    cores.splice(0)

    const second = await start()
    await healthOf(second, 'btcpay', 'offline')
    const still = await saleUntil(
      second,
      sale.id,
      (s) => (s.outbox?.attempts ?? 0) >= 2,
      'the resumed attempt'
    )
    expect(still.state).toBe('creating')

    sim.control.setDown(false)
    const charged = await saleUntil(second, sale.id, (s) => s.state === 'awaiting', 'the outbox to drain')
    expect(simInvoices(sale.id)).toHaveLength(1)
    expect(charged.invoice?.id).toBe(simInvoices(sale.id)[0]!.id)
    expect(handled('POST', '/invoices')).toHaveLength(1)
  })

  it('fails a sale left in the outbox past the owner’s limit, and cancels the invoice a lost answer hid once BTCPay returns', async () => {
    let skew = 0
    const core = await connected({ now: () => Date.now() + skew, retryCreateMs: 100, outboxMaxRetryMs: 300 })
    await ok(core, 'settings:update', { offline: { maxHours: 1 } })
    loseNextCreateAnswer()
    const sale = await charge(core, { amount: '9.00' })
    expect(sale.outbox).not.toBeNull()
    expect(Date.parse(sale.outbox!.until) - Date.parse(sale.outbox!.since)).toBe(3_600_000)
    await waitFor(
      () => simInvoices(sale.id).length,
      (n) => n === 1,
      { what: 'the held invoice to exist' }
    )
    await goOffline(core)
    skew = 3_600_000 + 1_000
    const failed = await saleUntil(core, sale.id, (s) => s.state === 'failed', 'the sale to expire')
    expect(failed.error).toMatchObject({
      code: 'processor-offline',
      message: expect.stringMatching(/stayed offline past the owner's limit of 1 h/),
      params: { reason: 'outbox-expired' }
    })
    expect(failed.outbox).toBeNull()
    expect(simInvoices(sale.id)[0]!.status).toBe('New')

    sim.control.setDown(false)
    await waitFor(
      () => simInvoices(sale.id)[0]!.status,
      (status) => status === 'Invalid',
      { what: 'the orphan to be cancelled at BTCPay' }
    )
    await waitFor(
      () => auditActions(core, sale.id),
      (actions) => actions.includes('invoice.cancelled-after-timeout'),
      { what: 'the orphan check to finish' }
    )
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).state).toBe('failed')
    expect(auditActions(core, sale.id)).toContain('sale.outbox.expired')
    expect(simInvoices(sale.id)).toHaveLength(1)
  })

  it('cancels a sale at once while BTCPay is away, and at BTCPay once when it returns', async () => {
    const core = await connected({ retryCreateMs: 100, outboxMaxRetryMs: 300 })
    const sale = await charge(core, { amount: '6.00' })
    expect(sale.state).toBe('awaiting')
    await goOffline(core)
    const cancelled = await ok<SaleView>(core, 'sale:cancel', { saleId: sale.id })
    expect(cancelled.state).toBe('cancelled')
    expect(simInvoices(sale.id)[0]!.status).toBe('New')
    // Retries while it is down do not reach it; the pending cancel survives them.
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(
      core.ledger.database.prepare('SELECT cancel_pending FROM sales WHERE id = ?').get(sale.id)
    ).toMatchObject({
      cancel_pending: expect.any(String)
    })

    sim.control.setDown(false)
    await waitFor(
      () => simInvoices(sale.id)[0]!.status,
      (status) => status === 'Invalid',
      { what: 'the cancel to reach BTCPay' }
    )
    const after = await saleUntil(
      core,
      sale.id,
      (s) => s.invoice?.status === 'Invalid',
      'the ledger to follow'
    )
    expect(after.state).toBe('cancelled')
    await new Promise((resolve) => setTimeout(resolve, 700))
    const marks = handled('POST', '/status')
    expect(marks).toHaveLength(1)
    expect(marks[0]!.status).toBe(200)
  })

  it('cancels an outbox sale now and the invoice a lost answer hid once BTCPay returns', async () => {
    const core = await connected({ retryCreateMs: 100, outboxMaxRetryMs: 300 })
    loseNextCreateAnswer()
    const sale = await charge(core, { amount: '4.00' })
    expect(sale.outbox).not.toBeNull()
    await waitFor(
      () => simInvoices(sale.id).length,
      (n) => n === 1,
      { what: 'the held invoice to exist' }
    )
    await goOffline(core)
    const cancelled = await ok<SaleView>(core, 'sale:cancel', { saleId: sale.id })
    expect(cancelled).toMatchObject({ state: 'cancelled', outbox: null })
    expect(await ok(core, 'sale:outbox', {})).toEqual([])
    sim.control.setDown(false)
    await waitFor(
      () => simInvoices(sale.id)[0]!.status,
      (status) => status === 'Invalid',
      { what: 'the orphan to be cancelled at BTCPay' }
    )
    const after = await saleUntil(
      core,
      sale.id,
      (s) => s.invoice?.status === 'Invalid',
      'the ledger to follow'
    )
    expect(after.state).toBe('cancelled')
    expect(simInvoices(sale.id)).toHaveLength(1)
  })

  it('fails a sale whose creation timed out when the rules allow no outbox, and cancels the invoice it hid, keeping the sale failed', async () => {
    const core = await connected({ retryCreateMs: 100, outboxMaxRetryMs: 300 })
    await ok(core, 'settings:update', { offline: { mode: 'none' } })
    loseNextCreateAnswer()
    const sale = await charge(core, { amount: '2.00' })
    expect(sale).toMatchObject({
      state: 'failed',
      outbox: null,
      error: { code: 'processor-offline', params: { reason: 'offline-not-allowed', processor: 'btcpay' } }
    })
    await waitFor(
      () => simInvoices(sale.id)[0]?.status,
      (status) => status === 'Invalid',
      { what: 'the hidden invoice to be cancelled at BTCPay' }
    )
    await waitFor(
      () => auditActions(core, sale.id),
      (actions) => actions.includes('invoice.cancelled-after-timeout'),
      { what: 'the orphan check to finish' }
    )
    expect(await ok(core, 'sale:get', { saleId: sale.id })).toMatchObject({ state: 'failed', invoice: null })
    expect(handled('POST', '/invoices')).toHaveLength(1)
  })

  it('refuses to close the day while one of its sales waits in the outbox, then closes once it is charged', async () => {
    const core = await connected()
    await goOffline(core)
    const sale = await charge(core, { amount: '3.00', outbox: true })
    const { day } = await ok<{ day: string }>(core, 'day:report', {})
    const error = await refused(core, 'day:close', { day })
    expect(error).toMatchObject({
      code: 'conflict',
      params: { reason: 'outbox-open', count: '1', sales: sale.id }
    })
    expect(error.message).toMatch(/1 sale\(s\) of .* wait in the outbox/)
    sim.control.setDown(false)
    await saleUntil(core, sale.id, (s) => s.state === 'awaiting', 'the outbox to drain')
    expect(await ok(core, 'day:close', { day })).toMatchObject({ day, state: 'closed' })
  })
})
