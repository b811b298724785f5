import type { SaleLine } from '@shared/contract'
import type { Db } from './database'
import { saleSearchText, saleWords } from './search-text'
import { receiptsAndPrintQueue } from '../receipts/receipt-migration'
import { businessDaysAndCloses } from '../day/day-migration'
import { reconcileBooks } from '../reconcile/reconcile-migration'
import { refundPolicyColumn } from '../refunds/refund-policy-migration'
import { customersBook } from '../customers/customer-migration'
import { recoveryBook } from '../recovery/recovery-migration'
import { recoveryOutboxBook } from '../recovery/messages/outbox-migration'
import { saleOutboxColumns } from '../sales/outbox-migration'
import { devicesBook } from '../devices/device-migration'
import { agentAccessBook } from '../agents/agent-migration'

/**
 * One schema step: SQL text, or a function for a step SQL alone cannot do (filling a column or index whose value
 * the till computes, e.g. the search text of every sale). Run inside the step's transaction.
 */
export type Migration = string | ((db: Db) => void)

/**
 * 6: fast at scale (10⁶ sales). Look-ups by invoice id in any case through an index on lower(id) (sale ids are
 * lower case already, so their primary key serves them); a full-text index of each sale's memo, line names and
 * amount (contentless FTS5, keyed by the sale's rowid, written with the sale) and the words in it (`sale_words`, to
 * turn a word start into whole words); and when a sale became paid, for the day close, backfilled from the audit
 * log's `sale.paid`, else the invoice's first `Settled`, else the last update.
 */
export function searchAndPaidAt(db: Db): void {
  db.exec(`
  ALTER TABLE sales ADD COLUMN paid_at TEXT;
  CREATE INDEX sales_by_paid_at ON sales (paid_at) WHERE paid_at IS NOT NULL;
  CREATE INDEX invoices_by_lower_id ON invoices (lower(id), sale_id);
  CREATE VIRTUAL TABLE sales_fts USING fts5 (
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TABLE sale_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
  CREATE TEMP TABLE paid_moments (sale_id TEXT PRIMARY KEY, at TEXT NOT NULL);
  INSERT INTO temp.paid_moments
    SELECT sale_id, min(at) FROM audit_log WHERE action = 'sale.paid' AND sale_id IS NOT NULL GROUP BY sale_id;
  UPDATE sales SET paid_at = coalesce(
      (SELECT at FROM temp.paid_moments WHERE sale_id = sales.id),
      (SELECT min(h.at) FROM invoices i JOIN status_history h ON h.processor = i.processor AND h.invoice_id = i.id
         WHERE i.sale_id = sales.id AND h.status = 'Settled'),
      updated_at)
    WHERE state = 'paid';
  DROP TABLE temp.paid_moments;
  `)
  const page = db.prepare(
    'SELECT rowid, memo, lines_json, amount_minor, currency FROM sales WHERE rowid > ? ORDER BY rowid LIMIT 2000'
  )
  const index = db.prepare('INSERT INTO sales_fts (rowid, text) VALUES (?, ?)')
  const word = db.prepare('INSERT OR IGNORE INTO sale_words (word) VALUES (?)')
  for (let after: bigint | number = 0; ;) {
    const rows = page.all(after) as {
      rowid: bigint
      memo: string | null
      lines_json: string
      amount_minor: bigint
      currency: string
    }[]
    for (const row of rows) {
      const sale = {
        ...row,
        amountMinor: BigInt(row.amount_minor),
        lines: JSON.parse(row.lines_json) as SaleLine[]
      }
      index.run(row.rowid, saleSearchText(sale))
      for (const each of saleWords(sale)) word.run(each)
    }
    const last = rows.at(-1)
    if (!last) break
    after = last.rowid
  }
}

