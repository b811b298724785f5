import type { Invoice, ProcessorId } from '@shared/invoice'
import { isFinalStatus } from '@shared/invoice'
import { awaitsLatePayment, monitoringEndsAt } from '@shared/late-payment'
import type { Ledger, OpenInvoice } from '../ledger/ledger'
import { silentLogger, type Logger } from '../log/logger'
import { inLane } from '../processors/lanes'
import { ProcessorError } from '../processors/errors'
import type { PaymentProcessor } from '../processors/types'
import { ProcessorGates } from './processor-gates'

/** Tracker timing, in milliseconds. */
export interface TrackerTiming {
  /** How often the invoice on screen is read when nothing is pushed. Default 1000. */
  focusIntervalMs: number
  /** How often a background invoice is read. Default 10 000. */
  backgroundIntervalMs: number
  /** Longest wait after repeated failures. Default 5 minutes. */
  maxBackoffMs: number
  /**
   * How often an expired invoice is read for a late payment in the background. Default 60 000, the pace of
   * BTCPay's own invoice watcher.
   */
  lateIntervalMs: number
  /** The same for the expired invoice on screen (the customer may be paying right now). Default 5 000. */
  lateFocusIntervalMs: number
  /**
   * How often the invoice on screen is read once its payment was seen in full (`Processing`: only confirmations are
   * awaited, minutes on chain) when nothing is pushed. Default three times `focusIntervalMs` (3 000): the budget
   * goes to charges and other invoices.
   */
  confirmingFocusIntervalMs: number
  /**
   * How often a processor with an open-invoice list (`invoiceList.listOpen`) is swept, at the fastest: one sweep
   * tells which of its followed invoices changed. Slower when its request budget asks. Default 10 000.
   */
  sweepIntervalMs: number
  /** An invoice a sweep found unchanged is still read on its own after this long, as a safety net. Default 5 minutes. */
  sweptReadIntervalMs: number
  /** Sweep only processors following at least this many background invoices. Default 8. */
  sweepMinInvoices: number
  /**
   * A background read that cannot reach a processor pauses all its background reads this long (default 2 000),
   * doubling per failed read up to `outageMaxMs`, instead of each invoice failing on its own: one probe per pause
   * while it is down. The health monitor's return (`processorRecovered`) or any answer ends the pause.
   */
  outageFirstMs: number
  /** Longest outage pause (default 60 000). */
  outageMaxMs: number
}

/** What the tracker needs from the rest of main. */
export interface TrackerDeps {
  ledger: Ledger
  /** The connector for a processor, or null when it is not configured (its invoices wait). */
  processorFor(id: ProcessorId): PaymentProcessor | null
  /** A sale's invoice changed: push it to the screens. */
  onSaleChanged(saleId: string): void
  /** A processor answered (online) or failed to (offline, with the message). */
  onConnectivity(processor: ProcessorId, online: boolean, message: string | null): void
  now?: () => number
  timing?: Partial<TrackerTiming>
  /** Background reads in flight at once, over all processors (the invoice on screen has its own lane). Default 4. */
  concurrency?: number
  /**
   * Where a read that failed unexpectedly goes, with its stack (default: nowhere). A processor's failure is not
   * logged here: its request line already is.
   */
  log?: Logger
}

interface Entry extends OpenInvoice {
  key: string
  nextAt: number
  failures: number
  inFlight: boolean
  /**
   * Expired, in its monitoring window, nothing paid late yet: read at the slow late-payment pace. A late payment
   * once seen is followed at the usual pace until it confirms.
   */
  slow: boolean
  /** When the tracker began following it (ms). */
  addedAt: number
  /** When its last own read answered (ms), if it was read. */
  lastReadAt?: number
  /** Paid in full, awaiting confirmations (`Processing`), as last read. */
  confirming?: boolean
}

/** A processor's sweep of its open-invoice list. */
interface Sweep {
  nextAt: number
  inFlight: boolean
  failures: number
  /** Requests the last sweep took (an estimate of the next one's cost). */
  requests: number
}

/** Pages a sweep may read (100 invoices a page on BTCPay and BTPay). */
const SWEEP_MAX_PAGES = 20

