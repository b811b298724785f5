import { randomBytes, randomUUID } from 'node:crypto'
import type { DifferenceView, ReconcileRunView } from '@shared/day'
import { KassaError } from '@shared/errors'
import { isFinalStatus, type Invoice, type ProcessorId } from '@shared/invoice'
import { awaitsLatePayment } from '@shared/late-payment'
import { AmountError, decimalToMinor } from '@shared/money'
import type { BusinessDayId } from '@shared/day'
import { addDays, businessDayRange, type BusinessDayRule } from '../day/business-day'
import type { Ledger, OpenInvoice } from '../ledger/ledger'
import { silentLogger, type Logger } from '../log/logger'
import { ProcessorError } from '../processors/errors'
import { inLane } from '../processors/lanes'
import type { InvoiceListPort } from '../processors/ports'
import type { InvoicePage, PaymentProcessor } from '../processors/types'
import { compareOne, type CompareContext, type Outcome } from './compare'
import { Pacer, pause } from './pacer'
import type { LedgerSale, ReconcileBook } from './reconcile-book'

/** How runs read and pace. Times in milliseconds. */
export interface ReconcileOptions {
  /** Invoices asked for a page (default 100, the most BTPay and Plisio give). */
  pageSize: number
  /** Share of the processor's `requestsPerMinute` a run may use (default 0.5: the tracker keeps the rest). */
  budgetShare: number
  /** Budget assumed for a processor that publishes none (Plisio, the Demo): default 120 a minute. */
  defaultRequestsPerMinute: number
  /** How far the read and the ledger side reach beyond the days, for clocks that differ (default 15 min). */
  skewMs: number
  /** Attempts of a page failing for a passing reason (network, 5xx) before the run fails (default 4). */
  attempts: number
  /** First wait after such a failure, doubled each time (default 2000). */
  backoffMs: number
  /** 429 answers a page may wait out (`Retry-After`, else the backoff) before the run fails (default 10). */
  rateLimitWaits: number
  /** Status or amount differences read on their own to confirm them, at most, per run (default 50). */
  confirmReads: number
  /** Runs kept in memory; the oldest finished one is forgotten (default 20). */
  maxRuns: number
  /** Days a run may cover (default 92). */
  maxDays: number
}

export const DEFAULT_RECONCILE_OPTIONS: Readonly<ReconcileOptions> = Object.freeze({
  pageSize: 100,
  budgetShare: 0.5,
  defaultRequestsPerMinute: 120,
  skewMs: 15 * 60_000,
  attempts: 4,
  backoffMs: 2000,
  rateLimitWaits: 10,
  confirmReads: 50,
  maxRuns: 20,
  maxDays: 92
})

/** What the reconciliation service needs. */
export interface ReconcileDeps {
  ledger: Ledger
  book: ReconcileBook
  /** @throws KassaError `not-configured` when the processor cannot be used. */
  requireProcessor(id: ProcessorId): PaymentProcessor
  businessDayRule(): BusinessDayRule
  /** This till's id (`settings.till.tillId`). */
  tillId(): string
  /** Follow an invoice a recheck or an import left open. */
  track(open: OpenInvoice): void
  /** True when the invoice is one of this till's recovery payment requests (`RecoveryService.ownsRequest`). */
  isRecoveryRequest?(processor: ProcessorId, invoiceId: string): boolean
  onSaleChanged(saleId: string): void
  /** After each page and when a run ends (`reconcile:progress`). */
  onProgress(run: Pick<ReconcileRunView, 'id' | 'processor' | 'state' | 'progress'>): void
  now: () => number
  log?: Logger
}

interface Run {
  id: string
  processor: ProcessorId
  fromDay: BusinessDayId
  toDay: BusinessDayId
  /** The days' bounds (ms since the epoch), [fromMs, toMs). */
  fromMs: number
  toMs: number
  state: ReconcileRunView['state']
  progress: ReconcileRunView['progress']
  error: ReconcileRunView['error']
  startedAt: string
  finishedAt: string | null
  controller: AbortController
  /** What each compared invoice came to, by invoice id (sale id for a sale without one). */
  outcomes: Map<string, Outcome>
  done: Promise<void>
}

/**
 * Reconciliation against a processor's own books (`reconcile:*`): reads its invoices of a range of business days
 * through the `invoiceList` port, paced within a share of its request budget, compares them with the ledger, and
 * lets the owner review, re-check or import what differs. Runs live in memory; reviews and imports in the ledger.
 */
