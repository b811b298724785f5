import Big from 'big.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inLane } from '../../../src/main/processors/lanes'
import { startHarness, saleRequest, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.btcpay.close()
  await h.sim.close()
})

describe('BTCPay invoices against the simulator', () => {
  it('creates an invoice with orderId, PoS posData/receiptData and expiry in minutes', async () => {
    const request = saleRequest({ expirySeconds: 600, paymentMethods: ['BTC-CHAIN', 'BTC-LN'] })
    const invoice = await h.btcpay.createInvoice(request)
    expect(invoice).toMatchObject({
      processor: 'btcpay',
      orderId: request.orderId,
      status: 'New',
      additionalStatus: 'None',
      rawStatus: 'New/None',
      currency: 'USD',
      amount: '12.50',
      paid: '0.00',
      due: '12.50'
    })
    expect(invoice.checkoutLink).toBe(`${h.sim.url}/i/${invoice.id}`)
    expect(Date.parse(invoice.expiresAt) - Date.parse(invoice.createdAt)).toBe(600_000)
    const stored = h.sim.state.invoices.get(invoice.id)
    expect(stored?.metadata).toMatchObject({
      orderId: request.orderId,
      itemDesc: 'Coffee bar sale',
      posData: {
        cart: [
          { title: 'Latte', price: '4.50', count: 2 },
          { title: 'Croissant', price: '3.50', count: 1 }
        ],
        itemsTotal: '12.50',
        total: '12.50'
      },
      receiptData: { Cart: { Latte: '2 x $4.50 = $9.00', Croissant: '1 x $3.50 = $3.50' }, Total: '$12.50' }
    })
  })

  it('returns BIP21 and lightning payment links with destination, rate, amount and due', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    const chain = invoice.paymentMethods.find((m) => m.id === 'BTC-CHAIN')
    const ln = invoice.paymentMethods.find((m) => m.id === 'BTC-LN')
    expect(chain?.destination).toMatch(/^bcrt1q/)
    expect(chain?.paymentLink).toBe(`bitcoin:${chain?.destination}?amount=0.00019231`)
    expect(chain).toMatchObject({
      currency: 'BTC',
      rate: '65000',
      amount: '0.00019231',
      due: '0.00019231',
      paid: '0.00000000'
    })
    expect(ln?.destination).toMatch(/^lnbcrt/)
    expect(ln?.paymentLink).toBe(`lightning:${ln?.destination}`)
  })

  it('never creates a second invoice for the same order id', async () => {
    const request = saleRequest()
    const first = await h.btcpay.createInvoice(request)
    const again = await h.btcpay.createInvoice(request)
    expect(again.id).toBe(first.id)
    expect(h.sim.control.invoices(request.orderId)).toHaveLength(1)
    expect((await h.btcpay.findInvoiceByOrderId(request.orderId))?.id).toBe(first.id)
    expect(await h.btcpay.findInvoiceByOrderId('no-such-order')).toBeNull()
  })

  it('follows a full on-chain payment from Processing to Settled with the payment listed', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invoice.id, 'full')
    const processing = await h.btcpay.getInvoice(invoice.id)
    expect(processing).toMatchObject({ status: 'Processing', paid: '12.50', due: '0.00' })
    expect(processing.payments).toHaveLength(1)
    expect(processing.payments[0]).toMatchObject({
      method: 'BTC-CHAIN',
      amount: '0.00019231',
      currency: 'BTC',
      status: 'Processing'
    })
    h.sim.control.settle(invoice.id)
    const settled = await h.btcpay.getInvoice(invoice.id)
    expect(settled.status).toBe('Settled')
    expect(settled.payments[0]?.status).toBe('Settled')
  })

  it('settles a lightning payment at once', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invoice.id, 'full', 'BTC-LN')
    const paid = await h.btcpay.getInvoice(invoice.id)
    expect(paid).toMatchObject({ status: 'Settled', additionalStatus: 'None' })
    expect(paid.payments[0]?.method).toBe('BTC-LN')
  })

  it('reports a partial payment as New/PaidPartial with fiat paid and due adding up to the amount', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invoice.id, 'partial')
    const partial = await h.btcpay.getInvoice(invoice.id)
    expect(partial).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial' })
    expect(new Big(partial.paid).plus(partial.due).eq(partial.amount)).toBe(true)
    expect(new Big(partial.due).gt('0')).toBe(true)
    expect(partial.paymentMethods.find((m) => m.id === 'BTC-CHAIN')?.paymentLink).toMatch(
      /amount=0\.00009616$/
    )
  })

  it('reports an overpayment as PaidOver with a negative due', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invoice.id, 'over')
    const over = await h.btcpay.getInvoice(invoice.id)
    expect(over).toMatchObject({ status: 'Processing', additionalStatus: 'PaidOver' })
    expect(new Big(over.due).lt('0')).toBe(true)
    expect(over.due).toBe('-1.25')
  })

  it('reports expiry, late payment and invalid payment', async () => {
    const expired = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.expire(expired.id)
    expect(await h.btcpay.getInvoice(expired.id)).toMatchObject({
      status: 'Expired',
      additionalStatus: 'None'
    })

    const late = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(late.id, 'late')
    expect(await h.btcpay.getInvoice(late.id)).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidLate',
      due: '0.00'
    })

    const invalid = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invalid.id, 'full')
    h.sim.control.invalidate(invalid.id)
    expect(await h.btcpay.getInvoice(invalid.id)).toMatchObject({
      status: 'Invalid',
      rawStatus: 'Invalid/None'
    })
  })

  it('cancels an unpaid invoice as Invalid/Marked', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    const cancelled = await h.btcpay.cancelInvoice(invoice.id)
    expect(cancelled).toMatchObject({ status: 'Invalid', additionalStatus: 'Marked' })
  })

  it('refuses to cancel a settled invoice with a message naming the state', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invoice.id, 'full', 'BTC-LN')
    await expect(h.btcpay.cancelInvoice(invoice.id)).rejects.toMatchObject({
      code: 'processor-invalid-request',
      status: 422,
      message: expect.stringContaining('cannot be cancelled in its current state')
    })
  })
})

describe('BTCPay background reads within its budget', () => {
  const methodReads = () => h.sim.control.requests.filter((r) => r.path.endsWith('/payment-methods')).length

  it('reads an unpaid, unchanged invoice in the background with one request, the one on screen whole', async () => {
    const stored = await h.btcpay.createInvoice(saleRequest())
    const before = methodReads()
    const again = await inLane('background', () => h.btcpay.getInvoice(stored.id, { previous: () => stored }))
    expect(methodReads()).toBe(before)
    expect(again).toMatchObject({ status: 'New', paid: '0.00', due: stored.due })
    expect(again.paymentMethods).toEqual(stored.paymentMethods)
    // On screen (the focus lane, or no lane) the payment methods are always read.
    await inLane('focus', () => h.btcpay.getInvoice(stored.id, { previous: () => stored }))
    expect(methodReads()).toBe(before + 1)
  })

  it('reads the payment methods again as soon as a payment changes the status', async () => {
    const stored = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.pay(stored.id, 'partial')
    const before = methodReads()
    const paid = await inLane('background', () => h.btcpay.getInvoice(stored.id, { previous: () => stored }))
    expect(methodReads()).toBe(before + 1)
    expect(paid.additionalStatus).toBe('PaidPartial')
    expect(paid.payments.length).toBeGreaterThan(0)
  })
})
