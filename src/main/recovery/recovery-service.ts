import { randomBytes } from 'node:crypto'
import type {
  OutboxMessageView,
  RecoveryDetailView,
  RecoveryFilter,
  RecoveryItemView,
  RecoveryListView
} from '@shared/recovery'
import { KassaError, type KassaErrorData } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import type { BusinessDayRule } from '../day/business-day'
import { DayBook } from '../day/day-book'
import { inTransaction } from '../ledger/database'
import type { Ledger, SaleEnded } from '../ledger/ledger'
import type { Logger } from '../log/logger'
import { ProcessorError } from '../processors/errors'
import type { PaymentRequestView } from '../processors/ports'
import type { PaymentProcessor } from '../processors/types'
import type { CustomerService } from '../customers/customer-service'
import { KeyedQueue } from '../refunds/keyed-queue'
import { RecoveryBook, type RecoveryItemRecord, type RecoveryRequestRecord } from './recovery-book'
import { RequestCalls } from './recovery-requests'
import { decodeCursor, encodeCursor, failureReason, paidAndDue, ratePercent } from './recovery-rules'
import { itemView } from './recovery-views'

/** What the recovery service needs from the core. */
export interface RecoveryServiceDeps {
  ledger: Ledger
  customers: CustomerService
  /** The connected processor of that id, or null. */
  processorFor(id: ProcessorId): PaymentProcessor | null
  businessDayRule: () => BusinessDayRule
  /** The outbox's messages about an item, newest first (from `RecoveryMessages`). */
  messagesOf: (itemId: string) => OutboxMessageView[]
  /** Tell the renderer an item moved on (`recovery:updated`). */
  onUpdated: (item: RecoveryItemView) => void
  /** ms since the epoch. */
  now: () => number
  log: Logger
}

/** Timing of the recovery service, in ms. */
export interface RecoveryOptions {
  /** How often open payment requests are read at their processor. Default 30 000. */
  pollMs: number
  /** Requests read per poll (least recently read first). Default 5. */
  pollBatch: number
  /** Timeout of one processor request (default: the connector's). */
  requestTimeoutMs?: number
  /**
   * Longest wait before a request whose creation could not reach its processor is asked again (default 600 000):
   * the wait starts at `pollMs` and doubles per failure in a row; the processor's return asks at once.
   */
  maxRetryMs: number
}

const DEFAULT_OPTIONS: RecoveryOptions = { pollMs: 30_000, pollBatch: 5, maxRetryMs: 600_000 }
const DAY_MS = 86_400_000

/**
 * The Recovery queue (docs/recovery.md): failed charges, their context, payment requests for what is due, and
 * their outcome.
 * - Detection: `Ledger.onEnded` puts a sale that ends `expired`/`invalid` in the queue inside that transaction, once
 *   (the sale id is unique there); `Ledger.onPaid` closes its item when the original sale is paid late.
 * - Requests: the intent (`creating`, order id `<itemId>-<attempt>`) is committed before the processor is asked, so
 *   a lost answer or a restart asks again with the same order id and finds the same request.
 * - Outcome: a timer reads open requests; one paid makes the item `recovered` on the business day the money arrived
 *   (the next open day when that one is closed, as the day book does), in one transaction.
 * Calls about one item run one after the other (`KeyedQueue`).
 */
export class RecoveryService {
  private readonly book: RecoveryBook
  private readonly days: DayBook
  private readonly calls: RequestCalls
  private readonly queue = new KeyedQueue()
  private readonly options: RecoveryOptions
  private timer: ReturnType<typeof setInterval> | null = null
  private polling: Promise<void> | null = null
  private readonly unsubscribes = new Map<string, () => void>()
  /** Requests (by order id) whose creation did not reach the processor: failures in a row, next attempt (ms). */
  private readonly retries = new Map<string, { failures: number; at: number }>()

