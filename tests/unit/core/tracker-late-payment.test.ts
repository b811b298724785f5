import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Invoice, InvoicePayment } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { InvoiceTracker, type TrackerTiming } from '../../../src/main/tracker/tracker'
import { FakeProcessor } from '../../fixtures/fake-processor'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

interface Harness {
  ledger: Ledger
  processor: FakeProcessor
  tracker: InvoiceTracker
  changed: string[]
  /** Ring up a 12.34 USD sale whose invoice (New, expiring at `expiresAt`) is in the ledger. */
  sale(n: number, expiresAt?: number): { saleId: string; invoiceId: string }
}

let harness: Harness | null = null

function setup(timing: Partial<TrackerTiming> = {}): Harness {
  const now = () => Date.now()
  const ledger = new Ledger(openDatabase(':memory:'), now)
  const processor = new FakeProcessor(now)
  const changed: string[] = []
  const tracker = new InvoiceTracker({
    ledger,
    processorFor: () => processor,
    onSaleChanged: (saleId) => changed.push(saleId),
    onConnectivity: () => {},
    now,
    // The late-payment intervals are left at their documented defaults (60 s background, 5 s on screen).
    timing: { focusIntervalMs: 1_000, backgroundIntervalMs: 10_000, ...timing }
  })
  const sale = (n: number, expiresAt = Date.now() + 15 * MINUTE) => {
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
    processor.invoices.set(invoice.id, { ...invoice, expiresAt: iso(expiresAt) })
    ledger.applyInvoice(saleId, processor.invoices.get(invoice.id)!)
    return { saleId, invoiceId: invoice.id }
  }
  harness = { ledger, processor, tracker, changed, sale }
  return harness
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** The customer's on-chain payment of the whole invoice (18 985 sats at 65 000 USD/BTC), seen after expiry. */
function latePayment(status: InvoicePayment['status']): InvoicePayment {
  return {
    id: 'f00d-0',
    method: 'BTC-CHAIN',
    amount: '0.00018985',
    currency: 'BTC',
    receivedAt: iso(Date.now()),
    status
  }
}

/** What BTCPay reports once the late payment is seen: paid in full, nothing due. */
function paidLate(status: InvoicePayment['status'], monitorUntil: string): Partial<Invoice> {
  return { paid: '12.34', due: '0.00', payments: [latePayment(status)], monitorUntil }
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number))
}

