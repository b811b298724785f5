import type { ProcessorId } from '@shared/invoice'

/** The facts Settings' webhook message depends on. */
export interface StatusFacts {
  processor: ProcessorId
  /** This till runs a receiver (the web host). */
  receiver: boolean
  connected: boolean
  registration: { url: string; current: boolean } | null
}

/** How each processor is followed when it does not call the till. */
const FOLLOWED: Record<ProcessorId, string> = {
  demo: 'The Demo processor needs no webhooks.',
  btcpay:
    'Kassa follows every invoice itself (it reads it every few seconds, and listens to BTCPay’s checkout websocket for the one on screen), so no payment is missed.',
  btpay: 'Kassa asks BTPay for each open invoice’s status itself, so no payment is missed.',
  plisio: 'Kassa reads each open invoice from Plisio itself, so no payment is missed.'
}

const RELAY =
  'A processor can call this till only through a relay that gives it a public https address (a tunnel such as ' +
  'Cloudflare Tunnel, ngrok or Tailscale Funnel forwarding to the till’s web host).'

/**
 * The plain-words message of `webhook:status`: whether this processor can call the till, and what Kassa does
 * when it cannot.
 */
export function statusMessage(facts: StatusFacts): string {
  const { processor } = facts
  if (processor === 'demo') return FOLLOWED.demo ?? ''
  const name = processor === 'btcpay' ? 'BTCPay Server' : processor === 'btpay' ? 'BTPay' : 'Plisio'
  if (!facts.receiver) {
    return (
      `${name} cannot reach this till: the desktop app has no address a processor can call, so it receives no ` +
      `webhooks. ${FOLLOWED[processor]}`
    )
  }
  if (processor === 'plisio') {
    return (
      'Plisio signs its callbacks with your API key, so there is nothing to register. Plisio cannot reach this till ' +
      `unless its Status URL is this till’s public address followed by /webhooks/plisio. ${RELAY} ` +
      FOLLOWED.plisio
    )
  }
  if (!facts.connected) return `Connect ${name} first. ${FOLLOWED[processor]}`
  const btpayCaveat =
    processor === 'btpay'
      ? ' BTPay 0.1 does not send deliveries yet (its dispatcher is not started), and it refuses addresses that are ' +
        'not public.'
      : ''
  if (!facts.registration) {
    return (
      `${name} cannot reach this till: no webhook is registered. ${FOLLOWED[processor]} ${RELAY} Give its ` +
      `address below and Kassa registers a webhook, so ${name} tells the till at once.${btpayCaveat}`
    )
  }
  if (!facts.registration.current) {
    return (
      `This webhook was registered for another ${name} server or store than the one connected now: remove it and ` +
      `register again. ${FOLLOWED[processor]}`
    )
  }
  return (
    `${name} sends invoice events to ${facts.registration.url}. Each delivery is checked with a secret kept in ` +
    `this computer’s keychain and only makes Kassa read the invoice again: a delivery never changes a sale by ` +
    `itself. If the relay stops, nothing is missed: Kassa also follows every invoice itself.${btpayCaveat}`
  )
}
