import { describe, expect, it } from 'vitest'
import { sameServerUrl } from '@shared/server-url'
import { dispatch, type Handlers } from '../../../src/main/dispatch'
import { ProcessorError } from '../../../src/main/processors/errors'
import { holdSecret, redactDetails, redactSecrets, REDACTED } from '../../../src/main/secrets/redact'
import { KassaError } from '@shared/errors'

const KEY = '3f9a0c1d2e4b5a6978877665544332211ffeedcc' // 40 hex, like a BTCPay key

describe('redactSecrets', () => {
  it('removes a known key, its URL-encoded form and any 8+ character piece of it', () => {
    const odd = 'k3y/with+slash=x'
    const text = `key ${KEY}, cut ${KEY.slice(0, 12)}…, query api=${encodeURIComponent(odd)} and ${odd}`
    const out = redactSecrets(text, [KEY, odd])
    expect(out).not.toContain(KEY.slice(0, 12))
    expect(out).not.toContain(odd)
    expect(out).not.toContain(encodeURIComponent(odd))
    expect(out).toBe(`key ${REDACTED}, cut ${REDACTED}…, query api=${REDACTED} and ${REDACTED}`)
  })

  it('removes what looks like a credential even when the till does not hold it', () => {
    const cases: [string, string][] = [
      ['Authorization: Bearer eyJhbGci0iJIUzI1', `Authorization: Bearer ${REDACTED}`],
      ['header "token 0123abcd4567"', `header "token ${REDACTED}"`],
      ['Basic dXNlcjpwYXNzMTIz', `Basic ${REDACTED}`],
      ['GET /x?api_key=s3cr3tvalue&a=1', `GET /x?api_key=${REDACTED}&a=1`],
      ['{"apiKey":"abc123def"}', `{"apiKey":"${REDACTED}"}`],
      ['password: hunter22', `password: ${REDACTED}`],
      [`seed ${'ab'.repeat(20)}.`, `seed ${REDACTED}.`],
      ['wif 5Kb8kLf9zgWQnogidDA76MzPL6TsZZY36hWXMssSzNydYXYB9KF', `wif ${REDACTED}`]
    ]
    for (const [text, expected] of cases) expect(redactSecrets(text, [])).toBe(expected)
  })

  it('leaves ordinary words, ids and amounts alone', () => {
    const text = [
      'BTCPay Server did not accept the API key. Check the token in Settings.',
      'Store 7xGB4wT3SgP8i8vVCHZsX2sZ5sbXTZ1v4Y6LKwZUbuMa not found', // 44: a store id
      'sale_0123456789abcdef0123456789abcdef failed',
      'address bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 and 0.00012345 BTC',
      'invoice 8Zk9mQ2rT5vW1xY3aB4cD6 expired; secret: not set',
      'https://btcpay.example.com/api/v1/stores/7xGB4wT3SgP8i8vVCHZsX2sZ5sbXTZ1v4Y6LKwZUbuMa/invoices'
    ].join('\n')
    expect(redactSecrets(text, [KEY])).toBe(text)
  })

  it('is idempotent', () => {
    const once = redactSecrets(`api_key=abc12345 token 99887766aa ${KEY}`, [KEY])
    expect(redactSecrets(once, [KEY])).toBe(once)
  })

  it('redacts every string in audit details, deeply', () => {
    expect(
      redactDetails({ processor: 'btcpay', error: { message: `echo ${KEY}` }, list: [`token ${KEY}`] }, [KEY])
    ).toEqual({ processor: 'btcpay', error: { message: `echo ${REDACTED}` }, list: [`token ${REDACTED}`] })
  })
})

describe('where the redaction runs', () => {
  it('a ProcessorError never carries a held key, in its message or its field messages', () => {
    const held = 'held-key-' + 'Zx81'.repeat(6)
    holdSecret(held)
    const error = new ProcessorError('processor-auth', `did not accept ${held}`, {
      fields: [{ field: 'apiKey', message: `unknown ${held}` }]
    })
    expect(error.message).toBe(`did not accept ${REDACTED}`)
    expect(error.fields).toEqual([{ field: 'apiKey', message: `unknown ${REDACTED}` }])
  })

  it('dispatch strips credentials from any error a call returns', async () => {
    const handlers = {
      'app:info': async () => {
        throw new KassaError('conflict', 'server said: Bearer abc123def456')
      }
    } as unknown as Handlers
    expect(await dispatch(handlers, 'app:info', {})).toEqual({
      ok: false,
      error: { code: 'conflict', message: `server said: Bearer ${REDACTED}` }
    })
  })
})

describe('sameServerUrl', () => {
  it('compares scheme, host, port and path, normalized', () => {
    expect(sameServerUrl('https://Pay.Shop:443/', 'https://pay.shop')).toBe(true)
    expect(sameServerUrl('HTTP://127.0.0.1:8080/btcpay/', 'http://127.0.0.1:8080/btcpay')).toBe(true)
    expect(sameServerUrl('https://pay.shop', 'http://pay.shop')).toBe(false)
    expect(sameServerUrl('https://pay.shop', 'https://pay.shop:8443')).toBe(false)
    expect(sameServerUrl('https://pay.shop/a', 'https://pay.shop/b')).toBe(false)
    expect(sameServerUrl('https://pay.shop/A', 'https://pay.shop/a')).toBe(false)
    expect(sameServerUrl('https://pay.shop.evil', 'https://pay.shop')).toBe(false)
    expect(sameServerUrl('not a url', 'not a url')).toBe(false)
  })
})
