import { z } from 'zod'
import type { ProcessorId } from './invoice'
import { ProcessorIdSchema, serverUrlProblem } from './schemas'

/**
 * Webhooks in Settings: whether a processor can call this till, the webhook Kassa registered for it, and what
 * arrived. The webhook's secret stays in main's keychain and is never part of any of these.
 */

/** The processors Kassa can register a webhook with. */
/** A processor Kassa may register a webhook with; main refuses one whose module cannot. */
export const WebhookProcessorSchema = ProcessorIdSchema

/**
 * The public address of this till as processors reach it: a relay's https URL (a tunnel such as Cloudflare
 * Tunnel, ngrok or Tailscale Funnel forwarding to the web host), or plain http only to a loopback or shop-network
 * host. A path prefix is kept; Kassa appends `/webhooks/<processor>`.
 */
export const PublicUrlSchema = z
  .string()
  .trim()
  .max(300)
  .superRefine((value, ctx) => {
    const problem = serverUrlProblem(value)
    if (!problem) return
    const message = problem.startsWith('Not a URL')
      ? 'Not a URL: give the relay’s public address, like https://till.example.net'
      : problem.replace(/server URL/g, 'relay URL')
    ctx.addIssue({ code: 'custom', message })
  })
  .transform((value) => value.replace(/\/+$/, ''))

/** Input of `webhook:status`. */
export const WebhookStatusInput = z.strictObject({ processor: ProcessorIdSchema })
/** Input of `webhook:register`. */
export const WebhookRegisterInput = z.strictObject({
  processor: WebhookProcessorSchema,
  publicUrl: PublicUrlSchema
})
/** Input of `webhook:unregister`. */
export const WebhookUnregisterInput = z.strictObject({ processor: WebhookProcessorSchema })

/** A webhook Kassa registered. Times are ISO 8601. */
export interface WebhookRegistrationView {
  /** The processor's id of the webhook. */
  webhookId: string
  /** Where the processor sends deliveries: the relay's URL plus `/webhooks/<processor>`. */
  url: string
  registeredAt: string
  /** False when it was registered for another server or store than the one connected now. */
  current: boolean
}

/** Webhooks of one processor as Settings shows them. Times are ISO 8601. */
export interface WebhookStatusView {
  processor: ProcessorId
  /** Kassa can register a webhook with this processor from Settings (BTCPay, BTPay). */
  registrable: boolean
  /** This till receives deliveries (the web host's `POST /webhooks/<processor>`); the desktop app alone has none. */
  receiver: boolean
  /** The registered webhook, or null: the processor then does not call this till. */
  registration: WebhookRegistrationView | null
  /** Deliveries taken (verified, not replays) that are still remembered, and the last one's time. */
  accepted: { count: number; lastAt: string | null }
  /** Deliveries refused since the till started (forged, too old, malformed, over the limit). */
  rejected: { count: number; lastAt: string | null }
  /** The processor's own record of its latest delivery to the webhook (BTCPay), or null. */
  lastDelivery: { at: string; ok: boolean; detail: string | null } | null
  /** Plain words for Settings: how this processor reaches the till, or why it cannot and what Kassa does instead. */
  message: string
}