export class ReconcileService {
  private readonly runs = new Map<string, Run>()
  private readonly options: ReconcileOptions
  private readonly log: Logger

  constructor(
    private readonly deps: ReconcileDeps,
    options: Partial<ReconcileOptions> = {}
  ) {
    this.options = { ...DEFAULT_RECONCILE_OPTIONS, ...options }
    this.log = deps.log ?? silentLogger()
  }

  /**
   * Start reconciling business days [fromDay, toDay] against `processor`; returns at once (state `running`).
   * @throws KassaError `not-configured` (processor not connected), `invalid-input` (more than `maxDays` days, or a
   *   processor without an invoice list)
   */
  start(processor: ProcessorId, fromDay: BusinessDayId, toDay: BusinessDayId): ReconcileRunView {
    const connector = this.deps.requireProcessor(processor)
    const port = connector.ports.invoiceList
    if (!port) throw new KassaError('invalid-input', `${connector.label} cannot list its invoices`)
    if (addDays(fromDay, this.options.maxDays - 1) < toDay) {
      throw new KassaError('invalid-input', `At most ${this.options.maxDays} days at once`)
    }
    const rule = this.deps.businessDayRule()
    const run: Run = {
      id: 'rec_' + randomBytes(10).toString('hex'),
      processor,
      fromDay,
      toDay,
      fromMs: businessDayRange(fromDay, rule).fromMs,
      toMs: businessDayRange(toDay, rule).toMs,
      state: 'running',
      progress: { pages: 0, invoices: 0, requests: 0, estimatedPages: null },
      error: null,
      startedAt: this.iso(),
      finishedAt: null,
      controller: new AbortController(),
      outcomes: new Map(),
      done: Promise.resolve()
    }
    this.keep(run)
    run.done = this.execute(run, connector, port)
    return this.view(run)
  }

  /** A run as it stands. @throws KassaError `not-found` for an unknown or forgotten run */
  get(runId: string): ReconcileRunView {
    return this.view(this.requireRun(runId))
  }

  /** Wait until a run has ended (tests, the benchmark). */
  async settled(runId: string): Promise<ReconcileRunView> {
    const run = this.requireRun(runId)
    await run.done
    return this.view(run)
  }

  /**
   * Stop a running run between pages (and its request in flight); what was read is compared and kept.
   * @throws KassaError `not-found`
   */
  async cancel(runId: string): Promise<ReconcileRunView> {
    const run = this.requireRun(runId)
    if (run.state === 'running') run.controller.abort(new KassaError('conflict', 'Reconciliation cancelled'))
    await run.done
    return this.view(run)
  }

  /**
   * Mark a difference reviewed with the owner's note: kept in the ledger (shown in later runs too), audited
   * (`reconcile.reviewed`).
   * @throws KassaError `not-found` (run or difference)
   */
  review(runId: string, key: string, note: string): DifferenceView {
    const run = this.requireRun(runId)
    const found = this.requireDifference(run, key)
    const review = { note, at: this.iso(), by: 'owner' }
    this.deps.ledger.batch(() => {
      this.deps.book.review(run.processor, refOf(found), found.kind, review)
      this.deps.ledger.audit('owner', 'reconcile.reviewed', found.saleId, {
        processor: run.processor,
        invoiceId: found.invoiceId,
        kind: found.kind,
        note
      })
    })
    return this.withReview(found)
  }

  /**
   * Read a difference's invoice from the processor now, apply it to its sale the way the tracker does (state
   * machine, paid hooks), and compare again; the run is updated.
   * @throws KassaError `not-found`, `conflict` (no invoice to read, run still running); ProcessorError from the read
   */
  async recheck(runId: string, key: string): Promise<ReconcileRunView> {
    const run = this.requireRun(runId)
    const found = this.requireDifference(run, key)
    if (run.state === 'running') throw new KassaError('conflict', 'Wait for the reconciliation to finish')
    if (!found.invoiceId) throw new KassaError('conflict', 'This difference has no invoice to read')
    const processor = this.deps.requireProcessor(run.processor)
    const fresh = await this.read(processor, found.invoiceId)
    const saleId = found.saleId
    if (fresh && saleId) this.apply(saleId, fresh)
    this.settle(run, found, fresh, saleId ? this.deps.book.sale(saleId) : null)
    return this.view(run)
  }

