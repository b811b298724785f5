import type { DeviceRole, DeviceView } from '@shared/devices'
import { statementCache, type Db } from '../ledger/database'

/** A `devices` row as the web host's check needs it. */
export interface DeviceRecord {
  id: string
  role: DeviceRole
  /** SHA-256 of the token, 64 hex characters. */
  tokenHash: string
  lastSeenAt: string | null
  revokedAt: string | null
}

interface Row {
  id: string
  name: string
  role: DeviceRole
  token_hash: string
  created_at: string
  last_seen_at: string | null
  revoked_at: string | null
}

/** The ledger's `devices` table (`./device-migration`): paired devices and the SHA-256 of their tokens. */
export class DeviceStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /** Record a new pairing. @param at ISO 8601 */
  insert(device: { id: string; name: string; role: DeviceRole; tokenHash: string }, at: string): void {
    this.stmt('INSERT INTO devices (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(
      device.id,
      device.name,
      device.role,
      device.tokenHash,
      at
    )
  }

  /** The device whose token hashes to `tokenHash`, revoked or not; null when none. */
  byTokenHash(tokenHash: string): DeviceRecord | null {
    const row = this.stmt(
      'SELECT id, role, token_hash, last_seen_at, revoked_at FROM devices WHERE token_hash = ?'
    ).get(tokenHash) as Row | undefined
    return row
      ? {
          id: row.id,
          role: row.role,
          tokenHash: row.token_hash,
          lastSeenAt: row.last_seen_at,
          revokedAt: row.revoked_at
        }
      : null
  }

  /** Note the device's last request. @param at ISO 8601 */
  touch(id: string, at: string): void {
    this.stmt('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(at, id)
  }

  /** Mark the device revoked (once: an earlier revocation's time is kept). @returns false for an unknown id */
  revoke(id: string, at: string): boolean {
    this.stmt('UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(at, id)
    return this.get(id) !== null
  }

  /** One device as the owner sees it, or null. */
  get(id: string): DeviceView | null {
    const row = this.stmt('SELECT * FROM devices WHERE id = ?').get(id) as Row | undefined
    return row ? view(row) : null
  }

  /** Every device, newest pairing first. */
  list(): DeviceView[] {
    return (this.stmt('SELECT * FROM devices ORDER BY created_at DESC, rowid DESC').all() as Row[]).map(view)
  }
}

function view(row: Row): DeviceView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    pairedAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revoked: row.revoked_at !== null
  }
}
