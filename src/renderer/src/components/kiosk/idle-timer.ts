/**
 * The kiosk's idle timer, pure (timers only, no DOM or Vue), so it is tested with fake timers. After `idleMs`
 * without `activity()` it calls `onIdle` (the kiosk returns to its start screen); during the last `warningMs` it
 * calls `onWarning(secondsLeft)` once a second ("Still there?"). `hold(true)` stops it while a payment is being
 * seen: the customer is not sent away from money on its way; `hold(false)` starts a full idle time again.
 */
export interface IdleTimerOptions {
  /** ms without input before `onIdle`. */
  idleMs: number
  /** ms before the end during which the warning shows (clamped to `idleMs`). */
  warningMs: number
  /** Each second of the warning, with the whole seconds left (10, 9, … 1). */
  onWarning(secondsLeft: number): void
  /** The warning ended, by input or hold (not by going idle). */
  onWarningCleared?(): void
  /** The idle time ran out. */
  onIdle(): void
}

export class IdleTimer {
  private idleTimer: ReturnType<typeof setTimeout> | null = null
  private warnTimer: ReturnType<typeof setTimeout> | null = null
  private ticker: ReturnType<typeof setInterval> | null = null
  private deadline = 0
  private held = false
  private running = false
  private warning = false

  constructor(private options: IdleTimerOptions) {}

  /** Whether the warning is showing. */
  get warningShown(): boolean {
    return this.warning
  }

  /** Start (or restart) counting from now. */
  start(): void {
    this.running = true
    this.arm()
  }

  /** A touch, click or key: count again from now (nothing while held or stopped). */
  activity(): void {
    if (this.running && !this.held) this.arm()
  }

  /** Hold (true) while a payment is being seen; released (false), a full idle time starts. */
  hold(held: boolean): void {
    if (held === this.held) return
    this.held = held
    if (held) this.clear()
    else if (this.running) this.arm()
  }

  /** A new idle time (the owner changed it): counting starts over with it. */
  setIdleMs(idleMs: number): void {
    this.options = { ...this.options, idleMs }
    if (this.running && !this.held) this.arm()
  }

  /** Stop counting (the kiosk screen is left). */
  stop(): void {
    this.running = false
    this.clear()
  }

  private arm(): void {
    this.clear()
    const { idleMs } = this.options
    const warningMs = Math.min(this.options.warningMs, idleMs)
    this.deadline = Date.now() + idleMs
    this.warnTimer = setTimeout(() => this.warn(), idleMs - warningMs)
    this.idleTimer = setTimeout(() => {
      this.clear(false)
      this.options.onIdle()
    }, idleMs)
  }

  private warn(): void {
    this.warnTimer = null
    this.warning = true
    const tick = (): void => {
      const left = Math.max(1, Math.ceil((this.deadline - Date.now()) / 1000))
      this.options.onWarning(left)
    }
    tick()
    this.ticker = setInterval(tick, 1000)
  }

  private clear(tellCleared = true): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    if (this.warnTimer) clearTimeout(this.warnTimer)
    if (this.ticker) clearInterval(this.ticker)
    this.idleTimer = this.warnTimer = this.ticker = null
    if (this.warning) {
      this.warning = false
      if (tellCleared) this.options.onWarningCleared?.()
    }
  }
}
