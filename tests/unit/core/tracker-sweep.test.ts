import { afterEach, describe, expect, it, vi } from 'vitest'
import { isFinalStatus } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import type { OpenInvoiceSweep } from '../../../src/main/processors/ports'
import { InvoiceTracker } from '../../../src/main/tracker/tracker'
import { FakeProcessor } from '../../fixtures/fake-processor'

afterEach(() => {
  vi.useRealTimers()
})

/** A fake processor whose open invoices can be listed 100 a page, counting the sweeps. */
function sweepingProcessor(now: () => number) {
  const processor = new FakeProcessor(now, { push: false, requestsPerMinute: 600 })
  const sweeps: number[] = []
  const listOpen = async (query: { maxPages: number }): Promise<OpenInvoiceSweep> => {
    sweeps.push(now())
    const open = [...processor.invoices.values()].filter((invoice) => !isFinalStatus(invoice.status))
    const pages = Math.max(1, Math.ceil(open.length / 100))
    const items = open.slice(0, query.maxPages * 100)
    return {
      items: items.map((i) => ({ ...i })),
      complete: pages <= query.maxPages,
      requests: Math.min(pages, query.maxPages)
    }
  }
  Object.assign(processor.ports.invoiceList!, { listOpen })
  return { processor, sweeps }
}

function setup(count: number) {
  vi.useFakeTimers({ now: Date.parse('2026-11-28T12:00:00Z') })
  const now = () => Date.now()
  const ledger = new Ledger(openDatabase(':memory:'), now)
  const { processor, sweeps } = sweepingProcessor(now)
  const changed: string[] = []
  const ids: { saleId: string; invoiceId: string }[] = []
  for (let n = 1; n <= count; n++) {
    const saleId = `sale_${String(n).padStart(16, '0')}`
    ledger.createSale({
      id: saleId,
      currency: 'USD',
      amountMinor: 1234n,
      memo: null,
      lines: [],
      processor: 'demo'
    })
    const invoice = processor.addInvoice(saleId)
    ledger.applyInvoice(saleId, invoice)
    ids.push({ saleId, invoiceId: invoice.id })
  }
  const tracker = new InvoiceTracker({
    ledger,
    processorFor: () => processor,
    onSaleChanged: (saleId) => changed.push(saleId),
    onConnectivity: () => {},
    now,
    timing: { backgroundIntervalMs: 10_000, sweepIntervalMs: 10_000, sweptReadIntervalMs: 300_000 }
  })
  return { tracker, ledger, processor, sweeps, changed, ids }
}

