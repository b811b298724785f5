import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { invoke, testCore } from './helpers'

let dir: ReturnType<typeof tempDir>
let sim: PlisioSimulator
let core: Core
let web: WebHost

beforeEach(async () => {
  dir = tempDir()
  sim = await startPlisioSimulator()
  // Reads only when told: after the first read, the tracker would wait a minute, so a change seen within
  // seconds can only come from the callback.
  core = testCore(dir.path, {
    tracker: { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 },
    connectors: { plisio: { baseUrl: sim.url } }
  })
  await core.start()
  web = await startWebHost({
    handlers: core.handlers,
    events: core.events,
    rendererDir: dir.path,
    webhooks: (processor, body, headers) => core.receiveWebhook(processor, body, headers)
  })
  const connected = await invoke(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey })
  expect(connected.ok).toBe(true)
})

afterEach(async () => {
  await web.close()
  await core.stop()
  await sim.close()
  dir.remove()
})

async function chargeInPlisio(): Promise<SaleView> {
  const charged = await invoke(core, 'sale:charge', {
    amount: '25.00',
    currency: 'EUR',
    paymentMethod: 'BTC'
  })
  if (!charged.ok) throw new Error(charged.error.message)
  const sale = charged.value as SaleView
  expect(sale.state).toBe('awaiting')
  return sale
}

const sale = (saleId: string) => core.handlers['sale:get']({ saleId })

describe('processor callbacks at POST /webhooks/<processor>', () => {
  it('a signed Plisio callback makes the tracker read the operation now, and the sale settles from that read', async () => {
    const charged = await chargeInPlisio()
    const txnId = charged.invoice?.id as string
    sim.control.payFull(txnId)
    const readsBefore = sim.control.requests.filter((r) => r.path === `operations/${txnId}`).length
    const answer = await sim.control.sendCallback(txnId, `${web.origin}/webhooks/plisio`)
    expect(answer.status).toBe(204)
    const paid = await waitFor(
      () => sale(charged.id),
      (s) => s.state === 'paid',
      { timeoutMs: 5_000, what: 'the callback to trigger a read' }
    )
    expect(paid.invoice?.rawStatus).toBe('completed')
    // The sale moved because Kassa read the operation again, not because the callback said so.
    expect(sim.control.requests.filter((r) => r.path === `operations/${txnId}`).length).toBeGreaterThan(
      readsBefore
    )
    expect(core.ledger.auditFor(charged.id).map((a) => a.action)).toContain('sale.paid')
  })

  it('a JSON callback (json=true) is verified the same way', async () => {
    const charged = await chargeInPlisio()
    const txnId = charged.invoice?.id as string
    sim.control.payFull(txnId)
    const answer = await sim.control.sendCallback(txnId, `${web.origin}/webhooks/plisio?json=true`)
    expect(answer.status).toBe(204)
    await waitFor(
      () => sale(charged.id),
      (s) => s.state === 'paid',
      { timeoutMs: 5_000, what: 'the JSON callback to trigger a read' }
    )
  })

  it('a forged callback (a field changed after signing) is refused with 401 and changes nothing', async () => {
    const charged = await chargeInPlisio()
    const txnId = charged.invoice?.id as string
    // Let the tracker's first read of the new invoice happen, so any later read would be the callback's doing.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const readsBefore = sim.control.requests.length
    const answer = await sim.control.sendCallback(txnId, `${web.origin}/webhooks/plisio`, {
      tamper: { status: 'completed' }
    })
    expect(answer.status).toBe(401)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await sale(charged.id)).state).toBe('awaiting')
    expect(sim.control.requests.length).toBe(readsBefore)
  })

  it('answers 404 for a processor that is not connected, without reading anything', async () => {
    const response = await fetch(`${web.origin}/webhooks/btpay`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(404)
    const unknown = await fetch(`${web.origin}/webhooks/stripe`, { method: 'POST', body: '{}' })
    expect(unknown.status).toBe(404)
  })
})
