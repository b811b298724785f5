import { statementCache, type Db } from './database'

/**
 * The `settings` table: string values by key (`currency`, `config:<processor>` JSON, …). Never a secret: keys
 * live in the OS keychain, the ledger holds at most a masked hint.
 */
export class SettingsStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /** A setting's value, or null. */
  get(key: string): string | null {
    const row = this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
    return row?.value ?? null
  }

  /** Set (or with null, remove) a setting. */
  set(key: string, value: string | null): void {
    if (value === null) this.stmt('DELETE FROM settings WHERE key = ?').run(key)
    else
      this.stmt(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
      ).run(key, value)
  }
}
