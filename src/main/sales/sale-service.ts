import { randomUUID } from 'node:crypto'
import type { SaleCustomerView, SaleView, SimulateKind } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { HealthState } from '@shared/health'
import { isFinalStatus, type Invoice, type ProcessorId } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import type { OfflinePolicyView } from '@shared/outbox'
import type { Ledger, SaleRecord } from '../ledger/ledger'
import { OutboxStore, type OutboxEntry } from '../ledger/outbox-store'
import { silentLogger, type Logger } from '../log/logger'
import { toRefundView, type RefundBook } from '../ledger/refund-book'
import { mayHaveReachedProcessor, ProcessorError } from '../processors/errors'
import type { CreateInvoiceRequest, InvoiceCustomer, PaymentProcessor } from '../processors/types'
import type { InvoiceTracker } from '../tracker/tracker'
import { PLAIN_PRICING, priceCharge, type ChargeRequest, type TillPricing } from './charge-pricing'
import { DEFAULT_OUTBOX_TIMING, type OutboxTiming } from './outbox'
import { OutboxRunner } from './outbox-runner'
import { PendingCancels } from './pending-cancels'
import { invoiceCart, saleCartView, storedCart } from './sale-cart'

export type { ChargeRequest, TillPricing } from './charge-pricing'

/**
 * The invoice request of a sale. A keypad sale without lines becomes one line of its amount (BTPay needs lines);
 * an itemised sale carries its cart (`InvoiceCart`), which each connector writes in its processor's form.
 * @param tillId this till's id (`settings.till.tillId`), written on the invoice when given
 * @param customer the sale's customer, sent where the processor has a field for it (only set fields go)
 */
export function invoiceRequest(
  sale: SaleRecord,
  expirySeconds?: number,
  tillId?: string | null,
  customer?: SaleCustomerView | null
): CreateInvoiceRequest {
  const buyer: InvoiceCustomer = {
    ...(customer?.name && { name: customer.name }),
    ...(customer?.email && { email: customer.email }),
    ...(customer?.phone && { phone: customer.phone })
  }
  const amount = formatMinor(sale.amountMinor, sale.currency)
  const cart = invoiceCart(sale)
  return {
    orderId: sale.id,
    amount,
    currency: sale.currency,
    description: sale.memo ?? 'Sale',
    lines: cart
      ? sale.lines.map(({ name, unitPrice, quantity }) => ({ name, unitPrice, quantity }))
      : [{ name: sale.memo ?? 'Sale', unitPrice: amount, quantity: 1 }],
    expirySeconds,
    ...(sale.paymentMethod && { paymentMethods: [sale.paymentMethod] }),
    ...(cart && { cart }),
    ...(tillId && { tillId }),
    ...(Object.keys(buyer).length > 0 && { customer: buyer })
  }
}

/** What the sale service needs. */
export interface SaleServiceDeps {
  ledger: Ledger
  refunds: RefundBook
  tracker: InvoiceTracker
  /** @throws KassaError `not-configured` when the processor cannot be used. */
  requireProcessor(id: ProcessorId): PaymentProcessor
  processorFor(id: ProcessorId): PaymentProcessor | null
  onSaleChanged(saleId: string): void
  /** Quote lifetime asked of the processor, seconds. */
  expirySeconds?: number
  /** This till's id, written on every invoice so tills sharing a store tell theirs apart (default: none). */
  tillId?: () => string | null
  /** Wait before retrying an invoice creation that failed for a passing reason (ms). Default 5000. */
  retryCreateMs?: number
  /** Where unexpected failures go, with their stack (default: nowhere). */
  log?: Logger
  /** Creating an invoice could not reach the processor (the health monitor then checks it soon). */
  onUnreachable?: (processor: ProcessorId, message: string) => void
  /** A customer by id (`CustomerService.find`), for the sale view and the invoice; none when absent. */
  customer?: (customerId: string) => SaleCustomerView | null
  /** A processor's health as the monitor last saw it (`HealthMonitor.list()`); default `unknown` (try it). */
  healthOf?: (id: ProcessorId) => HealthState
  /** Connected processors other than `id` whose health is online or degraded, offered instead (default none). */
  alternativesTo?: (id: ProcessorId) => ProcessorId[]
  /** Settings → Offline sales and the store currency its caps are in (default `DEFAULT_OFFLINE_POLICY`, USD). */
  offline?: () => { policy: OfflinePolicyView; storeCurrency: string }
  /** Longest wait between two outbox attempts, ms (default 300 000); the first wait is `retryCreateMs`. */
  outboxMaxRetryMs?: number
  /** A processor's name for messages (default its id). */
  processorLabel?: (id: ProcessorId) => string
  /** ms since the epoch (default `Date.now`): the outbox's `since` and `until`. */
  now?: () => number
}

