import { describe, expect, it } from 'vitest'
import { mapBtcpayError } from '../../../src/main/processors/btcpay'

function map(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return mapBtcpayError({ status, body, text, headers: new Headers(headers) })
}

describe('BTCPay error mapping', () => {
  it('maps 401 to processor-auth with the server reason', () => {
    const error = map(401, {
      code: 'unauthenticated',
      message: 'ApiKey authentication failed: Unknown API Key'
    })
    expect(error).toMatchObject({ code: 'processor-auth', status: 401 })
    expect(error.message).toContain('Unknown API Key')
  })

  it('maps 403 missing-permission to processor-permission naming missingPermission', () => {
    const error = map(403, {
      code: 'missing-permission',
      message:
        'Insufficient API Permissions. Please use an API key with permission "btcpay.store.canviewinvoices".',
      missingPermission: 'btcpay.store.canviewinvoices'
    })
    expect(error).toMatchObject({ code: 'processor-permission', permission: 'btcpay.store.canviewinvoices' })
    expect(error.message).toContain('"btcpay.store.canviewinvoices"')
  })

  it('maps another 403 (store-limit-reached) without a permission', () => {
    const error = map(403, { code: 'store-limit-reached', message: 'You reached the store limit' })
    expect(error).toMatchObject({ code: 'processor-permission', permission: null })
    expect(error.message).toContain('store-limit-reached')
  })

  it('maps a 422 validation array to fields with a message naming each field', () => {
    const error = map(422, [
      { path: 'checkout.expirationMinutes', message: 'Invalid timespan, expected integer' },
      { path: 'amount', message: 'Amount should be greater or equal to 0' }
    ])
    expect(error).toMatchObject({
      code: 'processor-invalid-request',
      status: 422,
      fields: [
        { field: 'checkout.expirationMinutes', message: 'Invalid timespan, expected integer' },
        { field: 'amount', message: 'Amount should be greater or equal to 0' }
      ]
    })
    expect(error.message).toContain('checkout.expirationMinutes: Invalid timespan')
    expect(error.message).toContain('amount: Amount should be')
  })

  it('maps 404 to processor-not-found with the server message', () => {
    expect(map(404, { code: 'invoice-not-found', message: 'The invoice was not found' })).toMatchObject({
      code: 'processor-not-found',
      message: expect.stringContaining('The invoice was not found')
    })
  })

  it('maps 400 {code, message} to processor-invalid-request keeping the code', () => {
    const error = map(400, { code: 'non-refundable', message: 'Cannot refund this invoice' })
    expect(error).toMatchObject({ code: 'processor-invalid-request', status: 400 })
    expect(error.message).toBe('BTCPay Server: Cannot refund this invoice (non-refundable)')
  })

  it('maps 5xx to a retryable processor-unavailable, also with a non-JSON body', () => {
    const error = map(503, 'Service Unavailable', { 'retry-after': '2' })
    expect(error).toMatchObject({
      code: 'processor-unavailable',
      status: 503,
      retryAfterMs: 2000,
      retryable: true
    })
  })

  it('maps 429 to processor-rate-limit with Retry-After', () => {
    expect(map(429, '', { 'retry-after': '30' })).toMatchObject({
      code: 'processor-rate-limit',
      retryAfterMs: 30_000
    })
  })
})
