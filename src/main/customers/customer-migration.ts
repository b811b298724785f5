/**
 * Customers (issue 14): the `customers` table (name, e-mail, phone, each optional, at least one), their search keys
 * (`customer_keys`, see `customer-keys.ts`) and `sales.customer_id`. `sales_by_customer` serves a customer's sales
 * and the churn signals' visits (covering `business_day`); `sales_unpaid_by_created` (partial: the till's own
 * reads keep their plans) the weekly counts of charges that ended unpaid. `customer_stats` keeps each customer's visits (distinct business days of paid sales), last
 * visit and median gap in days, refreshed in the transaction that makes one of their sales paid, so the churn
 * signals read 5·10⁴ rows instead of every sale. Erasing a customer deletes its row, keys and stats and sets its
 * sales' `customer_id` to NULL.
 */
export const customersBook = `
  CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    name TEXT,
    email TEXT,
    phone TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL)
  );
  CREATE TABLE customer_keys (
    key TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    PRIMARY KEY (key, customer_id)
  ) WITHOUT ROWID;
  CREATE INDEX customer_keys_by_customer ON customer_keys (customer_id);
  ALTER TABLE sales ADD COLUMN customer_id TEXT REFERENCES customers (id);
  CREATE INDEX sales_by_customer ON sales (customer_id, business_day) WHERE customer_id IS NOT NULL;
  CREATE INDEX sales_unpaid_by_created ON sales (created_at, state) WHERE state IN ('expired', 'cancelled');
  CREATE TABLE customer_stats (
    customer_id TEXT PRIMARY KEY REFERENCES customers (id),
    visits INTEGER NOT NULL,
    last_visit TEXT NOT NULL,
    last_day INTEGER NOT NULL,
    usual_gap REAL
  ) WITHOUT ROWID;
`
