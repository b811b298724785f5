import type { Invoice, ProcessorId } from '@shared/invoice'
import type { SaleState } from '@shared/contract'
import { statementCache, type Db } from '../ledger/database'

/** A sale of the ledger as reconciliation sees it: its state and its one invoice as last read (or none yet). */
export interface LedgerSale {
  saleId: string
  state: SaleState
  /** ISO 8601, the till's clock. */
  createdAt: string
  invoice: Invoice | null
}

/** A difference marked reviewed. `at` is ISO 8601. */
export interface Review {
  note: string
  at: string
  by: string
}

interface SaleRow {
  sale_id: string
  state: string
  created_at: string
  data_json: string | null
}

/**
 * Reads and writes of reconciliation over the ledger's database: the sales of a processor made in a time range with
 * their invoices (`sales` joined to `invoices`, through `sales_by_created`, plus the imported ones by the invoice's
 * creation), and the `reconcile_reviews` / `reconcile_imports` tables (`reconcile-migration.ts`).
 */
export class ReconcileBook {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /**
   * The processor's sales rung up in [from, to) (the sale's creation, the till's clock) and those imported whose
   * invoice was created then, each with its stored invoice (null before one was made).
   * @param from ISO 8601, included
   * @param to ISO 8601, excluded
   */
  salesBetween(processor: ProcessorId, from: string, to: string): LedgerSale[] {
    const rows = this.stmt(
      `SELECT s.id AS sale_id, s.state, s.created_at, i.data_json FROM sales s
         LEFT JOIN invoices i ON i.sale_id = s.id
         WHERE s.created_at >= ? AND s.created_at < ? AND s.processor = ?
       UNION
       SELECT s.id, s.state, s.created_at, i.data_json FROM reconcile_imports r
         JOIN sales s ON s.id = r.sale_id LEFT JOIN invoices i ON i.sale_id = s.id
         WHERE r.processor = ? AND r.invoice_created_at >= ? AND r.invoice_created_at < ?`
    ).all(from, to, processor, processor, from, to) as unknown as SaleRow[]
    return rows.map(toLedgerSale)
  }

  /** One sale with its invoice, or null. */
  sale(saleId: string): LedgerSale | null {
    const row = this.stmt(
      `SELECT s.id AS sale_id, s.state, s.created_at, i.data_json FROM sales s
         LEFT JOIN invoices i ON i.sale_id = s.id WHERE s.id = ?`
    ).get(saleId) as SaleRow | undefined
    return row ? toLedgerSale(row) : null
  }

  /** The sale an invoice was imported as, or null. */
  importedSale(processor: ProcessorId, invoiceId: string): string | null {
    const row = this.stmt('SELECT sale_id FROM reconcile_imports WHERE processor = ? AND invoice_id = ?').get(
      processor,
      invoiceId
    ) as { sale_id: string } | undefined
    return row?.sale_id ?? null
  }

  /** Remember that `invoice` was imported as `saleId`. @param at ISO 8601 */
  recordImport(invoice: Invoice, saleId: string, at: string, by: string): void {
    this.stmt(
      `INSERT INTO reconcile_imports (processor, invoice_id, sale_id, invoice_created_at, at, by)
         VALUES (?, ?, ?, ?, ?, ?)`
    ).run(invoice.processor, invoice.id, saleId, new Date(invoice.createdAt).toISOString(), at, by)
  }

  /** Mark a difference reviewed (a second review of the same one replaces the note). */
  review(processor: ProcessorId, ref: string, kind: string, review: Review): void {
    this.stmt(
      `INSERT INTO reconcile_reviews (processor, ref, kind, note, at, by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (processor, ref, kind) DO UPDATE SET note = excluded.note, at = excluded.at, by = excluded.by`
    ).run(processor, ref, kind, review.note, review.at, review.by)
  }

  /** The review of a difference, or null. */
  reviewOf(processor: ProcessorId, ref: string, kind: string): Review | null {
    const row = this.stmt(
      'SELECT note, at, by FROM reconcile_reviews WHERE processor = ? AND ref = ? AND kind = ?'
    ).get(processor, ref, kind) as Review | undefined
    return row ? { note: row.note, at: row.at, by: row.by } : null
  }
}

function toLedgerSale(row: SaleRow): LedgerSale {
  return {
    saleId: row.sale_id,
    state: row.state as SaleState,
    createdAt: row.created_at,
    invoice: row.data_json ? (JSON.parse(row.data_json) as Invoice) : null
  }
}
