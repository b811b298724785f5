/**
 * Recovery messages (issue 14): the `recovery_outbox` table and the customer's language.
 *
 * One row per message about a recovery item, whatever its channel; `sale_id` is the failed sale's (copied from
 * the item when the message is made) so erasing a customer scrubs their messages by sale, without a join.
 * `to_address` is null for a message copied without one, and after an erase. `state` follows `OutboxState`
 * (src/shared/recovery.ts); `attempts` counts SMTP attempts; `error` is the server's answer of the last failed one.
 * `customers.language` is the BCP 47 tag the customer reads, or null.
 */
export const recoveryOutboxBook = `
  CREATE TABLE recovery_outbox (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL,
    sale_id TEXT,
    channel TEXT NOT NULL CHECK (channel IN ('smtp', 'copy', 'mailto')),
    to_address TEXT,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    next_attempt_at TEXT
  );
  CREATE INDEX recovery_outbox_by_item ON recovery_outbox (item_id, created_at);
  CREATE INDEX recovery_outbox_by_created ON recovery_outbox (created_at);
  CREATE INDEX recovery_outbox_by_sale ON recovery_outbox (sale_id) WHERE sale_id IS NOT NULL;
  CREATE INDEX recovery_outbox_by_state ON recovery_outbox (state);
  ALTER TABLE customers ADD COLUMN language TEXT;
`
