import type { ProcessorHealthView } from '@shared/health'
import type { ProcessorId } from '@shared/invoice'
import { ProcessorError } from '../processors/errors'
import { inLane } from '../processors/lanes'
import type { PaymentProcessor } from '../processors/types'
import { silentLogger, type Logger } from '../log/logger'

/** How often and how patiently the monitor checks. Times in milliseconds. */
export interface HealthTiming {
  /** Between checks of a processor that answered (default 30 000). */
  intervalMs: number
  /**
   * Between checks of a processor that has not answered for a while (default 10 000); also the longest wait between
   * two checks of one that does not answer (`offlineFirstMs` and `offlineFastMaxMs` are capped by it).
   */
  offlineIntervalMs: number
  /**
   * The first check after a failed one (default 1 000); doubling up to `offlineFastMaxMs` while the outage is younger
   * than `offlineFastForMs`, so a processor that comes back is seen within about `offlineFastMaxMs`.
   */
  offlineFirstMs: number
  /** Longest wait between checks early in an outage (default 1 500). */
  offlineFastMaxMs: number
  /**
   * How long (since the first failed check) the early pace holds (default 120 000); then the wait doubles from
   * `offlineFastMaxMs` up to `offlineIntervalMs`: a long outage costs one request every `offlineIntervalMs`.
   */
  offlineFastForMs: number
  /**
   * Least time between the start of two checks of one processor (default 2 000): a burst of failed requests, or of
   * answers after an outage, makes one check, not one each.
   */
  minGapMs: number
  /**
   * Least time between the start of the last check and one asked for because one of the till's own requests was
   * answered while the processor was offline (default 250): its return shows at once, still one check at a time.
   */
  recoveryGapMs: number
  /** Per health request (default 5 000); a check is never retried, the next one is the retry. */
  timeoutMs: number
}

export const DEFAULT_HEALTH_TIMING: HealthTiming = {
  intervalMs: 30_000,
  offlineIntervalMs: 10_000,
  offlineFirstMs: 1_000,
  offlineFastMaxMs: 1_500,
  offlineFastForMs: 120_000,
  minGapMs: 2_000,
  recoveryGapMs: 250,
  timeoutMs: 5_000
}

/** What the monitor needs from the rest of main. */
export interface HealthMonitorDeps {
  /** The connected processors, the till's own first (the Demo always). */
  connected(): ProcessorId[]
  processorFor(id: ProcessorId): PaymentProcessor | null
  /** A processor's state or detail changed: tell the screens (`connectivity:changed`). */
  onChanged(health: ProcessorHealthView): void
  now?: () => number
  timing?: Partial<HealthTiming>
  log?: Logger
}

interface Entry {
  view: ProcessorHealthView
  /** The check under way, if any: at most one per processor. */
  inFlight: Promise<ProcessorHealthView> | null
  timer: NodeJS.Timeout | null
  /** When the timer fires (ms), or Infinity with none. */
  nextAt: number
  /** When the last check started (ms), or -Infinity before the first. */
  startedAt: number
  /** When the first of the failed checks in a row was made (ms), or null while it answers. */
  offlineSince: number | null
  /** Failed checks in a row. */
  offlineChecks: number
}

/** Told with a processor's id when it answers again after being offline. */
export type RecoveredListener = (processor: ProcessorId) => void

/**
 * The health of every connected processor (`processor:health`): checked through its `ports.health` at start (and
 * when it is connected), every `intervalMs`; while it does not answer, after `offlineFirstMs` doubling to
 * `offlineFastMaxMs` for the first `offlineFastForMs` of the outage, then slower up to `offlineIntervalMs` (a return is
 * seen within about 1.5 s early in an outage, and a long one costs one request every 10 s); soon after one of the
 * till's own requests to it failed (`minGapMs`), and at once when one answered while it was offline (`report`, fed by
 * the tracker; `recoveryGapMs`). Checks run in the background lane with a short timeout and no retry, never two at
 * once for one processor. A return from offline is told to `onRecovered` listeners. A processor without a health
 * port follows the tracker's reports alone. Plain Node.
 */
