import { describe, expect, it } from 'vitest'
import { ProcessorError } from '../../../src/main/processors/errors'
import { insightPort, required } from '../../../src/main/processors/insight'

const KEY = 'plisio-secret-key-0123456789'

describe('insightPort: the shared checks and redaction of every connector insight port', () => {
  it('lists the topics it has readers for and refuses another before calling any reader', async () => {
    let calls = 0
    const port = insightPort('Acme', KEY, {
      balances: async () => (calls++, { balances: [] }),
      'fee-plans': async () => (calls++, { plans: [] })
    })
    expect(port.topics).toEqual(['balances', 'fee-plans'])
    const error = await port.read('webhooks', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProcessorError)
    expect((error as ProcessorError).code).toBe('processor-invalid-request')
    expect((error as ProcessorError).message).toBe(
      'Acme does not answer "webhooks": ask one of balances, fee-plans'
    )
    expect(calls).toBe(0)
  })

  it('redacts the key everywhere in an answer, deeply, and leaves the rest alone', async () => {
    const port = insightPort('Acme', KEY, {
      balances: async () => ({ note: `key=${KEY}`, list: [{ name: `coin ${KEY}`, balance: '0.05000000' }] })
    })
    expect(await port.read('balances', {})).toEqual({
      note: 'key=[redacted]',
      list: [{ name: 'coin [redacted]', balance: '0.05000000' }]
    })
  })

  it('redacts the key from an error and its field messages, keeping code, status, permission, reason and wait', async () => {
    const port = insightPort('Acme', KEY, {
      balances: async () => {
        throw new ProcessorError('processor-permission', `refused for ${KEY}`, {
          status: 422,
          permission: 'Request IP',
          reason: 'ip-not-allowed',
          retryAfterMs: 2000,
          fields: [{ field: 'api_key', message: `${KEY} is not allowed here` }]
        })
      }
    })
    const error = (await port.read('balances', {}).catch((e: unknown) => e)) as ProcessorError
    expect(error).toBeInstanceOf(ProcessorError)
    expect(error.message).toBe('refused for [redacted]')
    expect(error.fields).toEqual([{ field: 'api_key', message: '[redacted] is not allowed here' }])
    expect(error).toMatchObject({
      code: 'processor-permission',
      status: 422,
      permission: 'Request IP',
      retryAfterMs: 2000,
      params: { reason: 'ip-not-allowed', status: '422', permission: 'Request IP', seconds: '2' }
    })
  })

  it('passes an error without the key on as it is', async () => {
    const original = new ProcessorError('processor-unavailable', 'Acme is unavailable (HTTP 503)', {
      status: 503
    })
    const other = new TypeError('boom')
    const port = insightPort('Acme', KEY, {
      balances: async () => Promise.reject(original),
      currencies: async () => Promise.reject(other)
    })
    expect(await port.read('balances', {}).catch((e: unknown) => e)).toBe(original)
    expect(await port.read('currencies', {}).catch((e: unknown) => e)).toBe(other)
  })

  it('required: a trimmed non-blank string, else a refusal naming topic and field', () => {
    expect(required('Acme', 'fee-plans', { coin: ' BTC ' }, 'coin')).toBe('BTC')
    for (const coin of [undefined, '', '   ']) {
      expect(() => required('Acme', 'fee-plans', { coin }, 'coin')).toThrow(
        'Acme "fee-plans" needs "coin" (the processor\'s coin id, e.g. BTC)'
      )
    }
  })
})
