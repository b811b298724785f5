import type { OutboxMessageView, OutboxState } from '@shared/recovery'
import { KassaError } from '@shared/errors'
import type { AuditActor, Ledger } from '../../ledger/ledger'
import type { Logger } from '../../log/logger'
import type { SecretStore } from '../../secrets/secret-store'
import { readReceiptSettings, smtpPassword } from '../../receipts/receipt-settings'
import { transmitMail, type Mail } from '../../receipts/receipt-email'
import { OutboxBook, toView, type NewOutboxMessage, type OutboxRecord } from './outbox-book'
import { smtpOutcome } from './smtp-outcome'

/** What the outbox needs. */
export interface OutboxDeps {
  ledger: Ledger
  secrets: SecretStore
  /** A message about the item went out at `at` (ISO 8601). */
  noteSent: (itemId: string, at: string) => void
  /** ms since the epoch. */
  now: () => number
  log: Logger
  /** SMTP timeout per step in ms (default 20 s). */
  smtpTimeoutMs?: number
  /**
   * Background retries of a `failed` message: the delays in ms before the 2nd, 3rd … attempt (default 1 min,
   * 5 min, 30 min; empty: none). An `unknown` one is never retried by itself.
   */
  retryDelaysMs?: readonly number[]
  /** How often the background retry looks for due messages, ms (default 5 s). */
  retryPollMs?: number
}

const DEFAULT_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000]
/** How long `stop` waits for SMTP attempts under way, ms. */
const STOP_WAIT_MS = 3000

/**
 * The outbox (docs/recovery.md, "Messages and the outbox"): records every message about a recovery item and sends
 * the SMTP ones exactly once. Each step is committed before the next: `queued` → `sending` (only then is the SMTP
 * server called) → `sent` / `failed` / `unknown`. Claiming a message (`queued`/`failed`/`unknown` → `sending`) is
 * one conditional UPDATE, so only one caller sends it; a second concurrent retry of the same message waits for
 * the first and gets its outcome. A till stopped mid-send leaves `sending` rows, which `start` makes `unknown`.
 */
export class Outbox {
  readonly book: OutboxBook
  private readonly inflight = new Map<string, Promise<OutboxMessageView>>()
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(private readonly deps: OutboxDeps) {
    this.book = new OutboxBook(deps.ledger.database)
  }

  /** Record a message the owner sent themself (`copy`, `mailto`) as `sent`; audited. */
  recordSent(message: Omit<NewOutboxMessage, 'state' | 'sentAt'>): OutboxMessageView {
    this.book.insert({ ...message, state: 'sent', sentAt: message.createdAt })
    this.afterSent(message.id, message.itemId, message.saleId, message.channel, message.createdAt)
    return this.view(message.id)
  }

  /**
   * Queue an SMTP message (committed) and make its first attempt.
   * @returns the message after the attempt: `sent`, `failed` (the server's reason) or `unknown`
   * @throws KassaError `not-configured` when no SMTP server or sender is set up (nothing recorded)
   */
  async sendSmtp(
    message: Omit<NewOutboxMessage, 'state' | 'sentAt' | 'channel'>
  ): Promise<OutboxMessageView> {
    const { email } = readReceiptSettings(this.deps.ledger)
    if (!email.host || !email.from) {
      throw new KassaError(
        'not-configured',
        'Set up the SMTP server and sender address first (Settings → Receipt)'
      )
    }
    this.book.insert({ ...message, channel: 'smtp', state: 'queued', sentAt: null })
    return this.attempt(message.id, ['queued'], 'owner')
  }

  /**
   * Send a `failed` or `unknown` SMTP message again (an `unknown` one may already have arrived: the owner chose).
   * While an attempt of the same message is under way, its outcome is returned instead of a second attempt.
   * @throws KassaError `not-found`; `conflict` for a message not `failed`/`unknown` or not sent by SMTP
   */
  retry(id: string): Promise<OutboxMessageView> {
    const running = this.inflight.get(id)
    if (running) return running
    const record = this.book.get(id)
    if (!record) {
      return Promise.reject(new KassaError('not-found', `No message ${id}`, { reason: 'no-message', id }))
    }
    if (record.channel !== 'smtp' || (record.state !== 'failed' && record.state !== 'unknown')) {
      return Promise.reject(
        new KassaError(
          'conflict',
          `The message is ${record.state}: only a failed or unknown one is sent again`,
          {
            reason: 'not-retryable',
            state: record.state
          }
        )
      )
    }
    return this.attempt(id, ['failed', 'unknown'], 'owner')
  }

  /** Messages, newest first (all, or one item's). */
  list(itemId?: string): OutboxMessageView[] {
    return this.book.list(itemId).map(toView)
  }

  /**
   * After a restart: a message left `sending` may have gone, so it becomes `unknown` (never sent again by itself);
   * one left `queued` never reached the server, so it becomes `failed` (sent again by the background retry, if
   * on, or the owner). Then the background retry starts.
   */
  start(): void {
    const at = this.iso()
    for (const record of this.book.inState('sending')) {
      this.book.settle(record.id, 'unknown', 'Kassa stopped while sending it: it may have arrived', at)
      this.deps.ledger.audit('system', 'recovery.message-unknown', record.saleId, {
        messageId: record.id,
        itemId: record.itemId
      })
      this.deps.log.warn(
        { messageId: record.id, itemId: record.itemId },
        'recovery message left sending: unknown'
      )
    }
    for (const record of this.book.inState('queued')) {
      this.book.settle(record.id, 'failed', 'Kassa stopped before sending it', at, this.nextAttempt(0))
    }
    const delays = this.deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
    if (delays.length > 0 && !this.timer) {
      this.timer = setInterval(() => this.retryDue(), this.deps.retryPollMs ?? 5000)
      this.timer.unref?.()
    }
  }