export class HealthMonitor {
  private readonly entries = new Map<ProcessorId, Entry>()
  private readonly timing: HealthTiming
  private readonly now: () => number
  private readonly log: Logger
  private running = false
  private readonly recovered = new Set<RecoveredListener>()

  constructor(private readonly deps: HealthMonitorDeps) {
    this.timing = { ...DEFAULT_HEALTH_TIMING, ...deps.timing }
    this.now = deps.now ?? Date.now
    this.log = deps.log ?? silentLogger()
  }

  /** Begin: every connected processor is checked now. */
  start(): void {
    this.running = true
    this.sync()
  }

  /** Stop every timer; a check in flight finishes without scheduling another. */
  stop(): void {
    this.running = false
    for (const entry of this.entries.values()) this.clear(entry)
  }

  /**
   * Follow the connected set after a connect or disconnect: a new processor starts `unknown` and is checked now, a
   * gone one is forgotten. `recheck` names a processor whose connector was just replaced (a new key): checked now.
   */
  sync(recheck?: ProcessorId): void {
    const connected = new Set(this.deps.connected())
    for (const [id, entry] of this.entries) {
      if (connected.has(id)) continue
      this.clear(entry)
      this.entries.delete(id)
    }
    for (const id of connected) {
      if (this.entries.has(id)) continue
      const view: ProcessorHealthView = {
        processor: id,
        state: 'unknown',
        detail: null,
        checkedAt: null,
        lastOkAt: null
      }
      this.entries.set(id, {
        view,
        inFlight: null,
        timer: null,
        nextAt: Infinity,
        startedAt: -Infinity,
        offlineSince: null,
        offlineChecks: 0
      })
      this.deps.onChanged({ ...view })
      if (this.running) this.schedule(id, this.now())
    }
    if (recheck && this.running && this.entries.has(recheck)) void this.check(recheck)
  }

  /**
   * Call `listener` whenever a processor that was `offline` answers again (`online` or `degraded`): the tracker
   * catches up its invoices, refunds and payment requests left waiting are asked again. A listener's error is logged,
   * never thrown at the monitor.
   * @returns a function that removes the listener
   */
  onRecovered(listener: RecoveredListener): () => void {
    this.recovered.add(listener)
    return () => this.recovered.delete(listener)
  }

  /** Every connected processor's health, in `connected()` order. */
  list(): ProcessorHealthView[] {
    return this.deps
      .connected()
      .map((id) => this.entries.get(id)?.view)
      .filter((view): view is ProcessorHealthView => view !== undefined)
      .map((view) => ({ ...view }))
  }

  /**
   * Check `id` now, or join the check already under way.
   * @returns its health after the check; unchanged when it has no health port or is not connected
   */
  check(id: ProcessorId): Promise<ProcessorHealthView> {
    const entry = this.entries.get(id)
    if (!entry)
      return Promise.resolve({
        processor: id,
        state: 'unknown',
        detail: null,
        checkedAt: null,
        lastOkAt: null
      })
    entry.inFlight ??= this.run(id, entry).finally(() => {
      entry.inFlight = null
    })
    return entry.inFlight
  }

  /**
   * One of the till's own requests to `id` answered (`ok`) or failed to reach it (the tracker's `onConnectivity`).
   * A failure asks for a check soon (`minGapMs` after the last); an answer while the processor was offline or unknown
   * asks for one at once (`recoveryGapMs` after the last), so its return shows without waiting for the planned
   * check. A processor without a health port takes the report as its state.
   */
  report(id: ProcessorId, ok: boolean, message: string | null): void {
    const entry = this.entries.get(id)
    if (!entry) return
    const now = this.now()
    if (!this.deps.processorFor(id)?.ports?.health) {
      this.apply(entry, ok ? 'online' : 'offline', ok ? null : message, now)
      return
    }
    if (ok) entry.view.lastOkAt = now
    const doubt = ok
      ? entry.view.state === 'offline' || entry.view.state === 'unknown'
      : entry.view.state !== 'offline'
    const gap = ok ? this.timing.recoveryGapMs : this.timing.minGapMs
    if (doubt && this.running) this.schedule(id, Math.max(now, entry.startedAt + gap))
  }

