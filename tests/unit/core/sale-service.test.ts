import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { RefundBook } from '../../../src/main/ledger/refund-book'
import { ProcessorError } from '../../../src/main/processors/errors'
import type { CreateInvoiceRequest } from '../../../src/main/processors/types'
import { SaleService } from '../../../src/main/sales/sale-service'
import { InvoiceTracker } from '../../../src/main/tracker/tracker'
import { FakeProcessor } from '../../fixtures/fake-processor'
import { memoryLog } from '../../fixtures/memory-log'

const RETRY_MS = 1000

let ledger: Ledger
let processor: FakeProcessor
let tracker: InvoiceTracker
let sales: SaleService
let changed: string[]
let creates: CreateInvoiceRequest[]
let lookups: string[]
let memory: ReturnType<typeof memoryLog>

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2025-03-01T12:00:00Z') })
  const now = () => Date.now()
  ledger = new Ledger(openDatabase(':memory:'), now)
  processor = new FakeProcessor(now)
  creates = []
  lookups = []
  const create = processor.createInvoice.bind(processor)
  processor.createInvoice = vi.fn(async (request: CreateInvoiceRequest) => {
    creates.push(request)
    return create(request)
  })
  const find = processor.findInvoiceByOrderId.bind(processor)
  processor.findInvoiceByOrderId = async (orderId: string) => {
    lookups.push(orderId)
    return find(orderId)
  }
  changed = []
  memory = memoryLog()
  // Not started: it records what it is asked to follow without reading anything.
  tracker = new InvoiceTracker({
    ledger,
    processorFor: () => processor,
    onSaleChanged: () => {},
    onConnectivity: () => {}
  })
  sales = new SaleService({
    ledger,
    refunds: new RefundBook(ledger.database),
    tracker,
    processorFor: () => processor,
    requireProcessor: () => processor,
    onSaleChanged: (saleId) => changed.push(saleId),
    retryCreateMs: RETRY_MS,
    log: memory.log
  })
})

