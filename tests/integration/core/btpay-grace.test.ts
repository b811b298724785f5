import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { ok, processorCore, waitForSale } from './processor-helpers'

let btpay: BtpaySimulator
let dir: ReturnType<typeof tempDir>
let core: Core
let requests: { method: string; path: string }[]

beforeAll(async () => {
  // A one-second quote: with no grace, an unpaid invoice is abandoned about a second after it was opened.
  btpay = await startBtpaySimulator({ quoteDeadlineSeconds: 1 })
})
afterAll(() => btpay.close())
beforeEach(async () => {
  dir = tempDir()
  requests = []
  const recording: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    requests.push({
      method: init?.method ?? (input instanceof Request ? input.method : 'GET'),
      path: url.pathname
    })
    return fetch(input, init)
  }
  core = processorCore(dir.path, new MemorySecretStore(), { connectors: { btpay: { fetch: recording } } })
  await core.start()
  await ok(core, 'processor:connect', {
    processor: 'btpay',
    baseUrl: btpay.url,
    apiKey: btpay.apiKey,
    graceSeconds: 0
  })
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

const deletes = (invoiceNumber: string) =>
  requests.filter((r) => r.method === 'DELETE' && r.path === `/api/v1/invoices/${invoiceNumber}`)
const stored = (invoiceNumber: string) =>
  btpay.control.invoices().find((i) => i.invoice_number === invoiceNumber)!

describe('BTPay grace cancel', () => {
  it('cancels an invoice left unpaid past its quote deadline plus the grace: sale invalid, audited', async () => {
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '5.00', currency: 'USD' })
    expect(sale.state).toBe('awaiting')
    const number = sale.invoice!.id
    expect(stored(number).status).toBe('pending')
    const ended = await waitForSale(
      core,
      sale.id,
      (s) => s.state !== 'awaiting',
      'the invoice to be abandoned'
    )
    expect(ended.state).toBe('invalid')
    expect(ended.invoice).toMatchObject({ status: 'Invalid', rawStatus: 'cancelled' })
    expect(stored(number).status).toBe('cancelled')
    expect(deletes(number)).toHaveLength(1)
    const actions = core.ledger.auditFor(sale.id).map((a) => a.action)
    expect(actions).toContain('invoice.abandoned')
    expect(actions.indexOf('invoice.abandoned')).toBeLessThan(actions.lastIndexOf('sale.invalid'))
    expect(core.tracker.isTracking('btpay', number)).toBe(false)
  })

  it('never cancels a partially paid invoice, however long it waits', async () => {
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '50.00', currency: 'USD' })
    const number = sale.invoice!.id
    btpay.control.partial(number)
    await ok(core, 'invoice:focus', { saleId: sale.id })
    const partial = await waitForSale(
      core,
      sale.id,
      (s) => s.invoice?.additionalStatus === 'PaidPartial',
      'PaidPartial'
    )
    // Past the deadline (1 s; the charge's answer assumed 30 minutes, BTPay's page corrected it) with several reads
    // after it.
    const deadline = Date.parse(partial.invoice!.expiresAt)
    expect(deadline - Date.parse(partial.invoice!.createdAt)).toBeLessThan(5_000)
    const readsBefore = requests.length
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()) + 600))
    expect(requests.length).toBeGreaterThan(readsBefore + 3)
    const view = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(view).toMatchObject({ state: 'awaiting', invoice: { rawStatus: 'partial' } })
    expect(stored(number).status).toBe('partial')
    expect(deletes(number)).toEqual([])
    expect(core.ledger.auditFor(sale.id).map((a) => a.action)).not.toContain('invoice.abandoned')
    expect(core.tracker.isTracking('btpay', number)).toBe(true)
  })

  it('leaves a paid invoice alone past the deadline and follows it to paid', async () => {
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '8.00', currency: 'USD' })
    const number = sale.invoice!.id
    btpay.control.pay(number)
    await ok(core, 'invoice:focus', { saleId: sale.id })
    await waitForSale(core, sale.id, (s) => s.invoice?.status === 'Processing', 'Processing')
    await new Promise((resolve) => setTimeout(resolve, 1200))
    btpay.control.confirm(number)
    await waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
    expect(deletes(number)).toEqual([])
  })
})