  private async run(id: ProcessorId, entry: Entry): Promise<ProcessorHealthView> {
    this.clear(entry)
    const port = this.deps.processorFor(id)?.ports?.health
    if (!port) return { ...entry.view }
    entry.startedAt = this.now()
    try {
      const report = await inLane('background', () =>
        port.check({ timeoutMs: this.timing.timeoutMs, maxRetries: 0 })
      )
      this.apply(entry, report.state, report.state === 'online' ? null : report.detail)
    } catch (error) {
      if (!(error instanceof ProcessorError))
        this.log.error({ err: error, processor: id }, 'health check failed')
      const detail = error instanceof ProcessorError ? error.message : 'The health check failed unexpectedly'
      this.apply(entry, 'offline', detail)
    }
    if (this.running && this.entries.get(id) === entry) {
      const wait = entry.view.state === 'offline' ? this.offlineWait(entry) : this.timing.intervalMs
      this.arm(id, entry, this.now() + wait)
    }
    return { ...entry.view }
  }

  /**
   * The wait after a failed check: `offlineFirstMs` doubling to `offlineFastMaxMs` early in the outage, then doubling
   * on to `offlineIntervalMs`; never more than `offlineIntervalMs`.
   */
  private offlineWait(entry: Entry): number {
    const t = this.timing
    const age = this.now() - (entry.offlineSince ?? this.now())
    const early = Math.min(t.offlineFirstMs * 2 ** Math.max(0, entry.offlineChecks - 1), t.offlineFastMaxMs)
    if (age < t.offlineFastForMs) return Math.min(early, t.offlineIntervalMs)
    // Checks since the early pace ended, at about one per `offlineFastMaxMs` before it, so the doubling restarts there.
    const late = Math.floor((age - t.offlineFastForMs) / Math.max(1, t.offlineIntervalMs)) + 1
    return Math.min(t.offlineFastMaxMs * 2 ** late, t.offlineIntervalMs)
  }

  private apply(
    entry: Entry,
    state: ProcessorHealthView['state'],
    detail: string | null,
    at = this.now()
  ): void {
    const view = entry.view
    const wasOffline = view.state === 'offline'
    const changed = view.state !== state || view.detail !== detail
    view.state = state
    view.detail = detail
    view.checkedAt = at
    if (state === 'offline') {
      entry.offlineSince ??= at
      entry.offlineChecks++
    } else {
      entry.offlineSince = null
      entry.offlineChecks = 0
    }
    if (state === 'online' || state === 'degraded') view.lastOkAt = at
    if (!this.entries.has(view.processor)) return
    if (changed) this.deps.onChanged({ ...view })
    if (wasOffline && (state === 'online' || state === 'degraded')) {
      for (const listener of this.recovered) {
        try {
          listener(view.processor)
        } catch (error) {
          this.log.error({ err: error, processor: view.processor }, 'a health listener failed')
        }
      }
    }
  }

  /** Check `id` at `at` (ms), unless a check is under way or one is already due sooner. */
  private schedule(id: ProcessorId, at: number): void {
    const entry = this.entries.get(id)
    if (!entry || entry.inFlight || entry.nextAt <= at) return
    this.arm(id, entry, at)
  }

  private arm(id: ProcessorId, entry: Entry, at: number): void {
    this.clear(entry)
    entry.nextAt = at
    entry.timer = setTimeout(() => void this.check(id), Math.max(0, at - this.now()))
    entry.timer.unref?.()
  }

  private clear(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = null
    entry.nextAt = Infinity
  }
}