afterEach(async () => {
  await sales.stop()
  ledger.close()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** Make the next createInvoice calls fail with `error`, once each. */
function failCreate(...errors: Error[]) {
  const create = processor.createInvoice
  let calls = 0
  processor.createInvoice = async (request: CreateInvoiceRequest) => {
    const error = errors[calls++]
    if (error) {
      creates.push(request)
      throw error
    }
    return create(request)
  }
}

describe('SaleService', () => {
  it('records the sale, creates one invoice with the sale id as order id, and tracks it', async () => {
    const sale = await sales.charge({ amount: '12.34', currency: 'USD', memo: 'Table 4' }, 'demo')
    expect(sale.state).toBe('awaiting')
    expect(creates).toEqual([
      expect.objectContaining({
        orderId: sale.id,
        amount: '12.34',
        currency: 'USD',
        description: 'Table 4',
        firstAttempt: true
      })
    ])
    expect(lookups).toEqual([]) // a new sale cannot have an invoice yet
    expect(tracker.isTracking('demo', sale.invoice!.id)).toBe(true)
    expect(ledger.getSale(sale.id)?.amountMinor).toBe(1234n)
    expect(changed).toEqual([sale.id])
  })

  it('keeps a sale creating through a passing failure, then retries with a look-up first', async () => {
    failCreate(new ProcessorError('processor-connection', 'Cannot reach the processor'))
    const sale = await sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    expect(sale.state).toBe('creating')
    expect(sale.error).toEqual({
      code: 'processor-connection',
      message: 'Cannot reach the processor — retrying'
    })
    await vi.advanceTimersByTimeAsync(RETRY_MS)
    const after = sales.view(sale.id)
    expect(after.state).toBe('awaiting')
    expect(after.error).toBeNull()
    expect(lookups).toEqual([sale.id])
    expect(creates).toHaveLength(2)
    // The retry may follow an invoice made despite the failure: the connector must not skip its own look-up.
    expect(creates.map((c) => c.firstAttempt)).toEqual([true, false])
    expect(processor.invoices.size).toBe(1)
  })

  it('honours Retry-After when a rate limit interrupts the creation', async () => {
    failCreate(new ProcessorError('processor-rate-limit', 'Slow down', { retryAfterMs: 5000 }))
    const sale = await sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(4999)
    expect(sales.view(sale.id).state).toBe('creating')
    await vi.advanceTimersByTimeAsync(1)
    expect(sales.view(sale.id).state).toBe('awaiting')
  })

  it('marks the sale failed with the processor reason when it refuses', async () => {
    failCreate(new ProcessorError('processor-permission', 'The key cannot create invoices'))
    const sale = await sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    expect(sale.state).toBe('failed')
    expect(sale.error).toEqual({ code: 'processor-permission', message: 'The key cannot create invoices' })
    await vi.advanceTimersByTimeAsync(10 * RETRY_MS)
    expect(creates).toHaveLength(1)
  })

  it('marks the sale failed with a generic message on an unexpected error, and logs it with its stack', async () => {
    failCreate(new Error('TypeError at connector.ts:42 with key sk_live_x'))
    const sale = await sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    expect(sale.state).toBe('failed')
    expect(sale.error).toEqual({ code: 'internal', message: 'Creating the invoice failed' })
    expect(memory.lines()).toMatchObject([
      { level: 50, saleId: sale.id, err: { message: expect.stringMatching(/^TypeError at connector/) } }
    ])
    expect((memory.lines()[0]!.err as { stack: string }).stack).toMatch(/sale-service\.test\.ts/)
  })

  it('keeps a sale cancelled when its in-flight creation then fails for a passing reason', async () => {
    let rejectCreate: (error: Error) => void = () => {}
    processor.createInvoice = (request) => {
      creates.push(request)
      return new Promise<Invoice>((_resolve, reject) => (rejectCreate = reject))
    }
    const charging = sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(0)
    const saleId = creates[0]!.orderId
    const cancelled = await sales.cancel(saleId)
    expect(cancelled.state).toBe('cancelled')
    rejectCreate(new ProcessorError('processor-connection', 'Cannot reach the processor'))
    await charging
    expect(sales.view(saleId).state).toBe('cancelled')
    await vi.advanceTimersByTimeAsync(10 * RETRY_MS)
    expect(sales.view(saleId).state).toBe('cancelled')
    expect(creates).toHaveLength(1)
  })

  it('finds and cancels an invoice the processor made although its creation timed out after the cancel', async () => {
    let rejectCreate: (error: Error) => void = () => {}
    processor.createInvoice = (request) => {
      creates.push(request)
      return new Promise<Invoice>((_resolve, reject) => (rejectCreate = reject))
    }
    const charging = sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(0)
    const saleId = creates[0]!.orderId
    await sales.cancel(saleId)
    // The processor did create it; only the answer was lost.
    const made = processor.addInvoice(saleId)
    rejectCreate(new ProcessorError('processor-connection', 'Timed out'))
    await charging
    const view = sales.view(saleId)
    expect(view.state).toBe('cancelled')
    expect(view.invoice).toMatchObject({ id: made.id, status: 'Invalid' })
    expect(processor.invoices.get(made.id)?.status).toBe('Invalid')
    expect(lookups).toEqual([saleId])
    expect(ledger.auditFor(saleId).map((a) => a.action)).toContain('invoice.cancelled-after-timeout')
  })

  it('retries the look-up of a timed-out invoice after a cancel while the processor cannot be reached', async () => {
    let rejectCreate: (error: Error) => void = () => {}
    processor.createInvoice = (request) => {
      creates.push(request)
      return new Promise<Invoice>((_resolve, reject) => (rejectCreate = reject))
    }
    const find = processor.findInvoiceByOrderId.bind(processor)
    let down = true
    processor.findInvoiceByOrderId = async (orderId: string) => {
      lookups.push(orderId)
      if (down) throw new ProcessorError('processor-connection', 'Cannot reach the processor')
      return find(orderId)
    }
    const charging = sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(0)
    const saleId = creates[0]!.orderId
    await sales.cancel(saleId)
    const made = processor.addInvoice(saleId)
    rejectCreate(new ProcessorError('processor-connection', 'Timed out'))
    await charging
    expect(processor.invoices.get(made.id)?.status).toBe('New')
    down = false
    await vi.advanceTimersByTimeAsync(RETRY_MS)
    expect(processor.invoices.get(made.id)?.status).toBe('Invalid')
    expect(sales.view(saleId)).toMatchObject({ state: 'cancelled', invoice: { status: 'Invalid' } })
    expect(creates).toHaveLength(1)
  })

  it('keeps a sale cancelled when its in-flight creation then is refused', async () => {
    let rejectCreate: (error: Error) => void = () => {}
    processor.createInvoice = (request) => {
      creates.push(request)
      return new Promise<Invoice>((_resolve, reject) => (rejectCreate = reject))
    }
    const charging = sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(0)
    const saleId = creates[0]!.orderId
    await sales.cancel(saleId)
    rejectCreate(new KassaError('processor-invalid-request', 'Refused'))
    await charging
    expect(sales.view(saleId).state).toBe('cancelled')
  })

  it('cancels at the processor an invoice that arrives after the cashier cancelled', async () => {
    let resolveCreate: () => void = () => {}
    const create = processor.createInvoice
    processor.createInvoice = (request) =>
      new Promise<Invoice>((resolve) => (resolveCreate = () => resolve(create(request))))
    const charging = sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(0)
    const saleId = ledger.listSales(1)[0]!.id
    await sales.cancel(saleId)
    resolveCreate()
    const view = await charging
    expect(view.state).toBe('cancelled')
    expect(view.invoice).toMatchObject({ status: 'Invalid', additionalStatus: 'Marked' })
    expect(tracker.isTracking('demo', view.invoice!.id)).toBe(false)
  })

  it('keeps following an invoice that arrived after the cancel when cancelling it at the processor fails', async () => {
    let resolveCreate: () => void = () => {}
    const create = processor.createInvoice
    processor.createInvoice = (request) =>
      new Promise<Invoice>((resolve) => (resolveCreate = () => resolve(create(request))))
    processor.cancelInvoice = async () => {
      throw new ProcessorError('processor-connection', 'Cannot reach the processor')
    }
    const charging = sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(0)
    const saleId = ledger.listSales(1)[0]!.id
    await sales.cancel(saleId)
    resolveCreate()
    const view = await charging
    expect(view.state).toBe('cancelled')
    expect(view.invoice?.status).toBe('New')
    expect(tracker.isTracking('demo', view.invoice!.id)).toBe(true)
    await vi.advanceTimersByTimeAsync(10 * RETRY_MS)
    expect(sales.view(saleId).state).toBe('cancelled')
  })

  it('makes a cancelled sale paid when the customer paid its invoice before the cancel reached the processor', async () => {
    let resolveCreate: () => void = () => {}
    const create = processor.createInvoice
    processor.createInvoice = (request) =>
      new Promise<Invoice>((resolve) => (resolveCreate = () => resolve(create(request))))
    processor.cancelInvoice = async () => {
      throw new ProcessorError('processor-connection', 'Cannot reach the processor')
    }
    const charging = sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    await vi.advanceTimersByTimeAsync(0)
    const saleId = ledger.listSales(1)[0]!.id
    await sales.cancel(saleId)
    resolveCreate()
    const { invoice } = await charging
    // The customer had scanned the code: the money arrives and confirms.
    processor.setStatus(invoice!.id, 'Settled', 'None', {
      paid: '5.00',
      due: '0.00',
      payments: [
        {
          id: 'tx1',
          method: 'BTC-CHAIN',
          amount: '0.00007692',
          currency: 'BTC',
          receivedAt: '2025-03-01T12:00:30.000Z',
          status: 'Settled'
        }
      ]
    })
    tracker.start()
    await vi.advanceTimersByTimeAsync(60_000)
    tracker.stop()
    expect(sales.view(saleId)).toMatchObject({ state: 'paid', invoice: { status: 'Settled' } })
    expect(
      ledger
        .auditFor(saleId)
        .filter((a) => a.action.startsWith('sale.'))
        .map((a) => `${a.actor}:${a.action}`)
        .slice(-2)
    ).toEqual(['cashier:sale.cancelled', 'system:sale.paid'])
  })

  it('resumes a sale left creating by looking it up first, and creates nothing when it exists', async () => {
    const record = ledger.createSale({
      id: 'sale_00000000000000000000000001',
      currency: 'USD',
      amountMinor: 700n,
      memo: null,
      lines: [],
      processor: 'demo'
    })
    const orphan = processor.addInvoice(record.id)
    await sales.resumePending()
    expect(lookups).toEqual([record.id])
    expect(creates).toEqual([])
    expect(sales.view(record.id)).toMatchObject({ state: 'awaiting', invoice: { id: orphan.id } })
  })

  it('shares one creation between concurrent resumes of the same sale', async () => {
    ledger.createSale({
      id: 'sale_00000000000000000000000002',
      currency: 'USD',
      amountMinor: 700n,
      memo: null,
      lines: [],
      processor: 'demo'
    })
    await Promise.all([sales.resumePending(), sales.resumePending()])
    expect(creates).toHaveLength(1)
    expect(ledger.countInvoicesForSale('sale_00000000000000000000000002')).toBe(1)
  })

  it('answers not-found and conflict as KassaErrors', async () => {
    await expect(sales.cancel('sale_00000000000000000000000009')).rejects.toMatchObject({ code: 'not-found' })
    const sale = await sales.charge({ amount: '5.00', currency: 'USD' }, 'demo')
    processor.setStatus(sale.invoice!.id, 'Settled')
    ledger.applyInvoice(sale.id, await processor.getInvoice(sale.invoice!.id))
    await expect(sales.cancel(sale.id)).rejects.toMatchObject({ code: 'conflict' })
    await expect(sales.simulate(sale.id, 'full')).rejects.toMatchObject({ code: 'conflict' })
  })
})