/** `sale:charge` as the sale service takes it: the priced request and whether the cashier agreed to the outbox. */
export type ChargeInput = ChargeRequest & { outbox?: boolean }

/**
 * The path of a sale: record it, create its invoice (exactly one per sale), hand it to the tracker, cancel it,
 * and resume creations a crash or an outage interrupted. A sale is written to the ledger before the processor
 * is asked, so nothing the cashier rang up is lost.
 *
 * Selling through an outage (`src/shared/outbox.ts`): a sale whose processor is offline, or whose creation fails
 * because the processor cannot be reached, waits in the outbox (`creating`, `sales.outbox_*`) when the owner's
 * offline rules allow it (`offline-rules.ts`, decided in the transaction that records it, so two charges cannot
 * both pass the total cap); each attempt looks up by order id first, with backoff and at once when the processor's
 * health turns online (`onProcessorHealth`); past the owner's limit it fails (`outbox-expired`). A refused or expired
 * sale, and one cancelled while its processor is away, keep a durable cancel for the processor (`PendingCancels`).
 */
export class SaleService {
  private readonly creating = new Map<string, Promise<void>>()
  private readonly log: Logger
  private readonly store: OutboxStore
  private readonly runner: OutboxRunner
  private readonly timing: OutboxTiming
  private readonly cancels: PendingCancels
  private readonly now: () => number
  private stopped = false

  constructor(private readonly deps: SaleServiceDeps) {
    this.log = deps.log ?? silentLogger()
    this.now = deps.now ?? Date.now
    this.store = new OutboxStore(deps.ledger.database)
    this.timing = {
      firstRetryMs: deps.retryCreateMs ?? DEFAULT_OUTBOX_TIMING.firstRetryMs,
      maxRetryMs: deps.outboxMaxRetryMs ?? DEFAULT_OUTBOX_TIMING.maxRetryMs
    }
    this.runner = new OutboxRunner({
      ledger: deps.ledger,
      store: this.store,
      timing: this.timing,
      now: this.now,
      offline: deps.offline,
      alternativesTo: deps.alternativesTo,
      processorLabel: deps.processorLabel,
      attempt: (saleId) => this.retry(saleId)
    })
    this.cancels = new PendingCancels({
      ledger: deps.ledger,
      store: this.store,
      tracker: deps.tracker,
      processorFor: deps.processorFor,
      onSaleChanged: deps.onSaleChanged,
      creationOf: (saleId) => this.creating.get(saleId),
      retryMs: this.timing.firstRetryMs,
      maxRetryMs: this.timing.maxRetryMs,
      log: this.log
    })
  }

  /**
   * Ring up a sale and create its invoice. When the processor's health says `offline`, the owner's offline rules
   * decide first, in the transaction that records the sale: allowed, the sale waits in the outbox and one attempt
   * is made in the background (the health may be stale; `sale:updated` tells the screen).
   * @param input amount: decimal string in `currency` (already validated by the contract); `outbox`: the cashier
   *   agreed that the sale waits in the outbox
   * @param pricing the store's default tax rate, tax-inclusive prices and per-sale maximum
   * @param customer the customer attached at the till (an existing `customers.id`), or a function that makes or
   *   finds it, run in the transaction that records the sale (so a refused sale makes no customer), or null
   * @returns the sale; `state` is `awaiting` with an invoice, `creating` while it waits in the outbox
   *   (`outbox` set) or a passing failure is retried, or `failed` with the processor's reason (or
   *   `processor-offline` when the processor cannot be reached and the owner's rules refuse the outbox)
   * @throws KassaError `not-configured` when the processor cannot be used; `invalid-input` or
   *   `sale-above-maximum` from `priceCharge`; `processor-offline` (`params.reason` an `OfflineRefusal`,
   *   `processor`, `alternatives`, for caps `limit` and `open`) when the processor is offline and the sale may not
   *   wait. Nothing is recorded in these cases.
   */
  async charge(
    input: ChargeInput,
    processorId: ProcessorId,
    pricing: TillPricing = PLAIN_PRICING,
    customer: string | null | (() => string | null) = null
  ): Promise<SaleView> {
    this.deps.requireProcessor(processorId)
    const priced = priceCharge(input, pricing)
    const totals = priced.totals
    const offline = (this.deps.healthOf?.(processorId) ?? 'unknown') === 'offline'
    const sale = this.deps.ledger.batch(() => {
      if (offline) {
        const decision = this.runner.decide(input.currency, priced.amountMinor, input.outbox === true)
        if (!decision.allowed)
          throw this.runner.refusal(processorId, decision, input.currency, priced.amountMinor)
      }
      const record = this.deps.ledger.createSale({
        id: 'sale_' + randomUUID().replace(/-/g, ''),
        currency: input.currency,
        amountMinor: priced.amountMinor,
        memo: input.memo ?? null,
        lines: priced.lines,
        processor: processorId,
        taxRate: priced.taxRate,
        subtotalMinor: totals?.subtotal ?? priced.amountMinor,
        taxMinor: totals?.tax ?? 0n,
        discountMinor: totals?.discount ?? 0n,
        tipMinor: totals?.tip ?? 0n,
        taxInclusive: totals?.taxInclusive ?? false,
        cart: storedCart(priced),
        paymentMethod: input.paymentMethod ?? null,
        customerId: typeof customer === 'function' ? customer() : customer
      })
      if (offline) this.runner.enter(record, 0, 'cashier')
      return record
    })
    if (offline) {
      void this.ensureInvoice(sale, false)
      return this.view(sale.id)
    }
    await this.ensureInvoice(sale, false)
    return this.view(sale.id)
  }

