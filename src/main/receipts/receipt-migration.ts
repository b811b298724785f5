import type { Db } from '../ledger/database'
import { ReceiptNumbers, systemTimeZone, tillIdFrom } from './receipt-numbers'

/**
 * Receipts: `sales.receipt_number` (unique, searched case-blind through `upper(...)`), the per-(till, business day)
 * counter, and the print queue (`print_jobs`: one row per job, sent in `seq` order; an automatic job is unique per
 * sale). Sales paid before this version get their numbers now, in the order they were paid, on the OS time zone.
 */
export function receiptsAndPrintQueue(db: Db): void {
  db.exec(`
  ALTER TABLE sales ADD COLUMN receipt_number TEXT;
  CREATE UNIQUE INDEX sales_by_receipt_number ON sales (receipt_number) WHERE receipt_number IS NOT NULL;
  CREATE INDEX sales_by_upper_receipt_number ON sales (upper(receipt_number));
  CREATE TABLE receipt_counters (
    till TEXT NOT NULL,
    day TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (till, day)
  ) WITHOUT ROWID;
  CREATE TABLE print_jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    sale_id TEXT NOT NULL REFERENCES sales (id),
    printer TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at TEXT,
    auto INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX print_jobs_queued ON print_jobs (seq) WHERE state = 'queued';
  CREATE INDEX print_jobs_by_sale ON print_jobs (sale_id, seq);
  CREATE UNIQUE INDEX print_jobs_auto_once ON print_jobs (sale_id) WHERE auto = 1;
  `)
  const settings = db.prepare('SELECT value FROM settings WHERE key = ?')
  const tillId = tillIdFrom((key) => (settings.get(key) as { value: string } | undefined)?.value ?? null)
  const numbers = new ReceiptNumbers(db)
  const zone = systemTimeZone()
  const paid = db
    .prepare(
      `SELECT id, paid_at FROM sales WHERE state = 'paid' AND paid_at IS NOT NULL ORDER BY paid_at, rowid`
    )
    .all() as { id: string; paid_at: string }[]
  for (const sale of paid) numbers.assign(sale.id, sale.paid_at, tillId, zone)
}
