import { randomBytes, timingSafeEqual } from 'node:crypto'

/** How long an owner session lasts without an owner-only call, in ms: 10 minutes. */
export const DEFAULT_OWNER_IDLE_MS = 10 * 60 * 1000

/**
 * Open owner sessions, in memory only (a restart locks the till). A session is a random 32-byte token
 * (base64url) that expires `idleMs` after it was opened or last used.
 */
export class OwnerSessions {
  /** token → expiry (ms since the epoch). */
  private readonly sessions = new Map<string, number>()

  constructor(
    private readonly now: () => number,
    /** Idle expiry in ms. */
    readonly idleMs: number = DEFAULT_OWNER_IDLE_MS
  ) {}

  /** Open a session. @returns its token and expiry (ms since the epoch) */
  open(): { token: string; expiresAtMs: number } {
    this.sweep()
    const token = randomBytes(32).toString('base64url')
    const expiresAtMs = this.now() + this.idleMs
    this.sessions.set(token, expiresAtMs)
    return { token, expiresAtMs }
  }

  /** True when `token` names a session that has not expired. Does not extend it. */
  isValid(token: string | null | undefined): boolean {
    return this.find(token) !== null
  }

  /** Extend a valid session by the idle time. @returns false (and nothing changed) for an unknown or expired one */
  touch(token: string | null | undefined): boolean {
    const found = this.find(token)
    if (found === null) return false
    this.sessions.set(found, this.now() + this.idleMs)
    return true
  }

  /** End a session (nothing happens for an unknown one). */
  close(token: string | null | undefined): void {
    const found = this.find(token)
    if (found !== null) this.sessions.delete(found)
  }

  /** End every session (a PIN change). */
  closeAll(): void {
    this.sessions.clear()
  }

  /**
   * The stored token equal to `token` while it is unexpired, compared in constant time (the map lookup itself
   * would leak timing on the key; sessions are few, so each is compared).
   */
  private find(token: string | null | undefined): string | null {
    if (!token) return null
    this.sweep()
    const given = Buffer.from(token)
    for (const stored of this.sessions.keys()) {
      const expected = Buffer.from(stored)
      if (given.length === expected.length && timingSafeEqual(given, expected)) return stored
    }
    return null
  }

  private sweep(): void {
    const now = this.now()
    for (const [token, expiry] of this.sessions) if (expiry <= now) this.sessions.delete(token)
  }
}
