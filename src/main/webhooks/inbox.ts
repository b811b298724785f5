import { createHash } from 'node:crypto'
import type { ProcessorId } from '@shared/invoice'
import type { Ledger } from '../ledger/ledger'
import { ProcessorError } from '../processors/errors'
import type { PaymentProcessor, WebhookEvent } from '../processors/types'
import { DeliveryBook } from './delivery-book'
import { DEFAULT_LIMITER, RejectionLimiter, sourceAddress, type LimiterOptions } from './rejection-limiter'
import { RejectionTally, type RejectionReason } from './rejection-tally'

/** How the inbox judges deliveries. Times in milliseconds. */
export interface InboxOptions {
  /**
   * A delivery whose signed timestamp (BTCPay, BTPay) is further than this from now is refused (default 10 min).
   * BTCPay's and BTPay's retries keep the first timestamp, so retries after this long are refused too; the tracker
   * follows the invoice anyway.
   */
  windowMs: number
  /** Delivery keys are kept this long, then pruned (default 7 days); never shorter than `windowMs`. */
  retentionMs: number
  /** One `webhook.rejected` summary row per processor per this long (default a minute). */
  summaryMs: number
  limiter: LimiterOptions
}

export const DEFAULT_INBOX: InboxOptions = {
  windowMs: 10 * 60_000,
  retentionMs: 7 * 24 * 60 * 60_000,
  summaryMs: 60_000,
  limiter: DEFAULT_LIMITER
}

/** The answer to a delivery: an HTTP status and a short plain-text message. */
export interface WebhookAnswer {
  status: number
  message: string
}

/** What the inbox needs from the rest of the core. */
export interface InboxDeps {
  ledger: Ledger
  /** The connected processor of that id, or null. */
  processorFor(id: ProcessorId): PaymentProcessor | null
  /** Tell the tracker an invoice may have changed (it reads it again soon). */
  invoiceMayHaveChanged(processor: ProcessorId, invoiceId: string): void
  now: () => number
}

/**
 * Where processors' webhook and callback deliveries arrive (`POST /webhooks/<processor>` on the web host). A
 * delivery is verified by its connector over the raw bytes, refused if its signed timestamp is outside the window,
 * taken once per delivery key (kept in the ledger, so a replay is known after a restart too), and then only makes
 * the tracker read the invoice again: a delivery never changes a sale by itself. Refusals write nothing per
 * request: they are counted into one summary row per processor per minute, and a source that keeps failing is
 * answered 429.
 */
export class WebhookInbox {
  private readonly book: DeliveryBook
  private readonly limiter: RejectionLimiter
  private readonly tally: RejectionTally
  private readonly options: InboxOptions
  private lastPrune = 0

  /** @throws Error when `retentionMs` is shorter than `windowMs` (a replay inside the window would be taken). */
  constructor(
    private readonly deps: InboxDeps,
    options: Partial<InboxOptions> = {}
  ) {
    this.options = { ...DEFAULT_INBOX, ...options, limiter: { ...DEFAULT_LIMITER, ...options.limiter } }
    if (this.options.retentionMs < this.options.windowMs) {
      throw new Error(
        'webhook retentionMs must be at least windowMs: a replay inside the window must be known'
      )
    }
    this.book = new DeliveryBook(deps.ledger.database)
    this.limiter = new RejectionLimiter(this.options.limiter, deps.now)
    this.tally = new RejectionTally(
      (summary) => deps.ledger.audit('system', 'webhook.rejected', null, { ...summary }),
      this.options.summaryMs,
      deps.now
    )
    this.prune()
  }

  /**
   * Judge one delivery.
   * @param processorName the `<processor>` of the URL (untrusted)
   * @param remoteAddress the peer's address, for the limiter (a relay on this machine makes it 127.0.0.1)
   * @returns 204 taken; 200 a duplicate (nothing done); 401 bad or missing signature; 400 malformed or signed too
   *   long ago; 429 a source over the refusal limit; 404 no such processor connected.
   */
  receive(
    processorName: string,
    rawBody: Uint8Array,
    headers: Record<string, string | undefined>,
    remoteAddress?: string
  ): WebhookAnswer {
    // An untrusted name: only an id the registry holds finds a connector.
    const processor = this.deps.processorFor(processorName)
    if (!processor) return { status: 404, message: 'No such processor connected' }
    const address = sourceAddress(remoteAddress)
    let event: WebhookEvent
    try {
      event = processor.verifyWebhook(rawBody, headers)
    } catch (error) {
      if (error instanceof ProcessorError && error.code === 'processor-auth') {
        return this.refuse(processor.id, address, 'signature', {
          status: 401,
          message: 'Signature not valid'
        })
      }
      return this.refuse(processor.id, address, 'malformed', {
        status: 400,
        message: error instanceof Error ? error.message.slice(0, 200) : 'Malformed delivery'
      })
    }
    const now = this.deps.now()
    if (event.signedAt != null && Math.abs(now - event.signedAt) > this.options.windowMs) {
      return this.refuse(processor.id, address, 'stale', {
        status: 400,
        message: `Delivery too old: signed ${new Date(event.signedAt).toISOString()}, outside the ${Math.round(
          this.options.windowMs / 60_000
        )}-minute window`
      })
    }
    const key = event.deliveryId || 'sha256:' + createHash('sha256').update(rawBody).digest('hex')
    const taken = this.book.take({
      processor: processor.id,
      key,
      receivedAt: now,
      type: event.type,
      invoiceId: event.invoiceId
    })
    if (!taken) return { status: 200, message: 'Duplicate delivery: already received' }
    if (event.invoiceId) {
      // Audited on the sale it concerns; deliveries about other invoices of the store leave only their key.
      const saleId = this.book.saleOf(processor.id, event.invoiceId)
      if (saleId) {
        this.deps.ledger.audit('system', 'webhook.received', saleId, {
          processor: processor.id,
          type: event.type
        })
      }
      this.deps.invoiceMayHaveChanged(processor.id, event.invoiceId)
    }
    if (now - this.lastPrune >= Math.min(this.options.retentionMs, 10 * 60_000)) this.prune()
    return { status: 204, message: '' }
  }

  /** Deliveries of `processor` kept (taken within the retention window) and refused since start. */
  counts(processor: ProcessorId): {
    accepted: { count: number; lastAt: number | null }
    rejected: { count: number; lastAt: number | null }
  } {
    return { accepted: this.book.summary(processor), rejected: this.tally.since(processor) }
  }

  /** Write the pending refusal summaries now (tests; `close` does it too). */
  flushRejections(): void {
    this.tally.flush(true)
  }

  /** Write the pending summaries and stop the timer. The ledger stays open (it is the core's). */
  close(): void {
    this.tally.close()
  }

  private refuse(
    processor: ProcessorId,
    address: string,
    reason: RejectionReason,
    answer: WebhookAnswer
  ): WebhookAnswer {
    if (!this.limiter.take(`${processor}|${address}`)) {
      this.tally.add(processor, 'limited', address)
      return { status: 429, message: 'Too many refused deliveries from this address: slow down' }
    }
    this.tally.add(processor, reason, address)
    return answer
  }

  private prune(): void {
    this.lastPrune = this.deps.now()
    this.book.prune(this.lastPrune - this.options.retentionMs)
  }
}
