/**
 * Paired devices (issue 15): the `devices` table. One row per pairing; a revoked device keeps its row (the owner's
 * list shows it) with `revoked_at` set. `token_hash` is the SHA-256 of the device's token, hex (TEXT: libsql's reader cannot return a BLOB) (the token itself is
 * never stored: the device holds it); `last_seen_at` is written at most once a minute per device.
 */
export const devicesBook = `
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('display', 'kiosk')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT,
    revoked_at TEXT
  );
`
