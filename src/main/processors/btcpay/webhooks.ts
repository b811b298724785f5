/**
 * Webhooks: `GET|POST /api/v1/stores/{storeId}/webhooks`, `GET|DELETE …/webhooks/{webhookId}`, and verification
 * of deliveries: header `BTCPay-Sig: sha256=<lowercase hex HMAC-SHA256(secret, raw body bytes)>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { ProcessorError } from '../errors'
import type { CallOptions, WebhookEvent } from '../types'
import type { BtcpayClient } from './client'
import { WebhookSchema, type WebhookData } from './schemas'

/** A new webhook. Without `secret` BTCPay generates one and returns it once, in the create response. */
export interface WebhookCreate {
  url: string
  secret?: string
  /** Event types (`InvoiceSettled`, …); omitted = every event. */
  events?: string[]
  enabled?: boolean
  automaticRedelivery?: boolean
}

export class Webhooks {
  constructor(private readonly client: BtcpayClient) {}

  /** Register a webhook. @throws ProcessorError 422 `url` when the URL is not absolute. */
  create(webhook: WebhookCreate, options?: CallOptions): Promise<WebhookData> {
    const body = {
      enabled: webhook.enabled ?? true,
      automaticRedelivery: webhook.automaticRedelivery ?? true,
      url: webhook.url,
      ...(webhook.secret !== undefined && { secret: webhook.secret }),
      authorizedEvents: webhook.events?.length
        ? { everything: false, specificEvents: webhook.events }
        : { everything: true, specificEvents: [] }
    }
    return this.client.send(
      WebhookSchema,
      { method: 'POST', path: this.client.storePath('webhooks'), body },
      { ...options, maxRetries: 0 }
    )
  }

  /** List the store's webhooks (no secrets). */
  list(options?: CallOptions): Promise<WebhookData[]> {
    return this.client.send(
      z.array(WebhookSchema),
      { method: 'GET', path: this.client.storePath('webhooks') },
      options
    )
  }

  /** One webhook (no secret). @throws ProcessorError `processor-not-found`. */
  retrieve(webhookId: string, options?: CallOptions): Promise<WebhookData> {
    return this.client.send(
      WebhookSchema,
      { method: 'GET', path: this.client.storePath('webhooks', webhookId) },
      options
    )
  }

  /** Delete a webhook. @throws ProcessorError `processor-not-found`. */
  delete(webhookId: string, options?: CallOptions): Promise<void> {
    return this.client.sendEmpty(
      { method: 'DELETE', path: this.client.storePath('webhooks', webhookId) },
      options
    )
  }
}

/** The `BTCPay-Sig` value BTCPay would send for `rawBody`: `sha256=<lowercase hex>`. */
export function signWebhookBody(rawBody: Uint8Array, secret: string): string {
  return 'sha256=' + createHmac('sha256', Buffer.from(secret, 'utf8')).update(rawBody).digest('hex')
}

/**
 * True when `signature` (the `BTCPay-Sig` header) is the HMAC of exactly these bytes. Timing-safe; the hex is
 * compared case-insensitively (BTCPay sends lowercase).
 */
export function isValidWebhookSignature(
  rawBody: Uint8Array,
  signature: string | undefined,
  secret: string
): boolean {
  if (!signature) return false
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(signature.trim())
  if (!match?.[1]) return false
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(rawBody).digest()
  const given = Buffer.from(match[1].toLowerCase(), 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * Verify a delivery and parse it. Headers are matched case-insensitively.
 * @throws ProcessorError `processor-auth` when the signature is missing or wrong; `processor-bad-response` when
 *   the signed body is not a JSON object.
 */
export function verifyWebhookDelivery(
  rawBody: Uint8Array,
  headers: Record<string, string | undefined>,
  secret: string
): WebhookEvent {
  const header = Object.entries(headers).find(([name]) => name.toLowerCase() === 'btcpay-sig')?.[1]
  if (!header) throw new ProcessorError('processor-auth', 'Webhook delivery has no BTCPay-Sig header')
  if (!isValidWebhookSignature(rawBody, header, secret)) {
    throw new ProcessorError(
      'processor-auth',
      'Webhook delivery signature does not match (wrong secret or altered body)'
    )
  }
  let payload: unknown
  try {
    payload = JSON.parse(Buffer.from(rawBody).toString('utf8'))
  } catch (error) {
    throw new ProcessorError('processor-bad-response', 'Webhook delivery is not JSON', { cause: error })
  }
  if (typeof payload !== 'object' || payload === null) {
    throw new ProcessorError('processor-bad-response', 'Webhook delivery is not a JSON object')
  }
  const record = payload as Record<string, unknown>
  return {
    invoiceId: typeof record.invoiceId === 'string' ? record.invoiceId : null,
    type: typeof record.type === 'string' ? record.type : 'unknown',
    payload
  }
}