/**
 * Versioned schema migrations, applied in order inside one transaction each; the version lives in
 * `PRAGMA user_version`. Never edit a shipped migration: add the next one.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 1: sales, invoices, payments, status history, audit log, settings.
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE sales (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    memo TEXT,
    lines_json TEXT NOT NULL DEFAULT '[]',
    processor TEXT NOT NULL,
    state TEXT NOT NULL,
    error_code TEXT,
    error_message TEXT,
    invoice_id TEXT
  );
  CREATE INDEX sales_by_created ON sales (created_at DESC);
  CREATE INDEX sales_creating ON sales (state) WHERE state = 'creating';
  CREATE TABLE invoices (
    processor TEXT NOT NULL,
    id TEXT NOT NULL,
    sale_id TEXT NOT NULL UNIQUE REFERENCES sales (id),
    status TEXT NOT NULL,
    additional_status TEXT NOT NULL,
    raw_status TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    paid_minor INTEGER NOT NULL,
    expires_at TEXT NOT NULL,
    final INTEGER NOT NULL DEFAULT 0,
    data_json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (processor, id)
  );
  CREATE INDEX invoices_open ON invoices (final) WHERE final = 0;
  CREATE TABLE payments (
    processor TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    id TEXT NOT NULL,
    method TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount TEXT NOT NULL,
    amount_sats INTEGER,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (processor, invoice_id, id)
  );
  CREATE TABLE status_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    processor TEXT NOT NULL,
    invoice_id TEXT NOT NULL,
    at TEXT NOT NULL,
    status TEXT NOT NULL,
    additional_status TEXT NOT NULL,
    raw_status TEXT NOT NULL
  );
  CREATE INDEX status_history_by_invoice ON status_history (processor, invoice_id, seq);
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    sale_id TEXT,
    details_json TEXT NOT NULL DEFAULT '{}'
  );
  `,
  // 2: itemised sales (tax, discount, chosen coin) and refunds.
  `
  ALTER TABLE sales ADD COLUMN tax_rate TEXT NOT NULL DEFAULT '0';
  ALTER TABLE sales ADD COLUMN subtotal_minor INTEGER;
  ALTER TABLE sales ADD COLUMN tax_minor INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sales ADD COLUMN discount_minor INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sales ADD COLUMN payment_method TEXT;
  CREATE INDEX invoices_by_id ON invoices (id);
  CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL REFERENCES sales (id),
    processor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pull-payment', 'withdrawal', 'recorded')),
    variant TEXT,
    subtract_percentage TEXT,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    fiat_minor INTEGER,
    state TEXT NOT NULL,
    claim_link TEXT,
    external_id TEXT,
    method TEXT,
    destination TEXT,
    reason TEXT,
    tx_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX refunds_by_sale ON refunds (sale_id, created_at);
  `,
  // 3: refunds recorded as an intent before the processor is asked (exactly once): the cashier's idempotency key,
  // the request to send again after a restart, and why a refund failed or is unknown.
  `
  ALTER TABLE refunds ADD COLUMN idempotency_key TEXT;
  ALTER TABLE refunds ADD COLUMN request_json TEXT;
  ALTER TABLE refunds ADD COLUMN error_message TEXT;
  CREATE UNIQUE INDEX refunds_by_idempotency_key ON refunds (idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX refunds_unsettled ON refunds (state) WHERE state IN ('pending', 'unknown');
  `,
  // 4: the late-payment watch. An expired invoice is still read until the processor stops monitoring it
  // (ISO 8601, null when nothing is awaited), so the window survives a restart. Invoices that expired before
  // this version get the default window (expiry + 24 h): those still inside it are watched from now on.
  `
  ALTER TABLE invoices ADD COLUMN monitor_until TEXT;
  UPDATE invoices SET monitor_until = strftime('%Y-%m-%dT%H:%M:%fZ', expires_at, '+1 day')
    WHERE status = 'Expired';
  CREATE INDEX invoices_monitored ON invoices (monitor_until) WHERE monitor_until IS NOT NULL;
  `,
  // 5: webhook deliveries taken, so a replay is known (pruned after the retention window: src/main/webhooks/).
  `
  CREATE TABLE webhook_deliveries (
    processor TEXT NOT NULL,
    delivery_key TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    type TEXT NOT NULL,
    invoice_id TEXT,
    PRIMARY KEY (processor, delivery_key)
  ) WITHOUT ROWID;
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (received_at);
  `,
  // 6: fast at scale: see searchAndPaidAt.
  searchAndPaidAt,
  // 7: the cart (src/shared/cart.ts): the tip in minor units, whether prices included tax, and as JSON the discount
  // and tip as given, each line's share of the discount and the tax per rate (minor units as strings). Sales from
  // before keep NULL there and their stored amounts.
  `
  ALTER TABLE sales ADD COLUMN tip_minor INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sales ADD COLUMN tax_inclusive INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sales ADD COLUMN cart_json TEXT;
  `,
  // 8: the catalog. Prices are decimal TEXT in the store currency (never a float); SKU and barcode unique in any
  // case (the till's scanner looks them up case-insensitively); a processor's item id unique per source, so a
  // second import updates. Stock moves: one row per paid sale line, so inventory is lowered exactly once.
  `
  CREATE TABLE catalog_items (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    price TEXT,
    price_type TEXT NOT NULL CHECK (price_type IN ('fixed', 'minimum', 'custom')),
    sku TEXT,
    barcode TEXT,
    image TEXT,
    category TEXT,
    tax_rate TEXT,
    inventory INTEGER,
    enabled INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL,
    external_id TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX catalog_items_by_sku ON catalog_items (lower(sku)) WHERE sku IS NOT NULL;
  CREATE UNIQUE INDEX catalog_items_by_barcode ON catalog_items (lower(barcode)) WHERE barcode IS NOT NULL;
  CREATE UNIQUE INDEX catalog_items_by_external ON catalog_items (source, external_id)
    WHERE external_id IS NOT NULL;
  CREATE INDEX catalog_items_by_category ON catalog_items (category, lower(title));
  CREATE INDEX catalog_items_by_title ON catalog_items (lower(title));
  CREATE TABLE catalog_stock_moves (
    sale_id TEXT NOT NULL,
    line_index INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (sale_id, line_index)
  ) WITHOUT ROWID;
  `,
  // 9: receipts: numbers per till and business day, the print queue (src/main/receipts/receipt-migration.ts).
  receiptsAndPrintQueue,
  // 10: business days of sales and refunds, day closes (src/main/day/day-migration.ts).
  businessDaysAndCloses,
  // 11: reconciliation: the owner's reviews of differences and the invoices imported (src/main/reconcile/).
  reconcileBooks,
  // 12: the refund policy's triage on each refund (src/main/refunds/refund-policy-migration.ts).
  refundPolicyColumn,
  // 13: customers, their search keys and the sale's customer (src/main/customers/customer-migration.ts).
  customersBook,
  // 14: failed-charge recovery: the Recovery queue and its payment requests (src/main/recovery/recovery-migration.ts).
  recoveryBook,
  // 15: recovery messages' outbox and the customer's language (src/main/recovery/messages/outbox-migration.ts).
  recoveryOutboxBook,
  // 16: selling through an outage: the outbox, pending cancels, error params (src/main/sales/outbox-migration.ts).
  saleOutboxColumns,
  // 17: paired devices (customer display, browser kiosk) and their token hashes (src/main/devices/device-migration.ts).
  devicesBook,
  // 18: agent access: client tokens' hashes, the tool-call audit, requests waiting for a person (src/main/agents/).
  agentAccessBook
]
