import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Invoice } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { createRequestBudget } from '../../../src/main/processors/btpay/budget'
import { InvoiceTracker } from '../../../src/main/tracker/tracker'
import { FakeProcessor } from '../../fixtures/fake-processor'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('InvoiceTracker: the invoice on screen has its own lane', () => {
  it('reads it while every background slot is busy, and its budget tokens come before queued background reads', async () => {
    vi.useFakeTimers({ now: Date.parse('2025-03-01T12:00:00Z') })
    const now = () => Date.now()
    const ledger = new Ledger(openDatabase(':memory:'), now)
    const processor = new FakeProcessor(now, { push: false })
    // A BTPay-like connector: every read takes a token of one shared budget (1 at once, then one each 15 s).
    const budget = createRequestBudget({ perMinute: 5, burst: 1 })
    const granted: string[] = []
    const read = processor.getInvoice.bind(processor)
    processor.getInvoice = async (invoiceId: string): Promise<Invoice> => {
      await budget.take()
      granted.push(invoiceId)
      return read(invoiceId)
    }
    const tracker = new InvoiceTracker({
      ledger,
      processorFor: () => processor,
      onSaleChanged: () => {},
      onConnectivity: () => {},
      now,
      concurrency: 2,
      timing: { focusIntervalMs: 1_000, backgroundIntervalMs: 600_000 }
    })
    tracker.start()
    const sales: string[] = []
    for (let n = 1; n <= 4; n++) {
      const saleId = `sale_${String(n).padStart(16, '0')}`
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
      tracker.track({ processor: 'demo', saleId, invoiceId: invoice.id })
      sales.push(saleId)
    }
    await vi.advanceTimersByTimeAsync(0)
    // fake_1 took the one token; fake_2 holds the other slot, waiting for a token; fake_3 and fake_4 wait.
    expect(granted).toEqual(['fake_1'])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(processor.reads.map((r) => r.invoiceId)).toEqual(['fake_1'])

    tracker.focus(sales[3] as string) // fake_4 goes on screen
    await vi.advanceTimersByTimeAsync(0)
    // Its read starts without a background slot and is first in line at the budget: the next token (at 15 s).
    await vi.advanceTimersByTimeAsync(14_000)
    expect(granted).toEqual(['fake_1', 'fake_4'])
    // Off screen, the queued background read is next.
    tracker.focus(null)
    await vi.advanceTimersByTimeAsync(15_000)
    expect(granted).toEqual(['fake_1', 'fake_4', 'fake_2'])
    tracker.stop()
    ledger.close()
  })
})
