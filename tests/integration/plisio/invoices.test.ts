import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlisioProcessor } from '../../../src/main/processors/plisio'
import type { PlisioSimulator } from '../../simulators/plisio'
import { sale, setup } from './helpers'

let sim: PlisioSimulator
let plisio: PlisioProcessor

beforeEach(async () => {
  ;({ sim, plisio } = await setup())
})
afterEach(async () => {
  await sim.close()
})

describe('Plisio invoices against the simulator', () => {
  it('charges 25.00 EUR in BTC on a white-label shop: bitcoin: URI, expiry from expire_utc, GET-only with api_key', async () => {
    const invoice = await plisio.createInvoice(sale('sale-1'))
    const simInvoice = sim.control.invoice(invoice.id)
    expect(simInvoice).toBeDefined()
    expect(invoice).toMatchObject({
      processor: 'plisio',
      orderId: 'sale-1',
      status: 'New',
      additionalStatus: 'None',
      rawStatus: 'new',
      currency: 'EUR',
      amount: '25.00',
      paid: '0.00',
      due: '25.00'
    })
    const method = invoice.paymentMethods[0]
    expect(method?.paymentLink).toBe(`bitcoin:${simInvoice?.walletHash}?amount=0.00041667`)
    expect(method).toMatchObject({ id: 'BTC', amount: '0.00041667', rate: '60000.00' })
    expect(invoice.expiresAt).toBe(new Date((simInvoice?.expireAt ?? 0) * 1000).toISOString())
    const create = sim.control.requests.find((r) => r.path === 'invoices/new')
    expect(create?.query).toMatchObject({
      api_key: sim.apiKey,
      source_currency: 'EUR',
      source_amount: '25.00',
      order_number: 'sale-1',
      order_name: 'Flat white ×2',
      expire_min: '30',
      allowed_psys_cids: 'BTC',
      return_existing: '1'
    })
    expect(sim.control.requests.every((r) => r.method === 'GET')).toBe(true)
    expect(
      sim.control.requests.filter((r) => r.path !== 'currencies/EUR').every((r) => r.query.api_key)
    ).toBe(true)
  })

  it('creates idempotently per sale: a repeated create returns the same invoice (return_existing)', async () => {
    const first = await plisio.createInvoice(sale('sale-2'))
    const again = await plisio.createInvoice(sale('sale-2'))
    expect(again.id).toBe(first.id)
    expect((await plisio.findInvoiceByOrderId('sale-2'))?.id).toBe(first.id)
    expect(await plisio.findInvoiceByOrderId('no-such-sale')).toBeNull()
  })

  it('charges on a hosted shop: invoice_url is the checkout link and there is no payment URI', async () => {
    sim.control.setShop({ whiteLabel: false })
    const invoice = await plisio.createInvoice(sale('sale-3'))
    expect(invoice.checkoutLink).toBe(`${sim.origin}/invoice/${invoice.id}`)
    expect(invoice.paymentMethods).toEqual([])
    expect(invoice.status).toBe('New')
  })

  it('follows a partial payment (New + PaidPartial) and then the full payment (Settled)', async () => {
    const { id } = await plisio.createInvoice(sale('sale-4'))
    sim.control.payPartial(id)
    // What Plisio answers: `amount` is still the invoice's, `actual_sum` what arrived (unconfirmed: pending_sum).
    const op = await plisio.operations.retrieve(id)
    expect(op).toMatchObject({
      status: 'pending',
      amount: '0.00041667',
      actual_sum: '0.00020833',
      pending_sum: '0.00020833'
    })
    expect(op.params?.amount).toBe('0.00041667')
    const partial = await plisio.getInvoice(id)
    expect(partial).toMatchObject({ status: 'New', additionalStatus: 'PaidPartial', rawStatus: 'pending' })
    expect(partial).toMatchObject({ paid: '12.50', due: '12.50' })
    const address = sim.control.invoice(id)?.walletHash
    // The QR asks only for what is still due, not the whole amount again.
    expect(partial.paymentMethods[0]).toMatchObject({
      amount: '0.00041667',
      paid: '0.00020833',
      due: '0.00020834',
      paymentLink: `bitcoin:${address}?amount=0.00020834`
    })
    sim.control.payFull(id)
    const paid = await plisio.getInvoice(id)
    expect(paid).toMatchObject({ status: 'Settled', additionalStatus: 'None', rawStatus: 'completed' })
    expect(paid).toMatchObject({ paid: '25.00', due: '0.00' })
    expect(paid.payments).toHaveLength(2)
    expect(paid.paymentMethods[0]).toMatchObject({ due: '0', paymentLink: `bitcoin:${address}` })
  })

  it('maps an overpayment (mismatch) to Settled + PaidOver with a negative due', async () => {
    const { id } = await plisio.createInvoice(sale('sale-5'))
    sim.control.payOver(id)
    const invoice = await plisio.getInvoice(id)
    expect(invoice).toMatchObject({ status: 'Settled', additionalStatus: 'PaidOver', rawStatus: 'mismatch' })
    expect(invoice.due.startsWith('-')).toBe(true)
  })

  it('maps an expiry with an amount received to Expired + PaidPartial, keeping the raw status', async () => {
    const { id } = await plisio.createInvoice(sale('sale-6'))
    sim.control.payPartial(id, '0.00010000')
    sim.control.expire(id)
    expect(await plisio.operations.retrieve(id)).toMatchObject({
      status: 'expired',
      amount: '0.00041667',
      actual_sum: '0.00010000'
    })
    const invoice = await plisio.getInvoice(id)
    expect(invoice).toMatchObject({
      status: 'Expired',
      additionalStatus: 'PaidPartial',
      rawStatus: 'expired'
    })
    expect(invoice).toMatchObject({ paid: '6.00', due: '19.00' })
    expect(invoice.paymentMethods[0]).toMatchObject({ paid: '0.0001', due: '0.00031667' })
  })

  it('maps error to Invalid and cancelled to Expired', async () => {
    const a = await plisio.createInvoice(sale('sale-7a'))
    const b = await plisio.createInvoice(sale('sale-7b'))
    sim.control.error(a.id)
    sim.control.cancel(b.id)
    expect((await plisio.getInvoice(a.id)).status).toBe('Invalid')
    expect((await plisio.getInvoice(b.id)).status).toBe('Expired')
  })

  it('follows a cancelled duplicate to the active invoice after the customer switches coin', async () => {
    const original = await plisio.createInvoice(sale('sale-8'))
    const replacement = sim.control.switchCoin(original.id, 'ETH')
    const followed = await plisio.getInvoice(original.id)
    expect(followed.id).toBe(replacement.id)
    expect(followed).toMatchObject({ orderId: 'sale-8', rawStatus: 'new', status: 'New' })
    expect(followed.paymentMethods[0]?.id).toBe('ETH')
    expect((await plisio.findInvoiceByOrderId('sale-8'))?.id).toBe(replacement.id)
  })

  it('has no pull-payment refunds, only withdrawals, and cannot cancel an invoice', async () => {
    const { id } = await plisio.createInvoice(sale('sale-9'))
    expect(plisio.ports.pullPayments).toBeUndefined()
    expect(plisio.ports.withdrawals).toBeDefined()
    await expect(plisio.cancelInvoice(id)).rejects.toMatchObject({ code: 'processor-invalid-request' })
  })

  it('exposes the control API over HTTP too', async () => {
    const { id } = await plisio.createInvoice(sale('sale-http'))
    const response = await fetch(`${sim.origin}/__control/pay-full`, {
      method: 'POST',
      body: JSON.stringify({ txnId: id })
    })
    expect(response.status).toBe(200)
    expect((await plisio.getInvoice(id)).status).toBe('Settled')
  })
})
