/**
 * Webhooks: `GET|POST /api/v1/stores/{storeId}/webhooks`, `GET|DELETE …/webhooks/{webhookId}`,
 * `GET …/webhooks/{webhookId}/deliveries`, and verification of deliveries: header
 * `BTCPay-Sig: sha256=<lowercase hex HMAC-SHA256(secret, raw body bytes)>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { ProcessorError } from '../errors'
import { AnyBody } from '../http'
import type { CallOptions, WebhookEvent, WebhookRegistrar } from '../types'
import type { BtcpayClient } from './client'
import { WebhookDeliverySchema, WebhookSchema, type WebhookData, type WebhookDeliveryData } from './schemas'

/**
 * The invoice events Kassa registers for: every one that may change what the till shows (spec names only;
 * `InvoicePaidAfterExpiration` also comes as `InvoiceReceivedPayment` with `afterExpiration`).
 */
export const INVOICE_EVENTS = [
  'InvoiceReceivedPayment',
  'InvoicePaymentSettled',
  'InvoiceProcessing',
  'InvoiceExpired',
  'InvoiceSettled',
  'InvoiceInvalid'
] as const

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
  async delete(webhookId: string, options?: CallOptions): Promise<void> {
    await this.client.send(
      AnyBody,
      { method: 'DELETE', path: this.client.storePath('webhooks', webhookId) },
      options
    )
  }

  /**
   * The latest `count` deliveries to a webhook as BTCPay recorded them, newest first.
   * @throws ProcessorError `processor-not-found`.
   */
  deliveries(
    webhookId: string,
    query: { count?: number } = {},
    options?: CallOptions
  ): Promise<WebhookDeliveryData[]> {
    return this.client.send(
      z.array(WebhookDeliverySchema),
      {
        method: 'GET',
        path: this.client.storePath('webhooks', webhookId, 'deliveries'),
        query: { count: query.count }
      },
      options
    )
  }
}

/**
 * The registrar port over the webhooks resource: Kassa's own secret is sent with the create (BTCPay keeps it and
 * shows it only in that answer); `useSecret` hands the secret to the connector's `verifyWebhook`.
 */
export function btcpayWebhookRegistrar(
  webhooks: Webhooks,
  useSecret: (secret: string | null) => void
): WebhookRegistrar {
  return {
    async registerWebhook(url, secret, options) {
      const created = await webhooks.create({ url, secret, events: [...INVOICE_EVENTS] }, options)
      return { id: created.id, secret: created.secret || secret }
    },
    async deleteWebhook(id, options) {
      try {
        await webhooks.delete(id, options)
      } catch (error) {
        if (!(error instanceof ProcessorError && error.code === 'processor-not-found')) throw error
      }
    },
    async webhooksAt(url, options) {
      return (await webhooks.list(options)).filter((hook) => hook.url === url).map((hook) => hook.id)
    },
    async lastDelivery(id, options) {
      const [latest] = await webhooks.deliveries(id, { count: 1 }, options)
      if (!latest) return null
      return {
        at: (latest.deliveryTime ?? latest.timestamp) * 1000,
        ok: latest.status === 'HttpSuccess',
        detail:
          latest.status === 'HttpSuccess'
            ? null
            : (latest.errorMessage ?? (latest.httpCode ? `HTTP ${latest.httpCode}` : latest.status))
      }
    },
    useWebhookSecret: useSecret
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
    payload,
    // A redelivery has its own deliveryId and keeps the original `timestamp` (Unix seconds).
    deliveryId: typeof record.deliveryId === 'string' && record.deliveryId !== '' ? record.deliveryId : null,
    signedAt:
      typeof record.timestamp === 'number' && Number.isFinite(record.timestamp)
        ? record.timestamp * 1000
        : null
  }
}
