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
  /** Between checks of a processor that did not (default 10 000), so its return is seen sooner. */
  offlineIntervalMs: number
  /**
   * Least time between the start of two checks of one processor (default 2 000): a burst of failed requests, or of
   * answers after an outage, makes one check, not one each.
   */
  minGapMs: number
  /** Per health request (default 5 000); a check is never retried, the next one is the retry. */
  timeoutMs: number
}

export const DEFAULT_HEALTH_TIMING: HealthTiming = {
  intervalMs: 30_000,
  offlineIntervalMs: 10_000,
  minGapMs: 2_000,
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
}

/**
 * The health of every connected processor (`processor:health`): checked through its `ports.health` at start (and
 * when it is connected), every `intervalMs` (`offlineIntervalMs` while it does not answer), and soon after one of
 * the till's own requests to it failed or, while it was offline, succeeded (`report`, fed by the tracker). Checks run
 * in the background lane with a short timeout and no retry, never two at once for one processor, never closer than
 * `minGapMs`. A processor without a health port follows the tracker's reports alone. Plain Node.
 */
export class HealthMonitor {
  private readonly entries = new Map<ProcessorId, Entry>()
  private readonly timing: HealthTiming
  private readonly now: () => number
  private readonly log: Logger
  private running = false

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
      this.entries.set(id, { view, inFlight: null, timer: null, nextAt: Infinity, startedAt: -Infinity })
      this.deps.onChanged({ ...view })
      if (this.running) this.schedule(id, this.now())
    }
    if (recheck && this.running && this.entries.has(recheck)) void this.check(recheck)
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
   * A failure asks for a check soon; so does an answer while the processor was offline or unknown. A processor
   * without a health port takes the report as its state.
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
    if (doubt && this.running) this.schedule(id, Math.max(now, entry.startedAt + this.timing.minGapMs))
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
      const wait = entry.view.state === 'offline' ? this.timing.offlineIntervalMs : this.timing.intervalMs
      this.arm(id, entry, this.now() + wait)
    }
    return { ...entry.view }
  }

  private apply(
    entry: Entry,
    state: ProcessorHealthView['state'],
    detail: string | null,
    at = this.now()
  ): void {
    const view = entry.view
    const changed = view.state !== state || view.detail !== detail
    view.state = state
    view.detail = detail
    view.checkedAt = at
    if (state === 'online' || state === 'degraded') view.lastOkAt = at
    if (changed && this.entries.has(view.processor)) this.deps.onChanged({ ...view })
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
