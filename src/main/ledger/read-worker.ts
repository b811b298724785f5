// The `LedgerReader`'s worker thread: its own read-only connection to the ledger file (WAL lets it read while the
// main thread writes), running the named queries of `read-queries.ts` one at a time. Imports nothing but libsql and
// that file, so it runs bundled (`out/main/ledger-read-worker.js`) or from source through tsx.
import Database from 'libsql'
import { parentPort, workerData } from 'node:worker_threads'
import { READ_QUERIES, type ReadConnection } from './read-queries'

/** A request from the main thread. */
export interface ReadRequest {
  id: number
  name: string
  params: unknown
}

/** The answer: the query's plain result (structured clone keeps bigint), or why it failed. */
export type ReadReply = { id: number; value: unknown } | { id: number; error: string }

/** What the worker is started with. */
export interface ReadWorkerData {
  /** The ledger file (never `:memory:`: another connection could not see it). */
  file: string
}

const { file } = workerData as ReadWorkerData
const db = new Database(file)
db.defaultSafeIntegers(true)
// query_only: this connection refuses every write, whatever a query tries.
db.exec('PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;')
const queries = READ_QUERIES as Record<string, (connection: ReadConnection, params: unknown) => unknown>

parentPort?.on('message', (request: ReadRequest) => {
  let reply: ReadReply
  try {
    const query = Object.hasOwn(queries, request.name) ? queries[request.name] : undefined
    if (!query) throw new Error(`No read query "${request.name}"`)
    reply = { id: request.id, value: query(db, request.params) }
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
