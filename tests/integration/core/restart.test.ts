import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core'
import { DemoProcessor } from '../../../src/main/processors/demo'
import { tempDir } from '../../fixtures/temp-dir'
import { call, testCore, waitForState } from './helpers'

let dir: ReturnType<typeof tempDir>
const cores: Core[] = []

function newCore(): Core {
  const core = testCore(dir.path)
  cores.push(core)
  return core
}

async function stop(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1)
  await core.stop()
}

/** The Demo's own invoices for an order, read from its file (as a remote server's books). */
async function demoInvoicesFor(orderId: string) {
  const demo = new DemoProcessor({ path: join(dir.path, 'demo.sqlite') })
  try {
    const page = await demo.listInvoices({ from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })
    return page.items.filter((invoice) => invoice.orderId === orderId)
  } finally {
    await demo.close()
  }
}

beforeEach(() => {
  dir = tempDir()
})

afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop()
  dir.remove()
})

describe('core restart', () => {
  it('tracks an open invoice again after a restart and takes it to paid', async () => {
    const first = newCore()
    await first.start()
    const charged = await call(first, 'sale:charge', { amount: '12.34', currency: 'USD' })
    expect(charged.state).toBe('awaiting')
    expect(charged.amount).toBe('12.34')
    const invoiceId = charged.invoice!.id
    expect(first.tracker.isTracking('demo', invoiceId)).toBe(true)
    await stop(first)

    const second = newCore()
    expect(second.tracker.isTracking('demo', invoiceId)).toBe(false)
    await second.start()
    expect(second.tracker.isTracking('demo', invoiceId)).toBe(true)

    const simulated = await call(second, 'demo:simulate', { saleId: charged.id, kind: 'full' })
    expect(simulated.invoice?.status).toBe('Processing')
    const paid = await waitForState(second, charged.id, 'paid')
    expect(paid.invoice).toMatchObject({ id: invoiceId, status: 'Settled', additionalStatus: 'None' })
    expect(second.tracker.isTracking('demo', invoiceId)).toBe(false)
    expect(second.ledger.countInvoicesForSale(charged.id)).toBe(1)
    await stop(second)
    expect(await demoInvoicesFor(charged.id)).toHaveLength(1)
  })

  it('creates exactly one invoice for a sale left in state creating', async () => {
    const first = newCore()
    const sale = first.ledger.createSale({
      id: 'sale_00000000000000000000000001',
      currency: 'USD',
      amountMinor: 500n,
      memo: null,
      lines: [],
      processor: 'demo'
    })
    expect(sale.state).toBe('creating')
    await stop(first)

    const second = newCore()
    await second.start()
    const view = await call(second, 'sale:get', { saleId: sale.id })
    expect(view.state).toBe('awaiting')
    expect(view.invoice).toMatchObject({ orderId: sale.id, amount: '5.00', status: 'New' })
    expect(second.tracker.isTracking('demo', view.invoice!.id)).toBe(true)
    expect(second.ledger.countInvoicesForSale(sale.id)).toBe(1)
    await stop(second)

    // A further restart neither creates nor records another.
    const third = newCore()
    await third.start()
    expect(third.ledger.countInvoicesForSale(sale.id)).toBe(1)
    await stop(third)
    expect(await demoInvoicesFor(sale.id)).toHaveLength(1)
  })

  it('finds by order id an invoice the processor made but the ledger never recorded', async () => {
    const first = newCore()
    const sale = first.ledger.createSale({
      id: 'sale_00000000000000000000000002',
      currency: 'USD',
      amountMinor: 1234n,
      memo: null,
      lines: [],
      processor: 'demo'
    })
    await stop(first)
    // The crash window: the Demo created the invoice, the till died before writing it down.
    const demo = new DemoProcessor({ path: join(dir.path, 'demo.sqlite') })
    const orphan = await demo.createInvoice({
      orderId: sale.id,
      amount: '12.34',
      currency: 'USD',
      description: 'Sale',
      lines: []
    })
    await demo.close()

    const second = newCore()
    await second.start()
    const view = await call(second, 'sale:get', { saleId: sale.id })
    expect(view.state).toBe('awaiting')
    expect(view.invoice?.id).toBe(orphan.id)
    expect(second.ledger.countInvoicesForSale(sale.id)).toBe(1)
    expect(second.tracker.isTracking('demo', orphan.id)).toBe(true)
    await stop(second)
    expect((await demoInvoicesFor(sale.id)).map((invoice) => invoice.id)).toEqual([orphan.id])
  })
})
