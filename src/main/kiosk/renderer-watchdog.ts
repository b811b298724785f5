/**
 * Brings a kiosk's page back by itself: a renderer that crashed (`render-process-gone`) is reloaded at once to the
 * URL it was on; one that hangs (`unresponsive`) is given `hangGraceMs` to answer again (`responsive`) before it
 * is reloaded too. Reloads back off (`baseDelayMs` doubling up to `maxDelayMs`), and after `maxReloadsPerMinute`
 * within a minute the watchdog stops trying and shows a plain error page instead of a reload loop; after
 * `retryAfterMs` it tries once more from a clean slate (an unattended kiosk should come back by itself). Pure: the clock
 * and the window actions are given, so it is tested with a fake clock in plain Node.
 */

/** The watchdog's clock: `now` in ms since the epoch, and timers. */
export interface WatchdogClock {
  now(): number
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** What the watchdog does to the window. */
export interface WatchdogActions {
  /** Load `url` again (the page the renderer was on). */
  reload(url: string): void
  /** Give up: show a plain page saying the screen could not be restored. */
  showError(): void
}

export interface RendererWatchdogOptions {
  clock: WatchdogClock
  actions: WatchdogActions
  /** ms an unresponsive page may take to answer again before it is reloaded (default 10 000). */
  hangGraceMs?: number
  /** Delay before the second reload in a row, ms (default 1 000; the first reload is at once). */
  baseDelayMs?: number
  /** Longest delay between reloads, ms (default 30 000). */
  maxDelayMs?: number
  /** Reloads allowed within any 60 s; one more and the error page is shown (default 3). */
  maxReloadsPerMinute?: number
  /** ms a page must stay up for the backoff to start over (default 60 000). */
  stableAfterMs?: number
  /** ms the error page stays before a fresh attempt (default 300 000; 0 = never). */
  retryAfterMs?: number
}

const MINUTE_MS = 60_000

export class RendererWatchdog {
  private readonly hangGraceMs: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly maxReloads: number
  private readonly stableAfterMs: number
  private readonly retryAfterMs: number
  private retryTimer: unknown = null
  /** Times (ms) of the reloads in the last minute. */
  private reloads: number[] = []
  /** Reloads in a row without a stable page in between (the backoff's exponent). */
  private streak = 0
  private lastReloadAt: number | null = null
  private hangTimer: unknown = null
  private reloadTimer: unknown = null
  private lastUrl: string
  private gaveUp = false

  /** @param initialUrl the page the window starts on */
  constructor(
    private readonly options: RendererWatchdogOptions,
    initialUrl: string
  ) {
    this.lastUrl = initialUrl
    this.hangGraceMs = options.hangGraceMs ?? 10_000
    this.baseDelayMs = options.baseDelayMs ?? 1_000
    this.maxDelayMs = options.maxDelayMs ?? 30_000
    this.maxReloads = options.maxReloadsPerMinute ?? 3
    this.stableAfterMs = options.stableAfterMs ?? MINUTE_MS
    this.retryAfterMs = options.retryAfterMs ?? 5 * MINUTE_MS
  }

  /** True once it stopped reloading and showed the error page (until `reset`). */
  get failed(): boolean {
    return this.gaveUp
  }

  /** The page to reload to. */
  get url(): string {
    return this.lastUrl
  }

  /** The page navigated (`did-navigate`, `did-navigate-in-page`): a reload goes back here. */
  navigated(url: string): void {
    if (!this.gaveUp) this.lastUrl = url
  }

  /** The renderer process is gone (crashed, killed, out of memory): reload. */
  crashed(): void {
    this.clearHang()
    this.scheduleReload()
  }

  /** The page stopped answering: reload unless it answers within `hangGraceMs`. */
  unresponsive(): void {
    if (this.hangTimer !== null || this.gaveUp) return
    this.hangTimer = this.options.clock.setTimeout(() => {
      this.hangTimer = null
      this.scheduleReload()
    }, this.hangGraceMs)
  }

  /** The page answers again: no reload for that hang. */
  responsive(): void {
    this.clearHang()
  }

  /** The owner (or a new start) wants to try again after the error page: forget the history. */
  reset(url: string): void {
    this.stop()
    this.reloads = []
    this.streak = 0
    this.lastReloadAt = null
    this.gaveUp = false
    this.lastUrl = url
  }

  /** Cancel pending timers (the window closes). */
  stop(): void {
    this.clearHang()
    if (this.reloadTimer !== null) this.options.clock.clearTimeout(this.reloadTimer)
    if (this.retryTimer !== null) this.options.clock.clearTimeout(this.retryTimer)
    this.reloadTimer = null
    this.retryTimer = null
  }

  private clearHang(): void {
    if (this.hangTimer !== null) this.options.clock.clearTimeout(this.hangTimer)
    this.hangTimer = null
  }

  private scheduleReload(): void {
    if (this.gaveUp || this.reloadTimer !== null) return
    const now = this.options.clock.now()
    this.reloads = this.reloads.filter((at) => now - at < MINUTE_MS)
    if (this.reloads.length >= this.maxReloads) {
      this.gaveUp = true
      this.options.actions.showError()
      if (this.retryAfterMs > 0) {
        const url = this.lastUrl
        this.retryTimer = this.options.clock.setTimeout(() => {
          this.retryTimer = null
          this.reset(url)
          this.options.actions.reload(url)
        }, this.retryAfterMs)
      }
      return
    }
    if (this.lastReloadAt !== null && now - this.lastReloadAt >= this.stableAfterMs) this.streak = 0
    const delay = this.streak === 0 ? 0 : Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (this.streak - 1))
    this.streak += 1
    this.reloads.push(now)
    this.lastReloadAt = now
    this.reloadTimer = this.options.clock.setTimeout(() => {
      this.reloadTimer = null
      this.options.actions.reload(this.lastUrl)
    }, delay)
  }
}
