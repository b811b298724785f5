import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlisioProcessor } from '../../../src/main/processors/plisio'
import type { PaymentRequestsPort } from '../../../src/main/processors/ports'
import type { PlisioSimulator } from '../../simulators/plisio'
import { sale, setup } from './helpers'

let sim: PlisioSimulator
let plisio: PlisioProcessor
let port: PaymentRequestsPort
beforeEach(async () => {
  ;({ sim, plisio } = await setup())
  port = plisio.ports.paymentRequests!
})
afterEach(async () => {
  await sim.close()
})

const asked = { amount: '25.00', currency: 'EUR', title: 'Balance of your order', orderId: 'sale_failed_1' }

describe('Plisio payment requests (a new invoice) through the port', () => {
  it('creates an invoice for the amount, reads it open, paid and settled; archive then needs nothing', async () => {
    const made = await port.create({ ...asked, email: 'ana@example.com' })
    expect(made).toEqual({
      id: expect.any(String),
      amount: '25.00',
      currency: 'EUR',
      link: `${sim.origin}/invoice/${made.id}`,
      status: 'open',
      rawStatus: 'new',
      expiresAt: expect.any(String)
    })
    // The connector's default lifetime (30 minutes), and an order number of its own.
    expect(Date.parse(made.expiresAt ?? '') - Date.now()).toBeGreaterThan(29 * 60_000)
    expect(Date.parse(made.expiresAt ?? '') - Date.now()).toBeLessThanOrEqual(30 * 60_000)
    expect(sim.control.invoice(made.id)).toMatchObject({
      orderNumber: 'payreq-sale_failed_1',
      orderName: 'Balance of your order',
      email: 'ana@example.com',
      sourceAmount: '25.00',
      sourceCurrency: 'EUR'
    })
    expect(await port.get(made.id)).toMatchObject({ id: made.id, status: 'open', rawStatus: 'new' })

    // The whole amount seen but unconfirmed: not paid yet for Kassa.
    sim.control.payPartial(made.id, sim.control.invoice(made.id)?.amount)
    expect(await port.get(made.id)).toMatchObject({ status: 'open', rawStatus: 'pending' })
    sim.control.payFull(made.id)
    expect(await port.get(made.id)).toMatchObject({ status: 'paid', rawStatus: 'completed' })
    await expect(port.archive(made.id)).resolves.toBeUndefined()
  })

  it('returns the same invoice when asked again for the order, and never the sale\u2019s own invoice', async () => {
    const saleInvoice = await plisio.createInvoice(sale(asked.orderId))
    const first = await port.create(asked)
    expect(first.id).not.toBe(saleInvoice.id)
    expect((await port.create(asked)).id).toBe(first.id)
  })

  it('refuses to archive an open invoice, saying until when it stays payable', async () => {
    const made = await port.create(asked)
    await expect(port.archive(made.id)).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: expect.stringMatching(
        new RegExp(`Plisio cannot cancel invoice ${made.id}.*stays payable until it expires by itself at 20`)
      )
    })
    sim.control.expire(made.id)
    expect(await port.get(made.id)).toMatchObject({ status: 'expired', rawStatus: 'expired' })
    await expect(port.archive(made.id)).resolves.toBeUndefined()
  })

  it('reads an invoice Plisio gave up on (error) as expired', async () => {
    const made = await port.create(asked)
    sim.control.error(made.id)
    expect(await port.get(made.id)).toMatchObject({ status: 'expired', rawStatus: 'error' })
  })

  it('refuses an amount of 0 before asking Plisio, and an unknown invoice as not found', async () => {
    const before = sim.control.requests.length
    await expect(port.create({ ...asked, amount: '0' })).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: '"0" is not a positive amount'
    })
    expect(sim.control.requests.length).toBe(before)
    await expect(port.get('nope')).rejects.toMatchObject({ code: 'processor-not-found' })
  })
})
