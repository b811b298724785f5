import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ProcessorError } from '../../../src/main/processors/errors'
import { verifyBtpaySignature, verifyBtpayWebhook } from '../../../src/main/processors/btpay/webhooks'

// A BTPay secret: base64url of 32 bytes, 43 characters, no whsec_ prefix.
const secret = 'q3Jc0hQm7x9U1rXyZl2d8B5kVn4sWtA6eFgHiJkLmNo'
const body = Buffer.from(
  JSON.stringify({
    event: 'invoice.paid',
    data: { invoice: { invoice_number: 'INV-0007', status: 'paid' } },
    timestamp: '2026-11-21T12:54:26.595061+00:00'
  })
)
const sign = (bytes: Uint8Array, key = secret): string =>
  createHmac('sha256', key).update(bytes).digest('hex')

describe('BTPay webhook signature', () => {
  it('accepts a valid signature and reads the invoice number and event', () => {
    const event = verifyBtpayWebhook(body, { 'X-BTPay-Signature': sign(body) }, secret)
    expect(event).toMatchObject({ invoiceId: 'INV-0007', type: 'invoice.paid' })
  })

  it('names the delivery by a digest of the signed bytes and reads the signed timestamp', () => {
    const event = verifyBtpayWebhook(body, { 'X-BTPay-Signature': sign(body) }, secret)
    // BTPay sends no delivery id; its retries resend the same bytes, so the same digest.
    expect(event.deliveryId).toBe('sha256:' + createHash('sha256').update(body).digest('hex'))
    expect(event.signedAt).toBe(Date.UTC(2026, 10, 21, 12, 54, 26, 595))
    const later = Buffer.from(body.toString().replace('26.595061', '27.000001'))
    expect(verifyBtpayWebhook(later, { 'X-BTPay-Signature': sign(later) }, secret).deliveryId).not.toBe(
      event.deliveryId
    )
  })

  it('accepts an upper-case hex signature under a lower-case header name', () => {
    expect(verifyBtpayWebhook(body, { 'x-btpay-signature': sign(body).toUpperCase() }, secret).type).toBe(
      'invoice.paid'
    )
  })

  it('rejects a forged signature made with another secret', () => {
    expect(() => verifyBtpayWebhook(body, { 'X-BTPay-Signature': sign(body, 'other') }, secret)).toThrow(
      ProcessorError
    )
  })

  it('rejects a delivery without a signature header', () => {
    expect(() => verifyBtpayWebhook(body, {}, secret)).toThrow(/without X-BTPay-Signature/)
  })

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(body.toString().replace('"paid"', '"confirmed"'))
    expect(verifyBtpaySignature(tampered, sign(body), secret)).toBe(false)
  })

  it('does not strip a whsec_ prefix: signing with a prefixed secret fails', () => {
    expect(verifyBtpaySignature(body, sign(body, `whsec_${secret}`), secret)).toBe(false)
  })

  it('rejects malformed signatures without throwing', () => {
    expect(verifyBtpaySignature(body, 'zz', secret)).toBe(false)
    expect(verifyBtpaySignature(body, sign(body).slice(2), secret)).toBe(false)
  })

  it('refuses to verify when no secret is configured', () => {
    expect(() => verifyBtpayWebhook(body, { 'x-btpay-signature': sign(body) }, undefined)).toThrow(/secret/)
  })
})
