import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProcessorId } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { ProcessorError } from '../../../src/main/processors/errors'
import { InvoiceTracker, type TrackerTiming } from '../../../src/main/tracker/tracker'
import { FakeProcessor } from '../../fixtures/fake-processor'
import { memoryLog } from '../../fixtures/memory-log'

const FOCUS = 20
const BACKGROUND = 200

interface Harness {
  ledger: Ledger
  processor: FakeProcessor
  tracker: InvoiceTracker
  changed: string[]
  connectivity: { processor: ProcessorId; online: boolean; message: string | null }[]
  log: ReturnType<typeof memoryLog>
  /** Ring up a sale with an open invoice at the fake processor, recorded in the ledger. */
  sale(n: number): { saleId: string; invoiceId: string }
}

let harness: Harness | null = null

function setup(timing: Partial<TrackerTiming> = {}, options: { configured?: boolean } = {}): Harness {
  const now = () => Date.now()
  const ledger = new Ledger(openDatabase(':memory:'), now)
  const processor = new FakeProcessor(now)
  const changed: string[] = []
  const connectivity: Harness['connectivity'] = []
  const log = memoryLog()
  const tracker = new InvoiceTracker({
    log: log.log,
    ledger,
    processorFor: () => (options.configured === false ? null : processor),
    onSaleChanged: (saleId) => changed.push(saleId),
    onConnectivity: (id, online, message) => connectivity.push({ processor: id, online, message }),
    now,
    timing: { focusIntervalMs: FOCUS, backgroundIntervalMs: BACKGROUND, ...timing }
  })
  const sale = (n: number) => {
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
    return { saleId, invoiceId: invoice.id }
  }
  harness = { ledger, processor, tracker, changed, connectivity, log, sale }
  return harness
}

/** Gaps between consecutive reads. */
function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number))
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2025-03-01T12:00:00Z') })
  vi.spyOn(Math, 'random').mockReturnValue(0.5)
})

