import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { callbackEvent, verifyCallback } from '../../../src/main/processors/plisio/webhooks'
import { ProcessorError } from '../../../src/main/processors/errors'
import { phpSerializeSorted } from '../../../src/main/processors/plisio/php-serialize'

const SECRET = 'test_secret'
/** The reference's test vector, in its key order. */
const FIELDS: Record<string, string> = {
  txn_id: '5ee0e502283675293c450d0e',
  ipn_type: 'invoice',
  merchant: 'My Shop',
  merchant_id: '5e1f',
  amount: '0.00012632',
  currency: 'BTC',
  order_number: 'POS-1001',
  order_name: 'Caffè latte ×2',
  confirmations: '1',
  status: 'completed',
  source_currency: 'EUR',
  source_amount: '9.00',
  source_rate: '71250.00',
  comment: '',
  psys_cid: 'BTC'
}
const FORM_HASH = '212285be03060942b819b4bc1df92a573d4ab085'
const JSON_HASH = '755e68808518db75353965fb461c83ebd1c31d3e'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString()
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' }
const JSON_HEADERS = { 'content-type': 'application/json' }

function expectRefused(run: () => unknown): void {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(ProcessorError)
    expect((error as ProcessorError).code).toBe('processor-auth')
    return
  }
  throw new Error('callback was accepted')
}

describe('Plisio verify_hash', () => {
  it('reproduces the reference test vector: PHP serialize of sorted fields, HMAC-SHA1', () => {
    expect(createHmac('sha1', SECRET).update(phpSerializeSorted(FIELDS)).digest('hex')).toBe(FORM_HASH)
  })

  it('accepts the reference form callback and returns its txn_id and status', () => {
    const body = form({ ...FIELDS, verify_hash: FORM_HASH })
    const verified = verifyCallback(bytes(body), FORM_HEADERS, SECRET)
    expect(verified.format).toBe('form')
    expect(callbackEvent(verified)).toMatchObject({
      invoiceId: '5ee0e502283675293c450d0e',
      type: 'completed'
    })
  })

  it('names a callback by its fields, the same whether it came as a form or as JSON in any key order', () => {
    const fromForm = callbackEvent(
      verifyCallback(bytes(form({ ...FIELDS, verify_hash: FORM_HASH })), FORM_HEADERS, SECRET)
    )
    const fromJson = callbackEvent(
      verifyCallback(
        bytes(JSON.stringify({ ...FIELDS, verify_hash: JSON_HASH }, null, 2)),
        JSON_HEADERS,
        SECRET
      )
    )
    expect(fromForm.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(fromJson.deliveryId).toBe(fromForm.deliveryId)
    // Plisio signs no time: the inbox cannot check a window, only the digest.
    expect(fromForm.signedAt).toBeNull()
    const later = callbackEvent({ format: 'form', fields: { ...FIELDS, confirmations: '2' } })
    expect(later.deliveryId).not.toBe(fromForm.deliveryId)
  })

  it('accepts the form callback whatever order the fields arrive in', () => {
    const reversed = Object.fromEntries(Object.entries(FIELDS).reverse())
    expect(() =>
      verifyCallback(bytes(form({ verify_hash: FORM_HASH, ...reversed })), FORM_HEADERS, SECRET)
    ).not.toThrow()
  })

  it('accepts a json=true callback signed in received order (the reference JSON vector)', () => {
    const body = JSON.stringify({ ...FIELDS, verify_hash: JSON_HASH })
    expect(verifyCallback(bytes(body), JSON_HEADERS, SECRET).format).toBe('json')
  })

  it('accepts a json=true callback signed with sorted keys and string values', () => {
    const sorted = Object.fromEntries(Object.entries(FIELDS).sort(([a], [b]) => (a < b ? -1 : 1)))
    const hash = createHmac('sha1', SECRET).update(JSON.stringify(sorted)).digest('hex')
    const body = JSON.stringify({ ...FIELDS, confirmations: 1, verify_hash: hash })
    expect(() => verifyCallback(bytes(body), {}, SECRET)).not.toThrow()
  })

  it('accepts a form callback whose tx_urls arrive HTML-escaped, as PHP plugins decode them', () => {
    const fields = { ...FIELDS, tx_urls: '["https://x.example/tx/1"]' }
    const hash = createHmac('sha1', SECRET).update(phpSerializeSorted(fields)).digest('hex')
    const body = form({ ...fields, tx_urls: '[&quot;https://x.example/tx/1&quot;]', verify_hash: hash })
    expect(() => verifyCallback(bytes(body), FORM_HEADERS, SECRET)).not.toThrow()
  })

  it('rejects a form callback with a tampered amount', () => {
    expectRefused(() =>
      verifyCallback(
        bytes(form({ ...FIELDS, amount: '1.00000000', verify_hash: FORM_HASH })),
        FORM_HEADERS,
        SECRET
      )
    )
  })

  it('rejects a forged hash, a missing hash and the wrong secret', () => {
    expectRefused(() =>
      verifyCallback(bytes(form({ ...FIELDS, verify_hash: 'f'.repeat(40) })), FORM_HEADERS, SECRET)
    )
    expectRefused(() => verifyCallback(bytes(form(FIELDS)), FORM_HEADERS, SECRET))
    expectRefused(() =>
      verifyCallback(bytes(form({ ...FIELDS, verify_hash: FORM_HASH })), FORM_HEADERS, 'other')
    )
  })

  it('rejects a tampered or unsigned JSON callback', () => {
    expectRefused(() =>
      verifyCallback(
        bytes(JSON.stringify({ ...FIELDS, status: 'mismatch', verify_hash: JSON_HASH })),
        JSON_HEADERS,
        SECRET
      )
    )
    expectRefused(() => verifyCallback(bytes(JSON.stringify(FIELDS)), JSON_HEADERS, SECRET))
  })

  it('answers processor-bad-response for a body that is not JSON although it says so', () => {
    expect(() => verifyCallback(bytes('{not json'), JSON_HEADERS, SECRET)).toThrow(
      expect.objectContaining({ code: 'processor-bad-response' })
    )
  })
})
