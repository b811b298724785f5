import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BtpayProcessor } from '../../../src/main/processors/btpay'
import type { PaymentRequestsPort } from '../../../src/main/processors/ports'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { connect, twoLineSale } from './helpers'

let sim: BtpaySimulator
let btpay: BtpayProcessor
let port: PaymentRequestsPort
beforeEach(async () => {
  sim = await startBtpaySimulator()
  btpay = connect(sim)
  port = btpay.ports.paymentRequests!
})
afterEach(async () => {
  await sim.close()
})

let n = 0
const asked = (overrides: Partial<Parameters<PaymentRequestsPort['create']>[0]> = {}) => ({
  amount: '18.40',
  currency: 'USD',
  title: 'Balance of your order',
  orderId: `sale_pr_${++n}`,
  ...overrides
})

describe('BTPay payment requests (a new invoice, since a payment link cannot be paid) through the port', () => {
  it('creates an invoice for the amount, reads it open, paid, confirmed; archive then needs nothing', async () => {
    const request = asked({ email: 'ana@example.com' })
    const made = await port.create(request)
    expect(made).toEqual({
      id: 'INV-0001',
      amount: '18.40',
      currency: 'USD',
      link: expect.stringMatching(new RegExp(`^${sim.url}/checkout/[\\w-]+$`)),
      status: 'open',
      rawStatus: 'pending',
      expiresAt: expect.any(String)
    })
    const stored = sim.control.invoices()[0]
    expect(stored).toMatchObject({
      status: 'pending',
      total: '18.40',
      customer_email: 'ana@example.com',
      lines: [
        expect.objectContaining({ description: 'Balance of your order', quantity: '1', unit_price: '18.40' })
      ]
    })
    expect(stored?.notes).toContain(`[kassa-sale:payreq-${request.orderId}]`)
    expect((await fetch(made.link)).status).toBe(200)
    expect(await port.get(made.id)).toMatchObject({ id: made.id, status: 'open', link: made.link })

    sim.control.pay(made.id)
    // Seen, not confirmed: not paid for Kassa yet, and BTPay will not cancel it.
    expect(await port.get(made.id)).toMatchObject({ status: 'open', rawStatus: 'paid' })
    await expect(port.archive(made.id)).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: expect.stringContaining('already paid (money arrived)')
    })
    sim.control.confirm(made.id)
    expect(await port.get(made.id)).toMatchObject({ status: 'paid', rawStatus: 'confirmed' })
    await expect(port.archive(made.id)).resolves.toBeUndefined()
  })

  it('archives an open one by cancelling it, and archiving again is not an error', async () => {
    const made = await port.create(asked())
    await port.archive(made.id)
    expect(await port.get(made.id)).toMatchObject({ status: 'archived', rawStatus: 'cancelled' })
    await expect(port.archive(made.id)).resolves.toBeUndefined()
    const deletes = sim.control.requests().filter((r) => r.method === 'DELETE')
    expect(deletes.map((r) => r.status)).toEqual([200, 400])
  })

  it('returns the open invoice of the order when asked again, never the sale\u2019s own', async () => {
    const sale = twoLineSale()
    const saleInvoice = await btpay.createInvoice(sale)
    const request = asked({ orderId: sale.orderId })
    const first = await port.create(request)
    expect(first.id).not.toBe(saleInvoice.id)
    expect((await port.create(request)).id).toBe(first.id)
    expect(sim.control.invoices()).toHaveLength(2)
  })

  it('refuses an amount of 0 before asking BTPay, and says when BTPay has no wallet to take it', async () => {
    await expect(port.create(asked({ amount: '0' }))).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: 'Amount must be greater than zero'
    })
    expect(sim.control.requestCount()).toBe(0)
    sim.control.setWalletActive(false)
    await expect(port.create(asked())).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: expect.stringContaining('No active wallet configured')
    })
    // The draft BTPay made is cancelled, not left payable.
    expect(sim.control.invoices().map((i) => i.status)).toEqual(['cancelled'])
    await expect(port.get('INV-0404')).rejects.toMatchObject({ code: 'processor-not-found' })
  })
})
