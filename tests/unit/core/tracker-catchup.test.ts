import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { ProcessorError } from '../../../src/main/processors/errors'
import type { CallOptions } from '../../../src/main/processors/types'
import { InvoiceTracker, type TrackerTiming } from '../../../src/main/tracker/tracker'
import { FakeProcessor } from '../../fixtures/fake-processor'

/** The most reads in any 60 s window. */
function peakPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let peak = 0
  let from = 0
  for (let to = 0; to < sorted.length; to++) {
    while (sorted[to]! - sorted[from]! >= 60_000) from++
    peak = Math.max(peak, to - from + 1)
  }
  return peak
}

let cleanup: (() => void) | null = null

/**
 * A tracker over a fake processor with `count` open background invoices. The processor can be taken down (every
 * read fails to connect) and answers 429 when told to; every read's time and options are kept.
 */
function setup(count: number, requestsPerMinute: number | undefined, timing: Partial<TrackerTiming> = {}) {
  const now = () => Date.now()
  const ledger = new Ledger(openDatabase(':memory:'), now)
  const processor = new FakeProcessor(now, { push: false, requestsPerMinute })
  const calls: { invoiceId: string; at: number; options?: CallOptions }[] = []
  const sim = { down: false, rateLimitedFor: 0 }
  const read = processor.getInvoice.bind(processor)
  processor.getInvoice = async (invoiceId: string, options?: CallOptions) => {
    calls.push({ invoiceId, at: now(), options })
    if (sim.down) throw new ProcessorError('processor-connection', '127.0.0.1 refused the connection')
    if (sim.rateLimitedFor > 0) {
      const retryAfterMs = sim.rateLimitedFor
      sim.rateLimitedFor = 0
      throw new ProcessorError('processor-rate-limit', 'Too many requests', { status: 429, retryAfterMs })
    }
    return read(invoiceId, options)
  }
  const tracker = new InvoiceTracker({
    ledger,
    processorFor: () => processor,
    onSaleChanged: () => {},
    onConnectivity: () => {},
    now,
    timing: { backgroundIntervalMs: 10_000, ...timing }
  })
  const invoices: { saleId: string; invoiceId: string }[] = []
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
    invoices.push({ saleId, invoiceId: invoice.id })
  }
  cleanup = () => {
    tracker.stop()
    ledger.close()
  }
  return { ledger, processor, tracker, calls, sim, invoices }
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-28T12:00:00Z') })
})
afterEach(() => {
  cleanup?.()
  cleanup = null
  vi.useRealTimers()
})

describe('the tracker through an outage', () => {
  it('probes a dead processor a few times instead of failing every invoice, then catches up within its budget', async () => {
    const { processor, tracker, calls, sim, invoices, ledger } = setup(100, 600)
    tracker.start()
    await vi.advanceTimersByTimeAsync(30_000)
    sim.down = true
    const wentDown = Date.now()
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    const whileDown = calls.filter((c) => c.at >= wentDown).length
    // One probe (at most a slot's worth) per pause of 2 s doubling to 60 s: about a dozen rounds, not 100 invoices
    // each backing off on its own (several hundred reads).
    expect(whileDown).toBeLessThanOrEqual(60)
    // Meanwhile a third of the invoices were paid.
    for (const { invoiceId } of invoices.slice(0, 33)) processor.setStatus(invoiceId, 'Settled')
    sim.down = false
    const back = Date.now()
    tracker.processorRecovered('demo')
    await vi.advanceTimersByTimeAsync(20_000)
    const settled = invoices.filter(({ saleId }) => ledger.getInvoiceForSale(saleId)?.status === 'Settled')
    expect(settled).toHaveLength(33)
    const after = calls.filter((c) => c.at >= back)
    expect(new Set(after.map((c) => c.invoiceId)).size).toBe(100)
    expect(peakPerMinute(calls.map((c) => c.at))).toBeLessThanOrEqual(600)
    // The tracker is the retry of its background reads: the client sends each once.
    expect(calls.every((c) => c.options?.maxRetries === 0)).toBe(true)
  }, 30_000)

  it('reads a backlog at the budget’s pace, never more requests in a minute than the processor allows', async () => {
    const { tracker, calls } = setup(300, 120)
    tracker.start()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    // 120 a minute, 90 % planned for the background, with a 5 s burst: below the limit in every minute.
    expect(peakPerMinute(calls.map((c) => c.at))).toBeLessThanOrEqual(120)
    // And still every invoice read within the first 3.5 minutes (300 at 108 a minute).
    const firstReads = new Map<string, number>()
    for (const c of calls) if (!firstReads.has(c.invoiceId)) firstReads.set(c.invoiceId, c.at)
    expect(firstReads.size).toBe(300)
    expect(Math.max(...firstReads.values()) - Date.parse('2026-11-28T12:00:00Z')).toBeLessThan(3.5 * 60_000)
  }, 30_000)

  it('a 429 on a background read pauses every background read for its Retry-After', async () => {
    const { tracker, calls, sim } = setup(40, undefined, { backgroundIntervalMs: 1_000 })
    tracker.start()
    await vi.advanceTimersByTimeAsync(5_000)
    sim.rateLimitedFor = 3_000
    const asked = Date.now()
    while (sim.rateLimitedFor > 0) await vi.advanceTimersByTimeAsync(10)
    const limitedAt = calls.at(-1)!.at
    expect(limitedAt - asked).toBeLessThan(1_000)
    await vi.advanceTimersByTimeAsync(3_500)
    const during = calls.filter((c) => c.at > limitedAt && c.at < limitedAt + 3_000)
    expect(during).toEqual([])
    expect(calls.filter((c) => c.at >= limitedAt + 3_000).length).toBeGreaterThan(0)
  })

  it('ends its outage pause by itself when a read is answered (a processor without a health monitor)', async () => {
    const { tracker, calls, sim } = setup(10, undefined, { backgroundIntervalMs: 1_000, outageMaxMs: 4_000 })
    tracker.start()
    await vi.advanceTimersByTimeAsync(3_000)
    sim.down = true
    await vi.advanceTimersByTimeAsync(30_000)
    sim.down = false
    const back = Date.now()
    // The next probe (≤ 4 s) answers: every invoice is due again at once.
    await vi.advanceTimersByTimeAsync(5_000)
    expect(new Set(calls.filter((c) => c.at >= back).map((c) => c.invoiceId)).size).toBe(10)
  })

  it('the monitor’s word after the tracker’s own catch-up reads nothing twice', async () => {
    const { tracker, calls, sim } = setup(20, undefined, { backgroundIntervalMs: 60_000, outageMaxMs: 4_000 })
    tracker.start()
    await vi.advanceTimersByTimeAsync(3_000)
    sim.down = true
    for (const n of [1, 2, 3]) tracker.invoiceMayHaveChanged('demo', `fake_${n}`)
    await vi.advanceTimersByTimeAsync(10_000)
    sim.down = false
    for (const n of [1, 2, 3]) tracker.invoiceMayHaveChanged('demo', `fake_${n}`)
    await vi.advanceTimersByTimeAsync(5_000)
    const before = calls.length
    tracker.processorRecovered('demo')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls.length).toBe(before)
  })
})