  /**
   * Stop the background retry and wait up to `STOP_WAIT_MS` for attempts under way (one still open after that is
   * left `sending`, which the next start makes `unknown`).
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    let timeout: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      Promise.allSettled([...this.inflight.values()]),
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, STOP_WAIT_MS)
        timeout.unref?.()
      })
    ])
    clearTimeout(timeout)
  }

  /** Retry the `failed` messages whose next attempt is due (the background retry's tick). */
  private retryDue(): void {
    const now = this.iso()
    for (const record of this.book.inState('failed')) {
      if (record.nextAttemptAt === null || record.nextAttemptAt > now || this.inflight.has(record.id))
        continue
      this.attempt(record.id, ['failed'], 'system').catch((error: unknown) =>
        this.deps.log.error({ err: error, messageId: record.id }, 'recovery message retry failed')
      )
    }
  }

  /** When a message that failed after `attempts` attempts is tried again by itself (ISO 8601), or null. */
  private nextAttempt(attempts: number): string | null {
    const delays = this.deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
    const delay = delays[Math.max(0, attempts - 1)]
    if (delay === undefined || attempts > delays.length) return null
    return new Date(this.deps.now() + delay).toISOString()
  }

  /**
   * Claim the message (→ `sending`, committed), then hand it to the SMTP server and record the outcome. The
   * claim is synchronous, so a concurrent caller sees `sending` or waits on `inflight`.
   * @throws KassaError `conflict` when the message was not in one of `from`
   */
  private attempt(id: string, from: readonly OutboxState[], actor: AuditActor): Promise<OutboxMessageView> {
    if (!this.book.claim(id, from)) {
      const state = this.book.get(id)?.state ?? 'gone'
      return Promise.reject(
        new KassaError('conflict', `The message is ${state}: it is not sent again`, {
          reason: 'not-retryable',
          state
        })
      )
    }
    const running = this.deliver(id, actor).finally(() => this.inflight.delete(id))
    this.inflight.set(id, running)
    return running
  }

  private async deliver(id: string, actor: AuditActor): Promise<OutboxMessageView> {
    const record = this.book.get(id)!
    const { ledger, log } = this.deps
    try {
      const { email } = readReceiptSettings(ledger)
      const password = email.passwordStored ? await smtpPassword(this.deps.secrets) : null
      await transmitMail(email, password, this.mail(record, email.from), this.deps.smtpTimeoutMs)
    } catch (error) {
      const outcome = smtpOutcome(error)
      const next = outcome.state === 'failed' ? this.nextAttempt(record.attempts) : null
      this.book.settle(id, outcome.state, outcome.error, this.iso(), next)
      ledger.audit(actor, `recovery.message-${outcome.state}`, record.saleId, {
        messageId: id,
        itemId: record.itemId,
        attempts: record.attempts,
        code: outcome.code,
        responseCode: outcome.responseCode
      })
      log.warn(
        {
          messageId: id,
          itemId: record.itemId,
          state: outcome.state,
          attempts: record.attempts,
          code: outcome.code,
          command: outcome.command,
          responseCode: outcome.responseCode
        },
        'recovery message not sent'
      )
      return this.view(id)
    }
    const at = this.iso()
    this.book.settle(id, 'sent', null, at)
    this.afterSent(id, record.itemId, record.saleId, 'smtp', at, actor)
    return this.view(id)
  }

  /** The e-mail: the text as written, a plain HTML copy, a Message-ID made from the message id (same on retry). */
  private mail(record: OutboxRecord, from: string): Mail {
    const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'kassa.invalid'
    const paragraphs = record.body
      .split(/\r?\n\s*\r?\n/)
      .map((part) => `<p>${escapeHtml(part).replace(/\r?\n/g, '<br>')}</p>`)
      .join('\n')
    return {
      to: record.to ?? '',
      subject: record.subject,
      text: record.body,
      html: `<!doctype html><html><body style="font-family:sans-serif">\n${paragraphs}\n</body></html>`,
      messageId: `<${record.id}@${domain}>`
    }
  }

  private afterSent(
    id: string,
    itemId: string,
    saleId: string | null,
    channel: OutboxMessageView['channel'],
    at: string,
    actor: AuditActor = 'owner'
  ): void {
    this.deps.ledger.audit(actor, 'recovery.message-sent', saleId, { messageId: id, itemId, channel })
    this.deps.log.info({ messageId: id, itemId, channel }, 'recovery message sent')
    try {
      this.deps.noteSent(itemId, at)
    } catch (error) {
      // The message went: the queue's "last sent" is a convenience and must not turn this into an error.
      this.deps.log.warn({ err: error, itemId }, 'recovery item not marked as messaged')
    }
  }

  private view(id: string): OutboxMessageView {
    return toView(this.book.get(id)!)
  }

  private iso(): string {
    return new Date(this.deps.now()).toISOString()
  }
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
  )
}
