import { describe, expect, it } from 'vitest'
import {
  IP_NOT_WHITELISTED_MESSAGE,
  mapPlisioError,
  splitMessage
} from '../../../src/main/processors/plisio/client'

const envelope = (message: string, code = 0, name = 'Unprocessable entity'): unknown => ({
  status: 'error',
  data: { name, message, code }
})
const map = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  mapPlisioError({ status, body, text: JSON.stringify(body), headers: new Headers(headers) })

describe('Plisio error mapping', () => {
  it('turns a JSON string of field errors in data.message into fields', () => {
    const error = map(422, envelope('{"balance":"Insufficient funds on balance"}', 116))
    expect(error.code).toBe('processor-invalid-request')
    expect(error.fields).toEqual([{ field: 'balance', message: 'Insufficient funds on balance' }])
    expect(error.message).toContain('Insufficient funds')
  })

  it('words code 105 as an unsupported currency', () => {
    const error = map(422, envelope('Unsupported currency XYZ', 105))
    expect(error.code).toBe('processor-invalid-request')
    expect(error.message).toMatch(/does not support this currency/)
  })

  it('maps a Request IP refusal to processor-permission saying the IP is not whitelisted', () => {
    const error = map(422, envelope('Request IP 10.0.0.7 is not allowed'))
    expect(error.code).toBe('processor-permission')
    expect(error.permission).toBe('Request IP')
    expect(error.message).toBe(IP_NOT_WHITELISTED_MESSAGE)
    expect(error.message).toMatch(/IP address is not whitelisted/)
  })

  it('maps 401 and an invalid-key 422 to processor-auth', () => {
    expect(
      map(401, envelope('Your request was made with invalid credentials.', 0, 'Unauthorized')).code
    ).toBe('processor-auth')
    expect(map(422, envelope('Invalid api_key')).code).toBe('processor-auth')
  })

  it('maps 429 to processor-rate-limit with Retry-After in ms', () => {
    const error = map(429, envelope('Rate limit exceeded.'), { 'retry-after': '2' })
    expect(error.code).toBe('processor-rate-limit')
    expect(error.retryAfterMs).toBe(2000)
    expect(error.retryable).toBe(true)
  })

  it('maps 5xx with an HTML body to processor-unavailable', () => {
    const error = mapPlisioError({
      status: 502,
      body: '<html>Bad gateway</html>',
      text: '',
      headers: new Headers()
    })
    expect(error.code).toBe('processor-unavailable')
  })

  it('maps 404 to processor-not-found', () => {
    expect(map(404, envelope('Operation not found', 0, 'Not Found')).code).toBe('processor-not-found')
  })

  it('keeps a plain message, or an object message, readable', () => {
    expect(splitMessage('plain words')).toEqual({ text: 'plain words', fields: [] })
    expect(splitMessage({ amount: ['too small', 'not a number'] }).fields).toEqual([
      { field: 'amount', message: 'too small, not a number' }
    ])
    expect(splitMessage('{broken').text).toBe('{broken')
  })
})
