/**
 * The Demo's webhook deliveries, signed `Kassa-Demo-Sig: sha256=<hex HMAC-SHA256(secret, raw body)>` (BTCPay's
 * scheme under the Demo's own header).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { ProcessorError } from '../errors'
import type { WebhookEvent } from '../types'

/** The `Kassa-Demo-Sig` value the Demo sends with `rawBody`: `sha256=<lowercase hex>`. */
export function signDemoWebhook(rawBody: Uint8Array, secret: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(rawBody).digest('hex')
}

/**
 * Verify `Kassa-Demo-Sig` over the raw body (timing-safe) and parse `{invoiceId, type}`.
 * @param headers lower-case header names
 * @throws ProcessorError `processor-auth` when the signature is missing or wrong.
 */
export function verifyDemoWebhook(
  rawBody: Uint8Array,
  headers: Record<string, string | undefined>,
  secret: string
): WebhookEvent {
  const given = Buffer.from(headers['kassa-demo-sig'] ?? '')
  const expected = Buffer.from(signDemoWebhook(rawBody, secret))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ProcessorError('processor-auth', 'Webhook signature does not match: delivery ignored')
  }
  const payload = JSON.parse(Buffer.from(rawBody).toString('utf8')) as { invoiceId?: string; type?: string }
  return { invoiceId: payload.invoiceId ?? null, type: payload.type ?? 'unknown', payload }
}