  /**
   * Resume every sale whose invoice creation did not finish (at start, and when a processor is connected): looks
   * up before creating; an outbox sale past its limit expires. Resumes pending cancels too.
   */
  async resumePending(): Promise<void> {
    await Promise.all([
      ...this.deps.ledger.salesAwaitingInvoice().map((sale) => this.ensureInvoice(sale, true)),
      this.cancels.resume()
    ])
  }

  /**
   * A processor's health changed (`HealthMonitor`'s `onChanged`). Online or degraded: every sale waiting in the
   * outbox for it is attempted now (not waiting for its timer), and its pending cancels are settled.
   */
  onProcessorHealth(view: { processor: ProcessorId; state: HealthState }): void {
    if (view.state !== 'online' && view.state !== 'degraded') return
    for (const entry of this.store.list()) {
      if (entry.processor !== view.processor || this.creating.has(entry.saleId)) continue
      const sale = this.deps.ledger.getSale(entry.saleId)
      if (sale) void this.ensureInvoice(sale, true)
    }
    this.cancels.processorBack(view.processor)
  }

  /** The sales waiting in the outbox, oldest first (`sale:outbox`). */
  outbox(): SaleView[] {
    return this.store.list().map((entry) => this.view(entry.saleId))
  }

  /**
   * Cancel a sale that is not paid: its invoice is cancelled at the processor first. When the processor cannot be
   * reached (a passing failure), the sale is cancelled now and the cancel at the processor is kept and retried
   * (`PendingCancels`); a sale without an invoice yet (in the outbox, or its creation under way) keeps a look-up by
   * order id, so an invoice a lost answer hid is cancelled too.
   * @throws KassaError `not-found`, `conflict` (already paid or ended, or a payment on its way); ProcessorError
   *   when the processor refuses the cancel.
   */
  async cancel(saleId: string): Promise<SaleView> {
    const sale = this.requireSale(saleId)
    if (sale.state !== 'creating' && sale.state !== 'awaiting' && sale.state !== 'failed') {
      throw new KassaError('conflict', `This sale is ${sale.state} and can no longer be cancelled`)
    }
    const invoice = this.deps.ledger.getInvoiceForSale(saleId)
    let pending = !invoice && sale.state === 'creating'
    if (invoice && invoice.status === 'New') {
      try {
        const cancelled = await this.deps.requireProcessor(sale.processor).cancelInvoice(invoice.id)
        this.deps.ledger.applyInvoice(saleId, cancelled)
      } catch (error) {
        if (!(error instanceof ProcessorError && (error.retryable || mayHaveReachedProcessor(error))))
          throw error
        pending = true
      }
    } else if (invoice && invoice.status === 'Processing') {
      throw new KassaError('conflict', 'A payment is already on its way: wait for it, then refund if needed')
    }
    const wasWaiting = this.store.get(saleId) !== null
    this.deps.ledger.batch(() => {
      if (wasWaiting) this.store.leave(saleId)
      if (pending) this.cancels.mark(saleId, this.iso())
      this.deps.ledger.setSaleState(saleId, 'cancelled', null, 'cashier')
    })
    this.runner.clear(saleId)
    this.deps.onSaleChanged(saleId)
    if (pending) void this.cancels.kick(saleId)
    return this.view(saleId)
  }

