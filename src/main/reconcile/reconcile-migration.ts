import type { Db } from '../ledger/database'

/**
 * Reconciliation's own books: the owner's reviews of differences (one per invoice and kind, the latest note wins;
 * shown as reviewed in every later run) and the invoices imported from the processor (made outside Kassa, now a sale
 * of this ledger), found by the invoice's creation time so a later run of that day sees them on the ledger side.
 * `ref` is the processor's invoice id, or the sale id for a difference without one.
 */
export function reconcileBooks(db: Db): void {
  db.exec(`
  CREATE TABLE reconcile_reviews (
    processor TEXT NOT NULL,
    ref TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    PRIMARY KEY (processor, ref, kind)
  ) WITHOUT ROWID;
  CREATE TABLE reconcile_imports (
    processor TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    sale_id TEXT NOT NULL UNIQUE REFERENCES sales (id),
    invoice_created_at TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    PRIMARY KEY (processor, invoice_id)
  ) WITHOUT ROWID;
  CREATE INDEX reconcile_imports_by_created ON reconcile_imports (processor, invoice_created_at);
  `)
}
