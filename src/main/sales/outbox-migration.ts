/**
 * Selling through an outage (issue 15), on each sale:
 * - `error_params`: the values of the sale's error (JSON of `ErrorParams`, e.g. `{"reason":"outbox-expired"}`),
 *   so a screen can word why a sale failed; NULL when the error has none.
 * - `outbox_since`, `outbox_until` (ISO 8601) and `outbox_attempts`: the sale waits in the outbox for its
 *   processor; cleared when it leaves (invoice made, expired, cancelled). Read through `sales_creating`.
 * - `cancel_pending` (ISO 8601, when it was asked): the sale's invoice, known or possibly made by a request whose
 *   answer was lost, must still be cancelled at the processor once it answers (`sales/pending-cancels.ts`).
 */
export const saleOutboxColumns = `
  ALTER TABLE sales ADD COLUMN error_params TEXT;
  ALTER TABLE sales ADD COLUMN outbox_since TEXT;
  ALTER TABLE sales ADD COLUMN outbox_until TEXT;
  ALTER TABLE sales ADD COLUMN outbox_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sales ADD COLUMN cancel_pending TEXT;
  CREATE INDEX sales_cancel_pending ON sales (cancel_pending) WHERE cancel_pending IS NOT NULL;
`
