/**
 * Floods: anyone who can reach the port may post forged deliveries. 2,000 of them must not grow the ledger by a
 * row each: rejections are counted in memory and written as one `webhook.rejected` summary row per processor per
 * minute, and past a limit per processor and remote address the endpoint answers 429 to what fails its check.
 * Counts of rows and answers are asserted, never timings.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import type { WebHost } from '../../../src/main/web/server'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'
import { countStatuses, ledgerBytes, ledgerRows, postMany, webHostFor, type Answer } from './helpers'

const FORGED = 2_000

let dir: ReturnType<typeof tempDir>
let sim: PlisioSimulator
let core: Core
let web: WebHost
let txnId: string
let secrets: MemorySecretStore

beforeEach(async () => {
  dir = tempDir()
  sim = await startPlisioSimulator()
  secrets = new MemorySecretStore()
  core = processorCore(dir.path, secrets, {
    tracker: { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 },
    connectors: { plisio: { baseUrl: sim.url } }
  })
  await core.start()
  web = await webHostFor(core, dir.path)
  await ok(core, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey })
  const sale = await ok<SaleView>(core, 'sale:charge', {
    amount: '25.00',
    currency: 'EUR',
    paymentMethod: 'BTC'
  })
  txnId = sale.invoice!.id
})

afterEach(async () => {
  await web.close()
  await core.stop()
  await sim.close()
  dir.remove()
})

/** The summary rows the flood left, read after a restart (a stop writes the pending summary). */
async function rejectionSummaries(): Promise<{ processor: string; count: number }[]> {
  await web.close()
  await core.stop()
  core = processorCore(dir.path, secrets, { connectors: { plisio: { baseUrl: sim.url } } })
  web = await webHostFor(core, dir.path)
  const rows = core.ledger.database
    .prepare("SELECT details_json FROM audit_log WHERE action = 'webhook.rejected' ORDER BY seq")
    .all() as { details_json: string }[]
  return rows.map((row) => JSON.parse(row.details_json) as { processor: string; count: number })
}

function forged(): { body: string; headers: Record<string, string> } {
  // A real callback with its status changed after signing: the verify_hash no longer matches.
  const { body, contentType } = sim.control.buildCallback(txnId, { tamper: { status: 'completed' } })
  return { body, headers: { 'content-type': contentType } }
}

describe('a flood of forged deliveries', () => {
  it('2,000 forged posts: a few summary rows, 429 past the limit, the ledger file barely grows', async () => {
    const nudges = vi.spyOn(core.tracker, 'invoiceMayHaveChanged')
    const rowsBefore = ledgerRows(core)
    const bytesBefore = ledgerBytes(dir.path)
    const { body, headers } = forged()
    const answers = await postMany(`${web.origin}/webhooks/plisio`, body, headers, FORGED)
    const statuses = countStatuses(answers)
    expect([...statuses.keys()].sort()).toEqual([401, 429])
    // Past the limit, what fails its check is answered 429 (slow down) instead of 401.
    expect(statuses.get(401)).toBeLessThanOrEqual(60)
    expect(statuses.get(429)).toBeGreaterThanOrEqual(FORGED - 60)
    expect(nudges).not.toHaveBeenCalled()
    // Nothing is written per request.
    expect(ledgerRows(core) - rowsBefore).toBeLessThanOrEqual(2)
    expect(ledgerBytes(dir.path) - bytesBefore).toBeLessThan(64 * 1024)

    const summaries = await rejectionSummaries()
    // One row per processor per minute; the flood may straddle a minute boundary.
    expect(summaries.length).toBeGreaterThanOrEqual(1)
    expect(summaries.length).toBeLessThanOrEqual(3)
    expect(summaries.every((s) => s.processor === 'plisio')).toBe(true)
    expect(summaries.reduce((sum, s) => sum + s.count, 0)).toBe(FORGED)
  })

  it('the limit is per remote address: another address is checked, and still aggregated', async () => {
    const { body, headers } = forged()
    const url = `${web.origin}/webhooks/plisio`
    const first: Answer[] = await postMany(url, body, headers, 200, { localAddress: '127.0.0.1' })
    const second: Answer[] = await postMany(url, body, headers, 200, { localAddress: '127.0.0.2' })
    for (const answers of [first, second]) {
      const statuses = countStatuses(answers)
      expect(statuses.get(401)).toBeGreaterThan(0)
      expect(statuses.get(429)).toBeGreaterThan(0)
    }
    const summaries = await rejectionSummaries()
    expect(summaries.length).toBeLessThanOrEqual(3)
    expect(summaries.reduce((sum, s) => sum + s.count, 0)).toBe(400)
  })

  it('a signed delivery from an address that is being limited is still taken', async () => {
    const { body, headers } = forged()
    const url = `${web.origin}/webhooks/plisio`
    await postMany(url, body, headers, 200)
    sim.control.payFull(txnId)
    const genuine = sim.control.buildCallback(txnId)
    const nudges = vi.spyOn(core.tracker, 'invoiceMayHaveChanged')
    const [answer] = await postMany(url, genuine.body, { 'content-type': genuine.contentType }, 1)
    // Behind a relay every sender shares one address: a flood there must not shut out the processor itself.
    expect(answer?.status).toBe(204)
    expect(nudges).toHaveBeenCalledWith('plisio', txnId)
  })
})
