import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import {
  PAIRING_CODE_TTL_MS,
  type DeviceRole,
  type DeviceView,
  type PairedDevice,
  type PairingView
} from '@shared/devices'
import { KassaError } from '@shared/errors'
import { inTransaction } from '../ledger/database'
import type { Ledger } from '../ledger/ledger'
import type { Logger } from '../log/logger'
import { DeviceStore } from './device-store'
import { PairLimiter } from './pair-limiter'
import { PairingCodes, type CodeRefusal } from './pairing-codes'

/** Where paired devices reach the till: the web host's address as a device on the LAN opens it. */
export interface PairingAddress {
  /** `http://<address>:<port>`, no trailing slash. */
  origin: string
  /** True when the host listens on loopback only (a tablet cannot reach `origin`). */
  loopbackOnly: boolean
}

/** A device the web host let in: what its token may do. */
export interface DeviceIdentity {
  id: string
  role: DeviceRole
}

/** How long a device's `last_seen_at` is left alone after a write: one minute. */
const LAST_SEEN_EVERY_MS = 60_000

const REFUSALS: Record<CodeRefusal, string> = {
  'unknown-code':
    'This pairing code is not known: on the till open Settings → Paired devices, pair again and scan the new code',
  'used-code':
    'This pairing code was used already: on the till open Settings → Paired devices, pair again and scan the new code',
  'expired-code':
    'This pairing code expired (a code lasts 5 minutes): on the till open Settings → Paired devices and pair again'
}

/**
 * Paired devices (issue 15; `src/shared/devices.ts`): the owner makes a one-time code (`pairStart`), the device
 * exchanges it for a long-lived token of its own (`redeem`, `POST /api/pair`), and the web host lets the token in
 * (`authenticate`) until the owner revokes it. Tokens are 32 random bytes; the ledger keeps only their SHA-256
 * (`devices`), so tokens survive restarts of the till and `--new-token` (which rotates only the till's own token).
 * Audited `device.paired` and `device.revoked` (owner). Times from `now` (ms since the epoch).
 */
export class DeviceService {
  private readonly store: DeviceStore
  private readonly codes: PairingCodes
  private readonly limiter: PairLimiter
  private readonly revokedListeners = new Set<(deviceId: string) => void>()
  private address: PairingAddress | null = null

  constructor(private readonly deps: { ledger: Ledger; now: () => number; log: Logger; codeTtlMs?: number }) {
    this.store = new DeviceStore(deps.ledger.database)
    this.codes = new PairingCodes(deps.now, deps.codeTtlMs ?? PAIRING_CODE_TTL_MS)
    this.limiter = new PairLimiter(deps.now)
  }

  /** The web host tells where it listens (`src/main/web/index.ts`); null when it stops. */
  setAddress(address: PairingAddress | null): void {
    this.address = address
  }

  /**
   * A one-time code for a device of `role` named `name`, valid 5 minutes, and the URL the device opens.
   * @throws KassaError `not-configured` when no web host runs (the desktop window alone has no address to pair with)
   */
  pairStart(role: DeviceRole, name: string): PairingView {
    if (!this.address) {
      throw new KassaError(
        'not-configured',
        'Pairing needs the browser till: start Kassa with npm run web (KASSA_HOST=0.0.0.0 for a tablet on the network)',
        { reason: 'no-web-host' }
      )
    }
    const { code, expiresAt } = this.codes.issue(role, name)
    return {
      code,
      url: `${this.address.origin}/#pair=${code}`,
      expiresAt: new Date(expiresAt).toISOString(),
      loopbackOnly: this.address.loopbackOnly
    }
  }

  /**
   * Exchange a pairing code for the device's own token (`POST /api/pair`). The code is used up; the token is
   * returned once and only its hash is stored. Audited `device.paired`.
   * @param name the device's own name for itself, else the one the owner gave
   * @param source the caller's address, for the limit on wrong codes
   * @throws KassaError `unauthorized` (`params.reason`: `unknown-code`, `used-code`, `expired-code`, or
   *   `too-many-attempts` with `params.retryAfterSeconds`)
   */
  redeem(code: string, name: string | undefined, source: string): PairedDevice {
    const wait = this.limiter.waitMs(source)
    if (wait > 0) {
      const seconds = String(Math.ceil(wait / 1000))
      throw new KassaError(
        'unauthorized',
        `Too many wrong pairing codes: wait ${seconds} s and scan the code on the till again`,
        { reason: 'too-many-attempts', retryAfterSeconds: seconds }
      )
    }
    const taken = this.codes.take(code)
    if (!taken.ok) {
      this.limiter.failed(source)
      throw new KassaError('unauthorized', REFUSALS[taken.reason], { reason: taken.reason })
    }
    const token = randomBytes(32).toString('base64url')
    const id = `dev_${randomBytes(16).toString('hex')}`
    const deviceName = name?.trim() || taken.name
    const at = this.iso()
    inTransaction(this.deps.ledger.database, () => {
      this.store.insert({ id, name: deviceName, role: taken.role, tokenHash: tokenHash(token) }, at)
      this.deps.ledger.audit('owner', 'device.paired', null, {
        deviceId: id,
        role: taken.role,
        name: deviceName
      })
    })
    this.deps.log.info({ deviceId: id, role: taken.role }, 'device paired')
    return { token, deviceId: id, role: taken.role }
  }

  /**
   * The active device `token` belongs to; `'revoked'` for a revoked device's token (the device is told it was
   * unpaired); null for a token of no device. Compares hashes in constant time; notes the device's last request
   * at most once a minute.
   */
  authenticate(token: string): DeviceIdentity | 'revoked' | null {
    const hash = tokenHash(token)
    const device = this.store.byTokenHash(hash)
    if (!device || !timingSafeEqual(Buffer.from(device.tokenHash), Buffer.from(hash))) return null
    if (device.revokedAt !== null) return 'revoked'
    const now = this.deps.now()
    if (device.lastSeenAt === null || now - Date.parse(device.lastSeenAt) >= LAST_SEEN_EVERY_MS) {
      this.store.touch(device.id, new Date(now).toISOString())
    }
    return { id: device.id, role: device.role }
  }

  /** Every paired device, newest first. */
  list(): DeviceView[] {
    return this.store.list()
  }

  /**
   * Unpair a device: its token is refused from now on and its event streams are ended (`onRevoked`). Revoking a
   * revoked device changes nothing. Audited `device.revoked`.
   * @throws KassaError `not-found` for an unknown id
   */
  revoke(deviceId: string): DeviceView {
    const before = this.store.get(deviceId)
    if (!before) throw new KassaError('not-found', `No paired device ${deviceId}`, { id: deviceId })
    if (!before.revoked) {
      inTransaction(this.deps.ledger.database, () => {
        this.store.revoke(deviceId, this.iso())
        this.deps.ledger.audit('owner', 'device.revoked', null, {
          deviceId,
          role: before.role,
          name: before.name
        })
      })
    }
    for (const listener of this.revokedListeners) listener(deviceId)
    return this.store.get(deviceId) as DeviceView
  }

  /** Run `listener` with each revoked device's id (the web host ends its streams). @returns unsubscribe */
  onRevoked(listener: (deviceId: string) => void): () => void {
    this.revokedListeners.add(listener)
    return () => this.revokedListeners.delete(listener)
  }

  private iso(): string {
    return new Date(this.deps.now()).toISOString()
  }
}

/** SHA-256 of a device token, hex: what the ledger keeps. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