  /**
   * Demo only: simulate the customer's payment, by `method` (the tab on screen: `BTC-CHAIN`, `BTC-LN`; default
   * on-chain).
   * @throws KassaError `conflict` when the sale's processor is not the Demo or the invoice is not open.
   */
  async simulate(saleId: string, kind: SimulateKind, method?: string): Promise<SaleView> {
    const sale = this.requireSale(saleId)
    const processor = this.deps.requireProcessor(sale.processor)
    const invoice = this.deps.ledger.getInvoiceForSale(saleId)
    if (!processor.simulate || !processor.capabilities.simulate) {
      throw new KassaError('conflict', 'Simulate payment exists only for the Demo processor')
    }
    if (!invoice) throw new KassaError('conflict', 'This sale has no invoice yet')
    const updated = await processor.simulate(invoice.id, kind, method)
    if (this.deps.ledger.applyInvoice(saleId, updated)) this.deps.onSaleChanged(saleId)
    this.deps.ledger.audit('cashier', `demo.simulate.${kind}`, saleId)
    return this.view(saleId)
  }

  /** The sale as the renderer sees it. @throws KassaError `not-found`. */
  view(saleId: string): SaleView {
    return this.toView(this.requireSale(saleId))
  }

  /** Most recent sales first. */
  list(limit: number): SaleView[] {
    return this.deps.ledger.listSales(limit).map((sale) => this.toView(sale))
  }

  /** Sales whose id or invoice id is or starts with `query`, newest first. */
  find(query: string): SaleView[] {
    return this.deps.ledger.findSales(query).map((sale) => this.toView(sale))
  }

  /** Stop retry timers; wait for creations and cancels in flight. */
  async stop(): Promise<void> {
    this.stopped = true
    this.runner.stop()
    await this.cancels.stop()
    await Promise.allSettled(this.creating.values())
  }

  private toView(sale: SaleRecord): SaleView {
    const processor = this.deps.processorFor(sale.processor)
    const invoice = this.deps.ledger.getInvoiceForSale(sale.id)
    return {
      id: sale.id,
      createdAt: sale.createdAt,
      currency: sale.currency,
      amount: formatMinor(sale.amountMinor, sale.currency),
      memo: sale.memo,
      lines: sale.lines,
      processor: sale.processor,
      state: sale.state,
      error: sale.error,
      invoice,
      simulatable:
        Boolean(processor?.capabilities.simulate) && invoice?.status === 'New' && sale.state === 'awaiting',
      taxRate: sale.taxRate,
      subtotal: formatMinor(sale.subtotalMinor, sale.currency),
      tax: formatMinor(sale.taxMinor, sale.currency),
      discount: formatMinor(sale.discountMinor, sale.currency),
      ...saleCartView(sale),
      paymentMethod: sale.paymentMethod,
      receiptNumber: sale.receiptNumber,
      customer: this.customerOf(sale),
      refunds: this.deps.refunds.forSale(sale.id).map((refund) => toRefundView(refund, sale.currency)),
      refunded: formatMinor(this.deps.refunds.refundedMinor(sale.id), sale.currency),
      outbox: sale.state === 'creating' ? this.runner.view(sale.id) : null
    }
  }

  private customerOf(sale: SaleRecord): SaleCustomerView | null {
    const found = sale.customerId ? (this.deps.customer?.(sale.customerId) ?? null) : null
    return found && { id: found.id, name: found.name, email: found.email, phone: found.phone }
  }

  private requireSale(saleId: string): SaleRecord {
    const sale = this.deps.ledger.getSale(saleId)
    if (!sale) throw new KassaError('not-found', `No sale ${saleId}`)
    return sale
  }

  /** One creation per sale at a time; concurrent callers share it. */
  private ensureInvoice(sale: SaleRecord, lookUpFirst: boolean): Promise<void> {
    const running = this.creating.get(sale.id)
    if (running) return running
    if (this.stopped) return Promise.resolve() // resumed at the next start
    const task = this.createOnce(sale, lookUpFirst)
      .catch((error: unknown) => this.log.error({ err: error, saleId: sale.id }, 'an invoice attempt failed'))
      .finally(() => this.creating.delete(sale.id))
    this.creating.set(sale.id, task)
    return task
  }

