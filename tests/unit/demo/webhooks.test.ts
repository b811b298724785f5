import { describe, expect, it } from 'vitest'
import { signDemoWebhook, verifyDemoWebhook } from '../../../src/main/processors/demo/webhooks'

const SECRET = 'demo-secret'
const body = (text: string) => new TextEncoder().encode(text)
const delivery = body('{"invoiceId":"demo_1","type":"InvoiceSettled"}')

describe('Demo webhook signature', () => {
  it('signs sha256=<lowercase hex HMAC-SHA256 of the raw body> and verifies it back', () => {
    const signature = signDemoWebhook(delivery, SECRET)
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(verifyDemoWebhook(delivery, { 'kassa-demo-sig': signature }, SECRET)).toEqual({
      invoiceId: 'demo_1',
      type: 'InvoiceSettled',
      payload: { invoiceId: 'demo_1', type: 'InvoiceSettled' }
    })
  })

  it('refuses a missing signature, another secret’s and a tampered body as processor-auth', () => {
    const signature = signDemoWebhook(delivery, SECRET)
    const refused = expect.objectContaining({ code: 'processor-auth' })
    expect(() => verifyDemoWebhook(delivery, {}, SECRET)).toThrow(refused)
    expect(() => verifyDemoWebhook(delivery, { 'kassa-demo-sig': signature }, 'other')).toThrow(refused)
    const tampered = body('{"invoiceId":"demo_2","type":"InvoiceSettled"}')
    expect(() => verifyDemoWebhook(tampered, { 'kassa-demo-sig': signature }, SECRET)).toThrow(refused)
  })
})
