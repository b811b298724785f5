import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProcessorError } from '../../../src/main/processors/errors'
import type { PaymentRequestsPort } from '../../../src/main/processors/ports'
import { startHarness, type Harness } from './helpers'

let h: Harness
let port: PaymentRequestsPort
beforeEach(async () => {
  h = await startHarness()
  port = h.btcpay.ports.paymentRequests!
})
afterEach(async () => {
  await h.btcpay.close()
  await h.sim.close()
})

let n = 0
const request = (overrides: Partial<Parameters<PaymentRequestsPort['create']>[0]> = {}) => ({
  amount: '25.00',
  currency: 'USD',
  title: 'Coffee beans, 1 kg',
  orderId: `sale_${++n}_${Date.now().toString(36)}`,
  ...overrides
})

describe('BTCPay payment requests through the port', () => {
  it('creates a request, reads it open, is paid through its invoice and settled, then archived', async () => {
    const asked = request({ email: 'ana@example.com' })
    const made = await port.create(asked)
    expect(made).toEqual({
      id: expect.any(String),
      amount: '25.00',
      currency: 'USD',
      link: `${h.sim.url}/payment-requests/${made.id}`,
      status: 'open',
      rawStatus: 'Pending',
      expiresAt: null
    })
    expect(h.sim.state.paymentRequests.get(made.id)?.body).toMatchObject({
      title: 'Coffee beans, 1 kg',
      referenceId: asked.orderId,
      email: 'ana@example.com'
    })
    expect((await fetch(made.link)).status).toBe(200)
    expect(await port.get(made.id)).toEqual(made)

    const invoiceId = h.sim.control.openPaymentRequest(made.id)
    h.sim.control.pay(invoiceId)
    // Paid but unconfirmed: not paid for Kassa yet, as a sale is paid only once settled.
    expect(await port.get(made.id)).toMatchObject({ status: 'open', rawStatus: 'Processing' })
    h.sim.control.settle(invoiceId)
    expect(await port.get(made.id)).toMatchObject({ status: 'paid', rawStatus: 'Completed' })

    await port.archive(made.id)
    // The money arrived: archiving does not hide that.
    expect(await port.get(made.id)).toMatchObject({ status: 'paid', rawStatus: 'Completed/archived' })
  })

  it('archives an open request so it can no longer be paid, and archiving again is not an error', async () => {
    const made = await port.create(request())
    await port.archive(made.id)
    expect(await port.get(made.id)).toMatchObject({ status: 'archived', rawStatus: 'Pending/archived' })
    expect(() => h.sim.control.openPaymentRequest(made.id)).toThrow(/archived/)
    await expect(port.archive(made.id)).resolves.toBeUndefined()
    const deletes = h.sim.control.requests.filter((r) => r.method === 'DELETE')
    expect(deletes.map((r) => r.status)).toEqual([200, 404])
  })

  it('returns the live request of an order id instead of making a second', async () => {
    const asked = request()
    const first = await port.create(asked)
    const again = await port.create(asked)
    expect(again.id).toBe(first.id)
    expect(h.sim.state.paymentRequests.size).toBe(1)
    await port.archive(first.id)
    expect((await port.create(asked)).id).not.toBe(first.id)
  })

  it('finds the request after a lost answer instead of making it twice', async () => {
    const slow = h.connector({ timeoutMs: 200 })
    h.sim.control.failNext({ method: 'POST', path: '/payment-requests', delayMs: 600 })
    const made = await slow.ports.paymentRequests!.create(request())
    expect(made.status).toBe('open')
    expect(h.sim.state.paymentRequests.size).toBe(1)
    await slow.close()
  })

  it('reads a request past its expiry date as expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 60
    const data = await h.btcpay.paymentRequests.create({ title: 'Late', amount: '5', expiryDate: past })
    expect(await port.get(data.id)).toMatchObject({
      status: 'expired',
      rawStatus: 'Expired',
      expiresAt: new Date(past * 1000).toISOString()
    })
  })

  it('refuses an amount of 0 with the field BTCPay names, and a key without the permission by name', async () => {
    const zero = await port.create(request({ amount: '0' })).catch((e: unknown) => e)
    expect(zero).toBeInstanceOf(ProcessorError)
    expect(zero).toMatchObject({
      code: 'processor-invalid-request',
      status: 422,
      fields: [{ field: 'amount', message: 'Please provide an amount greater than 0' }],
      message: expect.stringContaining('amount: Please provide an amount greater than 0')
    })
    h.sim.control.setApiKey('viewer', [`btcpay.store.canviewpaymentrequests:${h.sim.storeId}`])
    const viewer = h.connector({ apiKey: 'viewer' })
    await expect(viewer.ports.paymentRequests!.create(request())).rejects.toMatchObject({
      code: 'processor-permission',
      permission: 'btcpay.store.canmodifypaymentrequests'
    })
    expect(h.sim.state.paymentRequests.size).toBe(0)
    await expect(port.get('no-such-request')).rejects.toMatchObject({ code: 'processor-not-found' })
  })
})

describe('BTCPay payment requests resource', () => {
  it('creates, lists and archives payment requests', async () => {
    const created = await h.btcpay.paymentRequests.create({
      title: 'Catering deposit',
      amount: '150.00',
      currency: 'USD'
    })
    expect(created).toMatchObject({
      title: 'Catering deposit',
      amount: '150.00',
      status: 'Pending',
      storeId: h.sim.storeId
    })
    expect((await h.btcpay.paymentRequests.list()).map((p) => p.id)).toContain(created.id)
    await h.btcpay.paymentRequests.archive(created.id)
    expect((await h.btcpay.paymentRequests.list()).map((p) => p.id)).not.toContain(created.id)
    expect((await h.btcpay.paymentRequests.list({ includeArchived: true })).map((p) => p.id)).toContain(
      created.id
    )
    await expect(h.btcpay.paymentRequests.create({ title: 'Zero', amount: '0' })).rejects.toMatchObject({
      status: 422,
      fields: [{ field: 'amount', message: expect.any(String) }]
    })
  })
})
