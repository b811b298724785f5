import type { Adjustment } from '@shared/cart'
import type { SaleLine, SaleState } from '@shared/contract'
import type { KassaErrorData } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { statementCache, type Db } from './database'
import { paidTotals, type PaidTotal } from './read-queries'
import { SaleSearch } from './sale-search'
import { saleSearchText, saleWords } from './search-text'

export type { PaidTotal } from './read-queries'

/** One tax rate of a sale: `rate` in percent, `baseMinor` net of tax and discount, in minor units. */
export interface StoredTaxLine {
  rate: string
  baseMinor: bigint
  taxMinor: bigint
}

/**
 * How a cart sale was priced, beyond its amounts (the `cart_json` column): the discount and tip as given, each
 * line's share of the discount (minor units, in line order) and the tax per rate.
 */
export interface StoredCart {
  discountGiven: Adjustment | null
  tipGiven: Adjustment | null
  lineDiscountsMinor: bigint[]
  taxes: StoredTaxLine[]
}

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
  /** When the sale became paid (ISO 8601, the ledger's clock), or null while it is not. */
  paidAt: string | null
  /** Minor units; 0 for a sale without tip (and every sale from before the cart). */
  tipMinor: bigint
  /** Prices included tax (the tax is inside `subtotalMinor`, not added). */
  taxInclusive: boolean
  /** The cart's pricing, or null for a keypad sale and every sale from before the cart. */
  cart: StoredCart | null
  /** `<till>-<yyyymmdd>-<n>`, given when it became paid (`receipts/receipt-numbers.ts`), else null. */
  receiptNumber: string | null
  /** The customer attached at the till (`cus_…`), or null (none, or erased). */
  customerId: string | null
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
  /** Default 0. */
  tipMinor?: bigint
  /** Default false. */
  taxInclusive?: boolean
  /** Default null (a keypad sale). */
  cart?: StoredCart | null
  /** The customer attached at the till (`customers.id`), if any. */
  customerId?: string | null
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
  error_params: string | null
  invoice_id: string | null
  tax_rate: string
  subtotal_minor: bigint | null
  tax_minor: bigint
  discount_minor: bigint
  payment_method: string | null
  paid_at: string | null
  tip_minor: bigint
  tax_inclusive: bigint
  cart_json: string | null
  receipt_number: string | null
  customer_id: string | null
}

/**
 * The `sales` table: what the cashier rang up, its state and its invoice id. Writes only what it is told; which
 * state a sale may take is decided in `sales/sale-state.ts`, auditing is the `Ledger`'s.
 */
export class SaleStore {
  private readonly stmt: ReturnType<typeof statementCache>
  private readonly search: SaleSearch

  constructor(db: Db) {
    this.stmt = statementCache(db)
    this.search = new SaleSearch(db)
  }

