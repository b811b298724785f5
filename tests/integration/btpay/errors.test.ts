import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRequestBudget } from '../../../src/main/processors/btpay'
import { memoryLog } from '../../fixtures/memory-log'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { connect, twoLineSale } from './helpers'

let sim: BtpaySimulator
afterEach(async () => {
  await sim.close()
})

describe('BTPay connection and errors', () => {
  beforeEach(async () => {
    sim = await startBtpaySimulator()
  })

  it('connects and returns the server rates', async () => {
    const info = await connect(sim).verifyConnection()
    expect(info.rates).toContainEqual({ base: 'BTC', quote: 'USD', rate: '71250.00', source: 'BTPay' })
    expect(await connect(sim).getRates(['eur'])).toEqual([
      { base: 'BTC', quote: 'EUR', rate: '65800.00', source: 'BTPay' }
    ])
  })

  it('says the key was not accepted on 401', async () => {
    await expect(connect(sim, { apiKey: 'wrong' }).verifyConnection()).rejects.toMatchObject({
      code: 'processor-auth',
      status: 401,
      message: expect.stringMatching(/^Key not accepted: BTPay refused the API key \(Invalid API key\)/)
    })
  })

  it('passes BTPay 400 {"error"} messages through', async () => {
    await expect(connect(sim).createInvoice({ ...twoLineSale(), lines: [] })).rejects.toMatchObject({
      code: 'processor-invalid-request',
      message: 'BTPay: At least one line item required'
    })
  })

  it('maps 404 to processor-not-found', async () => {
    await expect(connect(sim).getInvoice('INV-9999')).rejects.toMatchObject({
      code: 'processor-not-found',
      message: 'BTPay: Invoice not found'
    })
  })

  it('reports "no rate service" on 503 after its retries', async () => {
    sim.control.setRatesDown(true)
    await expect(connect(sim).verifyConnection()).rejects.toMatchObject({
      code: 'processor-unavailable',
      status: 503,
      message: expect.stringMatching(/no rate service/)
    })
  })

  it('retries a passing 503 and succeeds', async () => {
    sim.control.failNext({ status: 503, error: 'Service Unavailable', count: 2 })
    expect((await connect(sim).getRates([])).length).toBeGreaterThan(0)
  })

  it('writes one log line per attempt of the shared retry policy, numbered', async () => {
    const memory = memoryLog()
    sim.control.failNext({ status: 503, error: 'Service Unavailable', count: 2 })
    await connect(sim, { log: memory.log }).getRates([])
    expect(memory.lines().map(({ path, status, attempt }) => ({ path, status, attempt }))).toEqual([
      { path: '/api/v1/rates', status: 503, attempt: 1 },
      { path: '/api/v1/rates', status: 503, attempt: 2 },
      { path: '/api/v1/rates', status: 200, attempt: 3 }
    ])
  })

  it('turns a timeout into processor-connection', async () => {
    sim.control.failNext({ delayMs: 500 })
    await expect(connect(sim, { timeoutMs: 100, maxRetries: 0 }).getRates([])).rejects.toMatchObject({
      code: 'processor-connection',
      message: expect.stringMatching(/did not answer in time/)
    })
  })

  it('turns a garbage answer into processor-bad-response', async () => {
    sim.control.failNext({ garbage: true })
    await expect(connect(sim).getRates([])).rejects.toMatchObject({ code: 'processor-bad-response' })
  })

  it('backs off on 429 honouring Retry-After, then succeeds', async () => {
    const btpay = connect(sim)
    sim.control.failNext({ status: 429, error: 'Rate limit exceeded', retryAfter: 1 })
    expect((await btpay.getRates([])).length).toBeGreaterThan(0)
    expect(sim.control.requestCount()).toBe(2)
  })
})

describe('BTPay rate limits', () => {
  it('reports the per-key limit (100 a minute) as processor-rate-limit', async () => {
    sim = await startBtpaySimulator({ keyLimitPerMinute: 3, ipLimitPerMinute: 100 })
    const btpay = connect(sim, { maxRetries: 0 })
    for (let i = 0; i < 3; i++) await btpay.getRates([])
    await expect(btpay.getRates([])).rejects.toMatchObject({
      code: 'processor-rate-limit',
      status: 429,
      message: expect.stringMatching(/API key/)
    })
    // Another key is not limited by the first one's window.
    await expect(connect(sim, { apiKey: sim.control.createApiKey() }).getRates([])).resolves.toBeDefined()
  })

  it('reports the per-IP limit across keys as processor-rate-limit', async () => {
    sim = await startBtpaySimulator({ keyLimitPerMinute: 100, ipLimitPerMinute: 3 })
    const first = connect(sim, { maxRetries: 0 })
    const second = connect(sim, { maxRetries: 0, apiKey: sim.control.createApiKey() })
    await first.getRates([])
    await first.getRates([])
    await second.getRates([])
    await expect(second.getRates([])).rejects.toMatchObject({
      code: 'processor-rate-limit',
      message: expect.stringMatching(/this address/)
    })
  })

  it('holds requests back in the shared budget instead of tripping the server limit', async () => {
    sim = await startBtpaySimulator({ rateLimitPerMinute: 10 })
    const budget = createRequestBudget({ perMinute: 10, burst: 9 })
    const btpay = connect(sim, { budget, maxRetries: 0 })
    const reads = Array.from({ length: 9 }, () => btpay.getRates([]))
    await expect(Promise.all(reads)).resolves.toHaveLength(9)
    const controller = new AbortController()
    const tenth = btpay.getRates([], { signal: controller.signal })
    expect(budget.waiting).toBe(1)
    controller.abort(new Error('left the screen'))
    await expect(tenth).rejects.toThrow('left the screen')
    expect(sim.control.requestCount()).toBe(9)
  })
})
