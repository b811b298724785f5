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
import { KassaError } from '@shared/errors'

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
}

/**
 * Recovery messages (docs/recovery.md): the owner's templates, drafts, and the outbox that sends through the
 * shop's SMTP server exactly once. SCAFFOLD: the lead's contract commit; the recovery-messages work fills it.
 */
export class RecoveryMessages {
  constructor(readonly deps: RecoveryMessagesDeps) {}

  templates(): RecoveryTemplatesView {
    throw notYet()
  }
  saveTemplates(_templates: RecoveryTemplate[]): RecoveryTemplatesView {
    throw notYet()
  }
  draft(_itemId: string, _language: string | undefined): RecoveryDraftView {
    throw notYet()
  }
  send(_input: ParsedInput<'recovery:send'>): Promise<OutboxMessageView> {
    return Promise.reject(notYet())
  }
  outbox(_itemId: string | undefined): OutboxMessageView[] {
    throw notYet()
  }
  /** The item's messages, newest first (for the item's detail). */
  messagesOf(_itemId: string): OutboxMessageView[] {
    return []
  }
  retry(_messageId: string): Promise<OutboxMessageView> {
    return Promise.reject(notYet())
  }
  start(): void {}
  async stop(): Promise<void> {}
}

const notYet = (): KassaError => new KassaError('not-configured', 'Recovery messages are not built yet')
