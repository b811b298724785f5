/**
 * Versioned schema migrations, applied in order inside one transaction each; the version lives in
 * `PRAGMA user_version`. Never edit a shipped migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
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
  `
]
