import { statementCache, type Db } from './database'
import type { Invoice, ProcessorId } from '@shared/invoice'
import { isFinalStatus } from '@shared/invoice'
import {
  awaitsLatePayment,
  isLatePaymentConfirmed,
  isNewLatePayment,
  monitoringEndsAt
} from '@shared/late-payment'
import type { SaleLine, SaleState } from '@shared/contract'
import type { KassaErrorData } from '@shared/errors'
import { btcToSats, decimalToMinor } from '@shared/money'
import { redactDetails } from '../secrets/redact'

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

/** An invoice the tracker still follows. */
export interface OpenInvoice {
  processor: ProcessorId
  invoiceId: string
  saleId: string
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
 * The till's books in SQLite: sales, invoices, payments, status history, audit log, settings.
 * Synchronous (libsql), so every method is one short transaction and callers never interleave half-writes.
 */
export class Ledger {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now
  ) {
    this.stmt = statementCache(db)
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }

  /** Record a new sale in state `creating`, before any processor is asked: a crash after this loses nothing. */
  createSale(sale: {
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
  }): SaleRecord {
    const at = this.iso()
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
    this.audit('cashier', 'sale.created', sale.id, {
      amountMinor: sale.amountMinor.toString(),
      currency: sale.currency
    })
    return this.requireSale(sale.id)
  }

  /** The sale, or null. */
  getSale(id: string): SaleRecord | null {
    const row = this.stmt('SELECT * FROM sales WHERE id = ?').get(id) as SaleRow | undefined
    return row ? toSale(row) : null
  }

  /** The sale. @throws Error when missing (callers check existence first). */
  requireSale(id: string): SaleRecord {
    const sale = this.getSale(id)
    if (!sale) throw new Error(`Sale ${id} not found`)
    return sale
  }

  /** Most recent sales first (by creation time, then by insertion for sales rung up in the same millisecond). */
  listSales(limit: number): SaleRecord[] {
    const rows = this.stmt('SELECT * FROM sales ORDER BY created_at DESC, rowid DESC LIMIT ?').all(
      limit
    ) as SaleRow[]
    return rows.map(toSale)
  }

