import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DemoProcessor } from '../../../src/main/processors/demo'
import type { PaymentRequestsPort } from '../../../src/main/processors/ports'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let demo: DemoProcessor
let port: PaymentRequestsPort
let now = Date.parse('2026-11-21T10:00:00Z')
beforeEach(() => {
  dir = tempDir()
  now = Date.parse('2026-11-21T10:00:00Z')
  demo = new DemoProcessor({ path: join(dir.path, 'demo.sqlite'), now: () => now, confirmDelayMs: 1000 })
  port = demo.ports.paymentRequests!
})
afterEach(async () => {
  await demo.close()
  dir.remove()
})

const asked = { amount: '20.00', currency: 'USD', title: 'Balance of your order', orderId: 'sale_failed_1' }

describe('Demo payment requests (a new Demo invoice) through the port', () => {
  it('creates an invoice for the amount, reads it open, paid through Simulate and confirmed; archive then needs nothing', async () => {
    const made = await port.create(asked)
    expect(made).toEqual({
      id: expect.stringMatching(/^demo_/),
      amount: '20.00',
      currency: 'USD',
      link: expect.stringMatching(/^bitcoin:bcrt1q[a-z0-9]+\?amount=0\.\d+&label=Kassa%20demo$/),
      status: 'open',
      rawStatus: 'new',
      expiresAt: new Date(now + 15 * 60_000).toISOString()
    })
    expect(await demo.getInvoice(made.id)).toMatchObject({ orderId: 'payreq-sale_failed_1', amount: '20.00' })
    expect(await port.get(made.id)).toEqual(made)

    await demo.simulate(made.id, 'full')
    // Paid, not confirmed: not paid for Kassa yet, and it cannot be cancelled.
    expect(await port.get(made.id)).toMatchObject({
      status: 'open',
      rawStatus: 'processing',
      link: made.link
    })
    await expect(port.archive(made.id)).rejects.toMatchObject({ code: 'processor-invalid-request' })
    now += 1000
    expect(await port.get(made.id)).toMatchObject({ status: 'paid', rawStatus: 'settled' })
    await expect(port.archive(made.id)).resolves.toBeUndefined()
    expect(await port.get(made.id)).toMatchObject({ status: 'paid' })
  })

  it('archives an open one by cancelling it (no more payments), and archiving again is not an error', async () => {
    const made = await port.create(asked)
    await port.archive(made.id)
    expect(await port.get(made.id)).toMatchObject({ status: 'archived', rawStatus: 'invalid:Marked' })
    await expect(demo.simulate(made.id, 'full')).rejects.toMatchObject({ code: 'processor-invalid-request' })
    await expect(port.archive(made.id)).resolves.toBeUndefined()
  })

  it('reads it expired once its quote ends', async () => {
    const made = await port.create(asked)
    now += 15 * 60_000
    expect(await port.get(made.id)).toMatchObject({ status: 'expired', rawStatus: 'expired' })
  })

  it('returns the same invoice when asked again for the order, never the sale\u2019s own', async () => {
    const saleInvoice = await demo.createInvoice({
      orderId: asked.orderId,
      amount: '20.00',
      currency: 'USD',
      description: 'Counter sale',
      lines: []
    })
    const first = await port.create(asked)
    expect(first.id).not.toBe(saleInvoice.id)
    expect((await port.create(asked)).id).toBe(first.id)
  })

  it('refuses an amount of 0 naming the amount, a currency without a Demo rate, and an unknown id', async () => {
    await expect(port.create({ ...asked, amount: '0' })).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: 'Amount: Amount must be greater than zero',
      fields: [{ field: 'amount', message: 'Amount must be greater than zero' }]
    })
    await expect(port.create({ ...asked, amount: '1.234' })).rejects.toMatchObject({
      code: 'processor-invalid-request',
      fields: [{ field: 'amount', message: 'USD allows at most 2 decimal places' }]
    })
    await expect(port.create({ ...asked, currency: 'XYZ' })).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: 'The Demo has no rate for XYZ'
    })
    await expect(port.get('demo_missing')).rejects.toMatchObject({ code: 'processor-not-found' })
  })
})
