import { randomBytes } from 'node:crypto'
import { KassaError } from '@shared/errors'
import { MAY_HAVE_PRINTED, type PrintJobState, type PrintJobView } from '@shared/receipt'
import { statementCache, type Db } from '../ledger/database'
import type { Logger } from '../log/logger'

/** How the queue waits between attempts at a printer that failed (ms): `baseMs × 2^(attempts−1)`, at most `maxMs`. */
export interface PrintBackoff {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: PrintBackoff = { baseMs: 2_000, maxMs: 5 * 60_000 }

/** What the queue needs from the rest of main. */
export interface PrintQueueDeps {
  db: Db
  now: () => number
  /** The printer set up now (`host:port`), or '' when none. */
  currentPrinter(): string
  /** The bytes of a sale's receipt as they are now (refunds included). @throws when the sale cannot be printed */
  render(saleId: string): Promise<Uint8Array>
  /** Send bytes to `host:port`. @throws PrinterError */
  send(printer: string, bytes: Uint8Array): Promise<void>
  /** A job changed (for the screen). */
  onChange?(job: PrintJobView): void
  log: Logger
  backoff?: Partial<PrintBackoff>
}

interface JobRow {
  id: string
  sale_id: string
  printer: string
  state: PrintJobState
  attempts: bigint | number
  last_error: string | null
  next_attempt_at: string | null
  created_at: string
  updated_at: string
  receipt_number: string | null
}

const SELECT = `SELECT j.*, s.receipt_number FROM print_jobs j JOIN sales s ON s.id = j.sale_id`

function toView(row: JobRow): PrintJobView {
  return {
    id: row.id,
    saleId: row.sale_id,
    receiptNumber: row.receipt_number,
    printer: row.printer,
    state: row.state,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}

/**
 * The print queue, kept in the ledger (`print_jobs`) and worked by one sender in main, in the order jobs were
 * made. A printer that is off, unreachable or slow never blocks a sale: `enqueue` only writes a row and returns;
 * a failed attempt puts the job back to `queued` with its error and a later `next_attempt_at` (backoff), and the
 * jobs behind it wait their turn. Never printed twice: a job is `printing` (committed) before its first byte is
 * sent and `printed` right after the printer took every byte and closed; a job found `printing` at start (the till
 * stopped mid-print, the paper may be out) is never resent by itself: it becomes `failed` with `may-have-printed`
 * until someone checks the printer and retries.
 */
export class PrintQueue {
  private readonly stmt: ReturnType<typeof statementCache>
  private readonly backoff: PrintBackoff
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = true

  constructor(private readonly deps: PrintQueueDeps) {
    this.stmt = statementCache(deps.db)
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff }
  }

  private iso(ms = this.deps.now()): string {
    return new Date(ms).toISOString()
  }

  /** A job, or null. */
  get(jobId: string): PrintJobView | null {
    const row = this.stmt(`${SELECT} WHERE j.id = ?`).get(jobId) as JobRow | undefined
    return row ? toView(row) : null
  }

  private require(jobId: string): PrintJobView {
    const job = this.get(jobId)
    if (!job) throw new KassaError('not-found', `No print job ${jobId}`)
    return job
  }

  /**
   * Put a sale's receipt in the queue (a row, nothing sent here). While a job of that sale is `queued` (or being
   * sent), that job is returned instead, unless `reprint`. `auto`: the automatic print on settlement, at most one per sale (a
   * unique index), for the paid transaction's hook: returns null when the sale already has one.
   * @throws KassaError `not-found` when there is no such sale
   */
  enqueue(saleId: string, options: { reprint?: boolean; auto?: boolean } = {}): PrintJobView | null {
    const sale = this.stmt('SELECT id FROM sales WHERE id = ?').get(saleId)
    if (!sale) throw new KassaError('not-found', `No sale ${saleId}`)
    if (!options.reprint) {
      const waiting = this.stmt(
        `${SELECT} WHERE j.sale_id = ? AND j.state IN ('queued', 'printing') ORDER BY j.seq LIMIT 1`
      ).get(saleId) as JobRow | undefined
      if (waiting) return options.auto ? null : toView(waiting)
    }
    const id = `pj_${randomBytes(10).toString('hex')}`
    const at = this.iso()
    const { changes } = this.stmt(
      `INSERT OR IGNORE INTO print_jobs (id, sale_id, printer, state, auto, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?)`
    ).run(id, saleId, this.deps.currentPrinter(), options.auto ? 1 : 0, at, at)
    if (Number(changes) === 0) return null
    setImmediate(() => this.kick())
    const job = this.require(id)
    this.deps.onChange?.(job)
    return job
  }

  /** Jobs still to print and the latest 50 others, oldest first; `saleId` narrows it to one sale's jobs. */
  list(saleId?: string): PrintJobView[] {
    const rows = saleId
      ? (this.stmt(`${SELECT} WHERE j.sale_id = ? ORDER BY j.seq`).all(saleId) as JobRow[])
      : (this.stmt(
          `${SELECT} WHERE j.seq IN (SELECT seq FROM print_jobs WHERE state IN ('queued', 'printing', 'failed')
             UNION SELECT seq FROM (SELECT seq FROM print_jobs ORDER BY seq DESC LIMIT 50)) ORDER BY j.seq`
        ).all() as JobRow[])
    return rows.map(toView)
  }

  /**
   * Send a `queued` or `failed` job now, to the printer set up now (when there is one).
   * @throws KassaError `conflict` for a job printing, printed or cancelled (a reprint is `enqueue` with `reprint`)
   */
  retry(jobId: string): PrintJobView {
    const job = this.require(jobId)
    if (job.state !== 'queued' && job.state !== 'failed') {
      throw new KassaError('conflict', `This print job is ${job.state}: print the receipt again instead`)
    }
    const printer = this.deps.currentPrinter() || job.printer
    this.stmt(
      `UPDATE print_jobs SET state = 'queued', printer = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`
    ).run(printer, this.iso(), jobId)
    this.deps.log.info({ jobId, saleId: job.saleId }, 'print job retried')
    setImmediate(() => this.kick())
    return this.changed(jobId)
  }

  /** Take a job that has not printed out of the queue. @throws KassaError `conflict` when printing or printed. */
  cancel(jobId: string): PrintJobView {
    const job = this.require(jobId)
    if (job.state === 'cancelled') return job
    if (job.state !== 'queued' && job.state !== 'failed') {
      throw new KassaError('conflict', `This print job is ${job.state} and cannot be cancelled`)
    }
    this.stmt(`UPDATE print_jobs SET state = 'cancelled', updated_at = ? WHERE id = ?`).run(this.iso(), jobId)
    return this.changed(jobId)
  }

  /** Mark jobs left `printing` by a stop mid-print as `may-have-printed`, then work the queue. */
  start(): void {
    this.stopped = false
    this.stmt(
      `UPDATE print_jobs SET state = 'failed', last_error = ?, updated_at = ? WHERE state = 'printing'`
    ).run(MAY_HAVE_PRINTED, this.iso())
    this.kick()
  }

  /** Stop the sender; a send in flight finishes (and is recorded) first. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  /** Resolves when the sender has nothing to do right now (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** Work the queue now (after a job was added or retried, or its backoff ended). */
  kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.running = this.work().finally(() => {
      this.running = null
      if (this.again) {
        this.again = false
        this.kick()
      }
    })
  }