  /**
   * Import an invoice missing in Kassa (made outside Kassa, or this till's whose sale the ledger lost) as a sale:
   * recorded and its invoice applied the ledger's normal way, so a paid one gets its receipt number and business day
   * (`onPaid` hooks); remembered in `reconcile_imports` and audited (`reconcile.imported`).
   * @throws KassaError `not-found`, `conflict` (not importable: another till's, already in Kassa, no amount);
   *   ProcessorError from the read
   */
  async import(runId: string, key: string): Promise<ReconcileRunView> {
    const run = this.requireRun(runId)
    const found = this.requireDifference(run, key)
    if (run.state === 'running') throw new KassaError('conflict', 'Wait for the reconciliation to finish')
    if (found.action !== 'import' || !found.invoiceId) {
      throw new KassaError('conflict', 'Only an invoice made outside this till’s ledger can be imported')
    }
    const processor = this.deps.requireProcessor(run.processor)
    const invoice = await this.read(processor, found.invoiceId)
    if (!invoice)
      throw new KassaError('not-found', `${processor.label} no longer has invoice ${found.invoiceId}`)
    const saleId = this.importAsSale(run.processor, invoice, found)
    this.deps.onSaleChanged(saleId)
    this.followIfOpen(saleId, invoice)
    this.settle(run, found, invoice, this.deps.book.sale(saleId))
    return this.view(run)
  }

  /** Abort every running run (core stop). */
  async stop(): Promise<void> {
    const running = [...this.runs.values()].filter((run) => run.state === 'running')
    for (const run of running) run.controller.abort(new KassaError('conflict', 'Kassa is stopping'))
    await Promise.all(running.map((run) => run.done))
  }

  private async execute(run: Run, processor: PaymentProcessor, port: InvoiceListPort): Promise<void> {
    const listed = new Map<string, Invoice>()
    const from = new Date(run.fromMs - this.options.skewMs).toISOString()
    const to = new Date(run.toMs + this.options.skewMs).toISOString()
    const budget = processor.capabilities.requestsPerMinute ?? this.options.defaultRequestsPerMinute
    const pacer = new Pacer(Math.ceil(60_000 / Math.max(1, budget * this.options.budgetShare)), this.deps.now)
    let complete = false
    try {
      let cursor: string | null = null
      do {
        const query = { from, to, cursor, limit: this.options.pageSize }
        const page: InvoicePage = await this.paced(run, pacer, (options) => port.list(query, options))
        for (const invoice of page.items) listed.set(invoice.id, invoice)
        run.progress.pages++
        run.progress.invoices += page.items.length
        cursor = page.nextCursor
        this.emit(run)
      } while (cursor !== null)
      complete = true
    } catch (error) {
      this.end(run, error, 'Reading the processor’s invoices failed')
    }
    try {
      this.compare(run, listed, from, to, complete)
      if (complete) await this.confirm(run, processor, pacer)
    } catch (error) {
      this.end(run, error, 'Comparing with the ledger failed')
    }
    if (run.state === 'running') run.state = 'done'
    run.finishedAt = this.iso()
    this.emit(run)
  }

  /** A run stopped by `error`: cancelled when it was aborted, else failed with the error (`internal`: `words`). */
  private end(run: Run, error: unknown, words: string): void {
    if (run.controller.signal.aborted) {
      run.state = 'cancelled'
      return
    }
    run.state = 'failed'
    if (error instanceof KassaError) {
      run.error = { code: error.code, message: error.message }
    } else {
      run.error = { code: 'internal', message: words }
      this.log.error({ err: error, run: run.id }, words)
    }
  }

  /** One request, paced; passing failures retried with backoff, a 429 waited out. */
  private async paced<T>(
    run: Run,
    pacer: Pacer,
    request: (options: { signal: AbortSignal; maxRetries: number }) => Promise<T>
  ): Promise<T> {
    const signal = run.controller.signal
    let failures = 0
    let waits = 0
    for (;;) {
      await pacer.next(signal)
      run.progress.requests++
      try {
        // The background lane: a connector with a shared budget (BTPay) serves the cashier first.
        return await inLane('background', () => request({ signal, maxRetries: 0 }))
      } catch (error) {
        signal.throwIfAborted()
        if (!(error instanceof ProcessorError) || !error.retryable) throw error
        this.log.warn(
          { run: run.id, code: error.code, status: error.status },
          'reconciliation request retried'
        )
        const backoff = this.options.backoffMs * 2 ** failures
        if (error.code === 'processor-rate-limit') {
          if (++waits > this.options.rateLimitWaits) throw error
          await pause(error.retryAfterMs ?? backoff, signal)
        } else {
          if (++failures >= this.options.attempts) throw error
          await pause(backoff, signal)
        }
      }
    }
  }