  /** The timer's attempt: the sale as it is now, if it still waits for its invoice. */
  private retry(saleId: string): void {
    const current = this.deps.ledger.getSale(saleId)
    if (current?.state === 'creating') void this.ensureInvoice(current, true)
  }

  private async createOnce(sale: SaleRecord, lookUpFirst: boolean): Promise<void> {
    this.runner.clear(sale.id)
    const processor = this.deps.processorFor(sale.processor)
    const waiting = this.store.get(sale.id)
    if (waiting && Date.parse(waiting.until) <= this.now()) {
      await this.expire(sale, waiting, processor)
      this.deps.onSaleChanged(sale.id)
      return
    }
    if (!processor) return // stays `creating` until the processor is configured again
    if (waiting) this.store.attempted(sale.id)
    try {
      let invoice: Invoice
      try {
        invoice =
          (lookUpFirst ? await processor.findInvoiceByOrderId(sale.id) : null) ??
          (await processor.createInvoice({
            ...invoiceRequest(sale, this.deps.expirySeconds, this.deps.tillId?.(), this.customerOf(sale)),
            firstAttempt: !lookUpFirst
          }))
      } catch (error) {
        // An answer that came but cannot be used may hide the invoice made: look it up before anything else.
        invoice = (await this.lookUpAfterAnswer(processor, sale.id, error)) ?? throwAgain(error)
      }
      this.applyCreated(sale.id, invoice, waiting)
      if (this.deps.ledger.getSale(sale.id)?.state === 'cancelled' && invoice.status === 'New') {
        // The cashier cancelled while the invoice was being created: do not leave it payable.
        this.deps.ledger.applyInvoice(sale.id, await processor.cancelInvoice(invoice.id))
        this.cancels.clear(sale.id)
      } else {
        // The create's answer is fresh: the tracker's first own read waits its turn.
        this.deps.tracker.track(
          { processor: sale.processor, invoiceId: invoice.id, saleId: sale.id },
          { fresh: true }
        )
      }
    } catch (error) {
      if (this.deps.ledger.getSale(sale.id)?.state === 'cancelled') {
        // The cashier cancelled while the invoice was being created: keep it cancelled, create nothing more.
        // If the invoice exists but cancelling it failed, follow it to its end so the books see any payment (its
        // cancel stays pending); a timeout may hide an invoice the processor did make: look it up and cancel it.
        const invoice = this.deps.ledger.getInvoiceForSale(sale.id)
        if (invoice && !isFinalStatus(invoice.status)) {
          this.deps.tracker.track({ processor: sale.processor, invoiceId: invoice.id, saleId: sale.id })
        } else if (!invoice && mayHaveReachedProcessor(error)) {
          await this.cancels.run(sale.id)
        }
        if (!(error instanceof KassaError))
          this.log.error({ err: error, saleId: sale.id }, 'creating the invoice failed')
      } else if (error instanceof ProcessorError && (error.retryable || mayHaveReachedProcessor(error))) {
        // The outcome is unknown (or the processor asked to wait): never a refusal; every later attempt looks up by
        // order id before creating, so the one invoice a lost or unreadable answer hid is the one the sale gets.
        if (error.code === 'processor-connection' || error.code === 'processor-unavailable')
          this.deps.onUnreachable?.(sale.processor, error.message)
        if (!waiting && error.code === 'processor-rate-limit') {
          // The processor answers, only later: retried as before, not an outage.
          this.deps.ledger.setSaleState(sale.id, 'creating', {
            code: error.code,
            message: `${error.message} — retrying`
          })
          this.runner.retryIn(sale.id, error.retryAfterMs ?? this.timing.firstRetryMs)
        } else {
          this.waitOffline(sale, error, waiting !== null)
        }
      } else if (error instanceof KassaError) {
        this.deps.ledger.setSaleState(sale.id, 'failed', { code: error.code, message: error.message })
      } else {
        this.log.error({ err: error, saleId: sale.id }, 'creating the invoice failed')
        this.deps.ledger.setSaleState(sale.id, 'failed', {
          code: 'internal',
          message: 'Creating the invoice failed'
        })
      }
    }
    this.deps.onSaleChanged(sale.id)
  }