  constructor(
    readonly deps: RecoveryServiceDeps,
    options: Partial<RecoveryOptions> = {}
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options }
    this.book = new RecoveryBook(deps.ledger.database)
    this.days = new DayBook(deps.ledger.database, deps.businessDayRule)
    this.calls = new RequestCalls({
      processorFor: deps.processorFor,
      log: deps.log,
      timeoutMs: this.options.requestTimeoutMs
    })
    deps.ledger.onEnded((ended) => this.saleEnded(ended))
    deps.ledger.onPaid((saleId, at) => this.salePaid(saleId, at))
  }

  /**
   * A page of the queue, newest failure first, and the recovery rate of the last `days` days by failure time.
   * @param query.filter default `active` (open and requested); `limit` default 50; `before` a `nextCursor`;
   *   `days` default 30
   * @throws KassaError `invalid-input` for a cursor this list did not give
   */
  list(query: { filter?: RecoveryFilter; before?: string; limit?: number; days?: number }): RecoveryListView {
    const limit = query.limit ?? 50
    const days = query.days ?? 30
    const before = query.before ? decodeCursor(query.before) : null
    const rows = this.book.list(query.filter ?? 'active', before, limit + 1)
    const page = rows.slice(0, limit)
    const last = page.at(-1)
    const from = new Date(this.deps.now() - days * DAY_MS).toISOString()
    const rate = this.book.rate(from)
    const failed = rate.counts.open + rate.counts.requested + rate.counts.recovered + rate.counts.abandoned
    return {
      items: page.map((item) => this.view(item)),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      rate: {
        days,
        from,
        failed,
        ...rate.counts,
        rate: ratePercent(rate.counts.recovered, failed),
        recoveredAmounts: rate.recovered.map((sum) => ({
          currency: sum.currency,
          amount: formatMinor(sum.minor, sum.currency)
        }))
      }
    }
  }

  /**
   * The item with what was bought (lines, memo), the customer's other sales and the messages about it.
   * @throws KassaError `not-found`
   */
  detail(itemId: string): RecoveryDetailView {
    const item = this.require(itemId)
    const sale = this.deps.ledger.requireSale(item.saleId)
    const customer = this.deps.customers.forSale(item.saleId)
    return {
      ...itemView(item, customer, this.book.latestRequest(item.id)),
      lines: sale.lines,
      memo: sale.memo,
      history: customer
        ? this.deps.customers.history(customer.id).filter((other) => other.saleId !== item.saleId)
        : [],
      messages: this.deps.messagesOf(item.id)
    }
  }

  /**
   * A payment request for exactly what is still due, through the sale's processor's `paymentRequests` port
   * (`create`: BTCPay `POST …/payment-requests`, a new invoice at Plisio, BTPay and the Demo). A live request
   * (`open`) is returned as is; one still `creating` is asked for again with its order id; a new attempt only
   * after the last expired, was archived or failed. Audited `recovery.requested`.
   * @throws KassaError `not-found`; `not-configured` when the processor is not connected; `conflict` (`reason`:
   *   `no-payment-requests`, `recovered`, `abandoned`, `nothing-due`); the processor's refusal (`processor-*`,
   *   the request then `failed`, the item unchanged); a timeout or connection error (the request stays `creating`)
   */
  request(itemId: string): Promise<RecoveryItemView> {
    return this.queue.run(itemId, () => this.requestNow(itemId))
  }

  /**
   * Read the item's payment request at its processor now (`get`): paid → recovered; expired or archived → the
   * item open again. One still `creating` is asked for again. Without a request: the item as it is.
   * @throws KassaError `not-found`, `not-configured`; ProcessorError from the processor
   */
  refresh(itemId: string): Promise<RecoveryItemView> {
    return this.queue.run(itemId, async () => {
      const item = this.require(itemId)
      const latest = this.book.latestRequest(item.id)
      if (latest?.status === 'creating') await this.ask(item, latest)
      else if (latest?.status === 'open' && latest.requestId)
        await this.follow({ ...latest, requestId: latest.requestId }, false)
      return this.viewOf(itemId)
    })
  }

  /**
   * Give up on a failed charge: `abandoned` with the owner's note; its open payment request archived (`archive`).
   * A processor that cannot archive it (Plisio: an open invoice stays payable until it expires) does not stop it:
   * the audit says so, and the request is still followed (if it is paid after all, the item is recovered).
   * Audited `recovery.abandoned`. Abandoning an abandoned item changes nothing.
   * @throws KassaError `not-found`; `conflict` (`reason: 'recovered'`) for a recovered one
   */
  abandon(itemId: string, note: string | undefined): Promise<RecoveryItemView> {
    return this.queue.run(itemId, async () => {
      const item = this.require(itemId)
      if (item.status === 'recovered') throw conflict('recovered', 'This charge is already recovered')
      if (item.status === 'abandoned') return this.view(item)
      const latest = this.book.latestRequest(item.id)
      let archive: { archived: boolean; refused: string | null } = { archived: false, refused: null }
      if (latest?.status === 'open' && latest.requestId) {
        archive = await this.archive({ ...latest, requestId: latest.requestId })
      }
      const at = this.iso()
      inTransaction(this.book.database, () => {
        this.book.abandoned(item.id, at, note?.trim() || null)
        this.deps.ledger.audit('owner', 'recovery.abandoned', item.saleId, {
          itemId: item.id,
          note: Boolean(note?.trim()),
          ...(latest ? { orderId: latest.orderId } : {}),
          requestArchived: archive.archived,
          ...(archive.refused ? { archiveRefused: archive.refused } : {})
        })
      })
      return this.emitted(item.id)
    })
  }

  /**
   * Demo only: the customer pays the item's open payment request in full (the Demo's `simulate(id, 'full')` on
   * the invoice that is the request), then it is read; the Demo pushes its confirmation, which is read again.
   * @throws KassaError `conflict` (`reason`: `not-demo`, `no-open-request`) otherwise; `not-found`; `not-configured`
   */
  simulatePaid(itemId: string): Promise<RecoveryItemView> {
    return this.queue.run(itemId, async () => {
      const item = this.require(itemId)
      const processor = this.deps.processorFor(item.processor)
      if (!processor) {
        throw new KassaError(
          'not-configured',
          `The ${item.processor} processor is not connected: see Settings`,
          {
            processor: item.processor
          }
        )
      }
      if (!processor.simulate || !processor.capabilities.simulate) {
        throw conflict('not-demo', 'Simulate payment exists only for the Demo processor')
      }
      const latest = this.book.latestRequest(item.id)
      if (latest?.status !== 'open' || !latest.requestId) {
        throw conflict('no-open-request', 'This charge has no open payment request to pay')
      }
      const request = { ...latest, requestId: latest.requestId }
      if (processor.subscribe && !this.unsubscribes.has(request.orderId)) {
        this.unsubscribes.set(
          request.orderId,
          processor.subscribe(request.requestId, () => void this.refresh(item.id).catch(() => undefined))
        )
      }
      await processor.simulate(request.requestId, 'full')
      this.deps.ledger.audit('owner', 'demo.simulate.request', item.saleId, {
        itemId: item.id,
        orderId: request.orderId
      })
      await this.follow(request, false)
      return this.viewOf(item.id)
    })
  }

  /**
   * True when `requestId` is the processor's id of one of this till's recovery payment requests (reconciliation
   * counts such an invoice as known, not as another till's).
   */
  ownsRequest(processor: ProcessorId, requestId: string): boolean {
    return this.book.hasRequest(processor, requestId)
  }

  /**
   * Record that a message about the item went out at `at` (ISO 8601), and tell the screens.
   * @throws KassaError `not-found`
   */
  noteSent(itemId: string, at: string): void {
    if (!this.book.sent(itemId, at)) throw notFound(itemId)
    this.emit(itemId)
  }

  /** Ask again for requests left `creating` (a restart), and read open requests every `pollMs`. */
  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.poll(), this.options.pollMs)
    this.timer.unref?.()
    void this.poll()
  }

  /**
   * `processor` answers again after an outage (the health monitor's `onRecovered`): its requests still `creating`
   * are asked for now with their order ids (found, not made twice), their back-off forgotten.
   */
  async processorRecovered(processor: ProcessorId): Promise<void> {
    const waiting = this.book.requestsIn('creating', 1000).filter((r) => r.processor === processor)
    for (const request of waiting) {
      this.retries.delete(request.orderId)
      await this.queue
        .run(request.itemId, async () => {
          const current = this.book.request(request.orderId)
          if (current?.status === 'creating') await this.ask(this.require(current.itemId), current)
        })
        .catch((error: unknown) =>
          this.deps.log.warn(
            { err: error, orderId: request.orderId, processor },
            'Recovery: asking again for a payment request failed; tried again later'
          )
        )
    }
  }

  /** Stop the timer and the Demo subscriptions; wait for calls in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    for (const unsubscribe of this.unsubscribes.values()) unsubscribe()
    this.unsubscribes.clear()
    await this.polling
    await this.queue.idle()
  }

  /**
   * One round: every request still `creating` of a connected processor is asked for again, then a few open ones
   * (least recently read first) are read. Failures are logged; the next round tries again.
   */
  private poll(): Promise<void> {
    if (this.polling) return this.polling
    const round = async () => {
      const batch = [
        ...this.book.requestsIn('creating', this.options.pollBatch),
        ...this.book.requestsIn('open', this.options.pollBatch)
      ]
      for (const request of batch) {
        if (!this.timer) break
        if (!this.calls.connected(request.processor)) continue
        // Backing off after its processor could not be reached (the processor's return asks at once).
        if ((this.retries.get(request.orderId)?.at ?? 0) > this.deps.now()) continue
        try {
          await this.queue.run(request.itemId, async () => {
            const current = this.book.request(request.orderId)
            if (!current) return
            if (current.status === 'creating') await this.ask(this.require(current.itemId), current)
            else if (current.status === 'open' && current.requestId)
              await this.follow({ ...current, requestId: current.requestId }, true)
          })
        } catch (error) {
          this.book.touchRequest(request.orderId, this.iso())
          this.deps.log.warn(
            { err: error, orderId: request.orderId, processor: request.processor },
            'Recovery: reading a payment request failed; tried again later'
          )
        }
      }
    }
    this.polling = round().finally(() => {
      this.polling = null
    })
    return this.polling
  }

  /** Inside the transaction that ends a sale unpaid: it enters the queue (once). */
  private saleEnded(ended: SaleEnded): void {
    if (ended.previous === 'paid' || ended.previous === 'cancelled') return
    const sale = this.deps.ledger.requireSale(ended.saleId)
    const { paidMinor, dueMinor } = paidAndDue(sale.amountMinor, sale.currency, ended.invoice)
    const id = 'rec_' + randomBytes(16).toString('hex')
    const inserted = this.book.insertItem(
      {
        id,
        saleId: sale.id,
        reason: failureReason(ended.state, ended.invoice),
        failedAt: ended.at,
        currency: sale.currency,
        paidMinor,
        dueMinor
      },
      ended.at
    )
    if (!inserted) return
    this.deps.ledger.audit('system', 'recovery.queued', sale.id, { itemId: id, state: ended.state })
    setImmediate(() => this.emit(id))
  }

  /**
   * Inside the transaction that makes a sale paid: an open or requested item of it is recovered by the sale itself
   * (no amount of its own: the day book counts the sale), and its live payment request archived after the commit.
   */
  private salePaid(saleId: string, at: string): void {
    const item = this.book.itemOfSale(saleId)
    if (!item || (item.status !== 'open' && item.status !== 'requested')) return
    this.book.recovered(item.id, at, null, null)
    this.deps.ledger.audit('system', 'recovery.recovered', saleId, { itemId: item.id, by: 'sale-paid' })
    setImmediate(() => {
      this.emit(item.id)
      void this.queue
        .run(item.id, async () => {
          const latest = this.book.latestRequest(item.id)
          if (latest?.status === 'open' && latest.requestId)
            await this.archive({ ...latest, requestId: latest.requestId })
        })
        .catch((error: unknown) =>
          this.deps.log.warn({ err: error, itemId: item.id }, 'Recovery: archiving a payment request failed')
        )
    })
  }

  private async requestNow(itemId: string): Promise<RecoveryItemView> {
    const item = this.require(itemId)
    if (item.status === 'recovered') throw conflict('recovered', 'This charge is already recovered')
    if (item.status === 'abandoned') throw conflict('abandoned', 'This charge was abandoned')
    this.calls.port(item.processor)
    const latest = this.book.latestRequest(item.id)
    if (latest?.status === 'open') return this.view(item)
    if (latest?.status === 'creating') {
      await this.ask(item, latest)
      return this.viewOf(item.id)
    }
    if (item.dueMinor <= 0n) throw conflict('nothing-due', 'Nothing is due on this charge')
    const attempt = (latest?.attempt ?? 0) + 1
    const at = this.iso()
    const record: RecoveryRequestRecord = {
      orderId: `${item.id}-${attempt}`,
      itemId: item.id,
      attempt,
      processor: item.processor,
      requestId: null,
      amountMinor: item.dueMinor,
      currency: item.currency,
      link: null,
      status: 'creating',
      expiresAt: null,
      createdAt: at,
      updatedAt: at,
      error: null
    }
    // Committed before the processor is asked: a lost answer or a crash leaves the order id to ask again with.
    inTransaction(this.book.database, () => this.book.insertRequest(record))
    await this.ask(item, record)
    return this.viewOf(item.id)
  }

  /**
   * Ask the processor for a recorded request and store what it said.
   * @throws the processor's refusal (after recording the request `failed`), or an unknown outcome as is
   */
  private async ask(item: RecoveryItemRecord, request: RecoveryRequestRecord): Promise<void> {
    const email = this.deps.customers.forSale(item.saleId)?.email ?? undefined
    let outcome
    try {
      outcome = await this.calls.create(request, { title: `Balance of order ${item.saleId}`, email })
    } catch (error) {
      // Unknown outcome: it stays `creating`, saying why, and is asked again with its order id after a back-off.
      const failures = (this.retries.get(request.orderId)?.failures ?? 0) + 1
      const wait = Math.min(this.options.maxRetryMs, this.options.pollMs * 2 ** (failures - 1))
      this.retries.set(request.orderId, { failures, at: this.deps.now() + wait })
      const data: KassaErrorData =
        error instanceof ProcessorError
          ? { code: error.code, message: error.message }
          : { code: 'internal', message: error instanceof Error ? error.message : String(error) }
      this.book.updateRequest(request.orderId, { status: 'creating', error: data }, this.iso())
      this.emit(item.id)
      throw error
    }
    this.retries.delete(request.orderId)
    if (outcome.kind === 'refused') {
      const { error } = outcome
      inTransaction(this.book.database, () => {
        this.book.updateRequest(request.orderId, { status: 'failed', error }, this.iso())
        this.deps.ledger.audit('owner', 'recovery.request-refused', item.saleId, {
          itemId: item.id,
          orderId: request.orderId,
          code: error.code,
          message: error.message
        })
      })
      this.emit(item.id)
      throw new KassaError(error.code, error.message, error.params)
    }
    const { view } = outcome
    inTransaction(this.book.database, () => {
      const at = this.iso()
      this.book.updateRequest(
        request.orderId,
        { requestId: view.id, link: view.link, status: 'open', expiresAt: view.expiresAt },
        at
      )
      const current = this.require(item.id)
      if (current.status === 'open') this.book.setStatus(item.id, 'requested', at)
      this.deps.ledger.audit('owner', 'recovery.requested', item.saleId, {
        itemId: item.id,
        orderId: request.orderId,
        processor: request.processor,
        requestId: view.id,
        amount: formatMinor(request.amountMinor, request.currency),
        currency: request.currency
      })
    })
    this.settle({ ...request, requestId: view.id }, view)
    const after = this.require(item.id)
    // Abandoned while its creation was unknown: it must not stay payable.
    if (after.status === 'abandoned' && view.status === 'open')
      await this.archive({ ...request, requestId: view.id })
  }

  /** Read a request at its processor and store the outcome. */
  private async follow(
    request: RecoveryRequestRecord & { requestId: string },
    background: boolean
  ): Promise<void> {
    const view = await this.calls.get(request, background)
    this.settle(request, view)
  }

  /**
   * Store what a read of a request says, in one transaction: paid → request `paid`, item `recovered` with the
   * request's amount on the business day now (or the next open one); expired/archived → the item open again.
   */
  private settle(request: RecoveryRequestRecord & { requestId: string }, view: PaymentRequestView): void {
    let changed = false
    inTransaction(this.book.database, () => {
      const stored = this.book.request(request.orderId)
      if (!stored || stored.status === 'paid' || stored.status === 'failed') return
      const item = this.require(request.itemId)
      const at = this.iso()
      if (view.status === 'open') {
        this.book.updateRequest(
          request.orderId,
          { status: 'open', link: view.link, expiresAt: view.expiresAt },
          at
        )
        return
      }
      changed = true
      this.book.updateRequest(request.orderId, { status: view.status }, at)
      if (view.status === 'paid') {
        if (item.status === 'recovered') {
          // The sale was paid late as well: money arrived twice; the owner decides (a refund), nothing counts here.
          this.deps.ledger.audit('system', 'recovery.paid-twice', item.saleId, {
            itemId: item.id,
            orderId: request.orderId,
            amount: formatMinor(request.amountMinor, request.currency),
            currency: request.currency
          })
          return
        }
        const { day, belongsTo } = this.days.assignment(at)
        this.book.recovered(item.id, at, request.amountMinor, day)
        this.deps.ledger.audit('system', 'recovery.recovered', item.saleId, {
          itemId: item.id,
          orderId: request.orderId,
          requestId: request.requestId,
          amount: formatMinor(request.amountMinor, request.currency),
          currency: request.currency,
          day,
          ...(belongsTo ? { belongsTo } : {})
        })
      } else if (item.status === 'requested') {
        this.book.setStatus(item.id, 'open', at)
      }
    })
    if (changed) {
      this.emit(request.itemId)
      const unsubscribe = this.unsubscribes.get(request.orderId)
      unsubscribe?.()
      this.unsubscribes.delete(request.orderId)
    }
  }

  /** Archive a live request; a refusal or failure is returned in words (the caller records it), never thrown. */
  private async archive(
    request: RecoveryRequestRecord & { requestId: string }
  ): Promise<{ archived: boolean; refused: string | null }> {
    try {
      const refusal = await this.calls.archive(request)
      if (refusal) return { archived: false, refused: refusal.message }
      inTransaction(this.book.database, () =>
        this.book.updateRequest(request.orderId, { status: 'archived' }, this.iso())
      )
      return { archived: true, refused: null }
    } catch (error) {
      return { archived: false, refused: error instanceof Error ? error.message : String(error) }
    }
  }

  private require(itemId: string): RecoveryItemRecord {
    const item = this.book.item(itemId)
    if (!item) throw notFound(itemId)
    return item
  }

  private view(item: RecoveryItemRecord): RecoveryItemView {
    return itemView(item, this.deps.customers.forSale(item.saleId), this.book.latestRequest(item.id))
  }

  private viewOf(itemId: string): RecoveryItemView {
    return this.view(this.require(itemId))
  }

  private emitted(itemId: string): RecoveryItemView {
    const view = this.viewOf(itemId)
    this.deps.onUpdated(view)
    return view
  }

  private emit(itemId: string): void {
    try {
      const item = this.book.item(itemId)
      if (item) this.deps.onUpdated(this.view(item))
    } catch (error) {
      this.deps.log.warn({ err: error, itemId }, 'Recovery: telling the screens failed')
    }
  }

  private iso(): string {
    return new Date(this.deps.now()).toISOString()
  }
}

function notFound(itemId: string): KassaError {
  return new KassaError('not-found', `No recovery item ${itemId}`, { reason: 'no-recovery-item', id: itemId })
}

function conflict(reason: string, message: string): KassaError {
  return new KassaError('conflict', message, { reason })
}
