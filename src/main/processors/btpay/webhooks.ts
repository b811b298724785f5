import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { ProcessorError } from '../errors'
import type { CallOptions, WebhookEvent, WebhookRegistrar } from '../types'
import type { BtpayClient } from './client'
import {
  BtpayOkSchema,
  BtpayWebhookBodySchema,
  BtpayWebhookCreatedSchema,
  BtpayWebhookListSchema,
  type BtpayWebhook,
  type BtpayWebhookCreated
} from './schemas'

/** Body of `POST /api/v1/webhooks`. `events` default `['*']`. */
export interface BtpayWebhookCreateParams {
  /** Public http(s) URL: BTPay answers 400 for localhost, private, reserved, link-local, `.local`, `.internal`. */
  url: string
  events?: string[]
  description?: string
}

/**
 * BTPay webhook endpoints (`/api/v1/webhooks`). BTPay can never call a LAN or desktop till (SSRF guard), and 0.1.x
 * never dispatches deliveries: Kassa polls instead; these exist for a public relay. May throw `ProcessorError`.
 */
export class Webhooks {
  constructor(private readonly client: BtpayClient) {}

  /** `GET /api/v1/webhooks`: endpoints without their secrets. */
  async list(options: CallOptions = {}): Promise<BtpayWebhook[]> {
    const answer = await this.client.send(
      BtpayWebhookListSchema,
      { method: 'GET', path: 'api/v1/webhooks' },
      options
    )
    return answer.webhooks
  }

  /**
   * `POST /api/v1/webhooks` → 201 with `secret` (shown once; base64url, 43 chars, no `whsec_` prefix).
   * @throws ProcessorError `processor-invalid-request` "URL is required" or the SSRF guard's refusal
   */
  create(params: BtpayWebhookCreateParams, options: CallOptions = {}): Promise<BtpayWebhookCreated> {
    return this.client.send(
      BtpayWebhookCreatedSchema,
      { method: 'POST', path: 'api/v1/webhooks', body: params },
      { maxRetries: 0, ...options }
    )
  }

  /**
   * `DELETE /api/v1/webhooks/<id>` (integer id): a soft delete (`is_active: false`).
   * @throws ProcessorError `processor-not-found` for an unknown or non-numeric id
   */
  async delete(id: number | string, options: CallOptions = {}): Promise<void> {
    await this.client.send(
      BtpayOkSchema,
      { method: 'DELETE', path: `api/v1/webhooks/${encodeURIComponent(String(id))}` },
      options
    )
  }
}

/**
 * True when `signature` is `hex(HMAC-SHA256(secret, rawBody))`, compared in constant time. The secret is used as
 * given (UTF-8), with no `whsec_` prefix to strip. False for a missing, malformed or wrong signature.
 */
export function verifyBtpaySignature(
  rawBody: Uint8Array,
  signature: string | undefined,
  secret: string
): boolean {
  if (!signature || !/^[0-9a-fA-F]{64}$/.test(signature.trim()) || secret === '') return false
  const expected = createHmac('sha256', secret).update(rawBody).digest()
  return timingSafeEqual(expected, Buffer.from(signature.trim(), 'hex'))
}

/**
 * The registrar port over the endpoints resource. BTPay makes the secret itself and shows it once, in the create
 * answer, so Kassa's proposed one is not used; `delete` only deactivates the endpoint. Every event (`*`): BTPay's
 * event names are not documented, and one without an invoice only costs a duplicate check.
 */
export function btpayWebhookRegistrar(
  webhooks: Webhooks,
  useSecret: (secret: string | null) => void
): WebhookRegistrar {
  return {
    async registerWebhook(url, _secret, options) {
      const created = await webhooks.create({ url, events: ['*'], description: 'Kassa till' }, options)
      return { id: String(created.id), secret: created.secret }
    },
    async deleteWebhook(id, options) {
      try {
        await webhooks.delete(id, options)
      } catch (error) {
        if (!(error instanceof ProcessorError && error.code === 'processor-not-found')) throw error
      }
    },
    async webhooksAt(url, options) {
      return (await webhooks.list(options))
        .filter((w) => w.is_active && w.url === url)
        .map((w) => String(w.id))
    },
    useWebhookSecret: useSecret
  }
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value
  return undefined
}

/**
 * Verify a BTPay delivery (`X-BTPay-Signature` over the raw body bytes) and parse `{event, data, timestamp}`.
 * `invoiceId` is `data.invoice.invoice_number` when present. BTPay sends no delivery id, but its retries resend
 * the same bytes (the timestamp has microseconds), so `deliveryId` is a digest of the signed body; `signedAt` is
 * the body's `timestamp`.
 * @throws ProcessorError `processor-auth` when no secret is configured or the signature is missing or wrong;
 *   `processor-bad-response` when the signed body is not BTPay's JSON
 */
export function verifyBtpayWebhook(
  rawBody: Uint8Array,
  headers: Record<string, string | undefined>,
  secret: string | undefined
): WebhookEvent {
  if (!secret) throw new ProcessorError('processor-auth', 'No BTPay webhook secret is configured')
  const signature = header(headers, 'x-btpay-signature')
  if (!signature) throw new ProcessorError('processor-auth', 'BTPay webhook without X-BTPay-Signature')
  if (!verifyBtpaySignature(rawBody, signature, secret)) {
    throw new ProcessorError('processor-auth', 'BTPay webhook signature does not match')
  }
  let json: unknown
  try {
    json = JSON.parse(Buffer.from(rawBody).toString('utf8'))
  } catch (cause) {
    throw new ProcessorError('processor-bad-response', 'BTPay webhook body is not JSON', { cause })
  }
  const parsed = BtpayWebhookBodySchema.safeParse(json)
  if (!parsed.success)
    throw new ProcessorError('processor-bad-response', 'BTPay webhook body is not BTPay JSON')
  const data = parsed.data.data as { invoice?: { invoice_number?: unknown } } | null
  const number = data?.invoice?.invoice_number
  const signedAt = parsed.data.timestamp === undefined ? NaN : Date.parse(parsed.data.timestamp)
  return {
    invoiceId: typeof number === 'string' ? number : null,
    type: parsed.data.event,
    payload: json,
    deliveryId: 'sha256:' + createHash('sha256').update(rawBody).digest('hex'),
    signedAt: Number.isNaN(signedAt) ? null : signedAt
  }
}
