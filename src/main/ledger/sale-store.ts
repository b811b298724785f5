import type { SaleLine, SaleState } from '@shared/contract'
import type { KassaErrorData } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { statementCache, type Db } from './database'

/** A sale as stored. `amountMinor` is in the currency's minor units. Times are ISO 8601. */
export interface SaleRecord {
  id: string
  createdAt: string
  updatedAt: string
  currency: string
  amountMinor: bigint
  memo: string | null
  lines: SaleLine[]
  processor: ProcessorId
  state: SaleState
  error: KassaErrorData | null
  invoiceId: string | null
  /** Percent, decimal string (`"0"` when none). */
  taxRate: string
  /** Minor units; `subtotalMinor` is `amountMinor` for a keypad sale without lines. */
  subtotalMinor: bigint
  taxMinor: bigint
  discountMinor: bigint
  /** The coin or method the cashier chose, or null. */
  paymentMethod: string | null
}

/**
 * A sale to record. Amounts in the currency's minor units; `taxRate` in percent (decimal string, default `"0"`);
 * `subtotalMinor` defaults to `amountMinor`, tax and discount to 0.
 */
export interface NewSale {
  id: string
  currency: string
  amountMinor: bigint
  memo: string | null
  lines: SaleLine[]
  processor: ProcessorId
  taxRate?: string
  subtotalMinor?: bigint
  taxMinor?: bigint
  discountMinor?: bigint
  paymentMethod?: string | null
}

interface SaleRow {
  id: string
  created_at: string
  updated_at: string
  currency: string
  amount_minor: bigint
  memo: string | null
  lines_json: string
  processor: string
  state: string
  error_code: string | null
  error_message: string | null
  invoice_id: string | null
  tax_rate: string
  subtotal_minor: bigint | null
  tax_minor: bigint
  discount_minor: bigint
  payment_method: string | null
}

/**
 * The `sales` table: what the cashier rang up, its state and its invoice id. Writes only what it is told; which
 * state a sale may take is decided in `sales/sale-state.ts`, auditing is the `Ledger`'s.
 */
export class SaleStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /**
   * Insert a sale in state `creating`.
   * @param at ISO 8601, its creation and update time
   * @throws Error from SQLite (a duplicate id; `CHECK` refuses an amount of zero or less)
   */
  insert(sale: NewSale, at: string): void {
    this.stmt(
      `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, memo, lines_json, processor, state,
           tax_rate, subtotal_minor, tax_minor, discount_minor, payment_method)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'creating', ?, ?, ?, ?, ?)`
    ).run(
      sale.id,
      at,
      at,
      sale.currency,
      sale.amountMinor,
      sale.memo,
      JSON.stringify(sale.lines),
      sale.processor,
      sale.taxRate ?? '0',
      sale.subtotalMinor ?? sale.amountMinor,
      sale.taxMinor ?? 0n,
      sale.discountMinor ?? 0n,
      sale.paymentMethod ?? null
    )
  }

  /** The sale, or null. */
  get(id: string): SaleRecord | null {
    const row = this.stmt('SELECT * FROM sales WHERE id = ?').get(id) as SaleRow | undefined
    return row ? toSale(row) : null
  }

  /** Most recent sales first (by creation time, then by insertion for sales rung up in the same millisecond). */
  list(limit: number): SaleRecord[] {
    const rows = this.stmt('SELECT * FROM sales ORDER BY created_at DESC, rowid DESC LIMIT ?').all(
      limit
    ) as SaleRow[]
    return rows.map(toSale)
  }

  /**
   * Sales whose id or processor invoice id equals `query` or starts with it (case-insensitive), newest first.
   * `query` is matched literally (no wildcards).
   */
  find(query: string, limit: number): SaleRecord[] {
    const prefix =
      query
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => '\\' + c) + '%'
    const rows = this.stmt(
      `SELECT s.* FROM sales s LEFT JOIN invoices i ON i.sale_id = s.id
         WHERE lower(s.id) LIKE ? ESCAPE '\\' OR lower(i.id) LIKE ? ESCAPE '\\'
         ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?`
    ).all(prefix, prefix, limit) as SaleRow[]
    return rows.map(toSale)
  }

  /** Sales in state `creating`, oldest first. */
  creating(): SaleRecord[] {
    const rows = this.stmt(
      `SELECT * FROM sales WHERE state = 'creating' ORDER BY created_at`
    ).all() as SaleRow[]
    return rows.map(toSale)
  }

  /** Set a sale's state and error (null clears it). @param at ISO 8601 update time */
  setState(id: string, state: SaleState, error: KassaErrorData | null, at: string): void {
    this.stmt(
      'UPDATE sales SET state = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?'
    ).run(state, error?.code ?? null, error?.message ?? null, at, id)
  }

  /** Link a sale to its invoice and set the state its invoice gives it; clears the error. @param at ISO 8601 */
  setInvoice(id: string, invoiceId: string, state: SaleState, at: string): void {
    this.stmt(
      'UPDATE sales SET invoice_id = ?, state = ?, error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ?'
    ).run(invoiceId, state, at, id)
  }
}

function toSale(row: SaleRow): SaleRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    currency: row.currency,
    amountMinor: BigInt(row.amount_minor),
    memo: row.memo,
    lines: JSON.parse(row.lines_json) as SaleLine[],
    processor: row.processor as ProcessorId,
    state: row.state as SaleState,
    error: row.error_code
      ? { code: row.error_code as KassaErrorData['code'], message: row.error_message ?? '' }
      : null,
    invoiceId: row.invoice_id,
    taxRate: row.tax_rate,
    subtotalMinor: BigInt(row.subtotal_minor ?? row.amount_minor),
    taxMinor: BigInt(row.tax_minor),
    discountMinor: BigInt(row.discount_minor),
    paymentMethod: row.payment_method
  }
}
