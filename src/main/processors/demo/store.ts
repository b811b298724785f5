import { statementCache, type Db } from '../../ledger/database'
import type { CreateInvoiceRequest, InvoiceCart } from '../types'

/** The Demo processor's own books: it plays a remote server, so it keeps its own file. */
export const DEMO_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE demo_invoices (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    amount_minor INTEGER NOT NULL,
    rate TEXT NOT NULL,
    total_sats INTEGER NOT NULL,
    address TEXT NOT NULL,
    seed TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    forced TEXT
  );
  CREATE INDEX demo_invoices_created ON demo_invoices (created_at);
  CREATE TABLE demo_payments (
    id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES demo_invoices (id),
    method TEXT NOT NULL,
    sats INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    confirm_at INTEGER NOT NULL
  );
  CREATE INDEX demo_payments_by_invoice ON demo_payments (invoice_id);
  CREATE TABLE demo_refunds (
    id TEXT PRIMARY KEY,
    invoice_id TEXT NOT NULL REFERENCES demo_invoices (id),
    variant TEXT NOT NULL,
    amount TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
  // 2: a refund remembers Kassa's refund id, so asking twice makes it once (as BTCPay's pull payment name does).
  `
  ALTER TABLE demo_refunds ADD COLUMN refund_key TEXT;
  CREATE UNIQUE INDEX demo_refunds_by_key ON demo_refunds (refund_key) WHERE refund_key IS NOT NULL;
  `,
  // 3: an invoice keeps what was sold (its lines and, for a cart, the cart), as a server's invoice would.
  `
  ALTER TABLE demo_invoices ADD COLUMN cart_json TEXT;
  `,
  // 4: the till that made an invoice (tills sharing the Demo's books tell theirs apart when reconciling).
  `
  ALTER TABLE demo_invoices ADD COLUMN till_id TEXT;
  `
]

/** What a Demo invoice was for: the request's lines and, for an itemised sale, its cart. */
export interface DemoInvoiceCart {
  lines: CreateInvoiceRequest['lines']
  cart: InvoiceCart | null
}

/** A Demo invoice row. Times in ms since the epoch; `totalSats` and `amountMinor` are bigint. */
export interface DemoInvoiceRow {
  id: string
  orderId: string
  currency: string
  amountMinor: bigint
  rate: string
  totalSats: bigint
  address: string
  seed: string
  description: string
  createdAt: number
  expiresAt: number
  forced: 'expired' | 'invalid' | null
  /** The till that made it (`CreateInvoiceRequest.tillId`); null when none was given. Optional when inserting. */
  tillId?: string | null
}

/** A Demo refund row (a pull payment). `amount` is a decimal string in `currency`; `createdAt` ms since the epoch. */
export interface DemoRefundRow {
  id: string
  invoiceId: string
  variant: string
  amount: string
  currency: string
  createdAt: number
  /** Kassa's refund id it was made for. */
  refundKey: string
}

/** A Demo payment row. Times in ms since the epoch. */
export interface DemoPaymentRow {
  id: string
  invoiceId: string
  method: 'BTC-CHAIN' | 'BTC-LN'
  sats: bigint
  receivedAt: number
  confirmAt: number
}

