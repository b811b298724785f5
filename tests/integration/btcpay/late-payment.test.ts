/**
 * A payment after expiry against the BTCPay simulator, through the whole core: the tracker keeps reading the
 * expired invoice, BTCPay reports Expired + PaidLate (the status stays Expired, as its InvoiceWatcher does), and
 * the sale leaves `expired` for `paid` once the late payment confirms.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { ok, processorCore, waitForSale } from '../core/processor-helpers'

let sim: BtcpaySimulator
let dir: ReturnType<typeof tempDir>
let core: Core
let updates: SaleView[]

beforeAll(async () => {
  sim = await startBtcpaySimulator()
})
afterAll(async () => {
  await sim.close()
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), {
    tracker: { focusIntervalMs: 50, backgroundIntervalMs: 100, lateIntervalMs: 100, lateFocusIntervalMs: 50 }
  })
  updates = []
  core.events.subscribe((name, payload) => {
    if (name === 'sale:updated') updates.push(payload as SaleView)
  })
  await core.start()
  await ok(core, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: sim.url,
    storeId: sim.storeId,
    apiKey: sim.apiKey
  })
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

async function expiredSale(): Promise<SaleView> {
  const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.50', currency: 'USD' })
  sim.control.expire(sale.invoice!.id)
  return waitForSale(core, sale.id, (s) => s.state === 'expired', 'expired')
}

describe('BTCPay: a payment after expiry', () => {
  it('is recorded with the exact amount and makes the sale paid once confirmed, the invoice staying Expired + PaidLate', async () => {
    const sale = await expiredSale()
    const invoiceId = sale.invoice!.id
    expect(core.tracker.isTracking('btcpay', invoiceId)).toBe(true)

    sim.control.pay(invoiceId, 'late')
    const seen = await waitForSale(
      core,
      sale.id,
      (s) => s.invoice?.additionalStatus === 'PaidLate',
      'the late payment'
    )
    expect(seen.state).toBe('expired') // seen, not yet confirmed
    expect(seen.invoice).toMatchObject({ status: 'Expired', paid: '12.50', due: '0.00' })
    expect(seen.invoice!.payments.map((p) => p.status)).toEqual(['Processing'])
    expect(updates.some((u) => u.id === sale.id && u.invoice?.additionalStatus === 'PaidLate')).toBe(true)

    sim.control.settle(invoiceId)
    const paid = await waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
    expect(paid.invoice).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidLate',
      paid: '12.50',
      due: '0.00'
    })
    expect(paid.invoice!.payments.map((p) => p.status)).toEqual(['Settled'])
    expect(sim.control.invoices(sale.id)[0]).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidLate'
    })
    expect(core.ledger.auditFor(sale.id).map((a) => a.action)).toContain('invoice.paid-late')
    expect(updates.filter((u) => u.id === sale.id).at(-1)?.state).toBe('paid')
    await waitFor(
      () => core.tracker.isTracking('btcpay', invoiceId),
      (tracking) => !tracking,
      { what: 'the tracker to let go of the paid invoice' }
    )
  })

  it('follows the expired invoice only until BTCPay stops monitoring it', async () => {
    const sale = await expiredSale()
    const invoiceId = sale.invoice!.id
    expect(sale.invoice!.monitorUntil).toBe(
      new Date(Date.parse(sale.invoice!.expiresAt) + 24 * 3_600_000).toISOString()
    )
    sim.control.endMonitoring(invoiceId)
    await waitFor(
      () => core.tracker.isTracking('btcpay', invoiceId),
      (tracking) => !tracking,
      { what: 'the tracker to drop the invoice at the end of its monitoring window' }
    )
    expect(core.ledger.openInvoices()).toEqual([])
    // BTCPay no longer watches it: a payment now is not recorded, and the sale stays expired.
    expect(() => sim.control.pay(invoiceId, 'late')).toThrow(/no longer monitored/)
    expect((await ok<SaleView>(core, 'sale:get', { saleId: sale.id })).state).toBe('expired')
  })
})
