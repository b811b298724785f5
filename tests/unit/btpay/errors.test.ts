import { describe, expect, it } from 'vitest'
import { mapBtpayError } from '../../../src/main/processors/btpay/client'

const map = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  mapBtpayError({
    status,
    body,
    text: typeof body === 'string' ? body : JSON.stringify(body),
    headers: new Headers(headers)
  })

describe('BTPay error mapping', () => {
  it('maps 401 to processor-auth saying the key was not accepted, with BTPay’s words', () => {
    expect(map(401, { error: 'Invalid API key' })).toMatchObject({
      code: 'processor-auth',
      status: 401,
      message: 'Key not accepted: BTPay refused the API key (Invalid API key); check it in Settings'
    })
  })

  it('passes a 400 {"error"} message through as processor-invalid-request', () => {
    expect(map(400, { error: 'At least one line item required' })).toMatchObject({
      code: 'processor-invalid-request',
      message: 'BTPay: At least one line item required'
    })
  })

  it('maps 404 to processor-not-found, and Flask’s HTML 404 without its markup', () => {
    expect(map(404, { error: 'Invoice not found' }).message).toBe('BTPay: Invoice not found')
    expect(map(404, '<!doctype html><title>404 Not Found</title>')).toMatchObject({
      code: 'processor-not-found',
      message: 'BTPay: not found'
    })
  })

  it('tells the per-key limit from the per-IP one on 429, keeping Retry-After', () => {
    expect(map(429, { error: 'Rate limit exceeded' }, { 'retry-after': '7' })).toMatchObject({
      code: 'processor-rate-limit',
      retryAfterMs: 7_000,
      message: expect.stringContaining('rate limit of this API key')
    })
    expect(map(429, { error: 'Too many requests' }).message).toContain('too many requests from this address')
  })

  it('says "no rate service" for BTPay’s 503 without rates, and unavailable for other 5xx', () => {
    const noRates = map(503, { error: 'Exchange rate service not available' })
    expect(noRates).toMatchObject({
      code: 'processor-unavailable',
      message: expect.stringMatching(/no rate service/)
    })
    expect(noRates.retryable).toBe(true)
    expect(map(502, 'Bad Gateway')).toMatchObject({
      code: 'processor-unavailable',
      message: 'BTPay is unavailable (HTTP 502: Bad Gateway)'
    })
  })
})
