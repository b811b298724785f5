import type { WebhookFacts } from '../processors/module'

/** The facts Settings' webhook message depends on. */
export interface StatusFacts {
  /** The processor's id, label and webhook facts (from its module). */
  processor: { id: string; label: string; webhooks: WebhookFacts }
  /** This till runs a receiver (the web host). */
  receiver: boolean
  connected: boolean
  registration: { url: string; current: boolean } | null
}

const RELAY =
  'A processor can call this till only through a relay that gives it a public https address (a tunnel such as ' +
  'Cloudflare Tunnel, ngrok or Tailscale Funnel forwarding to the till’s web host).'

/**
 * The plain-words message of `webhook:status`: whether this processor can call the till, and what Kassa does
 * when it cannot.
 */
export function statusMessage(facts: StatusFacts): string {
  const { label: name, webhooks } = facts.processor
  const followed = webhooks.followed
  if (webhooks.mode === 'none') return followed
  if (!facts.receiver) {
    return (
      `${name} cannot reach this till: the desktop app has no address a processor can call, so it receives no ` +
      `webhooks. ${followed}`
    )
  }
  if (webhooks.mode === 'static') return `${webhooks.setup ?? ''} ${RELAY} ${followed}`.trim()
  if (!facts.connected) return `Connect ${name} first. ${followed}`
  const caveat = webhooks.caveat ? ` ${webhooks.caveat}` : ''
  if (!facts.registration) {
    return (
      `${name} cannot reach this till: no webhook is registered. ${followed} ${RELAY} Give its ` +
      `address below and Kassa registers a webhook, so ${name} tells the till at once.${caveat}`
    )
  }
  if (!facts.registration.current) {
    return (
      `This webhook was registered for another ${name} server or store than the one connected now: remove it and ` +
      `register again. ${followed}`
    )
  }
  return (
    `${name} sends invoice events to ${facts.registration.url}. Each delivery is checked with a secret kept in ` +
    `this computer’s keychain and only makes Kassa read the invoice again: a delivery never changes a sale by ` +
    `itself. If the relay stops, nothing is missed: Kassa also follows every invoice itself.${caveat}`
  )
}