describe('InvoiceTracker sweep of open invoices', () => {
  it('learns from one list which of 300 invoices changed, and reads only those', async () => {
    const { tracker, ledger, processor, sweeps, changed, ids } = setup(300)
    tracker.start()
    await vi.advanceTimersByTimeAsync(3_000)
    // The restart reads (spread over 2 s) overlap the first sweep; after it, the unchanged ones wait.
    const readsAfterStart = processor.reads.length
    expect(sweeps.length).toBeGreaterThanOrEqual(1)

    const settled = ids[123]!
    processor.setStatus(settled.invoiceId, 'Settled')
    const partly = ids[7]!
    processor.setStatus(partly.invoiceId, 'New', 'PaidPartial', { paid: '6.00', due: '6.34' })
    await vi.advanceTimersByTimeAsync(60_000)

    expect(ledger.getInvoiceForSale(settled.saleId)?.status).toBe('Settled')
    expect(ledger.getInvoiceForSale(partly.saleId)?.additionalStatus).toBe('PaidPartial')
    expect(changed).toEqual(expect.arrayContaining([settled.saleId, partly.saleId]))
    const reads = processor.reads.slice(readsAfterStart).map((r) => r.invoiceId)
    // A minute of 300 open invoices: the changed two (and the part-paid one again as it changes no more), not 300 × 6.
    expect(new Set(reads)).toEqual(new Set([settled.invoiceId, partly.invoiceId]))
    expect(sweeps.length).toBeGreaterThanOrEqual(6)
    tracker.stop()
    await tracker.idle()
    ledger.close()
  })

  it('sees a settlement within one sweep interval', async () => {
    const { tracker, ledger, processor, ids } = setup(50)
    tracker.start()
    await vi.advanceTimersByTimeAsync(15_000)
    const target = ids[20]!
    processor.setStatus(target.invoiceId, 'Settled')
    const from = Date.now()
    while (ledger.getInvoiceForSale(target.saleId)?.status !== 'Settled')
      await vi.advanceTimersByTimeAsync(250)
    expect(Date.now() - from).toBeLessThanOrEqual(10_250)
    tracker.stop()
    await tracker.idle()
    ledger.close()
  })

  it('still reads each invoice on its own now and then (safety net)', async () => {
    const { tracker, ledger, processor, ids } = setup(20)
    tracker.start()
    await vi.advanceTimersByTimeAsync(301_000 + 10_000)
    // The sweeps found nothing changed, yet every invoice is read on its own once the safety-net interval is up.
    for (const { invoiceId } of ids) expect(processor.readsOf(invoiceId).length).toBeGreaterThanOrEqual(1)
    tracker.stop()
    await tracker.idle()
    ledger.close()
  })

  it('leaves an invoice missing from a cut list to its own reads', async () => {
    const { tracker, ledger, processor, ids } = setup(30)
    // The list stops after the first 10: the other 20 may well be open, so the sweep must not read them all now.
    Object.assign(processor.ports.invoiceList!, {
      listOpen: async (): Promise<OpenInvoiceSweep> => ({
        items: [...processor.invoices.values()].slice(0, 10),
        complete: false,
        requests: 1
      })
    })
    tracker.start()
    await vi.advanceTimersByTimeAsync(3_000)
    const before = processor.reads.length
    await vi.advanceTimersByTimeAsync(30_000)
    const later = processor.reads.slice(before).map((r) => r.invoiceId)
    // The listed, unchanged 10 are not read; the unlisted 20 keep their own pace (every 10 s), and are read.
    for (const { invoiceId } of ids.slice(0, 10)) expect(later).not.toContain(invoiceId)
    for (const { invoiceId } of ids.slice(10)) {
      const count = later.filter((id) => id === invoiceId).length
      expect(count).toBeGreaterThanOrEqual(2)
      expect(count).toBeLessThanOrEqual(4)
    }
    tracker.stop()
    await tracker.idle()
    ledger.close()
  })

  it('does not sweep a few invoices, nor a processor without the list', async () => {
    const few = setup(3)
    few.tracker.start()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(few.sweeps).toHaveLength(0)
    few.tracker.stop()
    await few.tracker.idle()
    few.ledger.close()
  })

  it('does not read a just-created invoice again at once (fresh), unless it is put on screen', async () => {
    const { tracker, ledger, processor } = setup(0)
    tracker.start()
    const ids = ['sale_fresh0000000001', 'sale_fresh0000000002'].map((saleId) => {
      ledger.createSale({
        id: saleId,
        currency: 'USD',
        amountMinor: 100n,
        memo: null,
        lines: [],
        processor: 'demo'
      })
      const invoice = processor.addInvoice(saleId)
      ledger.applyInvoice(saleId, invoice)
      return { saleId, invoiceId: invoice.id }
    })
    tracker.track({ processor: 'demo', ...ids[0]! }, { fresh: true })
    tracker.track({ processor: 'demo', ...ids[1]! })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(processor.readsOf(ids[0]!.invoiceId)).toHaveLength(0)
    expect(processor.readsOf(ids[1]!.invoiceId)).toHaveLength(1)
    tracker.focus(ids[0]!.saleId)
    await vi.advanceTimersByTimeAsync(10)
    expect(processor.readsOf(ids[0]!.invoiceId)).toHaveLength(1)
    tracker.stop()
    await tracker.idle()
    ledger.close()
  })
})

describe('InvoiceTracker, the invoice on screen', () => {
  it('is read every second until its payment is seen, then every 3 s while it confirms', async () => {
    const { tracker, ledger, processor, ids } = setup(1)
    tracker.start()
    const { saleId, invoiceId } = ids[0]!
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(10_000)
    const unpaid = processor.readsOf(invoiceId).length
    expect(unpaid).toBeGreaterThanOrEqual(9)
    processor.setStatus(invoiceId, 'Processing')
    await vi.advanceTimersByTimeAsync(1_000)
    const seen = processor.readsOf(invoiceId).length
    await vi.advanceTimersByTimeAsync(20_000)
    expect(processor.readsOf(invoiceId).length - seen).toBeLessThanOrEqual(7)
    expect(processor.readsOf(invoiceId).length - seen).toBeGreaterThanOrEqual(6)
    tracker.stop()
    await tracker.idle()
    ledger.close()
  })
})