/**
 * Follows every open invoice to a final state, and an expired one on until its processor stops monitoring it for
 * a late payment (`lateIntervalMs`, on screen `lateFocusIntervalMs`; the window is the invoice's
 * `monitorUntil`, see `late-payment.ts`). The set is the ledger's open invoices, so it resumes after a
 * restart. The invoice on screen is read at least every `focusIntervalMs` and also on every push from the
 * processor (BTCPay's websocket, the Demo's events); background invoices every `backgroundIntervalMs`, never
 * faster than the processor's `minPollIntervalMs`, and never more than its budget (`requestsPerMinute`, a token
 * bucket of `backgroundBudget`): after an outage the backlog is caught up at the budget's pace, not in one burst.
 * Background reads and sweeps are sent without the HTTP client's retries: the tracker is their retry. Failures back
 * off exponentially with jitter; a rate limit pauses the whole processor for its `Retry-After`; a processor that
 * cannot be reached pauses its background reads (`outageFirstMs` doubling to `outageMaxMs`) until it answers or the
 * health monitor says it is back (`processorRecovered`), then every invoice of it is due again (a sweep first where
 * it has one). The invoice on screen has its own lane: its read never waits
 * for a background slot, and runs `inLane('focus')` (the others `inLane('background')`) so a shared request budget
 * (BTPay's) serves it before queued background reads.
 */
export class InvoiceTracker {
  private readonly entries = new Map<string, Entry>()
  /** Rate-limit and outage pauses and the request budget of each processor's background reads. */
  private readonly gates: ProcessorGates
  private readonly timing: TrackerTiming
  private readonly now: () => number
  private readonly concurrency: number
  private readonly log: Logger
  /** Invoices followed per processor, for planning each processor's background reads within its budget. */
  private readonly counts = new Map<ProcessorId, number>()
  private readonly sweeps = new Map<ProcessorId, Sweep>()
  private focusedKey: string | null = null
  private unsubscribePush: (() => void) | null = null
  private timer: NodeJS.Timeout | null = null
  private running = 0
  private stopped = true
  /** Reads in flight, so `idle` can wait for them. */
  private readonly checks = new Set<Promise<void>>()

  constructor(private readonly deps: TrackerDeps) {
    this.timing = {
      focusIntervalMs: 1000,
      backgroundIntervalMs: 10_000,
      maxBackoffMs: 300_000,
      lateIntervalMs: 60_000,
      lateFocusIntervalMs: 5_000,
      confirmingFocusIntervalMs: 3 * (deps.timing?.focusIntervalMs ?? 1000),
      sweepIntervalMs: 10_000,
      sweptReadIntervalMs: 300_000,
      sweepMinInvoices: 8,
      outageFirstMs: 2_000,
      outageMaxMs: 60_000,
      ...deps.timing
    }
    this.now = deps.now ?? Date.now
    this.gates = new ProcessorGates({
      now: this.now,
      outageFirstMs: this.timing.outageFirstMs,
      outageMaxMs: this.timing.outageMaxMs,
      budgetPerMinute: (id) => {
        const processor = this.deps.processorFor(id)
        return processor ? this.backgroundBudget(id, processor) : 0
      }
    })
    this.concurrency = deps.concurrency ?? 4
    this.log = deps.log ?? silentLogger()
  }

  /** Load the open invoices from the ledger (spread over one background interval) and start following them. */
  start(): void {
    this.stopped = false
    const now = this.now()
    for (const open of this.deps.ledger.openInvoices()) {
      this.add(open, now + Math.floor(Math.random() * Math.min(this.timing.backgroundIntervalMs, 2000)))
    }
    this.schedule()
  }

  /** Settles when the reads in flight have finished (after `stop`, before the ledger is closed). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.checks])
  }

  /** Stop all timers and pushes. In-flight reads finish but schedule nothing; `idle` waits for them. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.unsubscribePush?.()
    this.unsubscribePush = null
  }

  /**
   * Start following an invoice; it is read right away, or with `fresh` (the caller has just read it from the
   * processor: a create's answer) after its usual interval, sparing a request the answer already made. Focusing it
   * reads it at once either way.
   */
  track(open: OpenInvoice, options: { fresh?: boolean } = {}): void {
    this.add(open, this.now())
    const entry = this.entries.get(keyOf(open.processor, open.invoiceId))
    const processor = this.deps.processorFor(open.processor)
    if (
      options.fresh &&
      entry &&
      processor &&
      entry.key !== this.focusedKey &&
      entry.lastReadAt === undefined
    ) {
      entry.lastReadAt = this.now()
      entry.nextAt = this.now() + this.interval(entry, processor)
    }
    this.schedule()
  }

  /** Number of invoices followed. */
  get size(): number {
    return this.entries.size
  }

