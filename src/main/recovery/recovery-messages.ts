import type {
  OutboxMessageView,
  RecoveryDetailView,
  RecoveryDraftView,
  RecoveryTemplate,
  RecoveryTemplatesView
} from '@shared/recovery'
import type { ParsedInput } from '@shared/contract'
import type { Ledger } from '../ledger/ledger'
import type { Logger } from '../log/logger'
import type { SecretStore } from '../secrets/secret-store'
import { randomUUID } from 'node:crypto'
import { RECOVERY_VARIABLES } from '@shared/recovery'
import { Outbox } from './messages/outbox'
import { draftMessage } from './messages/draft'
import { checkTemplates, readTemplates, TEMPLATES_KEY } from './messages/templates'

/** What recovery messages need from the core. */
export interface RecoveryMessagesDeps {
  ledger: Ledger
  secrets: SecretStore
  /** A failed charge with its context (from `RecoveryService.detail`). @throws KassaError `not-found` */
  detail: (itemId: string) => RecoveryDetailView
  /** The shop's name as on the receipt. */
  shopName: () => string
  /** The till's language when the customer's is not known (`en`, `de`). */
  tillLanguage: () => string
  /** A message about the item went out (any channel) at `at` (ISO 8601). */
  noteSent: (itemId: string, at: string) => void
  /** ms since the epoch. */
  now: () => number
  log: Logger
  /** SMTP timeout per step in ms (tests shorten it). */
  smtpTimeoutMs?: number
  /**
   * Background retries of a `failed` SMTP message: delays in ms before the 2nd, 3rd … attempt (default 1 min,
   * 5 min, 30 min; `[]` turns them off). `unknown` ones are never retried by themselves.
   */
  retryDelaysMs?: readonly number[]
  /** How often the background retry looks for due messages, ms (default 5 s). */
  retryPollMs?: number
}

/**
 * Recovery messages (docs/recovery.md, "Messages and the outbox"): the owner's templates (settings key
 * `recovery:templates`, a default per UI language until saved), drafts filled from a failed charge's context
 * (`deps.detail`), and the outbox that records every message and sends the SMTP ones exactly once (`./messages/`).
 */
export class RecoveryMessages {
  private readonly outboxOf: Outbox

  constructor(readonly deps: RecoveryMessagesDeps) {
    this.outboxOf = new Outbox({
      ledger: deps.ledger,
      secrets: deps.secrets,
      noteSent: (itemId, at) => deps.noteSent(itemId, at),
      now: deps.now,
      log: deps.log,
      smtpTimeoutMs: deps.smtpTimeoutMs,
      retryDelaysMs: deps.retryDelaysMs,
      retryPollMs: deps.retryPollMs
    })
  }

  /** The saved templates (or the defaults) and the variables they may use. */
  templates(): RecoveryTemplatesView {
    return { templates: readTemplates(this.deps.ledger), variables: RECOVERY_VARIABLES }
  }

  /**
   * Replace the templates (one per language); audited `recovery.templates-saved` with the languages only.
   * @throws KassaError `invalid-input`: an unknown `{{variable}}` (`{reason: 'unknown-variable', name,
   *   language}`), a stray `{{`/`}}` (`malformed-template`), two templates of one language (`duplicate-language`)
   */
  saveTemplates(templates: RecoveryTemplate[]): RecoveryTemplatesView {
    checkTemplates(templates)
    const saved = templates.map(({ language, subject, body }) => ({ language, subject, body }))
    this.deps.ledger.setSetting(TEMPLATES_KEY, JSON.stringify(saved))
    this.deps.ledger.audit('owner', 'recovery.templates-saved', null, {
      languages: saved.map((t) => t.language)
    })
    return this.templates()
  }

  /**
   * The message for a failed charge in `language`, else the customer's, else the till's (English when there is no
   * template for it). @throws KassaError `not-found` for an unknown item
   */
  draft(itemId: string, language: string | undefined): RecoveryDraftView {
    return draftMessage({
      detail: this.deps.detail(itemId),
      templates: readTemplates(this.deps.ledger),
      language,
      tillLanguage: this.deps.tillLanguage(),
      shopName: this.deps.shopName()
    })
  }

  /**
   * Send a message about an item: `smtp` through the shop's SMTP server (answered after the first attempt, whose
   * outcome — `sent`, `failed` with the server's reason, `unknown` — is the message's state), or record one the
   * owner copied or opened in the mail client (`sent`). Audited `recovery.message-sent` without address or text.
   * @throws KassaError `not-found` for an unknown item; `not-configured` for SMTP without a server set up
   */
  send(input: ParsedInput<'recovery:send'>): Promise<OutboxMessageView> {
    try {
      const detail = this.deps.detail(input.itemId)
      const message = {
        id: 'msg_' + randomUUID().replace(/-/g, ''),
        itemId: input.itemId,
        saleId: detail.saleId,
        to: input.to ?? null,
        subject: input.subject,
        body: input.body,
        createdAt: new Date(this.deps.now()).toISOString()
      }
      if (input.channel === 'smtp') return this.outboxOf.sendSmtp(message)
      return Promise.resolve(this.outboxOf.recordSent({ ...message, channel: input.channel }))
    } catch (error) {
      return Promise.reject(error as Error)
    }
  }

  /** The outbox, newest first: every message, or one item's. */
  outbox(itemId: string | undefined): OutboxMessageView[] {
    return this.outboxOf.list(itemId)
  }

  /** The item's messages, newest first (for the item's detail). */
  messagesOf(itemId: string): OutboxMessageView[] {
    return this.outboxOf.list(itemId)
  }

  /**
   * Send a `failed` or `unknown` message again; a retry of a message already being sent gets that attempt's
   * outcome. @throws KassaError `not-found`; `conflict` for a message in another state
   */
  retry(messageId: string): Promise<OutboxMessageView> {
    return this.outboxOf.retry(messageId)
  }

  /** Messages left `sending` by a stopped till become `unknown`; the background retry of `failed` ones starts. */
  start(): void {
    this.outboxOf.start()
  }

  /** Stop the background retry and wait for attempts under way. */
  async stop(): Promise<void> {
    await this.outboxOf.stop()
  }
}
