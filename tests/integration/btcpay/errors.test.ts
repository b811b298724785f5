import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBtcpayProcessor } from '../../../src/main/processors/btcpay'
import { startHarness, saleRequest, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.sim.close()
})

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('BTCPay connector errors against the simulator', () => {
  it('reports a wrong URL (connection refused) as processor-connection', async () => {
    const port = await closedPort()
    const btcpay = createBtcpayProcessor({
      serverUrl: `http://127.0.0.1:${port}`,
      storeId: 's',
      apiKey: 'k',
      maxRetries: 0
    })
    await expect(btcpay.verifyConnection()).rejects.toMatchObject({
      code: 'processor-connection',
      message: expect.stringContaining('refused the connection')
    })
  })

  it('reports an unknown API key as processor-auth (401)', async () => {
    const btcpay = h.connector({ apiKey: 'f'.repeat(40) })
    await expect(btcpay.getInvoice('x')).rejects.toMatchObject({
      code: 'processor-auth',
      status: 401,
      message: expect.stringContaining('Unknown API Key')
    })
  })

  it('names the missing permission on 403', async () => {
    h.sim.control.setApiKey('viewonly', [`btcpay.store.canviewinvoices:${h.sim.storeId}`])
    const btcpay = h.connector({ apiKey: 'viewonly' })
    const error = await btcpay.createInvoice(saleRequest()).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'processor-permission',
      status: 403,
      permission: 'btcpay.store.cancreateinvoice',
      message: expect.stringContaining('"btcpay.store.cancreateinvoice"')
    })
  })

  it('treats a permission scoped to another store as missing', async () => {
    h.sim.control.setApiKey('otherstore', ['btcpay.store.canviewinvoices:SomeOtherStore'])
    await expect(h.connector({ apiKey: 'otherstore' }).getInvoice('x')).rejects.toMatchObject({
      code: 'processor-permission',
      permission: 'btcpay.store.canviewinvoices'
    })
  })

  it('names the field on a 422 validation error', async () => {
    const error = await h.btcpay
      .createInvoice(saleRequest({ paymentMethods: ['DOGE-CHAIN'] }))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'processor-invalid-request',
      status: 422,
      fields: [{ field: 'checkout.paymentMethods[0]', message: 'Invalid PaymentMethodId' }],
      message: expect.stringContaining('checkout.paymentMethods[0]: Invalid PaymentMethodId')
    })
  })

  it('reports an unknown invoice as processor-not-found', async () => {
    await expect(h.btcpay.getInvoice('doesnotexist')).rejects.toMatchObject({
      code: 'processor-not-found',
      status: 404,
      message: expect.stringContaining('The invoice was not found')
    })
  })

  it('retries a 5xx on a read and succeeds', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.failNext({ count: 2, status: 503, method: 'GET', path: `/invoices/${invoice.id}` })
    const before = h.sim.control.requests.length
    const read = await h.btcpay.getInvoice(invoice.id)
    expect(read.id).toBe(invoice.id)
    const attempts = h.sim.control.requests
      .slice(before)
      .filter((r) => r.path.endsWith(`/invoices/${invoice.id}`))
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 200])
  })

  it('gives up after the retries with processor-unavailable', async () => {
    h.sim.control.failNext({ count: 5, status: 502, path: '/server/info' })
    await expect(h.btcpay.server.info()).rejects.toMatchObject({ code: 'processor-unavailable', status: 502 })
    h.sim.control.faults.length = 0
  })

  it('does not retry the create POST on 5xx (no double billing)', async () => {
    const request = saleRequest()
    h.sim.control.failNext({ status: 500, method: 'POST', path: '/invoices' })
    await expect(h.btcpay.createInvoice(request)).rejects.toMatchObject({ code: 'processor-unavailable' })
    expect(h.sim.control.requests.filter((r) => r.method === 'POST' && r.status === 500)).toHaveLength(1)
    expect(h.sim.control.invoices(request.orderId)).toHaveLength(0)
  })

  it('after a timeout during create, finds the invoice by order id and creates no second one', async () => {
    const request = saleRequest()
    const btcpay = h.connector({ timeoutMs: 300 })
    h.sim.control.failNext({ delayMs: 1_000, method: 'POST', path: '/invoices' })
    const invoice = await btcpay.createInvoice(request)
    expect(invoice.orderId).toBe(request.orderId)
    const created = h.sim.control.invoices(request.orderId)
    expect(created).toHaveLength(1)
    expect(created[0]?.id).toBe(invoice.id)
    const lookups = h.sim.control.requests.filter((r) =>
      r.search.includes(encodeURIComponent(request.orderId))
    )
    expect(lookups).toHaveLength(2) // before the POST and after its timeout
  })

  it('skips the look-up before a first attempt, but still looks up after a timeout', async () => {
    const request = { ...saleRequest(), firstAttempt: true }
    const btcpay = h.connector({ timeoutMs: 300 })
    h.sim.control.failNext({ delayMs: 1_000, method: 'POST', path: '/invoices' })
    const invoice = await btcpay.createInvoice(request)
    expect(h.sim.control.invoices(request.orderId).map((i) => i.id)).toEqual([invoice.id])
    const lookups = h.sim.control.requests.filter((r) =>
      r.search.includes(encodeURIComponent(request.orderId))
    )
    expect(lookups).toHaveLength(1) // only after the timeout
  })

  it('reports a body that is not what the API promises as processor-bad-response', async () => {
    const invoice = await h.btcpay.createInvoice(saleRequest())
    h.sim.control.failNext({ garbage: 'html', path: `/invoices/${invoice.id}/payment-methods` })
    await expect(h.btcpay.getInvoice(invoice.id)).rejects.toMatchObject({ code: 'processor-bad-response' })
    h.sim.control.failNext({ garbage: 'json', path: '/api-keys/current' })
    await expect(h.btcpay.verifyConnection()).rejects.toMatchObject({
      code: 'processor-bad-response',
      message: expect.stringContaining('GET /api/v1/api-keys/current')
    })
  })
})