/** Typed access to the Demo's tables. */
export class DemoStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  insertInvoice(row: DemoInvoiceRow): void {
    this.stmt(
      `INSERT INTO demo_invoices (id, order_id, currency, amount_minor, rate, total_sats, address, seed, description,
           created_at, expires_at, forced, till_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      row.id,
      row.orderId,
      row.currency,
      row.amountMinor,
      row.rate,
      row.totalSats,
      row.address,
      row.seed,
      row.description,
      row.createdAt,
      row.expiresAt,
      row.forced,
      row.tillId ?? null
    )
  }

  byId(id: string): DemoInvoiceRow | null {
    return toInvoice(this.stmt('SELECT * FROM demo_invoices WHERE id = ?').get(id))
  }

  byOrderId(orderId: string): DemoInvoiceRow | null {
    return toInvoice(this.stmt('SELECT * FROM demo_invoices WHERE order_id = ?').get(orderId))
  }

  /** Invoices created in [fromMs, toMs), oldest first. */
  list(fromMs: number, toMs: number, offset: number, limit: number): DemoInvoiceRow[] {
    return this.stmt(
      'SELECT * FROM demo_invoices WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id LIMIT ? OFFSET ?'
    )
      .all(fromMs, toMs, limit, offset)
      .map((row) => toInvoice(row) as DemoInvoiceRow)
  }

  /** Keep what an invoice was for. */
  setCart(id: string, cart: DemoInvoiceCart): void {
    this.stmt('UPDATE demo_invoices SET cart_json = ? WHERE id = ?').run(JSON.stringify(cart), id)
  }

  /** What an invoice was for, or null (none kept, or no such invoice). */
  cartOf(id: string): DemoInvoiceCart | null {
    const row = this.stmt('SELECT cart_json FROM demo_invoices WHERE id = ?').get(id) as
      { cart_json: string | null } | undefined
    return row?.cart_json ? (JSON.parse(row.cart_json) as DemoInvoiceCart) : null
  }

  setForced(id: string, forced: 'expired' | 'invalid'): void {
    this.stmt('UPDATE demo_invoices SET forced = ? WHERE id = ?').run(forced, id)
  }

  /** End the quote at `at` (ms) unless it ended earlier: the invoice is expired from then on. */
  expireAt(id: string, at: number): void {
    this.stmt(
      "UPDATE demo_invoices SET forced = 'expired', expires_at = MIN(expires_at, ?) WHERE id = ?"
    ).run(at, id)
  }

  insertPayment(row: DemoPaymentRow): void {
    this.stmt(
      'INSERT INTO demo_payments (id, invoice_id, method, sats, received_at, confirm_at) VALUES (?, ?, ?, ?, ?, ?)'
    ).run(row.id, row.invoiceId, row.method, row.sats, row.receivedAt, row.confirmAt)
  }

  payments(invoiceId: string): DemoPaymentRow[] {
    const rows = this.stmt('SELECT * FROM demo_payments WHERE invoice_id = ? ORDER BY received_at, id').all(
      invoiceId
    ) as Record<string, unknown>[]
    return rows.map((row) => ({
      id: String(row.id),
      invoiceId: String(row.invoice_id),
      method: row.method as DemoPaymentRow['method'],
      sats: BigInt(row.sats as bigint),
      receivedAt: Number(row.received_at),
      confirmAt: Number(row.confirm_at)
    }))
  }

  insertRefund(row: DemoRefundRow): void {
    this.stmt(
      `INSERT INTO demo_refunds (id, invoice_id, variant, amount, currency, created_at, refund_key)
        VALUES (?, ?, ?, ?, ?, ?, ?)`
    ).run(row.id, row.invoiceId, row.variant, row.amount, row.currency, row.createdAt, row.refundKey)
  }

  /** The refund made for Kassa's refund id, or null. */
  refundByKey(refundKey: string): DemoRefundRow | null {
    const row = this.stmt('SELECT * FROM demo_refunds WHERE refund_key = ?').get(refundKey) as
      Record<string, unknown> | undefined
    if (!row) return null
    return {
      id: String(row.id),
      invoiceId: String(row.invoice_id),
      variant: String(row.variant),
      amount: String(row.amount),
      currency: String(row.currency),
      createdAt: Number(row.created_at),
      refundKey
    }
  }
}

function toInvoice(raw: unknown): DemoInvoiceRow | null {
  if (!raw) return null
  const row = raw as Record<string, unknown>
  return {
    id: String(row.id),
    orderId: String(row.order_id),
    currency: String(row.currency),
    amountMinor: BigInt(row.amount_minor as bigint),
    rate: String(row.rate),
    totalSats: BigInt(row.total_sats as bigint),
    address: String(row.address),
    seed: String(row.seed),
    description: String(row.description),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    forced: (row.forced as DemoInvoiceRow['forced']) ?? null,
    tillId: typeof row.till_id === 'string' ? row.till_id : null
  }
}
