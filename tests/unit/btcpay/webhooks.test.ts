import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  isValidWebhookSignature,
  signWebhookBody,
  verifyWebhookDelivery
} from '../../../src/main/processors/btcpay'

const secret = 'kassa-secret'
// BTCPay sends pretty-printed JSON: the signature covers these exact bytes.
const body = new TextEncoder().encode(
  JSON.stringify(
    { deliveryId: 'd1', type: 'InvoiceSettled', timestamp: 1_795_265_666, invoiceId: 'inv1', storeId: 's1' },
    null,
    2
  )
)
const independent = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex')

describe('BTCPay webhook signature', () => {
  it('accepts the HMAC-SHA256 of the raw body (sha256=<lowercase hex>)', () => {
    expect(signWebhookBody(body, secret)).toBe(independent)
    expect(isValidWebhookSignature(body, independent, secret)).toBe(true)
    expect(
      isValidWebhookSignature(body, independent.toUpperCase().replace('SHA256=', 'sha256='), secret)
    ).toBe(true)
  })

  it('rejects a signature made with another secret', () => {
    expect(isValidWebhookSignature(body, signWebhookBody(body, 'other'), secret)).toBe(false)
  })

  it('rejects a missing or malformed header', () => {
    expect(isValidWebhookSignature(body, undefined, secret)).toBe(false)
    expect(isValidWebhookSignature(body, '', secret)).toBe(false)
    expect(isValidWebhookSignature(body, independent.slice('sha256='.length), secret)).toBe(false)
    expect(isValidWebhookSignature(body, 'sha256=abcd', secret)).toBe(false)
  })

  it('rejects a tampered body, even one that parses to the same JSON', () => {
    const reformatted = new TextEncoder().encode(JSON.stringify(JSON.parse(new TextDecoder().decode(body))))
    expect(isValidWebhookSignature(reformatted, independent, secret)).toBe(false)
    const changed = new TextEncoder().encode(new TextDecoder().decode(body).replace('inv1', 'inv2'))
    expect(isValidWebhookSignature(changed, independent, secret)).toBe(false)
  })

  it('parses a verified delivery, matching the header name case-insensitively', () => {
    expect(verifyWebhookDelivery(body, { 'BTCPay-Sig': independent }, secret)).toEqual({
      invoiceId: 'inv1',
      type: 'InvoiceSettled',
      payload: {
        deliveryId: 'd1',
        type: 'InvoiceSettled',
        timestamp: 1_795_265_666,
        invoiceId: 'inv1',
        storeId: 's1'
      },
      // The inbox deduplicates on BTCPay's deliveryId and checks the signed timestamp (Unix seconds → ms).
      deliveryId: 'd1',
      signedAt: 1_795_265_666_000
    })
  })

  it('throws processor-auth for a missing or wrong signature', () => {
    expect(() => verifyWebhookDelivery(body, {}, secret)).toThrow(
      expect.objectContaining({ code: 'processor-auth' })
    )
    expect(() => verifyWebhookDelivery(body, { 'btcpay-sig': signWebhookBody(body, 'x') }, secret)).toThrow(
      expect.objectContaining({ code: 'processor-auth' })
    )
  })
})
