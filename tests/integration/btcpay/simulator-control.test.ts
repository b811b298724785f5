import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, saleRequest, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.sim.close()
})

async function control(action: string, body: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${h.sim.url}/__control/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
}

describe('BTCPay simulator HTTP control API (for browser tests)', () => {
  it('pays, settles and reports state over HTTP', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    expect((await control('pay', { invoiceId: invoice.id, kind: 'full' })).status).toBe(200)
    expect((await h.btcpay.getInvoice(invoice.id)).status).toBe('Processing')
    await control('settle', { invoiceId: invoice.id })
    expect((await h.btcpay.getInvoice(invoice.id)).status).toBe('Settled')
    const state = (await (await fetch(`${h.sim.url}/__control/state`)).json()) as {
      storeId: string
      invoices: { id: string }[]
    }
    expect(state.storeId).toBe(h.sim.storeId)
    expect(state.invoices.map((i) => i.id)).toContain(invoice.id)
  })

  it('injects a failure over HTTP and refuses an impossible payment with 409', async () => {
    await control('fail-next', { status: 500, path: '/server/info', count: 3 })
    await expect(h.btcpay.server.info()).rejects.toMatchObject({ code: 'processor-unavailable' })
    const invoice = await h.btcpay.createInvoice(saleRequest())
    await control('expire', { invoiceId: invoice.id })
    expect((await control('pay', { invoiceId: invoice.id, kind: 'full' })).status).toBe(409)
    expect((await control('no-such-action')).status).toBe(404)
  })

  it('takes a late payment as BTCPay does: Expired + PaidLate, confirmed without leaving Expired, refused after monitoring', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    expect((await control('pay', { invoiceId: invoice.id, kind: 'late' })).status).toBe(200)
    await control('settle', { invoiceId: invoice.id })
    const late = await h.btcpay.getInvoice(invoice.id)
    expect(late).toMatchObject({ status: 'Expired', additionalStatus: 'PaidLate', paid: '12.50' })
    expect(late.payments.map((p) => p.status)).toEqual(['Settled'])

    const unwatched = await h.btcpay.createInvoice(saleRequest())
    await control('expire', { invoiceId: unwatched.id })
    expect((await control('end-monitoring', { invoiceId: unwatched.id })).status).toBe(200)
    expect((await control('pay', { invoiceId: unwatched.id, kind: 'late' })).status).toBe(409)
    expect((await h.btcpay.getInvoice(unwatched.id)).paid).toBe('0.00')
  })

  it('configures an API key over HTTP', async () => {
    await control('api-key', { apiKey: 'browser-key', permissions: ['btcpay.user.canviewprofile'] })
    expect((await h.connector({ apiKey: 'browser-key' }).apiKeys.current()).permissions).toEqual([
      'btcpay.user.canviewprofile'
    ])
  })
})
