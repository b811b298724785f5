import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ReadQueryName, ReadQueryParams, ReadQueryResult } from './read-queries'
import type { ReadReply, ReadRequest, ReadWorkerData } from './read-worker'

/** The worker's file and how to start it. */
export interface WorkerEntry {
  file: string
  execArgv?: string[]
}

/**
 * Where the worker is: from source (vitest, the benchmarks: this file is `.ts`), `read-worker.ts` loaded through
 * tsx's require hook; built, `ledger-read-worker.js`, the entry `electron.vite.config.ts` adds to `out/main`, next
 * to this code or one folder up (it may sit in `out/main/chunks`).
 * @throws Error when the built worker file is missing
 */
export function defaultWorkerEntry(dir = __dirname, self = __filename): WorkerEntry {
  if (self.endsWith('.ts')) {
    return {
      file: join(dir, 'read-worker.ts'),
      execArgv: ['--require', createRequire(self).resolve('tsx/cjs')]
    }
  }
  const file = [join(dir, 'ledger-read-worker.js'), join(dir, '..', 'ledger-read-worker.js')].find((path) =>
    existsSync(path)
  )
  if (!file) throw new Error(`The ledger's read worker (ledger-read-worker.js) is missing next to ${dir}`)
  return { file }
}

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
}

/**
 * Runs the ledger's long reads (`read-queries.ts`: totals over a day or all time) in a `worker_threads` Worker with
 * its own read-only connection to the ledger file, so the main thread keeps answering the till meanwhile. Results
 * are plain data; minor units stay bigint (structured clone). One worker, started on the first `run` and reused;
 * queries run one after the other in it. A crashed worker fails what it was running and is started again next time.
 */
export class LedgerReader {
  private worker: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private closed = false

  /**
   * @param file the ledger's SQLite file (WAL mode; not `:memory:`)
   * @param entry the worker to start (tests and embedders may point elsewhere)
   */
  constructor(
    private readonly file: string,
    private readonly entry: () => WorkerEntry = defaultWorkerEntry
  ) {}

  /**
   * Run a named read query in the worker.
   * @throws Error (rejects) with the query's SQLite error, an unknown name, the worker's crash, or after `close`
   */
  run<K extends ReadQueryName>(name: K, params: ReadQueryParams<K>): Promise<ReadQueryResult<K>> {
    if (this.closed) return Promise.reject(new Error('The ledger reader is closed'))
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    // Referenced while a query runs (the caller awaits it), unreferenced when idle.
    worker.ref()
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      const request: ReadRequest = { id, name, params }
      worker.postMessage(request)
    })
  }

  /** Stop the worker; queries still running are rejected. */
  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = null
    this.failAll(new Error('The ledger reader is closed'))
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    const { file, execArgv } = this.entry()
    const data: ReadWorkerData = { file: this.file }
    const worker = new Worker(file, { workerData: data, ...(execArgv && { execArgv }) })
    worker.on('message', (reply: ReadReply) => {
      const pending = this.pending.get(reply.id)
      if (!pending) return
      this.pending.delete(reply.id)
      // An idle reader must not keep the process alive.
      if (this.pending.size === 0) worker.unref()
      if ('error' in reply) pending.reject(new Error(reply.error))
      else pending.resolve(reply.value)
    })
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null
      this.failAll(error)
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`The ledger's read worker stopped (exit code ${code})`)))
    this.worker = worker
    return worker
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error)
    this.pending.clear()
  }
}
