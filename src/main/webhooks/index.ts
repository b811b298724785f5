/**
 * The webhook inbox and registrations: processors' deliveries verified, deduplicated, limited and summarised
 * (`inbox.ts`), and the webhooks Kassa registers with BTCPay and BTPay, their secrets in the keychain
 * (`registrations.ts`).
 */
import { WebhookInbox, type InboxDeps, type InboxOptions } from './inbox'
import { WebhookRegistrations, type RegistrationDeps } from './registrations'

export { WebhookInbox, DEFAULT_INBOX } from './inbox'
export type { InboxOptions, WebhookAnswer } from './inbox'
export { WebhookRegistrations, webhookSecretAccount } from './registrations'

/** The inbox and the registrations over one ledger. */
export interface Webhooks {
  inbox: WebhookInbox
  registrations: WebhookRegistrations
}

/** Build both. @throws Error for inconsistent options (see `WebhookInbox`). */
export function createWebhooks(
  deps: InboxDeps & Omit<RegistrationDeps, 'inbox'>,
  options: Partial<InboxOptions> = {}
): Webhooks {
  const inbox = new WebhookInbox(deps, options)
  return { inbox, registrations: new WebhookRegistrations({ ...deps, inbox }) }
}
