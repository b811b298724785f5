import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { FAST_HEALTH, healthOf, ok, outboxCore, refused, saleUntil } from './outbox-helpers'

let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core
let testStart = 0

beforeAll(async () => {
  plisio = await startPlisioSimulator()
})
afterAll(async () => {
  await plisio.close()
})
beforeEach(async () => {
  testStart = Date.now()
  plisio.control.setDown(false)
  dir = tempDir()
  // Checks while offline 3 s apart: the test decides when the monitor may see Plisio back.
  core = outboxCore(dir.path, new MemorySecretStore(), {
    connectors: { plisio: { baseUrl: plisio.url } },
    health: { ...FAST_HEALTH, offlineIntervalMs: 3_000 }
  })
  await core.start()
  await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
  await ok(core, 'settings:update', { currency: 'EUR' })
  await healthOf(core, 'plisio', 'online')
})
afterEach(async () => {
  plisio.control.setDown(false)
  await core.stop()
  dir.remove()
})

/** `GET /invoices/new` requests of this test for the sale's order number that Plisio handled. */
const creates = (saleId: string) =>
  plisio.control.requests.filter(
    (r) => r.at >= testStart && r.path === 'invoices/new' && r.query.order_number === saleId
  )

describe('selling while Plisio is offline', () => {
  it('asks first, then charges the outbox sale once Plisio is back, with exactly one invoice though the first answer was lost', async () => {
    plisio.control.setDown(true)
    await healthOf(core, 'plisio', 'offline')
    expect(await refused(core, 'sale:charge', { amount: '12.00', currency: 'EUR' })).toMatchObject({
      code: 'processor-offline',
      params: { reason: 'outbox-confirm', processor: 'plisio', alternatives: 'demo' }
    })
    // Plisio is back before the monitor sees it, and answers the outbox sale's first creation with a 503 although
    // it made the invoice (an answer lost on the way): the return must find that invoice, not make another.
    plisio.control.setDown(false)
    plisio.control.failNext({ path: 'invoices/new', status: 503 })
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.00', currency: 'EUR', outbox: true })
    expect(sale).toMatchObject({ state: 'creating', outbox: { attempts: 1 } })
    const made = plisio.control.seedInvoice({
      order_number: sale.id,
      order_name: 'Sale',
      source_currency: 'EUR',
      source_amount: '12.00'
    })
    const charged = await saleUntil(core, sale.id, (s) => s.state === 'awaiting', 'the outbox to drain')
    expect(charged.outbox).toBeNull()
    expect(charged.invoice?.id).toBe(made)
    expect(creates(sale.id)).toHaveLength(1)
  })
})
