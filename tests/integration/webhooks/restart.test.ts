/**
 * Deduplication outlives the process: delivery keys are kept in the ledger, so a delivery replayed after a
 * restart is still a duplicate; and they are pruned after the retention window, so the table stays bounded.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core, CoreOptions } from '../../../src/main/core'
import type { WebHost } from '../../../src/main/web/server'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'
import { post, webHostFor } from './helpers'

let dir: ReturnType<typeof tempDir>
let sim: PlisioSimulator
let secrets: MemorySecretStore
let core: Core
let web: WebHost

beforeEach(async () => {
  dir = tempDir()
  sim = await startPlisioSimulator()
  secrets = new MemorySecretStore()
})
afterEach(async () => {
  await web.close()
  await core.stop()
  await sim.close()
  dir.remove()
})

async function startTill(extra: Partial<CoreOptions> = {}): Promise<void> {
  core = processorCore(dir.path, secrets, {
    tracker: { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 },
    connectors: { plisio: { baseUrl: sim.url } },
    ...extra
  })
  await core.start()
  web = await webHostFor(core, dir.path)
}

async function restartTill(extra: Partial<CoreOptions> = {}): Promise<void> {
  await web.close()
  await core.stop()
  await startTill(extra)
}

function storedDeliveries(): number {
  const row = core.ledger.database.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get() as {
    n: bigint
  }
  return Number(row.n)
}

async function paidCallback(): Promise<{ txnId: string; body: string; headers: Record<string, string> }> {
  await ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey })
  const sale = await ok<SaleView>(core, 'sale:charge', {
    amount: '25.00',
    currency: 'EUR',
    paymentMethod: 'BTC'
  })
  const txnId = sale.invoice!.id
  sim.control.payFull(txnId)
  const { body, contentType } = sim.control.buildCallback(txnId)
  return { txnId, body, headers: { 'content-type': contentType } }
}

describe('delivery deduplication across restarts', () => {
  it('a delivery taken before a restart is a duplicate after it', async () => {
    await startTill()
    const { body, headers } = await paidCallback()
    expect((await post(`${web.origin}/webhooks/plisio`, body, headers)).status).toBe(204)

    await restartTill()
    const nudges = vi.spyOn(core.tracker, 'invoiceMayHaveChanged')
    const again = await post(`${web.origin}/webhooks/plisio`, body, headers)
    expect(again.status).toBe(200)
    expect(again.body).toMatch(/duplicate/i)
    expect(nudges).not.toHaveBeenCalled()
    expect(storedDeliveries()).toBe(1)
  })

  it('keys older than the retention window are pruned, so the table stays bounded', async () => {
    await startTill({ webhooks: { retentionMs: 200, windowMs: 100 } })
    const { txnId, body, headers } = await paidCallback()
    expect((await post(`${web.origin}/webhooks/plisio`, body, headers)).status).toBe(204)
    expect(storedDeliveries()).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 300))

    // Pruned at start: the table is empty again, and the (unsigned-in-time) Plisio callback counts as new.
    await restartTill({ webhooks: { retentionMs: 200, windowMs: 100 } })
    expect(storedDeliveries()).toBe(0)
    const nudges = vi.spyOn(core.tracker, 'invoiceMayHaveChanged')
    expect((await post(`${web.origin}/webhooks/plisio`, body, headers)).status).toBe(204)
    expect(nudges).toHaveBeenCalledWith('plisio', txnId)
    expect(storedDeliveries()).toBe(1)
  })
})