  /**
   * After a creation failed although the processor answered (a 5xx, or an answer cut or not JSON:
   * `processor-bad-response`), it may have made the invoice: look it up by order id (= sale id) at once, while the
   * cashier still waits. Not for a timeout or a broken connection (the look-up would most likely wait as long
   * again; the outbox's next attempt looks up first), nor for a refusal.
   * @returns the invoice found, or null (nothing found, or the look-up failed too)
   */
  private async lookUpAfterAnswer(
    processor: PaymentProcessor,
    saleId: string,
    error: unknown
  ): Promise<Invoice | null> {
    if (!mayHaveReachedProcessor(error) || error.status === null) return null
    try {
      return await processor.findInvoiceByOrderId(saleId)
    } catch (lookUpError) {
      if (!(lookUpError instanceof KassaError))
        this.log.error({ err: lookUpError, saleId }, 'looking up the invoice after a bad answer failed')
      return null
    }
  }

  /** Store the invoice a creation or look-up gave; a sale that waited leaves the outbox (audited). */
  private applyCreated(saleId: string, invoice: Invoice, waiting: OutboxEntry | null): void {
    this.deps.ledger.batch(() => {
      this.deps.ledger.applyInvoice(saleId, invoice)
      if (!waiting) return
      this.store.leave(saleId)
      if (this.deps.ledger.getSale(saleId)?.state === 'cancelled') return
      this.deps.ledger.audit('system', 'sale.outbox.charged', saleId, {
        invoiceId: invoice.id,
        attempts: waiting.attempts + 1,
        since: waiting.since
      })
    })
  }

  /**
   * A creation failed because the processor cannot be reached (or asked to wait). A sale not yet in the outbox
   * enters it when the owner's rules allow (checked and written in one transaction), else it fails with
   * `processor-offline` and the reason, keeping a look-up for an invoice the lost answer may hide. A waiting sale
   * plans its next attempt (backoff, `Retry-After`, never past its limit).
   */
  private waitOffline(sale: SaleRecord, error: ProcessorError, inOutbox: boolean): void {
    const stillCreating = { code: error.code, message: `${error.message} — retrying` }
    if (!inOutbox) {
      const decision = this.deps.ledger.batch(() => {
        const decided = this.runner.decide(sale.currency, sale.amountMinor, true)
        if (decided.allowed) {
          this.runner.enter(sale, 1, 'system')
          this.deps.ledger.setSaleState(sale.id, 'creating', stillCreating)
        }
        return decided
      })
      if (!decision.allowed) {
        const refusal = this.runner.refusal(sale.processor, decision, sale.currency, sale.amountMinor)
        this.deps.ledger.batch(() => {
          this.deps.ledger.setSaleState(sale.id, 'failed', {
            code: 'processor-offline',
            message: refusal.message,
            ...(refusal.params && { params: refusal.params })
          })
          this.cancels.mark(sale.id, this.iso())
        })
        void this.cancels.kick(sale.id)
        return
      }
    } else {
      this.deps.ledger.setSaleState(sale.id, 'creating', stillCreating)
    }
    this.runner.planNext(sale.id, error.retryAfterMs)
  }

  /**
   * The owner's limit passed without an invoice: one last look-up if the processor answers. Found, the invoice is
   * kept (the sale follows it); else the sale fails (`processor-offline`, `outbox-expired`), and when the processor
   * did not answer, a look-up stays pending so an invoice a lost answer hid is found and cancelled when it returns.
   */
  private async expire(
    sale: SaleRecord,
    waiting: OutboxEntry,
    processor: PaymentProcessor | null
  ): Promise<void> {
    let answered = false
    if (processor) {
      try {
        const found = await processor.findInvoiceByOrderId(sale.id)
        answered = true
        if (found && this.deps.ledger.getSale(sale.id)?.state === 'creating') {
          this.applyCreated(sale.id, found, waiting)
          if (!isFinalStatus(found.status))
            this.deps.tracker.track({ processor: sale.processor, invoiceId: found.id, saleId: sale.id })
          return
        }
      } catch (error) {
        if (!(error instanceof ProcessorError))
          this.log.error({ err: error, saleId: sale.id }, 'the last look-up of an outbox sale failed')
      }
    }
    // The cashier may have cancelled it during the look-up: the cancel then owns it.
    if (this.deps.ledger.getSale(sale.id)?.state !== 'creating') return
    this.deps.ledger.batch(() => {
      this.runner.expire(sale, waiting)
      if (!answered) this.cancels.mark(sale.id, this.iso())
    })
    if (!answered) void this.cancels.kick(sale.id)
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }
}

/** Rethrow `error` (an expression, for `??`). */
function throwAgain(error: unknown): never {
  throw error
}
