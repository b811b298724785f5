import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Invoice } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { InvoiceTracker } from '../../../src/main/tracker/tracker'
import { FakeProcessor } from '../../fixtures/fake-processor'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('InvoiceTracker concurrency', () => {
  it('reads at most `concurrency` invoices at once and waits (no timer spin) while they are in flight', async () => {
    vi.useFakeTimers({ now: Date.parse('2025-03-01T12:00:00Z') })
    const now = () => Date.now()
    const ledger = new Ledger(openDatabase(':memory:'), now)
    const processor = new FakeProcessor(now)
    const pending: ((invoice: Invoice) => void)[] = []
    const read = processor.getInvoice.bind(processor)
    processor.getInvoice = async (invoiceId: string) => {
      const invoice = await read(invoiceId)
      return new Promise<Invoice>((resolve) => pending.push(() => resolve(invoice)))
    }
    const tracker = new InvoiceTracker({
      ledger,
      processorFor: () => processor,
      onSaleChanged: () => {},
      onConnectivity: () => {},
      now,
      concurrency: 2,
      timing: { focusIntervalMs: 20, backgroundIntervalMs: 50 }
    })
    tracker.start()
    for (let n = 1; n <= 5; n++) {
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
    }
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    await vi.advanceTimersByTimeAsync(1000)
    expect(processor.reads).toHaveLength(2) // two in flight, the others wait their turn
    // While both slots are busy nothing is due to start, so the tracker must not keep re-arming timers.
    expect(setTimeoutSpy.mock.calls.length).toBeLessThan(10)
    // Finishing a read frees a slot for the next invoice.
    pending.shift()?.({} as Invoice)
    await vi.advanceTimersByTimeAsync(0)
    expect(processor.reads).toHaveLength(3)
    tracker.stop()
    ledger.close()
  })
})
