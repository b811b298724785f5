import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPlisioProcessor } from '../../../src/main/processors/plisio'
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

const created = (): number => sim.control.requests.filter((r) => r.path === 'invoices/new').length

describe('Plisio connector errors against the simulator', () => {
  it('answers processor-auth for a wrong API key', async () => {
    const wrong = createPlisioProcessor({ apiKey: 'wrong-key', baseUrl: sim.url, maxBackoffMs: 20 })
    await expect(wrong.verifyConnection()).rejects.toMatchObject({ code: 'processor-auth', status: 401 })
  })

  it('passes an unsupported coin to Plisio and words its code 105', async () => {
    await expect(plisio.createInvoice(sale('bad-coin', '25.00', ['XYZ']))).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: expect.stringMatching(/does not support this currency/)
    })
    await expect(plisio.getBalance('XYZ')).rejects.toMatchObject({ code: 'processor-invalid-request' })
  })

  it('refuses an amount under min_sum_in before any invoice request', async () => {
    await expect(plisio.createInvoice(sale('too-small', '2.00'))).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: expect.stringMatching(/below Plisio's minimum for BTC \(0.00010000 BTC, about 6.00 EUR\)/)
    })
    expect(created()).toBe(0)
  })

  it('refuses a coin in maintenance before any invoice request', async () => {
    await expect(plisio.createInvoice(sale('ltc', '25.00', ['LTC']))).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: expect.stringMatching(/LTC is under maintenance/)
    })
    expect(created()).toBe(0)
  })

  it('drops an unusable coin when another allowed coin can take the sale', async () => {
    const invoice = await plisio.createInvoice(sale('mixed', '25.00', ['LTC', 'BTC-CHAIN', 'BTC-LN']))
    expect(invoice.paymentMethods[0]?.id).toBe('BTC')
    expect(sim.control.requests.find((r) => r.path === 'invoices/new')?.query.allowed_psys_cids).toBe('BTC')
  })

  it('turns Plisio\u2019s 422 with a JSON string of field errors into fields', async () => {
    // No coin given: nothing to pre-check, Plisio's own minimum check answers.
    const attempt = plisio.createPlisioInvoice({
      orderNumber: 'tiny',
      orderName: 'Tiny',
      sourceCurrency: 'EUR',
      sourceAmount: '1.00'
    })
    await expect(attempt).rejects.toMatchObject({
      code: 'processor-invalid-request',
      status: 422,
      fields: [{ field: 'amount', message: 'Minimum amount is 0.00010000 BTC' }]
    })
  })

  it('backs off and retries after 429 with Retry-After, then succeeds', async () => {
    sim.control.failNext({ status: 429, retryAfter: '1', count: 2 })
    expect((await plisio.getShop()).name).toBe('Kassa Test Shop')
    expect(sim.control.requests.filter((r) => r.path === 'shops')).toHaveLength(3)
  })

  it('answers processor-rate-limit with the wait when the simulator\u2019s rate limit is exceeded', async () => {
    sim.control.setRateLimit({ max: 1, windowMs: 60_000, retryAfter: '7' })
    await plisio.getShop()
    await expect(plisio.getShop({ maxRetries: 0 })).rejects.toMatchObject({
      code: 'processor-rate-limit',
      retryAfterMs: 7000
    })
  })

  it('retries a 5xx and answers processor-unavailable when it persists', async () => {
    sim.control.failNext({ status: 503 })
    expect((await plisio.getShop()).name).toBe('Kassa Test Shop')
    sim.control.failNext({ status: 500, count: 3 })
    await expect(plisio.getShop({ maxRetries: 1 })).rejects.toMatchObject({
      code: 'processor-unavailable',
      status: 500
    })
  })

  it('answers processor-connection when Plisio does not answer in time', async () => {
    sim.control.failNext({ delayMs: 400 })
    await expect(plisio.getShop({ timeoutMs: 50, maxRetries: 0 })).rejects.toMatchObject({
      code: 'processor-connection',
      message: expect.stringMatching(/did not answer in time/)
    })
  })

  it('answers processor-connection when nothing listens', async () => {
    const url = sim.url
    await sim.close()
    const offline = createPlisioProcessor({ apiKey: 'k', baseUrl: url, maxRetries: 0 })
    await expect(offline.getShop()).rejects.toMatchObject({ code: 'processor-connection' })
    ;({ sim, plisio } = await setup())
  })

  it('answers processor-bad-response for a garbage body or a wrong data shape', async () => {
    sim.control.failNext({ status: 200, body: '<html>garbage</html>' })
    await expect(plisio.getShop()).rejects.toMatchObject({ code: 'processor-bad-response' })
    sim.control.failNext({ status: 200, body: '{"status":"success","data":{"txn_id":42}}' })
    await expect(plisio.createInvoice(sale('shape'))).rejects.toMatchObject({
      code: 'processor-bad-response'
    })
  })

  it('answers processor-not-found for an unknown invoice', async () => {
    await expect(plisio.getInvoice('does-not-exist')).rejects.toMatchObject({ code: 'processor-not-found' })
  })

  it('simulates Plisio refusing anything but GET', async () => {
    const response = await fetch(`${sim.url}/shops?api_key=${sim.apiKey}`, { method: 'POST' })
    expect(response.status).toBe(405)
    expect(await response.json()).toMatchObject({ status: 'error' })
  })
})

describe('Plisio callbacks from the simulator', () => {
  it('verifies signed form and json=true callbacks and refuses a tampered one, without settling anything', async () => {
    const events: unknown[] = []
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        try {
          events.push(
            plisio.verifyWebhook(new Uint8Array(Buffer.concat(chunks)), {
              'content-type': req.headers['content-type']
            })
          )
          res.writeHead(200).end('ok')
        } catch {
          res.writeHead(401).end('refused')
        }
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/plisio`
    try {
      const { id } = await plisio.createInvoice(sale('cb-1'))
      sim.control.payFull(id)
      expect((await sim.control.sendCallback(id, url)).status).toBe(200)
      expect((await sim.control.sendCallback(id, `${url}?json=true`)).status).toBe(200)
      expect((await sim.control.sendCallback(id, url, { json: true, ordering: 'sorted' })).status).toBe(200)
      expect((await sim.control.sendCallback(id, url, { tamper: { amount: '9.99999999' } })).status).toBe(401)
      expect(
        (await sim.control.sendCallback(id, url, { json: true, tamper: { status: 'completed ' } })).status
      ).toBe(401)
      expect(events).toHaveLength(3)
      expect(events[0]).toMatchObject({ invoiceId: id, type: 'completed' })
    } finally {
      await new Promise((resolve) => receiver.close(resolve))
    }
  })
})