  /**
   * Insert a sale in state `creating`, with its search text (`sales_fts`, same rowid) and its words (`sale_words`).
   * The caller runs it in a transaction (`Ledger.createSale`), so they never part.
   * @param at ISO 8601, its creation and update time
   * @throws Error from SQLite (a duplicate id; `CHECK` refuses an amount of zero or less)
   */
  insert(sale: NewSale, at: string): void {
    const { lastInsertRowid } = this.stmt(
      `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, memo, lines_json, processor, state,
           tax_rate, subtotal_minor, tax_minor, discount_minor, payment_method, tip_minor, tax_inclusive, cart_json,
           customer_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'creating', ?, ?, ?, ?, ?, ?, ?, ?, ?)`
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
      sale.paymentMethod ?? null,
      sale.tipMinor ?? 0n,
      sale.taxInclusive ? 1 : 0,
      sale.cart ? JSON.stringify(cartToJson(sale.cart)) : null,
      sale.customerId ?? null
    )
    this.stmt('INSERT INTO sales_fts (rowid, text) VALUES (?, ?)').run(lastInsertRowid, saleSearchText(sale))
    const word = this.stmt('INSERT OR IGNORE INTO sale_words (word) VALUES (?)')
    for (const each of saleWords(sale)) word.run(each)
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
   * Sales whose id or processor invoice id starts with `query` (ASCII case ignored, matched literally), or whose
   * memo, line names or amount match its words (`search-text.ts`, `queryWords`), newest first; through indexes only.
   */
  find(query: string, limit: number): SaleRecord[] {
    const byRowid = this.stmt('SELECT * FROM sales WHERE rowid = ?')
    return this.search
      .find(query, limit)
      .map((rowid) => byRowid.get(rowid) as SaleRow | undefined)
      .filter((row): row is SaleRow => row !== undefined)
      .map(toSale)
  }

  /**
   * Sales paid in [from, to), by when they became paid, oldest first (the index `sales_by_paid_at`).
   * @param from ISO 8601, included
   * @param to ISO 8601, excluded
   */
  paidBetween(from: string, to: string): SaleRecord[] {
    const rows = this.stmt(
      'SELECT * FROM sales WHERE paid_at >= ? AND paid_at < ? ORDER BY paid_at, rowid'
    ).all(from, to) as SaleRow[]
    return rows.map(toSale)
  }

  /**
   * Number and total (minor units) of the sales paid in [from, to), per currency (`read-queries.ts`).
   * @param from ISO 8601, included
   * @param to ISO 8601, excluded
   */
  paidTotals(from: string, to: string): PaidTotal[] {
    return paidTotals({ prepare: this.stmt }, from, to)
  }

  /** Sales in state `creating`, oldest first. */
  creating(): SaleRecord[] {
    const rows = this.stmt(
      `SELECT * FROM sales WHERE state = 'creating' ORDER BY created_at`
    ).all() as SaleRow[]
    return rows.map(toSale)
  }

  /**
   * Set a sale's state and error (null clears it; its `params` kept as JSON); the first time it is `paid`,
   * `paid_at` = `at`.
   * @param at ISO 8601 update time
   */
  setState(id: string, state: SaleState, error: KassaErrorData | null, at: string): void {
    this.stmt(
      `UPDATE sales SET state = ?1, error_code = ?2, error_message = ?3, updated_at = ?4, error_params = ?6,
         paid_at = CASE WHEN ?1 = 'paid' THEN coalesce(paid_at, ?4) ELSE paid_at END WHERE id = ?5`
    ).run(
      state,
      error?.code ?? null,
      error?.message ?? null,
      at,
      id,
      error?.params ? JSON.stringify(error.params) : null
    )
  }

  /**
   * Link a sale to its invoice and set the state its invoice gives it; clears the error. The first time it is
   * `paid`, `paid_at` = `at`, kept after (a paid sale is never reopened). @param at ISO 8601
   */
  setInvoice(id: string, invoiceId: string, state: SaleState, at: string): void {
    this.stmt(
      `UPDATE sales SET invoice_id = ?1, state = ?2, error_code = NULL, error_message = NULL, error_params = NULL,
         updated_at = ?3,
         paid_at = CASE WHEN ?2 = 'paid' THEN coalesce(paid_at, ?3) ELSE paid_at END WHERE id = ?4`
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
    error: row.error_code ? saleError(row) : null,
    invoiceId: row.invoice_id,
    taxRate: row.tax_rate,
    subtotalMinor: BigInt(row.subtotal_minor ?? row.amount_minor),
    taxMinor: BigInt(row.tax_minor),
    discountMinor: BigInt(row.discount_minor),
    paymentMethod: row.payment_method,
    paidAt: row.paid_at,
    tipMinor: BigInt(row.tip_minor),
    taxInclusive: BigInt(row.tax_inclusive) === 1n,
    cart: row.cart_json === null ? null : cartFromJson(JSON.parse(row.cart_json) as CartJson),
    receiptNumber: row.receipt_number ?? null,
    customerId: row.customer_id ?? null
  }
}

/** The stored error, with its params when it has any (a damaged params column is left out, never thrown). */
function saleError(row: SaleRow): KassaErrorData {
  const error: KassaErrorData = {
    code: row.error_code as KassaErrorData['code'],
    message: row.error_message ?? ''
  }
  if (row.error_params) {
    try {
      const params = JSON.parse(row.error_params) as unknown
      if (params && typeof params === 'object') error.params = params as Record<string, string>
    } catch {
      // keep the code and message
    }
  }
  return error
}

/** `StoredCart` in JSON: minor units as decimal strings (JSON has no bigint). */
interface CartJson {
  discountGiven: Adjustment | null
  tipGiven: Adjustment | null
  lineDiscounts: string[]
  taxes: { rate: string; base: string; tax: string }[]
}

function cartToJson(cart: StoredCart): CartJson {
  return {
    discountGiven: cart.discountGiven,
    tipGiven: cart.tipGiven,
    lineDiscounts: cart.lineDiscountsMinor.map(String),
    taxes: cart.taxes.map((t) => ({ rate: t.rate, base: t.baseMinor.toString(), tax: t.taxMinor.toString() }))
  }
}

function cartFromJson(json: CartJson): StoredCart {
  return {
    discountGiven: json.discountGiven,
    tipGiven: json.tipGiven,
    lineDiscountsMinor: json.lineDiscounts.map((v) => BigInt(v)),
    taxes: json.taxes.map((t) => ({ rate: t.rate, baseMinor: BigInt(t.base), taxMinor: BigInt(t.tax) }))
  }
}