afterEach(() => {
  harness?.tracker.stop()
  harness?.ledger.close()
  harness = null
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('InvoiceTracker', () => {
  it('reads the focused invoice at once and then at the focus interval', async () => {
    const { tracker, processor, sale } = setup()
    const { saleId, invoiceId } = sale(1)
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    await vi.advanceTimersByTimeAsync(0)
    expect(processor.readsOf(invoiceId)).toHaveLength(1)
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(5 * FOCUS)
    const reads = processor.readsOf(invoiceId)
    expect(reads.length).toBeGreaterThanOrEqual(6)
    expect(gaps(reads.slice(1)).every((gap) => gap === FOCUS)).toBe(true)
  })

  it('offers the connector the invoice it stored, read from the ledger only when the connector asks', async () => {
    const { tracker, processor, sale, ledger } = setup()
    const { saleId, invoiceId } = sale(1)
    const stored = ledger.getInvoiceForSale(saleId)
    const offered: (() => unknown)[] = []
    const read = processor.getInvoice.bind(processor)
    processor.getInvoice = async (id, options) => {
      if (options?.previous) offered.push(options.previous)
      return read(id)
    }
    const lookups = vi.spyOn(ledger, 'getInvoiceForSale')
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    await vi.advanceTimersByTimeAsync(0)
    expect(offered).toHaveLength(1)
    expect(lookups).not.toHaveBeenCalled()
    expect(offered[0]?.()).toEqual(stored)
    expect(lookups).toHaveBeenCalledWith(saleId)
  })

  it('reads a background invoice only at the background interval', async () => {
    const { tracker, processor, sale } = setup()
    const focused = sale(1)
    const background = sale(2)
    tracker.start()
    tracker.track({ processor: 'demo', ...focused })
    tracker.track({ processor: 'demo', ...background })
    tracker.focus(focused.saleId)
    await vi.advanceTimersByTimeAsync(2 * BACKGROUND)
    expect(gaps(processor.readsOf(background.invoiceId))).toEqual([BACKGROUND, BACKGROUND])
    expect(processor.readsOf(focused.invoiceId).length).toBeGreaterThan(2 * (BACKGROUND / FOCUS) - 2)
  })

  it('plans background reads within the processor’s request budget, the invoice on screen first', async () => {
    const { tracker, processor, sale } = setup({ focusIntervalMs: 1000, backgroundIntervalMs: 1000 })
    ;(processor.capabilities as { requestsPerMinute?: number }).requestsPerMinute = 60
    const sales = Array.from({ length: 30 }, (_, n) => sale(n + 1))
    tracker.start()
    for (const s of sales) tracker.track({ processor: 'demo', ...s })
    tracker.focus(sales[0]!.saleId)
    await vi.advanceTimersByTimeAsync(10_000) // the first reads of all, spread over the start
    const before = processor.reads.length
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    const perMinute = (processor.reads.length - before) / 5
    // 60 a minute: 54 after a tenth for charges, the screen's 60 a minute leaves the floor of a fifth (12) to share.
    expect(perMinute).toBeLessThanOrEqual(60 + 12 + 1)
    const focused = processor.readsOf(sales[0]!.invoiceId).length
    expect(focused).toBeGreaterThan(5 * 55) // about every second
    const background = processor.readsOf(sales[1]!.invoiceId)
    // 29 background invoices share 12 a minute: each read about every 145 s, not every second.
    expect(gaps(background.slice(-3)).every((gap) => gap >= 140_000)).toBe(true)
  })

  it('never reads faster than the processor allows', async () => {
    const { tracker, processor, sale } = setup()
    ;(processor.capabilities as { minPollIntervalMs: number }).minPollIntervalMs = 100
    const { saleId, invoiceId } = sale(1)
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(300)
    expect(gaps(processor.readsOf(invoiceId)).every((gap) => gap >= 100)).toBe(true)
  })

  it('reads the focused invoice immediately when the processor pushes a change', async () => {
    const { tracker, processor, sale } = setup({ focusIntervalMs: 10_000, backgroundIntervalMs: 60_000 })
    const { saleId, invoiceId } = sale(1)
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(1000)
    const before = processor.readsOf(invoiceId).length
    expect(processor.subscriberCount(invoiceId)).toBe(1)
    processor.setStatus(invoiceId, 'New', 'PaidPartial')
    processor.push(invoiceId)
    await vi.advanceTimersByTimeAsync(0)
    expect(processor.readsOf(invoiceId)).toHaveLength(before + 1)
    expect(harness!.ledger.getInvoiceForSale(saleId)?.additionalStatus).toBe('PaidPartial')
    expect(harness!.changed).toContain(saleId)
  })

  it('subscribes only to the focused invoice and unsubscribes when focus moves away', async () => {
    const { tracker, processor, sale } = setup()
    const a = sale(1)
    const b = sale(2)
    tracker.start()
    tracker.track({ processor: 'demo', ...a })
    tracker.track({ processor: 'demo', ...b })
    tracker.focus(a.saleId)
    expect(processor.subscriberCount(a.invoiceId)).toBe(1)
    expect(processor.subscriberCount(b.invoiceId)).toBe(0)
    tracker.focus(b.saleId)
    expect(processor.subscriberCount(a.invoiceId)).toBe(0)
    expect(processor.subscriberCount(b.invoiceId)).toBe(1)
    tracker.focus(null)
    expect(processor.subscriberCount(b.invoiceId)).toBe(0)
  })

  it('says whether focus found an invoice to follow, and which sale is on screen', async () => {
    const { tracker, sale } = setup()
    const a = sale(1)
    tracker.start()
    const untracked = sale(2) // recorded after start and never handed to track()
    expect(tracker.focus(a.saleId)).toBe(true)
    expect(tracker.focusedSaleId).toBe(a.saleId)
    // A sale the tracker does not follow (ended, or not yet invoiced) moves focus away from the last one.
    expect(tracker.focus(untracked.saleId)).toBe(false)
    expect(tracker.focusedSaleId).toBeNull()
    expect(tracker.focus(a.saleId)).toBe(true)
    expect(tracker.focus(null)).toBe(false)
    expect(tracker.focusedSaleId).toBeNull()
  })

  it('stops following an invoice at a final status and records it in the ledger', async () => {
    const { tracker, processor, sale, ledger } = setup()
    const { saleId, invoiceId } = sale(1)
    processor.script(invoiceId, { status: 'New' }, { status: 'Processing' }, { status: 'Settled' })
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(10 * FOCUS)
    expect(tracker.isTracking('demo', invoiceId)).toBe(false)
    expect(tracker.size).toBe(0)
    expect(processor.subscriberCount(invoiceId)).toBe(0)
    const reads = processor.readsOf(invoiceId).length
    expect(ledger.getSale(saleId)?.state).toBe('paid')
    expect(ledger.openInvoices()).toEqual([])
    await vi.advanceTimersByTimeAsync(10 * BACKGROUND)
    expect(processor.readsOf(invoiceId)).toHaveLength(reads)
  })

  it('announces a sale change only when the invoice changed', async () => {
    const { tracker, processor, sale, changed } = setup()
    const { saleId, invoiceId } = sale(1)
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(5 * FOCUS)
    expect(processor.readsOf(invoiceId).length).toBeGreaterThan(3)
    expect(changed).toEqual([]) // same invoice every read
    processor.setStatus(invoiceId, 'Processing')
    await vi.advanceTimersByTimeAsync(5 * FOCUS)
    expect(changed).toEqual([saleId])
  })

  it('backs off exponentially after failures and returns to its interval after a success', async () => {
    const { tracker, processor, sale, log } = setup()
    const { saleId, invoiceId } = sale(1)
    const failure = () => ({ error: new ProcessorError('processor-unavailable', 'Server error (503)') })
    processor.script(invoiceId, failure(), failure(), failure(), failure())
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(2000)
    const g = gaps(processor.readsOf(invoiceId))
    // After failure n the wait is between half and all of interval·2^n (jitter): 20·2^n·[0.5, 1].
    for (let n = 1; n <= 4; n++) {
      expect(g[n - 1]).toBeGreaterThanOrEqual(FOCUS * 2 ** (n - 1))
      expect(g[n - 1]).toBeLessThanOrEqual(FOCUS * 2 ** n)
    }
    expect(g[1]! > g[0]! && g[2]! > g[1]! && g[3]! > g[2]!).toBe(true)
    expect(g.slice(4, 8)).toEqual([FOCUS, FOCUS, FOCUS, FOCUS])
    // A processor's failure is its request line's to log (HttpClient), not the tracker's: no line per tick.
    expect(log.lines()).toEqual([])
  })

  it('logs a read that failed unexpectedly, with its stack, and keeps following the invoice', async () => {
    const { tracker, processor, sale, log } = setup()
    const { saleId, invoiceId } = sale(1)
    processor.script(invoiceId, { error: new TypeError('normalize: cannot read amount') })
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(200)
    expect(log.lines()).toMatchObject([
      {
        level: 50,
        msg: 'reading an invoice failed',
        err: { type: 'TypeError', stack: expect.stringMatching(/tracker\.test\.ts/) }
      }
    ])
    expect(processor.readsOf(invoiceId).length).toBeGreaterThan(2)
  })

  it('caps the back-off at maxBackoffMs', async () => {
    const { tracker, processor, sale } = setup({ maxBackoffMs: 100 })
    const { saleId, invoiceId } = sale(1)
    processor.script(
      invoiceId,
      ...Array.from({ length: 12 }, () => ({ error: new ProcessorError('processor-connection', 'down') }))
    )
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(1500)
    expect(Math.max(...gaps(processor.readsOf(invoiceId)))).toBeLessThanOrEqual(100)
    expect(processor.readsOf(invoiceId).length).toBeGreaterThanOrEqual(12)
  })

  it('pauses every invoice of a processor for Retry-After on a rate limit', async () => {
    const { tracker, processor, sale } = setup({ backgroundIntervalMs: 40 })
    const a = sale(1)
    const b = sale(2)
    processor.script(a.invoiceId, {
      error: new ProcessorError('processor-rate-limit', 'Too many requests', {
        status: 429,
        retryAfterMs: 500
      })
    })
    tracker.start()
    tracker.track({ processor: 'demo', ...a })
    tracker.track({ processor: 'demo', ...b })
    tracker.focus(a.saleId)
    await vi.advanceTimersByTimeAsync(0)
    const start = Date.now()
    await vi.advanceTimersByTimeAsync(499)
    const during = processor.reads.filter((read) => read.at > start)
    expect(during).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    expect(processor.readsOf(a.invoiceId).filter((at) => at >= start + 500).length).toBeGreaterThan(0)
    expect(processor.readsOf(b.invoiceId).filter((at) => at >= start + 500).length).toBeGreaterThan(0)
  })

  it('reports offline with the message on a connection failure and online when the processor answers', async () => {
    const { tracker, processor, sale, connectivity } = setup()
    const { saleId, invoiceId } = sale(1)
    processor.script(
      invoiceId,
      { status: 'New' },
      { error: new ProcessorError('processor-connection', 'Cannot reach the processor') },
      { error: new ProcessorError('processor-connection', 'Cannot reach the processor') }
    )
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(1000)
    // Collapse repeated reports into the changes a screen would show.
    const changes = connectivity.filter((c, i) => i === 0 || c.online !== connectivity[i - 1]!.online)
    expect(changes).toEqual([
      { processor: 'demo', online: true, message: null },
      { processor: 'demo', online: false, message: 'Cannot reach the processor' },
      { processor: 'demo', online: true, message: null }
    ])
    // Each failed read reported offline exactly once.
    expect(connectivity.filter((c) => !c.online)).toHaveLength(2)
  })

  it('does not report offline for a refusal that came from a reachable processor', async () => {
    const { tracker, processor, sale, connectivity } = setup()
    const { saleId, invoiceId } = sale(1)
    processor.script(invoiceId, { error: new ProcessorError('processor-not-found', 'Invoice not found') })
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    await vi.advanceTimersByTimeAsync(100)
    expect(connectivity.some((c) => !c.online)).toBe(false)
  })

  it('resumes the open invoices from the ledger on start, and not the final ones', async () => {
    const { tracker, processor, sale, ledger } = setup({ backgroundIntervalMs: 1000 })
    const a = sale(1)
    const b = sale(2)
    const done = sale(3)
    processor.setStatus(done.invoiceId, 'Settled')
    ledger.applyInvoice(done.saleId, await processor.getInvoice(done.invoiceId))
    processor.reads.length = 0
    tracker.start()
    expect(tracker.isTracking('demo', a.invoiceId)).toBe(true)
    expect(tracker.isTracking('demo', b.invoiceId)).toBe(true)
    expect(tracker.isTracking('demo', done.invoiceId)).toBe(false)
    // Resumed reads are spread over at most one background interval.
    await vi.advanceTimersByTimeAsync(1000)
    expect(processor.readsOf(a.invoiceId).length).toBeGreaterThan(0)
    expect(processor.readsOf(b.invoiceId).length).toBeGreaterThan(0)
    expect(processor.readsOf(done.invoiceId)).toEqual([])
  })

  it('reads nothing after stop', async () => {
    const { tracker, processor, sale } = setup()
    const { saleId, invoiceId } = sale(1)
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(3 * FOCUS)
    tracker.stop()
    const reads = processor.readsOf(invoiceId).length
    expect(processor.subscriberCount(invoiceId)).toBe(0)
    await vi.advanceTimersByTimeAsync(10 * BACKGROUND)
    expect(processor.readsOf(invoiceId)).toHaveLength(reads)
  })

  it('leaves invoices of an unconfigured processor waiting without reading them', async () => {
    const { tracker, processor, sale } = setup({}, { configured: false })
    const { saleId, invoiceId } = sale(1)
    tracker.start()
    await vi.advanceTimersByTimeAsync(3 * BACKGROUND)
    expect(tracker.isTracking('demo', invoiceId)).toBe(true)
    expect(processor.reads).toEqual([])
    expect(saleId).toBeTruthy()
  })
})