  /** Whether an invoice is followed. */
  isTracking(processor: ProcessorId, invoiceId: string): boolean {
    return this.entries.has(keyOf(processor, invoiceId))
  }

  /**
   * Mark the invoice of `saleId` as the one on screen (null: none): it is read now, then at the focus interval,
   * and on every push the processor offers. Focus leaves the previous invoice either way.
   * @returns true when the sale has an open invoice this tracker follows (now focused); false for null and for a
   *   sale it does not follow (ended, not yet invoiced, or unknown; telling those apart is the caller's job).
   */
  focus(saleId: string | null): boolean {
    this.unsubscribePush?.()
    this.unsubscribePush = null
    this.focusedKey = null
    if (saleId === null) return false
    const entry = [...this.entries.values()].find((e) => e.saleId === saleId)
    if (!entry) return false
    this.focusedKey = entry.key
    const processor = this.deps.processorFor(entry.processor)
    if (processor?.subscribe) {
      this.unsubscribePush = processor.subscribe(entry.invoiceId, () => this.checkSoon(entry.key))
    }
    this.checkSoon(entry.key)
    return true
  }

  /** The sale whose invoice is on screen, or null. */
  get focusedSaleId(): string | null {
    return this.focusedKey === null ? null : (this.entries.get(this.focusedKey)?.saleId ?? null)
  }

  /** Read an invoice as soon as possible (a push or a webhook said it changed). */
  checkSoon(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    entry.nextAt = Math.min(entry.nextAt, this.now())
    this.schedule()
  }

  /** Same as `checkSoon`, by processor and invoice id. */
  invoiceMayHaveChanged(processor: ProcessorId, invoiceId: string): void {
    this.checkSoon(keyOf(processor, invoiceId))
  }

  /**
   * `processor` answers again after an outage (the health monitor's `onRecovered`): its outage pause ends, every
   * invoice of it is due now (read within its request budget, a sweep first) and failures are forgotten. A pause for
   * a rate limit's `Retry-After` still holds.
   */
  processorRecovered(processor: ProcessorId): void {
    this.gates.recovered(processor)
    const now = this.now()
    // Read since the last failure: already caught up (the tracker's own answer and the monitor's both call this).
    const failedAt = this.gates.lastUnreachableAt(processor) ?? Infinity
    let due = 0
    for (const entry of this.entries.values()) {
      if (entry.processor !== processor || (entry.lastReadAt ?? -Infinity) > failedAt) continue
      entry.failures = 0
      if (!entry.slow) entry.nextAt = Math.min(entry.nextAt, now)
      due++
    }
    const sweep = this.sweeps.get(processor)
    if (sweep && due > 0) {
      sweep.failures = 0
      sweep.nextAt = Math.min(sweep.nextAt, now)
    }
    this.schedule()
  }

  private add(open: OpenInvoice, nextAt: number): void {
    const key = keyOf(open.processor, open.invoiceId)
    const existing = this.entries.get(key)
    if (existing) {
      existing.nextAt = Math.min(existing.nextAt, nextAt)
      return
    }
    this.entries.set(key, {
      ...open,
      key,
      nextAt,
      failures: 0,
      inFlight: false,
      slow: false,
      addedAt: this.now()
    })
    this.counts.set(open.processor, (this.counts.get(open.processor) ?? 0) + 1)
  }

