import { KassaError } from '@shared/errors'

/** Wrong PINs in a row before a lock-out. */
export const PIN_ATTEMPTS = 3
/** The first lock-out, in seconds; each further one doubles. */
export const FIRST_LOCKOUT_S = 30
/** The longest lock-out, in seconds (1 h). */
export const MAX_LOCKOUT_S = 3600

/** The settings row the guard is kept in (JSON), so a restart does not give a guesser fresh attempts. */
export const PIN_GUARD_KEY = 'owner:pinGuard'

/**
 * The guard's state. `failed` counts wrong PINs since the last right one; every `PIN_ATTEMPTS`-th of them starts
 * a lock-out, so the number of lock-outs so far is `floor(failed / PIN_ATTEMPTS)`.
 */
export interface PinGuardState {
  failed: number
  /** ms since the epoch; while in the future every attempt is refused. */
  lockedUntilMs: number | null
}

/** Where the guard keeps its state (the ledger's settings table in the till). */
export interface GuardStore {
  getSetting(key: string): string | null
  setSetting(key: string, value: string | null): void
}

/** What a wrong PIN did: either attempts are left, or it started a lock-out of `seconds`. */
export type WrongPinOutcome =
  { lockedOut: false; attemptsLeft: number } | { lockedOut: true; untilMs: number; seconds: number }

/**
 * The length of the `n`-th lock-out (1-based), in seconds: 30, 60, 120, … at most 3600.
 */
export function lockoutSeconds(n: number): number {
  if (n < 1) return 0
  // 2^7 · 30 s is past an hour already; capping the exponent keeps the number small for any n.
  return Math.min(FIRST_LOCKOUT_S * 2 ** Math.min(n - 1, 16), MAX_LOCKOUT_S)
}

/**
 * The limit on owner PIN attempts: 3 wrong in a row lock out for 30 s, each further lock-out doubles up to 1 h, a
 * right PIN resets it. State lives in the settings table (`PIN_GUARD_KEY`), read on every use so a new instance
 * (a restart) continues where the last one stopped.
 */
export class PinGuard {
  constructor(
    private readonly store: GuardStore,
    private readonly now: () => number
  ) {}

  /** The stored state; a missing or unreadable row is a clean slate. */
  state(): PinGuardState {
    const raw = this.store.getSetting(PIN_GUARD_KEY)
    if (!raw) return { failed: 0, lockedUntilMs: null }
    try {
      const parsed = JSON.parse(raw) as Partial<PinGuardState>
      const failed = Number.isSafeInteger(parsed.failed) && (parsed.failed ?? 0) >= 0 ? parsed.failed! : 0
      const until = Number.isSafeInteger(parsed.lockedUntilMs) ? parsed.lockedUntilMs! : null
      return { failed, lockedUntilMs: until }
    } catch {
      return { failed: 0, lockedUntilMs: null }
    }
  }

  /** ms since the epoch until which attempts are refused, or null when not locked out now. */
  lockedUntil(): number | null {
    const until = this.state().lockedUntilMs
    return until !== null && until > this.now() ? until : null
  }

  /**
   * Throws `owner-locked-out` (`params.until` ISO 8601, `params.seconds` left, rounded up) while locked out.
   * Called before a PIN is even checked: during a lock-out the right PIN is refused too.
   */
  assertOpen(): void {
    const until = this.lockedUntil()
    if (until === null) return
    throw lockedOutError(until, Math.ceil((until - this.now()) / 1000))
  }

  /** Count a wrong PIN; the `PIN_ATTEMPTS`-th in a row starts the next, longer lock-out. */
  recordWrong(): WrongPinOutcome {
    const before = this.state()
    const failed = before.failed + 1
    if (failed % PIN_ATTEMPTS !== 0) {
      this.save({ failed, lockedUntilMs: before.lockedUntilMs })
      return { lockedOut: false, attemptsLeft: PIN_ATTEMPTS - (failed % PIN_ATTEMPTS) }
    }
    const seconds = lockoutSeconds(failed / PIN_ATTEMPTS)
    const untilMs = this.now() + seconds * 1000
    this.save({ failed, lockedUntilMs: untilMs })
    return { lockedOut: true, untilMs, seconds }
  }

  /** A right PIN: back to a clean slate. */
  recordRight(): void {
    this.store.setSetting(PIN_GUARD_KEY, null)
  }

  private save(state: PinGuardState): void {
    this.store.setSetting(PIN_GUARD_KEY, JSON.stringify(state))
  }
}

/** `owner-locked-out` with its params. @param seconds whole seconds left */
export function lockedOutError(untilMs: number, seconds: number): KassaError {
  const until = new Date(untilMs).toISOString()
  return new KassaError(
    'owner-locked-out',
    `Too many wrong owner PINs: try again in ${seconds} s (at ${until})`,
    { until, seconds: String(seconds) }
  )
}