  private compare(run: Run, listed: Map<string, Invoice>, from: string, to: string, complete: boolean): void {
    const context = this.context(run, complete)
    const byInvoice = new Map<string, LedgerSale>()
    const bySale = new Map<string, LedgerSale>()
    for (const sale of this.deps.book.salesBetween(run.processor, from, to)) {
      bySale.set(sale.saleId, sale)
      if (sale.invoice) byInvoice.set(sale.invoice.id, sale)
    }
    const seen = new Set<string>()
    for (const invoice of listed.values()) {
      const sale =
        byInvoice.get(invoice.id) ?? bySale.get(invoice.orderId) ?? this.deps.book.sale(invoice.orderId)
      if (sale?.invoice?.id === invoice.id) seen.add(sale.saleId)
      this.record(run, invoice.id, compareOne(invoice, sale, context))
    }
    for (const sale of bySale.values()) {
      if (seen.has(sale.saleId) || !sale.invoice) continue
      this.record(run, sale.invoice.id, compareOne(null, sale, context))
    }
  }

  /**
   * A list answers with less than a read (no payment details: BTCPay's paid comes from `paidAmount`, BTPay's list has
   * no payments), so a status or amount difference is read once on its own, paced like the pages, and judged on
   * that read (the ledger is not changed: that is `recheck`). At most `confirmReads` a run; the rest stand as listed.
   */
  private async confirm(run: Run, processor: PaymentProcessor, pacer: Pacer): Promise<void> {
    const suspects = [...run.outcomes.entries()]
      .filter(([, outcome]) => outcome.type === 'difference' && BOTH_SIDES.has(outcome.difference.kind))
      .slice(0, this.options.confirmReads)
    const context = this.context(run, true)
    for (const [ref, outcome] of suspects) {
      const saleId = outcome.type === 'difference' ? outcome.difference.saleId : null
      const sale = saleId ? this.deps.book.sale(saleId) : null
      // The stored copy spares a connector what it cannot read again cheaply (BTPay's quote deadline).
      const previous = () => sale?.invoice ?? null
      let fresh: Invoice
      try {
        fresh = await this.paced(run, pacer, (options) => processor.getInvoice(ref, { ...options, previous }))
      } catch (error) {
        run.controller.signal.throwIfAborted()
        if (error instanceof ProcessorError && !error.retryable) continue
        throw error
      }
      this.record(run, ref, compareOne(fresh, sale, context))
      this.emit(run)
    }
  }

  private record(run: Run, ref: string, outcome: Outcome | null): void {
    if (outcome) run.outcomes.set(ref, outcome)
    else run.outcomes.delete(ref)
  }

  /** After a recheck or an import: compare that one invoice again and put its new outcome in the run. */
  private settle(run: Run, found: DifferenceView, fresh: Invoice | null, sale: LedgerSale | null): void {
    const ref = refOf(found)
    const outcome = compareOne(fresh, sale, this.context(run, true))
    run.outcomes.delete(ref)
    this.record(run, fresh?.id ?? ref, outcome)
  }

  private context(run: Run, complete: boolean): CompareContext {
    return {
      processor: run.processor,
      fromMs: run.fromMs,
      toMs: run.toMs,
      tillId: this.deps.tillId(),
      complete,
      isRecoveryRequest: (invoiceId) => this.deps.isRecoveryRequest?.(run.processor, invoiceId) ?? false
    }
  }

  /** The invoice now, or null when the processor no longer has it. */
  private async read(processor: PaymentProcessor, invoiceId: string): Promise<Invoice | null> {
    try {
      return await processor.getInvoice(invoiceId)
    } catch (error) {
      if (error instanceof ProcessorError && error.code === 'processor-not-found') return null
      throw error
    }
  }

  /** Apply a read to its sale as the tracker does, and keep following it while it may still change. */
  private apply(saleId: string, invoice: Invoice): void {
    if (!this.deps.ledger.getSale(saleId)) return
    if (this.deps.ledger.applyInvoice(saleId, invoice)) this.deps.onSaleChanged(saleId)
    this.followIfOpen(saleId, invoice)
  }

