/**
 * Failed-charge recovery (issue 14, docs/recovery.md): the Recovery queue and its payment requests.
 *
 * - `recovery_items`: one row per failed sale (`sale_id` UNIQUE: a sale enters the queue once), why it failed,
 *   when, where it stands, what was paid and is still due (minor units of the sale's currency), and once recovered
 *   when, on which business day the money counts (`recovered_day`) and how much (`recovered_minor`, NULL when the
 *   original sale itself was paid late: the day book already counts that). No personal data: the customer is read
 *   live from the sale's `customer_id`, so erasing a customer leaves nothing here.
 * - `recovery_requests`: each payment request made for an item, keyed by Kassa's order id `<itemId>-<attempt>` (the
 *   processor's idempotency key), recorded `creating` before the processor is asked.
 * - `day_closes.recoveries_json`: the recoveries a closed day counted, frozen with its figures.
 * - Indexes: the active list (partial, by failure time), a status's list, the rate window (`failed_at`), the day
 *   close (`recovered_day`) and the live requests the poll reads.
 *
 * Backfill: sales that ended `expired` or `invalid` (never paid) in the 30 days before the newest sale enter the
 * queue, with what their invoice shows paid.
 */
export const recoveryBook = `
  CREATE TABLE recovery_items (
    id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL UNIQUE REFERENCES sales (id),
    reason TEXT NOT NULL CHECK (reason IN ('expired', 'underpaid', 'invalid')),
    failed_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'requested', 'recovered', 'abandoned')),
    currency TEXT NOT NULL,
    paid_minor INTEGER NOT NULL,
    due_minor INTEGER NOT NULL,
    recovered_at TEXT,
    recovered_day TEXT,
    recovered_minor INTEGER,
    abandoned_at TEXT,
    note TEXT,
    last_sent_at TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX recovery_items_active ON recovery_items (failed_at, id) WHERE status IN ('open', 'requested');
  CREATE INDEX recovery_items_by_status ON recovery_items (status, failed_at, id);
  CREATE INDEX recovery_items_by_failed ON recovery_items (failed_at, id);
  CREATE INDEX recovery_items_by_day ON recovery_items (recovered_day) WHERE recovered_day IS NOT NULL;
  CREATE TABLE recovery_requests (
    order_id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES recovery_items (id),
    attempt INTEGER NOT NULL,
    processor TEXT NOT NULL,
    request_id TEXT,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    link TEXT,
    status TEXT NOT NULL CHECK (status IN ('creating', 'open', 'paid', 'expired', 'archived', 'failed')),
    expires_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    error_json TEXT,
    UNIQUE (item_id, attempt)
  ) WITHOUT ROWID;
  CREATE INDEX recovery_requests_live ON recovery_requests (status, updated_at) WHERE status IN ('creating', 'open');
  ALTER TABLE day_closes ADD COLUMN recoveries_json TEXT;
  INSERT INTO recovery_items (id, sale_id, reason, failed_at, status, currency, paid_minor, due_minor, updated_at)
    SELECT 'rec_' || lower(hex(randomblob(16))), s.id,
      CASE WHEN coalesce(i.paid_minor, 0) > 0 OR i.additional_status = 'PaidPartial' THEN 'underpaid' ELSE s.state END,
      s.updated_at, 'open', s.currency,
      min(max(coalesce(i.paid_minor, 0), 0), s.amount_minor),
      s.amount_minor - min(max(coalesce(i.paid_minor, 0), 0), s.amount_minor),
      s.updated_at
    FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
    WHERE s.state IN ('expired', 'invalid') AND s.paid_at IS NULL
      AND s.updated_at >= strftime('%Y-%m-%dT%H:%M:%fZ', (SELECT max(updated_at) FROM sales), '-30 days');
`