function actions(ledger: Ledger, saleId: string): string[] {
  return ledger.auditFor(saleId).map((entry) => entry.action)
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

describe('InvoiceTracker: a payment after expiry', () => {
  it('keeps reading an expired invoice and records the late payment: amount, payments, history, audit, sale paid', async () => {
    const { tracker, processor, ledger, changed, sale } = setup()
    const { saleId, invoiceId } = sale(1)
    const monitorUntil = iso(Date.now() + HOUR)
    processor.script(
      invoiceId,
      { status: 'Expired', invoice: { monitorUntil } },
      // BTCPay: the status stays Expired; additionalStatus says the full amount came in late.
      { status: 'Expired', additionalStatus: 'PaidLate', invoice: paidLate('Processing', monitorUntil) },
      { status: 'Expired', additionalStatus: 'PaidLate', invoice: paidLate('Settled', monitorUntil) }
    )
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    await vi.advanceTimersByTimeAsync(0)
    expect(ledger.getSale(saleId)?.state).toBe('expired')
    expect(tracker.isTracking('demo', invoiceId)).toBe(true)
    changed.length = 0

    await vi.advanceTimersByTimeAsync(MINUTE)
    // Seen but not confirmed: recorded, announced, still not a paid sale.
    expect(ledger.getInvoiceForSale(saleId)).toMatchObject({ additionalStatus: 'PaidLate', paid: '12.34' })
    expect(ledger.getSale(saleId)?.state).toBe('expired')
    expect(changed).toEqual([saleId])
    expect(actions(ledger, saleId).filter((a) => a === 'invoice.paid-late')).toHaveLength(1)
    const row = ledger.database
      .prepare('SELECT paid_minor FROM invoices WHERE processor = ? AND id = ?')
      .get('demo', invoiceId) as { paid_minor: bigint }
    expect(row.paid_minor).toBe(1234n)
    const payments = () =>
      ledger.database
        .prepare('SELECT id, amount, amount_sats, status FROM payments WHERE invoice_id = ?')
        .all(invoiceId)
    expect(payments()).toEqual([
      { id: 'f00d-0', amount: '0.00018985', amount_sats: 18985n, status: 'Processing' }
    ])

    await vi.advanceTimersByTimeAsync(MINUTE)
    // Confirmed: the sale leaves `expired` for `paid`, the qualifier PaidLate stays on its invoice.
    expect(ledger.getSale(saleId)?.state).toBe('paid')
    expect(changed).toEqual([saleId, saleId])
    expect(payments()).toEqual([
      { id: 'f00d-0', amount: '0.00018985', amount_sats: 18985n, status: 'Settled' }
    ])
    expect(ledger.statusHistory('demo', invoiceId).map((h) => `${h.status}/${h.additionalStatus}`)).toEqual([
      'New/None',
      'Expired/None',
      'Expired/PaidLate'
    ])
    expect(actions(ledger, saleId)).toEqual([
      'sale.created',
      'sale.awaiting',
      'sale.expired',
      'invoice.paid-late',
      'sale.paid'
    ])
    // Waiting for a late payment is slow (60 s); one seen is followed at the usual background pace (10 s).
    expect(gaps(processor.readsOf(invoiceId))).toEqual([MINUTE, 10_000])
    // Nothing left to wait for.
    expect(tracker.isTracking('demo', invoiceId)).toBe(false)
    expect(ledger.openInvoices()).toEqual([])
  })

  it('takes a processor that reports Settled with PaidLate the same way', async () => {
    const { tracker, processor, ledger, sale } = setup()
    const { saleId, invoiceId } = sale(1)
    const monitorUntil = iso(Date.now() + HOUR)
    processor.script(
      invoiceId,
      { status: 'Expired', invoice: { monitorUntil } },
      { status: 'Expired', additionalStatus: 'PaidLate', invoice: paidLate('Processing', monitorUntil) },
      { status: 'Settled', additionalStatus: 'PaidLate', invoice: paidLate('Settled', monitorUntil) }
    )
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    expect(ledger.getSale(saleId)?.state).toBe('paid')
    expect(ledger.statusHistory('demo', invoiceId).map((h) => `${h.status}/${h.additionalStatus}`)).toEqual([
      'New/None',
      'Expired/None',
      'Expired/PaidLate',
      'Settled/PaidLate'
    ])
    expect(actions(ledger, saleId).filter((a) => a === 'invoice.paid-late')).toHaveLength(1)
    expect(tracker.isTracking('demo', invoiceId)).toBe(false)
  })

  it('reads an expired invoice once a minute in the background until its monitoring window ends, then drops it', async () => {
    const { tracker, processor, ledger, sale } = setup()
    const { saleId, invoiceId } = sale(1)
    const start = Date.now()
    const monitorUntil = start + 10 * MINUTE
    processor.setStatus(invoiceId, 'Expired', 'None', { monitorUntil: iso(monitorUntil) })
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    await vi.advanceTimersByTimeAsync(9 * MINUTE)
    expect(gaps(processor.readsOf(invoiceId))).toEqual(Array.from({ length: 9 }, () => MINUTE))
    expect(ledger.openInvoices()).toEqual([{ processor: 'demo', invoiceId, saleId }])
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    // One last read when the window closes, then nothing: the processor records no payment after it.
    expect(processor.readsOf(invoiceId).at(-1)).toBe(monitorUntil)
    expect(tracker.isTracking('demo', invoiceId)).toBe(false)
    expect(ledger.openInvoices()).toEqual([])
    const reads = processor.readsOf(invoiceId).length
    await vi.advanceTimersByTimeAsync(HOUR)
    expect(processor.readsOf(invoiceId)).toHaveLength(reads)
    expect(ledger.getSale(saleId)?.state).toBe('expired')
  })

  it('reads the expired invoice on screen every 5 s, not every second', async () => {
    const { tracker, processor, sale } = setup()
    const { saleId, invoiceId } = sale(1)
    processor.setStatus(invoiceId, 'Expired', 'None', { monitorUntil: iso(Date.now() + HOUR) })
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    tracker.focus(saleId)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(gaps(processor.readsOf(invoiceId))).toEqual(Array.from({ length: 6 }, () => 5_000))
  })

  it('without a window from the processor, follows an expired invoice for 24 h after its expiry', async () => {
    const { tracker, processor, ledger, sale } = setup()
    const expiresAt = Date.now()
    const { saleId, invoiceId } = sale(1, expiresAt)
    processor.setStatus(invoiceId, 'Expired') // no monitorUntil: Plisio, BTPay
    tracker.start()
    tracker.track({ processor: 'demo', saleId, invoiceId })
    await vi.advanceTimersByTimeAsync(24 * HOUR - MINUTE)
    expect(tracker.isTracking('demo', invoiceId)).toBe(true)
    expect(ledger.openInvoices()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    expect(tracker.isTracking('demo', invoiceId)).toBe(false)
    expect(processor.readsOf(invoiceId).at(-1)).toBe(expiresAt + 24 * HOUR)
    expect(ledger.openInvoices()).toEqual([])
  })

  it('does not follow an Invalid invoice, and a Settled one is final', async () => {
    const { tracker, processor, ledger, sale } = setup()
    const invalid = sale(1)
    const settled = sale(2)
    const monitorUntil = iso(Date.now() + HOUR)
    processor.setStatus(invalid.invoiceId, 'Invalid', 'None', { monitorUntil })
    processor.setStatus(settled.invoiceId, 'Settled', 'None', { monitorUntil })
    tracker.start()
    tracker.track({ processor: 'demo', ...invalid })
    tracker.track({ processor: 'demo', ...settled })
    await vi.advanceTimersByTimeAsync(10 * MINUTE)
    expect(processor.readsOf(invalid.invoiceId)).toHaveLength(1)
    expect(processor.readsOf(settled.invoiceId)).toHaveLength(1)
    expect(tracker.size).toBe(0)
    expect(ledger.openInvoices()).toEqual([])
  })
})
