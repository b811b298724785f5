import { createHash, randomBytes } from 'node:crypto'
import type { DeviceRole } from '@shared/devices'

/** A pairing code the owner made: for whom, until when (ms since the epoch), and whether it was used. */
interface PendingCode {
  role: DeviceRole
  name: string
  expiresAt: number
  used: boolean
}

/** Why a code was not taken: unknown (never made, or forgotten after expiry), used already, or expired. */
export type CodeRefusal = 'unknown-code' | 'used-code' | 'expired-code'

/** Codes kept at most: the owner makes one at a time; a runaway screen cannot grow the map without bound. */
const MAX_CODES = 32

/**
 * One-time pairing codes, in memory only (a restart forgets them, which only means the owner makes a new one),
 * keyed by their SHA-256 so the map holds no usable code. A code is 16 random bytes (128 bits, base64url), valid
 * `ttlMs`, taken once; a used or expired one is remembered until an hour past its expiry, so the device can be told
 * which of the two it was.
 */
export class PairingCodes {
  private readonly codes = new Map<string, PendingCode>()

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number
  ) {}

  /** Make a code for a device of `role` named `name`. @returns the code and its expiry (ms since the epoch) */
  issue(role: DeviceRole, name: string): { code: string; expiresAt: number } {
    this.prune()
    const code = randomBytes(16).toString('base64url')
    const expiresAt = this.now() + this.ttlMs
    this.codes.set(hash(code), { role, name, expiresAt, used: false })
    while (this.codes.size > MAX_CODES) this.codes.delete(this.codes.keys().next().value as string)
    return { code, expiresAt }
  }

  /** Take `code` (it cannot be taken again). @returns who it was made for, or why it was refused */
  take(code: string): { ok: true; role: DeviceRole; name: string } | { ok: false; reason: CodeRefusal } {
    const pending = this.codes.get(hash(code))
    if (!pending) return { ok: false, reason: 'unknown-code' }
    if (pending.used) return { ok: false, reason: 'used-code' }
    if (this.now() >= pending.expiresAt) return { ok: false, reason: 'expired-code' }
    pending.used = true
    return { ok: true, role: pending.role, name: pending.name }
  }

  private prune(): void {
    const now = this.now()
    for (const [key, pending] of this.codes) if (now > pending.expiresAt + 3_600_000) this.codes.delete(key)
  }
}

function hash(code: string): string {
  return createHash('sha256').update(code).digest('hex')
}
