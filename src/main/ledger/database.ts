import Database from 'libsql'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { MIGRATIONS, type Migration } from './migrations'

/** A prepared statement (libsql's better-sqlite3-compatible API). */
export interface Statement {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint }
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}

/** The SQLite handle type (libsql's better-sqlite3-compatible API). */
export type Db = InstanceType<typeof Database>

/**
 * How SQLite syncs the WAL. `FULL` (the ledger's): every commit is fsynced before it returns, so a sale or refund the
 * till called done survives a power cut, not only a crash of the process. `NORMAL` syncs only at checkpoints: a
 * power cut may lose the last commits. Benchmarks compare the two (`npm run bench -- ledger`).
 */
export type Synchronous = 'FULL' | 'NORMAL'

/**
 * Open (creating if needed) a SQLite file in WAL mode with `synchronous = FULL` (see `Synchronous`) and bring its
 * schema up to date. Integers are read as bigint (`defaultSafeIntegers`), so minor units and satoshis never become
 * floats.
 * @param path file path, or `:memory:`
 * @param migrations the ordered migration list (defaults to the ledger's)
 * @param synchronous `FULL` unless a benchmark asks for `NORMAL`
 * @throws Error when the file is from a newer Kassa (user_version beyond the known migrations)
 */
export function openDatabase(
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
  synchronous: Synchronous = 'FULL'
): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.defaultSafeIntegers(true)
  db.exec(
    `PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = ${synchronous};`
  )
  migrate(db, migrations)
  return db
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: bigint | number }
  const current = Number(row.user_version)
  if (current > migrations.length) {
    throw new Error(
      `The data file is from a newer Kassa (schema ${current}, this build knows ${migrations.length})`
    )
  }
  for (let version = current; version < migrations.length; version++) {
    const apply = db.transaction(() => {
      const step = migrations[version] ?? ''
      if (typeof step === 'string') db.exec(step)
      else step(db)
      db.exec(`PRAGMA user_version = ${version + 1}`)
    })
    apply()
  }
}

let savepoints = 0

/**
 * Run `work` in one transaction and return its result; when the connection is already in one (a caller batching
 * several ledger writes, e.g. an import or the scale benchmark's seed), `work` runs in a savepoint of it instead, so
 * ledger methods that keep their own writes atomic can still be batched (libsql's `transaction` cannot nest).
 * @throws whatever `work` throws, after rolling back what it wrote
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  if (!db.inTransaction) return db.transaction(work)()
  const name = `nested_${++savepoints}`
  db.exec(`SAVEPOINT ${name}`)
  try {
    const result = work()
    db.exec(`RELEASE ${name}`)
    return result
  } catch (error) {
    db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`)
    throw error
  }
}

/**
 * Compile each SQL text once and reuse the statement: the tracker reads and writes many times a second, and
 * statements prepared per call hold native memory until a GC that may come late.
 */
export function statementCache(db: Db): (sql: string) => Statement {
  const statements = new Map<string, Statement>()
  return (sql) => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare(sql) as Statement
      statements.set(sql, statement)
    }
    return statement
  }
}