  /**
   * Sales whose id or processor invoice id equals `query` or starts with it (case-insensitive), newest first.
   * `query` is matched literally (no wildcards).
   */
  findSales(query: string, limit = 20): SaleRecord[] {
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

  /** Sales whose invoice creation has not finished (crash or outage mid-create). */
  salesAwaitingInvoice(): SaleRecord[] {
    const rows = this.stmt(
      `SELECT * FROM sales WHERE state = 'creating' ORDER BY created_at`
    ).all() as SaleRow[]
    return rows.map(toSale)
  }

  /** Set a sale's state, with an optional error, and audit it. */
  setSaleState(id: string, state: SaleState, error: KassaErrorData | null = null, actor = 'system'): void {
    this.stmt(
      'UPDATE sales SET state = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?'
    ).run(state, error?.code ?? null, error?.message ?? null, this.iso(), id)
    this.audit(actor, `sale.${state}`, id, error ? { error } : {})
  }

  /** The stored normalized invoice of a sale, or null. */
  getInvoiceForSale(saleId: string): Invoice | null {
    const row = this.stmt('SELECT data_json FROM invoices WHERE sale_id = ?').get(saleId) as
      { data_json: string } | undefined
    return row ? (JSON.parse(row.data_json) as Invoice) : null
  }

  /**
   * Invoices the tracker follows, to resume after a restart: those not yet in a final state, and expired ones
   * whose processor still monitors them for a late payment (`monitor_until` after the ledger's clock).
   */
  openInvoices(): OpenInvoice[] {
    const rows = this.stmt(
      'SELECT processor, id, sale_id FROM invoices WHERE final = 0 OR monitor_until > ?'
    ).all(this.iso()) as {
      processor: ProcessorId
      id: string
      sale_id: string
    }[]
    return rows.map((row) => ({ processor: row.processor, invoiceId: row.id, saleId: row.sale_id }))
  }

  /**
   * Store the invoice of a sale (first time) or its new state, with payments and a status-history row when the
   * status changed; moves the sale's state along. An expired invoice keeps its monitoring window (`monitor_until`)
   * while a late payment may still come; the first report of one is audited (`invoice.paid-late`).
   * Idempotent: the same invoice twice changes nothing.
   * @returns whether anything the till shows changed
   */
  applyInvoice(saleId: string, invoice: Invoice): boolean {
    const apply = this.db.transaction((): boolean => {
      this.rekeyReplacedInvoice(saleId, invoice)
      const previous = this.stmt('SELECT data_json FROM invoices WHERE processor = ? AND id = ?').get(
        invoice.processor,
        invoice.id
      ) as { data_json: string } | undefined
      const data = JSON.stringify(invoice)
      if (previous?.data_json === data) return false
      const at = this.iso()
      const final = isFinalStatus(invoice.status) ? 1 : 0
      const monitoredUntil = awaitsLatePayment(invoice) ? monitoringEndsAt(invoice) : null
      const monitorUntil = monitoredUntil === null ? null : new Date(monitoredUntil).toISOString()
      const amountMinor = decimalToMinor(invoice.amount, invoice.currency)
      const paidMinor = decimalToMinor(invoice.paid, invoice.currency)
      this.stmt(
        `INSERT INTO invoices (processor, id, sale_id, status, additional_status, raw_status, currency, amount_minor,
             paid_minor, expires_at, final, monitor_until, data_json, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (processor, id) DO UPDATE SET status = excluded.status,
             additional_status = excluded.additional_status, raw_status = excluded.raw_status,
             paid_minor = excluded.paid_minor, expires_at = excluded.expires_at, final = excluded.final,
             monitor_until = excluded.monitor_until, data_json = excluded.data_json, updated_at = excluded.updated_at`
      ).run(
        invoice.processor,
        invoice.id,
        saleId,
        invoice.status,
        invoice.additionalStatus,
        invoice.rawStatus,
        invoice.currency,
        amountMinor,
        paidMinor,
        invoice.expiresAt,
        final,
        monitorUntil,
        data,
        at
      )
      const before = previous ? (JSON.parse(previous.data_json) as Invoice) : null
      if (
        !before ||
        before.status !== invoice.status ||
        before.additionalStatus !== invoice.additionalStatus ||
        before.rawStatus !== invoice.rawStatus
      ) {
        this.stmt(
          `INSERT INTO status_history (processor, invoice_id, at, status, additional_status, raw_status)
             VALUES (?, ?, ?, ?, ?, ?)`
        ).run(invoice.processor, invoice.id, at, invoice.status, invoice.additionalStatus, invoice.rawStatus)
      }
      if (isNewLatePayment(before, invoice)) {
        this.audit('system', 'invoice.paid-late', saleId, {
          invoiceId: invoice.id,
          status: invoice.status,
          paid: invoice.paid,
          currency: invoice.currency
        })
      }
      const upsertPayment = this.stmt(
        `INSERT INTO payments (processor, invoice_id, id, method, currency, amount, amount_sats, received_at, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (processor, invoice_id, id) DO UPDATE SET status = excluded.status, amount = excluded.amount,
           amount_sats = excluded.amount_sats`
      )
      for (const payment of invoice.payments) {
        const sats = payment.currency === 'BTC' ? btcToSats(payment.amount) : null
        upsertPayment.run(
          invoice.processor,
          invoice.id,
          payment.id,
          payment.method,
          payment.currency,
          payment.amount,
          sats,
          payment.receivedAt,
          payment.status
        )
      }
      const sale = this.requireSale(saleId)
      const state = sale.state === 'cancelled' ? 'cancelled' : saleStateFor(invoice)
      this.stmt(
        'UPDATE sales SET invoice_id = ?, state = ?, error_code = NULL, error_message = NULL, updated_at = ? WHERE id = ?'
      ).run(invoice.id, state, at, saleId)
      if (state !== sale.state) this.audit('system', `sale.${state}`, saleId, { invoiceId: invoice.id })
      return true
    })
    return apply()
  }

  /**
   * A processor may answer a read with another invoice that replaced the one asked for (Plisio's
   * `cancelled duplicate` after the customer switched coin). The sale keeps one invoice row: it is re-keyed to the
   * new id, with its payments and history, and the replacement is audited.
   */
  private rekeyReplacedInvoice(saleId: string, invoice: Invoice): void {
    const current = this.stmt('SELECT processor, id FROM invoices WHERE sale_id = ?').get(saleId) as
      { processor: string; id: string } | undefined
    if (!current || (current.processor === invoice.processor && current.id === invoice.id)) return
    const params = [invoice.processor, invoice.id, current.processor, current.id]
    this.stmt('UPDATE invoices SET processor = ?, id = ? WHERE processor = ? AND id = ?').run(...params)
    this.stmt('UPDATE payments SET processor = ?, invoice_id = ? WHERE processor = ? AND invoice_id = ?').run(
      ...params
    )
    this.stmt(
      'UPDATE status_history SET processor = ?, invoice_id = ? WHERE processor = ? AND invoice_id = ?'
    ).run(...params)
    this.audit('system', 'invoice.replaced', saleId, { from: current.id, to: invoice.id })
  }

  /** Status history of an invoice, oldest first. */
  statusHistory(
    processor: ProcessorId,
    invoiceId: string
  ): { at: string; status: string; additionalStatus: string }[] {
    const rows = this.stmt(
      'SELECT at, status, additional_status FROM status_history WHERE processor = ? AND invoice_id = ? ORDER BY seq'
    ).all(processor, invoiceId) as { at: string; status: string; additional_status: string }[]
    return rows.map((row) => ({ at: row.at, status: row.status, additionalStatus: row.additional_status }))
  }

  /** Number of invoices stored for a sale (at most one: the schema's UNIQUE(sale_id) makes a second impossible). */
  countInvoicesForSale(saleId: string): number {
    const row = this.stmt('SELECT COUNT(*) AS n FROM invoices WHERE sale_id = ?').get(saleId) as {
      n: bigint
    }
    return Number(row.n)
  }

  /** Append to the audit log. `actor` is `cashier` or `system`. Details pass `redactDetails` (no key, no token). */
  audit(actor: string, action: string, saleId: string | null, details: Record<string, unknown> = {}): void {
    this.stmt('INSERT INTO audit_log (at, actor, action, sale_id, details_json) VALUES (?, ?, ?, ?, ?)').run(
      this.iso(),
      actor,
      action,
      saleId,
      JSON.stringify(redactDetails(details))
    )
  }

  /** Audit entries of a sale, oldest first. */
  auditFor(saleId: string): { at: string; actor: string; action: string }[] {
    return this.stmt('SELECT at, actor, action FROM audit_log WHERE sale_id = ? ORDER BY seq').all(
      saleId
    ) as { at: string; actor: string; action: string }[]
  }

  /** A setting's value, or null. */
  getSetting(key: string): string | null {
    const row = this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined
    return row?.value ?? null
  }

  /** Set (or with null, remove) a setting. */
  setSetting(key: string, value: string | null): void {
    if (value === null) this.stmt('DELETE FROM settings WHERE key = ?').run(key)
    else
      this.stmt(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
      ).run(key, value)
  }

  /** The database, for the ledger's other books (refunds). */
  get database(): Db {
    return this.db
  }

  /** Close the database. */
  close(): void {
    this.db.close()
  }
}

/**
 * The sale's state for its invoice. A late payment makes the sale `paid` once confirmed (BTCPay leaves the
 * invoice `Expired` + `PaidLate`); its invoice keeps the `PaidLate` qualifier the screens show. Until then the
 * sale stays `expired`, never `awaiting`: its checkout is closed.
 */
function saleStateFor(invoice: Invoice): SaleState {
  switch (invoice.status) {
    case 'Settled':
      return 'paid'
    case 'Expired':
      return isLatePaymentConfirmed(invoice) ? 'paid' : 'expired'
    case 'Invalid':
      return 'invalid'
    default:
      return 'awaiting'
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