  private schedule(): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    // Every background slot is busy: a finishing read schedules again, so arming a timer for a background
    // invoice now would only spin. The invoice on screen has its own lane and is still timed.
    const slotsFull = this.running >= this.concurrency
    const cache = new Map<ProcessorId, number>()
    let earliest = Infinity
    for (const entry of this.entries.values()) {
      if (entry.inFlight || (slotsFull && entry.key !== this.focusedKey)) continue
      earliest = Math.min(earliest, this.readyAt(entry, cache))
    }
    if (!slotsFull) {
      for (const id of this.sweepable()) {
        const sweep = this.sweepOf(id)
        if (!sweep.inFlight) earliest = Math.min(earliest, Math.max(sweep.nextAt, this.gates.at(id, cache)))
      }
    }
    if (earliest === Infinity) return
    this.timer = setTimeout(() => this.runDue(), Math.max(0, earliest - this.now()))
  }

  /**
   * When an entry may be read: its own time, after a rate-limit pause; a background one also after an outage pause
   * and when its processor's budget has a request to spend. `cache` keeps `gates.at` per processor for one pass.
   */
  private readyAt(entry: Entry, cache?: Map<ProcessorId, number>): number {
    if (entry.key === this.focusedKey) {
      return Math.max(entry.nextAt, this.gates.rateLimitedUntil(entry.processor))
    }
    return Math.max(entry.nextAt, this.gates.at(entry.processor, cache))
  }

  private runDue(): void {
    this.timer = null
    const now = this.now()
    const due = [...this.entries.values()]
      .filter((entry) => !entry.inFlight && this.readyAt(entry) <= now)
      .sort((a, b) => (a.key === this.focusedKey ? -1 : b.key === this.focusedKey ? 1 : a.nextAt - b.nextAt))
    // The focused invoice (sorted first) does not take a background slot; a due sweep comes before the
    // background invoices, since it may spare most of their reads.
    const focused = due[0]?.key === this.focusedKey ? due.shift() : undefined
    if (focused) this.follow(this.check(focused))
    for (const id of this.sweepable()) {
      const sweep = this.sweepOf(id)
      if (this.running >= this.concurrency) break
      if (sweep.inFlight || Math.max(sweep.nextAt, this.gates.at(id)) > now) continue
      this.gates.spend(id, sweep.requests)
      this.follow(this.sweep(id, sweep))
    }
    for (const entry of due) {
      if (this.running >= this.concurrency) break
      // A sweep or an earlier read of this pass may have spent the processor's budget.
      if (this.gates.at(entry.processor) > now) continue
      this.gates.spend(entry.processor, 1)
      this.follow(this.check(entry))
    }
    this.schedule()
  }

  private follow(read: Promise<void>): void {
    this.checks.add(read)
    void read.finally(() => this.checks.delete(read))
  }

  /** Processors worth sweeping now: a `listOpen` port and at least `sweepMinInvoices` followed. */
  private sweepable(): ProcessorId[] {
    const ids: ProcessorId[] = []
    for (const [id, count] of this.counts) {
      if (count < this.timing.sweepMinInvoices) continue
      if (this.deps.processorFor(id)?.ports?.invoiceList?.listOpen) ids.push(id)
    }
    return ids
  }

  private sweepOf(id: ProcessorId): Sweep {
    let sweep = this.sweeps.get(id)
    if (!sweep) {
      sweep = { nextAt: this.now(), inFlight: false, failures: 0, requests: 1 }
      this.sweeps.set(id, sweep)
    }
    return sweep
  }

  /**
   * Read a processor's open invoices in one go and compare them with the ledger: changed or gone → read now;
   * unchanged → its own read waits `sweptReadIntervalMs`. Entries in flight, on screen or waiting slowly for a late
   * payment (expired, so never in an open list) are left alone.
   */
  private async sweep(id: ProcessorId, sweep: Sweep): Promise<void> {
    const processor = this.deps.processorFor(id)
    const port = processor?.ports?.invoiceList
    if (!processor || !port?.listOpen) return
    const listOpen = port.listOpen.bind(port)
    sweep.inFlight = true
    this.running++
    const startedAt = this.now()
    try {
      const found = await inLane('background', () =>
        listOpen({ maxPages: SWEEP_MAX_PAGES }, { maxRetries: 0 })
      )
      sweep.failures = 0
      // The estimate was spent when it started; settle the difference.
      this.gates.spend(id, Math.max(1, found.requests) - sweep.requests)
      sweep.requests = Math.max(1, found.requests)
      this.answered(id)
      const listed = new Map(found.items.map((invoice) => [invoice.id, invoice]))
      const now = this.now()
      for (const entry of this.entries.values()) {
        if (entry.processor !== id || entry.inFlight || entry.slow || entry.key === this.focusedKey) continue
        // Followed since the list was asked for: the list may not know it yet.
        if (entry.addedAt >= startedAt && !listed.has(entry.invoiceId)) continue
        const seen = listed.get(entry.invoiceId)
        const stored = this.deps.ledger.getInvoiceForSale(entry.saleId)
        if (seen && stored && stored.id === seen.id && sameProgress(stored, seen)) {
          const lastRead = entry.lastReadAt ?? entry.addedAt
          entry.nextAt = Math.max(entry.nextAt, lastRead + this.sweptInterval(entry, processor))
        } else if (seen || found.complete) {
          entry.nextAt = Math.min(entry.nextAt, now)
        }
      }
    } catch (error) {
      sweep.failures++
      if (error instanceof ProcessorError) {
        if (error.code === 'processor-rate-limit') {
          this.gates.rateLimited(id, error.retryAfterMs ?? this.timing.sweepIntervalMs)
        }
        if (unreachable(error)) {
          this.gates.unreachable(id)
          this.deps.onConnectivity(id, false, error.message)
        }
      } else {
        this.log.error({ err: error, processor: id }, 'sweeping open invoices failed')
      }
    } finally {
      sweep.inFlight = false
      this.running--
      const interval = this.sweepInterval(id, processor, sweep)
      sweep.nextAt =
        this.now() + Math.max(interval, Math.min(this.timing.maxBackoffMs, interval * 2 ** sweep.failures))
      this.schedule()
    }
  }

  /**
   * Time between sweeps of a processor: `sweepIntervalMs`, or slower so that sweeping takes at most half of what its
   * budget leaves for background reads (`plannedBudget`).
   */
  private sweepInterval(id: ProcessorId, processor: PaymentProcessor | null, sweep: Sweep): number {
    const perMinute = processor ? this.backgroundBudget(id, processor) : 0
    const paced = perMinute > 0 ? Math.ceil((sweep.requests * 60_000) / (perMinute / 2)) : 0
    return Math.max(this.timing.sweepIntervalMs, paced)
  }

  /** A swept, unchanged invoice's next own read: the safety-net interval or its budgeted one, whichever is longer. */
  private sweptInterval(entry: Entry, processor: PaymentProcessor): number {
    return Math.max(this.timing.sweptReadIntervalMs, this.interval(entry, processor))
  }

  private async check(entry: Entry): Promise<void> {
    const processor = this.deps.processorFor(entry.processor)
    if (!processor) {
      entry.nextAt = this.now() + this.timing.backgroundIntervalMs
      return
    }
    const lane = entry.key === this.focusedKey
    entry.inFlight = true
    if (!lane) this.running++
    try {
      const call = <T>(work: () => Promise<T>) => inLane(lane ? 'focus' : 'background', work)
      const previous = () => this.deps.ledger.getInvoiceForSale(entry.saleId)
      // In the background the tracker is the retry (the next read, a pause for the processor), not the client.
      const retries = lane ? {} : { maxRetries: 0 }
      let invoice = await call(() => processor.getInvoice(entry.invoiceId, { previous, ...retries }))
      if (!isFinalStatus(invoice.status) && processor.shouldAbandon?.(invoice, this.now())) {
        // Past the quote deadline and the owner's grace, still unpaid: cancel it so it cannot be paid later.
        const id = invoice.id
        invoice = await call(() => processor.cancelInvoice(id))
        this.deps.ledger.audit('system', 'invoice.abandoned', entry.saleId, { invoiceId: invoice.id })
      }
      entry.failures = 0
      entry.lastReadAt = this.now()
      this.answered(entry.processor)
      if (this.deps.ledger.applyInvoice(entry.saleId, invoice)) this.deps.onSaleChanged(entry.saleId)
      if (invoice.id !== entry.invoiceId) {
        // The processor replaced the invoice (Plisio's duplicate after a coin switch): follow the new one.
        const wasFocused = this.focusedKey === entry.key
        this.remove(entry)
        if (this.followUntil(invoice) !== undefined) {
          this.add({ processor: entry.processor, invoiceId: invoice.id, saleId: entry.saleId }, this.now())
          if (wasFocused) this.focus(entry.saleId)
        }
        return
      }
      const until = this.followUntil(invoice)
      if (until === undefined) {
        this.remove(entry)
        return
      }
      entry.slow = until !== null && invoice.additionalStatus !== 'PaidLate'
      entry.confirming = invoice.status === 'Processing'
      // The last read falls on the window's end, so a payment recorded just before it is still seen.
      entry.nextAt = Math.min(this.now() + this.interval(entry, processor), until ?? Infinity)
    } catch (error) {
      const outage = !lane && unreachable(error)
      if (outage) {
        // The processor, not this invoice, failed: the pause holds every background read, this one stays due.
        this.gates.unreachable(entry.processor)
        entry.nextAt = Math.max(entry.nextAt, this.now())
      } else {
        entry.failures++
        const backoff = Math.min(
          this.timing.maxBackoffMs,
          this.interval(entry, processor) * 2 ** entry.failures
        )
        entry.nextAt = this.now() + backoff / 2 + Math.random() * (backoff / 2)
      }
      if (error instanceof ProcessorError) {
        if (error.code === 'processor-rate-limit') {
          const backoff = this.interval(entry, processor) * 2 ** Math.max(1, entry.failures)
          const wait = error.retryAfterMs ?? Math.min(this.timing.maxBackoffMs, backoff)
          this.gates.rateLimited(entry.processor, wait)
        }
        if (unreachable(error)) this.deps.onConnectivity(entry.processor, false, error.message)
      } else {
        this.log.error({ err: error, invoice: entry.key }, 'reading an invoice failed')
      }
    } finally {
      entry.inFlight = false
      if (!lane) this.running--
      this.schedule()
    }
  }

  /**
   * How long to keep following an invoice just read: null while it is open (no end), the end of its
   * monitoring window (ms) while it is expired and a late payment may come, undefined when done.
   */
  private followUntil(invoice: Invoice): number | null | undefined {
    if (!isFinalStatus(invoice.status)) return null
    if (!awaitsLatePayment(invoice)) return undefined
    const end = monitoringEndsAt(invoice)
    return end !== null && this.now() < end ? end : undefined
  }

  private interval(entry: Entry, processor: PaymentProcessor): number {
    const focused = entry.key === this.focusedKey
    const wanted = entry.slow
      ? focused
        ? this.timing.lateFocusIntervalMs
        : this.timing.lateIntervalMs
      : focused
        ? entry.confirming
          ? this.timing.confirmingFocusIntervalMs
          : this.timing.focusIntervalMs
        : Math.max(this.timing.backgroundIntervalMs, this.plannedInterval(entry.processor, processor))
    return Math.max(wanted, processor.capabilities.minPollIntervalMs)
  }

  /**
   * The background interval that keeps a processor within its request budget (`requestsPerMinute`): what is left
   * after a tenth for the cashier's charges and, while one of its invoices is on screen, that invoice's reads, shared
   * by all its invoices (at least a twentieth of the budget). 0 without a budget.
   */
  private plannedInterval(id: ProcessorId, processor: PaymentProcessor): number {
    const available = this.backgroundBudget(id, processor)
    if (!available) return 0
    // A processor being swept spends up to half of it on the sweep.
    const perMinute = this.sweeps.has(id) && this.sweepable().includes(id) ? available / 2 : available
    const count = this.counts.get(id) ?? 0
    return Math.ceil((count * 60_000) / perMinute)
  }

  /**
   * Requests a minute a processor's background work may take: its budget (`requestsPerMinute`) less a tenth for the
   * cashier's charges and, while one of its invoices is on screen, that invoice's reads; at least a twentieth of the
   * budget. 0 without a budget (no limit).
   */
  private backgroundBudget(id: ProcessorId, processor: PaymentProcessor): number {
    const budget = processor.capabilities.requestsPerMinute
    if (!budget) return 0
    const focused = this.focusedKey === null ? undefined : this.entries.get(this.focusedKey)
    // The invoice on screen at its own pace (slower once its payment was seen), which never asks for a planned one.
    const focusRate = focused?.processor === id ? 60_000 / this.interval(focused, processor) : 0
    // The floor is small: a larger one overcommits the budget while an invoice is on screen (BTPay: 60 focus reads
    // of 75 a minute), and the requests beyond it then come out of what the cashier's charges need.
    return Math.max(budget * 0.05, budget * 0.9 - focusRate)
  }

  /** A request to `id` was answered: an outage pause ends (the health monitor may not have said so yet). */
  private answered(id: ProcessorId): void {
    this.deps.onConnectivity(id, true, null)
    if (this.gates.inOutage(id)) this.processorRecovered(id)
  }

  private remove(entry: Entry): void {
    if (this.entries.delete(entry.key)) {
      this.counts.set(entry.processor, (this.counts.get(entry.processor) ?? 1) - 1)
    }
    if (this.focusedKey === entry.key) {
      this.unsubscribePush?.()
      this.unsubscribePush = null
      this.focusedKey = null
    }
  }
}

/** Same status, extra status, processor status and amount paid: nothing a full read would change for the till. */
function sameProgress(stored: Invoice, listed: Invoice): boolean {
  return (
    stored.status === listed.status &&
    stored.additionalStatus === listed.additionalStatus &&
    stored.rawStatus === listed.rawStatus &&
    stored.paid === listed.paid
  )
}

/** The processor could not be reached or failed as a whole (network, timeout, 5xx), not this request. */
function unreachable(error: unknown): error is ProcessorError {
  return (
    error instanceof ProcessorError &&
    (error.code === 'processor-connection' || error.code === 'processor-unavailable')
  )
}

function keyOf(processor: ProcessorId, invoiceId: string): string {
  return `${processor}:${invoiceId}`
}
