/**
 * Replays: a correctly signed delivery posted again and again is acted on once. Each processor's delivery is
 * posted 300 times to the web host; the tracker is asked to re-read the invoice once, the other 299 answers say
 * "duplicate" (200) with no side effect, and the ledger grows by a bounded number of rows. A BTCPay or BTPay
 * delivery whose signed timestamp is older than the window (10 minutes) is refused.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import type { WebHost } from '../../../src/main/web/server'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'
import {
  btcpayDelivery,
  btpayDelivery,
  countStatuses,
  ledgerRows,
  post,
  postMany,
  webHostFor
} from './helpers'

const REPLAYS = 300
const SECRET = 'kassa-test-webhook-secret'
// Reads only when told: the tracker's own schedule would wait a minute.
const SLOW_TRACKER = { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 }

let dir: ReturnType<typeof tempDir>
let core: Core
let web: WebHost
let closeSim: () => Promise<void>

beforeEach(() => {
  dir = tempDir()
})
afterEach(async () => {
  await web?.close()
  await core?.stop()
  await closeSim?.()
  dir.remove()
})

/** Post `body` REPLAYS times and check: one nudge of the tracker, the rest duplicates, O(1) new rows. */
async function expectActedOnOnce(
  processor: string,
  body: string,
  headers: Record<string, string>,
  invoiceId: string
): Promise<void> {
  const nudges = vi.spyOn(core.tracker, 'invoiceMayHaveChanged')
  const rowsBefore = ledgerRows(core)
  const answers = await postMany(`${web.origin}/webhooks/${processor}`, body, headers, REPLAYS)
  const statuses = countStatuses(answers)
  expect(statuses.get(204)).toBe(1)
  expect(statuses.get(200)).toBe(REPLAYS - 1)
  expect(answers.filter((a) => a.status === 200).every((a) => /duplicate/i.test(a.body))).toBe(true)
  expect(nudges.mock.calls).toEqual([[processor, invoiceId]])
  // The delivery's key, its audit row, and what the one re-read itself records (payment, status, sale paid).
  expect(ledgerRows(core) - rowsBefore).toBeLessThanOrEqual(8)
}

describe('a replayed delivery is acted on once', () => {
  it('Plisio: the same signed callback 300 times makes one re-read; the rest are answered as duplicates', async () => {
    const sim: PlisioSimulator = await startPlisioSimulator()
    closeSim = () => sim.close()
    core = processorCore(dir.path, new MemorySecretStore(), {
      tracker: SLOW_TRACKER,
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
    const txnId = sale.invoice!.id
    sim.control.payFull(txnId)
    const { body, contentType } = sim.control.buildCallback(txnId)
    await expectActedOnOnce('plisio', body, { 'content-type': contentType }, txnId)
  })

  it('Plisio: the same JSON callback re-spaced or with its keys reordered is still the same delivery', async () => {
    const sim: PlisioSimulator = await startPlisioSimulator()
    closeSim = () => sim.close()
    core = processorCore(dir.path, new MemorySecretStore(), {
      tracker: SLOW_TRACKER,
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
    const txnId = sale.invoice!.id
    sim.control.payFull(txnId)
    // Signed over sorted keys with string values: any key order and any spacing of the body verifies.
    const { body } = sim.control.buildCallback(txnId, { json: true, ordering: 'sorted' })
    const fields = JSON.parse(body) as Record<string, string>
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(fields).reverse()), null, 1)
    const url = `${web.origin}/webhooks/plisio?json=true`
    const headers = { 'content-type': 'application/json' }
    expect((await post(url, body, headers)).status).toBe(204)
    const again = await post(url, reordered, headers)
    expect(again.status).toBe(200)
    expect(again.body).toMatch(/duplicate/i)
  })

  describe('BTCPay', () => {
    let sim: BtcpaySimulator
    let invoiceId: string

    beforeEach(async () => {
      sim = await startBtcpaySimulator()
      closeSim = () => sim.close()
      core = processorCore(dir.path, new MemorySecretStore(), {
        tracker: SLOW_TRACKER,
        connectors: { btcpay: { webhookSecret: SECRET } }
      })
      await core.start()
      web = await webHostFor(core, dir.path)
      await ok(core, 'processor:connect', {
        processor: 'btcpay',
        serverUrl: sim.url,
        storeId: sim.storeId,
        apiKey: sim.apiKey
      })
      const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.00', currency: 'USD' })
      invoiceId = sale.invoice!.id
    })

    it('the same deliveryId 300 times makes one re-read', async () => {
      const { body, headers } = btcpayDelivery(SECRET, {
        deliveryId: 'DLV-replayed',
        invoiceId,
        storeId: sim.storeId
      })
      await expectActedOnOnce('btcpay', body, headers, invoiceId)
    })

    it('a delivery signed more than 10 minutes ago is refused and changes nothing', async () => {
      const nudges = vi.spyOn(core.tracker, 'invoiceMayHaveChanged')
      const old = btcpayDelivery(SECRET, {
        deliveryId: 'DLV-old',
        invoiceId,
        storeId: sim.storeId,
        timestamp: Math.floor(Date.now() / 1000) - 11 * 60
      })
      const answer = await post(`${web.origin}/webhooks/btcpay`, old.body, old.headers)
      expect(answer.status).toBe(400)
      expect(answer.body).toMatch(/too old/i)
      expect(nudges).not.toHaveBeenCalled()
      // One signed 9 minutes ago (BTCPay's first retries keep the original timestamp) is still taken.
      const recent = btcpayDelivery(SECRET, {
        deliveryId: 'DLV-recent',
        invoiceId,
        storeId: sim.storeId,
        timestamp: Math.floor(Date.now() / 1000) - 9 * 60
      })
      expect((await post(`${web.origin}/webhooks/btcpay`, recent.body, recent.headers)).status).toBe(204)
      expect(nudges).toHaveBeenCalledTimes(1)
    })
  })

  describe('BTPay', () => {
    let sim: BtpaySimulator
    let invoiceNumber: string

    beforeEach(async () => {
      sim = await startBtpaySimulator()
      closeSim = () => sim.close()
      core = processorCore(dir.path, new MemorySecretStore(), {
        tracker: SLOW_TRACKER,
        connectors: { btpay: { webhookSecret: SECRET } }
      })
      await core.start()
      web = await webHostFor(core, dir.path)
      await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: sim.url, apiKey: sim.apiKey })
      const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.00', currency: 'USD' })
      invoiceNumber = sale.invoice!.id
    })

    it('the same signed body 300 times makes one re-read (BTPay sends no delivery id)', async () => {
      const { body, headers } = btpayDelivery(SECRET, { invoiceNumber })
      await expectActedOnOnce('btpay', body, headers, invoiceNumber)
    })

    it('a delivery signed more than 10 minutes ago is refused', async () => {
      const nudges = vi.spyOn(core.tracker, 'invoiceMayHaveChanged')
      const old = btpayDelivery(SECRET, { invoiceNumber, at: new Date(Date.now() - 11 * 60_000) })
      const answer = await post(`${web.origin}/webhooks/btpay`, old.body, old.headers)
      expect(answer.status).toBe(400)
      expect(answer.body).toMatch(/too old/i)
      expect(nudges).not.toHaveBeenCalled()
    })
  })
})
