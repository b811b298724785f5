import { hash, verify } from '@node-rs/argon2'
import { isOwnerCall, type CallName } from '@shared/contract'
import type { OwnerPinStatusView, OwnerSessionView } from '@shared/day'
import { KassaError } from '@shared/errors'
import type { CallContext, OwnerGate } from '../dispatch'
import type { AuditActor } from '../ledger/audit-log'
import { PinGuard, lockedOutError, type GuardStore } from './pin-guard'
import { OwnerSessions } from './owner-sessions'

/** The settings row holding the PIN's argon2id hash (PHC string); never the PIN. */
export const PIN_HASH_KEY = 'owner:pinHash'

/** `@node-rs/argon2`'s `Algorithm.Argon2id` (a `const enum`, which this build cannot import by name). */
const ARGON2ID = 2

/** What the owner PIN needs from the ledger: its settings rows and the audit log. */
export interface OwnerPinStore extends GuardStore {
  audit(actor: AuditActor, action: string, saleId: string | null, details?: Record<string, unknown>): void
}

/** Options of the owner PIN. Times in ms. */
export interface OwnerPinOptions {
  store: OwnerPinStore
  now: () => number
  /** Session idle expiry; default 10 minutes. */
  idleMs?: number
}

/**
 * The owner PIN: set once (first use of an owner screen), then needed for every owner-only call (`OWNER_CALLS`)
 * through an owner session. Keeps only an argon2id hash (`@node-rs/argon2`, hashed and verified on its own
 * threads, off the main thread) in the settings table; limits attempts through `PinGuard`; sessions live in memory
 * only. Audits `owner.pin-set`, `owner.pin-changed`, `owner.unlocked`, `owner.unlock-failed`, `owner.locked-out`,
 * never with the PIN. PIN checks run one at a time, so parallel guesses cannot outrun the attempt counter.
 */
export class OwnerPin implements OwnerGate {
  readonly sessions: OwnerSessions
  private readonly guard: PinGuard
  private readonly store: OwnerPinStore
  /** The tail of the queue of PIN checks. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(options: OwnerPinOptions) {
    this.store = options.store
    this.guard = new PinGuard(options.store, options.now)
    this.sessions = new OwnerSessions(options.now, options.idleMs)
  }

  /** True once a PIN has been set. */
  get pinSet(): boolean {
    return this.store.getSetting(PIN_HASH_KEY) !== null
  }

  /** `owner:pinStatus` for the caller's session. */
  status(context?: CallContext): OwnerPinStatusView {
    const until = this.guard.lockedUntil()
    return {
      pinSet: this.pinSet,
      unlocked: this.pinSet && this.sessions.isValid(context?.ownerSession),
      lockedUntil: until === null ? null : new Date(until).toISOString(),
      failedAttempts: this.guard.state().failed
    }
  }

  /**
   * `owner:setPin`: the first PIN (no `currentPin` needed), or a new one (`currentPin` checked like an unlock:
   * `owner-pin-wrong`, `owner-locked-out`; `invalid-input` when it is missing). A change ends every other session.
   * @returns a new owner session for the caller
   */
  setPin(pin: string, currentPin?: string): Promise<OwnerSessionView> {
    return this.serial(async () => {
      const stored = this.store.getSetting(PIN_HASH_KEY)
      if (stored !== null) {
        if (currentPin === undefined) {
          throw new KassaError('invalid-input', 'The current owner PIN is needed to change it', {
            field: 'currentPin'
          })
        }
        await this.check(stored, currentPin, 'owner:setPin')
      }
      this.store.setSetting(PIN_HASH_KEY, await hashPin(pin))
      this.sessions.closeAll()
      this.store.audit('owner', stored === null ? 'owner.pin-set' : 'owner.pin-changed', null, {})
      return this.openSession()
    })
  }

  /** `owner:unlock`: a session for the right PIN; `conflict` before a PIN is set. */
  unlock(pin: string): Promise<OwnerSessionView> {
    return this.serial(async () => {
      const stored = this.store.getSetting(PIN_HASH_KEY)
      if (stored === null) {
        throw new KassaError('conflict', 'No owner PIN is set yet: set one first', { reason: 'no-pin' })
      }
      await this.check(stored, pin, 'owner:unlock')
      this.store.audit('owner', 'owner.unlocked', null, {})
      return this.openSession()
    })
  }

  /** `owner:lock`: end the caller's session. */
  lock(context?: CallContext): OwnerPinStatusView {
    this.sessions.close(context?.ownerSession)
    return this.status(context)
  }

  /**
   * The gate `dispatch` asks before an owner-only call: open until a PIN is set, then only with a valid session,
   * which the call pushes out by the idle time. @throws KassaError `owner-required` (`params.call`)
   */
  admit(call: CallName, context: CallContext): void {
    if (!isOwnerCall(call) || !this.pinSet) return
    if (this.sessions.touch(context.ownerSession)) return
    throw new KassaError('owner-required', `${call} is for the owner: unlock with the owner PIN first`, {
      call
    })
  }

  /** Check `pin` against `stored` under the guard; a wrong one is counted and audited, then thrown. */
  private async check(stored: string, pin: string, call: string): Promise<void> {
    this.guard.assertOpen()
    if (await verifyPin(stored, pin)) {
      this.guard.recordRight()
      return
    }
    const outcome = this.guard.recordWrong()
    this.store.audit('cashier', 'owner.unlock-failed', null, { call })
    if (outcome.lockedOut) {
      this.store.audit('system', 'owner.locked-out', null, {
        until: new Date(outcome.untilMs).toISOString(),
        seconds: outcome.seconds
      })
      throw lockedOutError(outcome.untilMs, outcome.seconds)
    }
    throw new KassaError('owner-pin-wrong', `Wrong owner PIN: ${outcome.attemptsLeft} attempts left`, {
      attemptsLeft: String(outcome.attemptsLeft)
    })
  }

  private openSession(): OwnerSessionView {
    const { token, expiresAtMs } = this.sessions.open()
    return { session: token, expiresAt: new Date(expiresAtMs).toISOString() }
  }

  /** Run PIN checks one after another. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/** The argon2id hash (PHC string, random salt) of a PIN, with the library's defaults (19 MiB, 2 passes). */
export function hashPin(pin: string): Promise<string> {
  return hash(pin, { algorithm: ARGON2ID as never })
}

/** True when `pin` matches the PHC string `stored`; an unreadable hash matches nothing. */
async function verifyPin(stored: string, pin: string): Promise<boolean> {
  try {
    return await verify(stored, pin)
  } catch {
    return false
  }
}