  private changed(jobId: string): PrintJobView {
    const job = this.require(jobId)
    this.deps.onChange?.(job)
    return job
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const head = this.stmt(`${SELECT} WHERE j.state = 'queued' ORDER BY j.seq LIMIT 1`).get() as
        JobRow | undefined
      if (!head) return
      const wait = head.next_attempt_at ? Date.parse(head.next_attempt_at) - this.deps.now() : 0
      if (wait > 0) {
        this.timer = setTimeout(() => this.kick(), wait)
        return
      }
      await this.attempt(toView(head))
    }
  }

  private async attempt(job: PrintJobView): Promise<void> {
    const printer = job.printer || this.deps.currentPrinter()
    const attempts = job.attempts + 1
    if (!printer) {
      this.failed(job, attempts, 'No printer is set up (Settings → Receipt)')
      return
    }
    let bytes: Uint8Array
    try {
      bytes = await this.deps.render(job.saleId)
    } catch (error) {
      this.failed(job, attempts, error instanceof Error ? error.message : String(error))
      return
    }
    // Committed before the first byte leaves: a stop from here on is never followed by a second print.
    const { changes } = this.stmt(
      `UPDATE print_jobs SET state = 'printing', printer = ?, attempts = ?, updated_at = ? WHERE id = ? AND state = 'queued'`
    ).run(printer, attempts, this.iso(), job.id)
    if (Number(changes) === 0) return // cancelled while its receipt was being made
    this.changed(job.id)
    try {
      await this.deps.send(printer, bytes)
    } catch (error) {
      this.failed(job, attempts, error instanceof Error ? error.message : String(error))
      return
    }
    this.stmt(
      `UPDATE print_jobs SET state = 'printed', last_error = NULL, next_attempt_at = NULL, updated_at = ? WHERE id = ?`
    ).run(this.iso(), job.id)
    this.deps.log.info({ jobId: job.id, saleId: job.saleId, printer, bytes: bytes.length }, 'receipt printed')
    this.changed(job.id)
  }

  private failed(job: PrintJobView, attempts: number, message: string): void {
    const delay = Math.min(this.backoff.maxMs, this.backoff.baseMs * 2 ** Math.max(0, attempts - 1))
    this.stmt(
      `UPDATE print_jobs SET state = 'queued', attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ?
         WHERE id = ?`
    ).run(attempts, message, this.iso(this.deps.now() + delay), this.iso(), job.id)
    this.deps.log.warn(
      { jobId: job.id, saleId: job.saleId, attempts, err: message },
      'print job failed, will retry'
    )
    this.changed(job.id)
  }
}
