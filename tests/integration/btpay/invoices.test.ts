import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProcessorError } from '../../../src/main/processors/errors'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { connect, twoLineSale } from './helpers'

let sim: BtpaySimulator
beforeEach(async () => {
  sim = await startBtpaySimulator()
})
afterEach(async () => {
  await sim.close()
})

const invoicesOfSale = (orderId: string) =>
  sim.control.invoices().filter((invoice) => invoice.notes.includes(`[kassa-sale:${orderId}]`))

describe('BTPay invoices against the simulator', () => {
  it('charges a two-line sale with 10 % tax as a pending invoice with a BIP21 QR and a quote deadline', async () => {
    const btpay = connect(sim)
    const sale = twoLineSale()
    const invoice = await btpay.createInvoice(sale)
    expect(invoice).toMatchObject({
      id: 'INV-0001',
      processor: 'btpay',
      orderId: sale.orderId,
      status: 'New',
      rawStatus: 'pending',
      currency: 'USD',
      amount: '13.20',
      paid: '0.00',
      due: '13.20'
    })
    const [method] = invoice.paymentMethods
    expect(method?.paymentLink).toBe(`bitcoin:${method?.destination}?amount=0.00018526`)
    expect(Date.parse(invoice.expiresAt)).toBeGreaterThan(Date.parse(invoice.createdAt))
    expect(invoice.checkoutLink).toMatch(/\/checkout\/[\w-]+$/)
    const stored = sim.control.invoices()[0]
    expect(stored).toMatchObject({
      subtotal: '12.00',
      tax_amount: '1.20',
      total: '13.20',
      customer_name: 'Ana'
    })
    expect(stored?.metadata).toEqual({ kassa_sale_id: sale.orderId })
  })

  it('follows a 0-conf payment to paid, then confirmed', async () => {
    const btpay = connect(sim)
    const { id } = await btpay.createInvoice(twoLineSale())
    sim.control.pay(id)
    const paid = await btpay.getInvoice(id)
    expect(paid).toMatchObject({ status: 'Processing', rawStatus: 'paid' })
    expect(paid.payments).toHaveLength(1)
    expect(paid.paymentMethods[0]?.due).toBe('0.00000000')
    sim.control.confirm(id)
    const confirmed = await btpay.getInvoice(id)
    expect(confirmed).toMatchObject({ status: 'Settled', rawStatus: 'confirmed' })
    expect(confirmed.payments[0]?.status).toBe('Settled')
  })

  it('shows a partial payment as New/PaidPartial with the fiat still due', async () => {
    const btpay = connect(sim)
    const { id } = await btpay.createInvoice(twoLineSale())
    sim.control.partial(id, '0.5')
    const invoice = await btpay.getInvoice(id)
    expect(invoice).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial', rawStatus: 'partial' })
    expect(invoice.paid).toBe('6.60')
    expect(invoice.due).toBe('6.60')
  })

  it('shows an expired quote as Expired', async () => {
    const btpay = connect(sim)
    const { id } = await btpay.createInvoice(twoLineSale())
    sim.control.expire(id)
    expect(await btpay.getInvoice(id)).toMatchObject({ status: 'Expired', rawStatus: 'expired' })
  })

  it('cancels an unpaid invoice (DELETE) as Invalid', async () => {
    const btpay = connect(sim)
    const { id } = await btpay.createInvoice(twoLineSale())
    expect(await btpay.cancelInvoice(id)).toMatchObject({ status: 'Invalid', rawStatus: 'cancelled' })
  })

  it('refuses to cancel a paid invoice with a clear message', async () => {
    const btpay = connect(sim)
    const { id } = await btpay.createInvoice(twoLineSale())
    sim.control.pay(id)
    const error = await btpay.cancelInvoice(id).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProcessorError)
    expect(error).toMatchObject({ code: 'processor-invalid-request', status: 400 })
    expect((error as Error).message).toMatch(/cannot cancel invoice INV-0001: it is already paid/)
  })

  it('gives up on a pending invoice past its quote deadline plus grace, then cancels it', async () => {
    const btpay = connect(sim, { graceSeconds: 120 })
    const invoice = await btpay.createInvoice(twoLineSale())
    const deadline = Date.parse(invoice.expiresAt)
    expect(btpay.isPastGrace(invoice, deadline + 119_000)).toBe(false)
    expect(btpay.isPastGrace(invoice, deadline + 120_000)).toBe(true)
    expect((await btpay.cancelInvoice(invoice.id)).status).toBe('Invalid')
  })

  it('finds the invoice created before a timeout by the sale id and creates no duplicate', async () => {
    const btpay = connect(sim, { timeoutMs: 150 })
    const sale = twoLineSale()
    sim.control.failNext({ match: 'POST /api/v1/invoices', delayMs: 600 })
    const invoice = await btpay.createInvoice(sale)
    expect(invoice).toMatchObject({ id: 'INV-0001', rawStatus: 'pending', orderId: sale.orderId })
    expect(invoicesOfSale(sale.orderId)).toHaveLength(1)
    // A retry of the whole charge returns the same invoice.
    expect((await btpay.createInvoice(sale)).id).toBe('INV-0001')
    expect(sim.control.invoices()).toHaveLength(1)
  })

  it('sends a create refused with 429 again once the budget’s pause ends, making one invoice', async () => {
    const btpay = connect(sim)
    const sale = { ...twoLineSale(), firstAttempt: true }
    sim.control.failNext({ match: 'POST /api/v1/invoices', status: 429, error: 'Rate limit exceeded' })
    expect((await btpay.createInvoice(sale)).rawStatus).toBe('pending')
    const creates = sim.control.requests().filter((r) => r.method === 'POST' && r.path === '/api/v1/invoices')
    expect(creates.map((r) => r.status)).toEqual([429, 201])
    expect(invoicesOfSale(sale.orderId)).toHaveLength(1)
  })

  it('never sends a create again after a 5xx without looking for the invoice first', async () => {
    const btpay = connect(sim)
    const sale = { ...twoLineSale(), firstAttempt: true }
    sim.control.failNext({ match: 'POST /api/v1/invoices', status: 503, error: 'Service Unavailable' })
    expect((await btpay.createInvoice(sale)).rawStatus).toBe('pending')
    const calls = sim.control
      .requests()
      .filter((r) => r.path === '/api/v1/invoices')
      .map((r) => `${r.method} ${r.status}`)
    expect(calls).toEqual(['POST 503', 'GET 200', 'POST 201'])
    expect(invoicesOfSale(sale.orderId)).toHaveLength(1)
  })

  it('finalizes an invoice left in draft when finalize failed, instead of creating another', async () => {
    const btpay = connect(sim)
    const sale = twoLineSale()
    sim.control.failNext({ match: '/finalize', status: 503, count: 3 })
    await expect(btpay.createInvoice(sale)).rejects.toMatchObject({ code: 'processor-unavailable' })
    expect(invoicesOfSale(sale.orderId).map((invoice) => invoice.status)).toEqual(['draft'])
    const invoice = await btpay.createInvoice(sale)
    expect(invoice.rawStatus).toBe('pending')
    expect(invoicesOfSale(sale.orderId)).toHaveLength(1)
  })

  it('recovers within one charge when a finalize answer is lost', async () => {
    const btpay = connect(sim, { timeoutMs: 150 })
    const sale = twoLineSale()
    sim.control.failNext({ match: '/finalize', delayMs: 600 })
    expect((await btpay.createInvoice(sale)).rawStatus).toBe('pending')
    expect(invoicesOfSale(sale.orderId)).toHaveLength(1)
  })

  it('cancels the draft and says why when BTPay has no active wallet', async () => {
    const btpay = connect(sim)
    sim.control.setWalletActive(false)
    const sale = twoLineSale()
    await expect(btpay.createInvoice(sale)).rejects.toThrow(
      /could not open invoice INV-0001.*No active wallet configured/
    )
    expect(invoicesOfSale(sale.orderId).map((invoice) => invoice.status)).toEqual(['cancelled'])
  })

  it('cancels the draft when BTPay computes a different total than the till', async () => {
    const btpay = connect(sim)
    const sale = { ...twoLineSale(), amount: '13.19' }
    await expect(btpay.createInvoice(sale)).rejects.toThrow(/total of 13.20 USD but the sale is 13.19/)
    expect(invoicesOfSale(sale.orderId)[0]?.status).toBe('cancelled')
  })

  it('keeps reading invoices by invoice_number after a BTPay restart changes every ref', async () => {
    const btpay = connect(sim)
    const before = await btpay.createInvoice(twoLineSale())
    sim.control.restart()
    sim.control.pay(before.id)
    const after = await btpay.getInvoice(before.id)
    expect(after).toMatchObject({ id: before.id, rawStatus: 'paid' })
    expect(after.checkoutLink).not.toBe(before.checkoutLink)
  })

  it('answers 404 for a numeric id, as BTPay does despite its document', async () => {
    const btpay = connect(sim)
    await btpay.createInvoice(twoLineSale())
    await expect(btpay.getInvoice('1')).rejects.toMatchObject({ code: 'processor-not-found' })
  })

  it('finds a sale by order id', async () => {
    const btpay = connect(sim)
    const sale = twoLineSale()
    const created = await btpay.createInvoice(sale)
    expect((await btpay.findInvoiceByOrderId(sale.orderId))?.id).toBe(created.id)
    expect(await btpay.findInvoiceByOrderId('sale_nothing000')).toBeNull()
  })

  it('has no refund port: BTPay has no refund API, refunds are recorded', async () => {
    const btpay = connect(sim)
    expect(btpay.ports.pullPayments).toBeUndefined()
    expect(btpay.ports.withdrawals).toBeUndefined()
    expect(btpay.capabilities).toMatchObject({ push: false })
  })

  it('after a restart, reuses the quote deadline Kassa stored instead of reading the rate-limited checkout page', async () => {
    const before = connect(sim)
    const invoice = await before.createInvoice(twoLineSale())
    const checkoutReads = () => sim.control.requests().filter((r) => r.path.startsWith('/checkout/')).length
    await waitUntil(() => checkoutReads() === 1) // the create's own look at the deadline, after its answer
    // A new connector has an empty cache, as after a restart of the till.
    const restarted = connect(sim)
    const seen = checkoutReads()
    const read = await restarted.getInvoice(invoice.id, { previous: () => invoice })
    expect(checkoutReads()).toBe(seen)
    expect(read).toMatchObject({ id: invoice.id, expiresAt: invoice.expiresAt, orderId: invoice.orderId })
    // Without what Kassa stored, the deadline has to come from the public page.
    const fresh = connect(sim)
    await fresh.getInvoice(invoice.id)
    expect(checkoutReads()).toBe(seen + 1)
  })

  it('answers a create without the rate-limited checkout page, then corrects the deadline from it', async () => {
    await sim.close()
    // The store's quote lifetime is 15 minutes; Kassa assumes BTPay's default 30 until the page says otherwise.
    sim = await startBtpaySimulator({ quoteDeadlineSeconds: 900 })
    const btpay = connect(sim)
    const checkoutReads = () => sim.control.requests().filter((r) => r.path.startsWith('/checkout/')).length
    const made = await btpay.createInvoice(twoLineSale())
    const answeredAt = Date.now()
    expect(checkoutReads()).toBe(0)
    expect(Math.abs(Date.parse(made.expiresAt) - (answeredAt + 1_800_000))).toBeLessThan(2_000)
    await waitUntil(() => checkoutReads() === 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const read = await btpay.getInvoice(made.id)
    expect(Math.abs(Date.parse(read.expiresAt) - (answeredAt + 900_000))).toBeLessThan(2_000)
    expect(checkoutReads()).toBe(1)
  })

  it('creates a first attempt without listing invoices to look for the sale', async () => {
    const btpay = connect(sim)
    const sale = { ...twoLineSale(), firstAttempt: true }
    const before = sim.control.requests().length
    await btpay.createInvoice(sale)
    const made = sim.control.requests().slice(before)
    expect(made.some((r) => r.method === 'GET' && /\/api\/v1\/invoices\/?$/.test(r.path))).toBe(false)
    expect(invoicesOfSale(sale.orderId)).toHaveLength(1)
  })
})

async function waitUntil(done: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