  private followIfOpen(saleId: string, invoice: Invoice): void {
    if (!isFinalStatus(invoice.status) || awaitsLatePayment(invoice)) {
      this.deps.track({ processor: invoice.processor, invoiceId: invoice.id, saleId })
    }
  }

  private importAsSale(processor: ProcessorId, invoice: Invoice, found: DifferenceView): string {
    const already = this.deps.book.importedSale(processor, invoice.id)
    if (already) throw new KassaError('conflict', `Invoice ${invoice.id} was imported already`)
    let amountMinor: bigint
    try {
      amountMinor = decimalToMinor(invoice.amount, invoice.currency)
    } catch (error) {
      if (error instanceof AmountError) {
        throw new KassaError('conflict', `Invoice ${invoice.id} has no amount Kassa can keep`)
      }
      throw error
    }
    if (amountMinor <= 0n) throw new KassaError('conflict', `Invoice ${invoice.id} has no amount to import`)
    // This till's own sale keeps its id (the order id); an invoice made outside Kassa gets a new one.
    const saleId =
      found.origin === 'this-till' &&
      /^sale_[0-9a-z]+$/.test(invoice.orderId) &&
      !this.deps.ledger.getSale(invoice.orderId)
        ? invoice.orderId
        : 'sale_' + randomUUID().replace(/-/g, '')
    this.deps.ledger.batch(() => {
      this.deps.ledger.createSale({
        id: saleId,
        currency: invoice.currency,
        amountMinor,
        memo: null,
        lines: [],
        processor
      })
      this.deps.ledger.applyInvoice(saleId, invoice)
      this.deps.book.recordImport(invoice, saleId, this.iso(), 'owner')
      this.deps.ledger.audit('owner', 'reconcile.imported', saleId, {
        processor,
        invoiceId: invoice.id,
        origin: found.origin,
        orderId: invoice.orderId
      })
    })
    return saleId
  }

  private view(run: Run): ReconcileRunView {
    let matched = 0
    let otherTills = 0
    let outsideKassa = 0
    const differences: DifferenceView[] = []
    for (const outcome of run.outcomes.values()) {
      if (outcome.type === 'matched') {
        matched++
        continue
      }
      const { difference } = outcome
      if (difference.origin === 'other-till') otherTills++
      if (difference.origin === 'outside-kassa') outsideKassa++
      differences.push(this.withReview(difference))
    }
    differences.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key))
    return {
      id: run.id,
      processor: run.processor,
      fromDay: run.fromDay,
      toDay: run.toDay,
      state: run.state,
      progress: { ...run.progress },
      error: run.error,
      matched,
      otherTills,
      outsideKassa,
      differences,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt
    }
  }

  private withReview(difference: DifferenceView): DifferenceView {
    return {
      ...difference,
      reviewed: this.deps.book.reviewOf(difference.processor, refOf(difference), difference.kind)
    }
  }

  private emit(run: Run): void {
    this.deps.onProgress({
      id: run.id,
      processor: run.processor,
      state: run.state,
      progress: { ...run.progress }
    })
  }

  private keep(run: Run): void {
    this.runs.set(run.id, run)
    while (this.runs.size > this.options.maxRuns) {
      const oldest = [...this.runs.values()].find((each) => each.state !== 'running')
      if (!oldest) break
      this.runs.delete(oldest.id)
    }
  }

  private requireRun(runId: string): Run {
    const run = this.runs.get(runId)
    if (!run) throw new KassaError('not-found', `No reconciliation ${runId} (it may have been forgotten)`)
    return run
  }

  private requireDifference(run: Run, key: string): DifferenceView {
    for (const outcome of run.outcomes.values()) {
      if (outcome.type === 'difference' && outcome.difference.key === key) return outcome.difference
    }
    throw new KassaError('not-found', `No difference ${key} in this reconciliation`)
  }

  private iso(): string {
    return new Date(this.deps.now()).toISOString()
  }
}

/** Differences between the two sides of one invoice, which a read of the invoice confirms. */
const BOTH_SIDES = new Set<DifferenceView['kind']>(['status-differs', 'amount-differs'])

/** What a difference is kept under: its invoice id, else its sale id. */
function refOf(difference: DifferenceView): string {
  return difference.invoiceId ?? difference.saleId ?? ''
}
