import type { SaleState } from '@shared/contract'
import type { CustomerView } from '@shared/customers'
import { statementCache, type Db } from '../ledger/database'
import { dayNumber, medianGap } from '../ledger/churn-queries'
import { customerKeys, prefixEnd } from './customer-keys'

/** A customer's fields after validation: blanks are null, at least one of name, e-mail, phone is set. */
export interface CustomerFieldValues {
  name: string | null
  email: string | null
  phone: string | null
  /** BCP 47 tag the customer reads, null = not known; absent in a correction = left as it was. */
  language?: string | null
}

interface CustomerRow {
  id: string
  name: string | null
  email: string | null
  phone: string | null
  language?: string | null
  created_at: string
  updated_at: string
}

/** One sale of a customer as stored; minor units bigint. */
export interface CustomerSaleRow {
  id: string
  created_at: string
  state: SaleState
  currency: string
  amount_minor: bigint
  refunded_minor: bigint
  receipt_number: string | null
  business_day: string | null
}

/**
 * The `customers` and `customer_keys` tables and `sales.customer_id` (`customer-migration.ts`). Writes only what
 * it is told; validation and auditing are the `CustomerService`'s. Callers wrap multi-statement writes in a
 * transaction.
 */
export class CustomerStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /** Insert a customer and its search keys. */
  insert(id: string, fields: CustomerFieldValues, at: string): void {
    this.stmt(
      'INSERT INTO customers (id, name, email, phone, language, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    ).run(id, fields.name, fields.email, fields.phone, fields.language ?? null, at, at)
    this.writeKeys(id, fields)
  }

  /** Replace a customer's fields and search keys. @returns false when there is no such customer */
  update(id: string, fields: CustomerFieldValues, at: string): boolean {
    const { changes } = this.stmt(
      'UPDATE customers SET name = ?, email = ?, phone = ?, updated_at = ? WHERE id = ?'
    ).run(fields.name, fields.email, fields.phone, at, id)
    if (Number(changes) === 0) return false
    if (fields.language !== undefined) {
      this.stmt('UPDATE customers SET language = ? WHERE id = ?').run(fields.language, id)
    }
    this.stmt('DELETE FROM customer_keys WHERE customer_id = ?').run(id)
    this.writeKeys(id, fields)
    return true
  }

  /** The customer, or null. */
  get(id: string): CustomerView | null {
    const row = this.stmt('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined
    return row ? toView(row) : null
  }

  /**
   * Customers with a key starting with `key` (already normalized, `queryKey`), at most `limit`, by name. Reads
   * the range of the key index only (`customer_keys` primary key) and stops at `limit` distinct customers.
   */
  search(key: string, limit: number): CustomerView[] {
    const rows = this.stmt(
      `SELECT c.* FROM customers c WHERE c.id IN (
         SELECT DISTINCT customer_id FROM customer_keys WHERE key >= ? AND key < ? LIMIT ?)
       ORDER BY coalesce(c.name, c.email, c.phone) COLLATE NOCASE, c.id`
    ).all(key, prefixEnd(key), limit) as CustomerRow[]
    return rows.map(toView)
  }

  /** A customer's sales, newest first, at most `limit`, with what refunds took back. */
  sales(customerId: string, limit: number): CustomerSaleRow[] {
    return this.stmt(
      `SELECT s.id, s.created_at, s.state, s.currency, s.amount_minor, s.receipt_number, s.business_day,
              coalesce((SELECT sum(r.fiat_minor) FROM refunds r
                 WHERE r.sale_id = s.id AND r.state NOT IN ('cancelled', 'failed')), 0) AS refunded_minor
         FROM sales s WHERE s.customer_id = ? ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?`
    ).all(customerId, limit) as CustomerSaleRow[]
  }

  /** How many sales name the customer. */
  saleCount(customerId: string): number {
    const row = this.stmt('SELECT count(*) AS n FROM sales WHERE customer_id = ?').get(customerId) as {
      n: bigint
    }
    return Number(row.n)
  }

  /** The ids of a customer's sales. */
  saleIds(customerId: string): string[] {
    return (this.stmt('SELECT id FROM sales WHERE customer_id = ?').all(customerId) as { id: string }[]).map(
      (row) => row.id
    )
  }

  /** The customer of a sale, or null. */
  customerIdOfSale(saleId: string): string | null {
    const row = this.stmt('SELECT customer_id FROM sales WHERE id = ?').get(saleId) as
      { customer_id: string | null } | undefined
    return row?.customer_id ?? null
  }

  /**
   * Recompute a customer's visit stats (`customer_stats`) from their sales that counted as paid: visits (distinct
   * business days), last visit, median gap in days (null with fewer than 2). Reads their rows of
   * `sales_by_customer` only. A customer without a visit has no stats row.
   */
  refreshStats(customerId: string): void {
    const days = (
      this.stmt(
        `SELECT DISTINCT business_day FROM sales WHERE customer_id = ? AND business_day IS NOT NULL
           ORDER BY business_day`
      ).all(customerId) as { business_day: string }[]
    ).map((row) => row.business_day)
    const last = days.at(-1)
    if (!last) {
      this.stmt('DELETE FROM customer_stats WHERE customer_id = ?').run(customerId)
      return
    }
    this.stmt(
      `INSERT INTO customer_stats (customer_id, visits, last_visit, last_day, usual_gap) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET visits = excluded.visits, last_visit = excluded.last_visit,
           last_day = excluded.last_day, usual_gap = excluded.usual_gap`
    ).run(customerId, days.length, last, dayNumber(last), medianGap(days.map(dayNumber)))
  }

  /** Every customer id with a visit (for rebuilding the stats). */
  customersWithVisits(): string[] {
    return (
      this.stmt(
        `SELECT DISTINCT customer_id FROM sales INDEXED BY sales_by_customer
           WHERE customer_id IS NOT NULL AND business_day IS NOT NULL`
      ).all() as { customer_id: string }[]
    ).map((row) => row.customer_id)
  }

  /** Detach a customer from every sale of theirs, delete its keys, stats and row. @returns the sales detached */
  delete(id: string): number {
    const { changes } = this.stmt('UPDATE sales SET customer_id = NULL WHERE customer_id = ?').run(id)
    this.stmt('DELETE FROM customer_stats WHERE customer_id = ?').run(id)
    this.stmt('DELETE FROM customer_keys WHERE customer_id = ?').run(id)
    this.stmt('DELETE FROM customers WHERE id = ?').run(id)
    return Number(changes)
  }

  private writeKeys(id: string, fields: CustomerFieldValues): void {
    const insert = this.stmt('INSERT OR IGNORE INTO customer_keys (key, customer_id) VALUES (?, ?)')
    for (const key of customerKeys(fields)) insert.run(key, id)
  }
}

function toView(row: CustomerRow): CustomerView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    language: row.language ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}
