import type { Invoice, ProcessorId } from '@shared/invoice'
import { isFinalStatus } from '@shared/invoice'
import { awaitsLatePayment, monitoringEndsAt } from '@shared/late-payment'
import { btcToSats, decimalToMinor } from '@shared/money'
import { statementCache, type Db } from './database'

/** An invoice the tracker still follows. */
export interface OpenInvoice {
  processor: ProcessorId
  invoiceId: string
  saleId: string
}

/** One row of an invoice's status history. `at` is ISO 8601. */
export interface StatusHistoryEntry {
  at: string
  status: string
  additionalStatus: string
}

/** What `InvoiceStore.save` did. */
export interface InvoiceSave {
  /** False when the stored invoice was already exactly this one (nothing written). */
  changed: boolean
  /** The invoice as stored before, or null the first time. */
  before: Invoice | null
}

/**
 * The `invoices`, `payments` and `status_history` tables: each sale's one normalized invoice (the whole of it in
 * `data_json`, with its amounts in minor units and its payments in satoshis alongside for queries), a row per
 * payment, and a row per status change. Knows nothing of sales' states; the `Ledger` wraps its writes in the
 * transaction that also moves the sale.
 */
export class InvoiceStore {
  private readonly stmt: ReturnType<typeof statementCache>

  constructor(db: Db) {
    this.stmt = statementCache(db)
  }

  /** The stored normalized invoice of a sale, or null. */
  forSale(saleId: string): Invoice | null {
    const row = this.stmt('SELECT data_json FROM invoices WHERE sale_id = ?').get(saleId) as
      { data_json: string } | undefined
    return row ? (JSON.parse(row.data_json) as Invoice) : null
  }

  /**
   * Invoices to follow: not yet in a final state, or expired ones whose processor still monitors them for a late
   * payment (`monitor_until` after `at`).
   * @param at ISO 8601, the ledger's now
   */
  open(at: string): OpenInvoice[] {
    const rows = this.stmt(
      'SELECT processor, id, sale_id FROM invoices WHERE final = 0 OR monitor_until > ?'
    ).all(at) as {
      processor: ProcessorId
      id: string
      sale_id: string
    }[]
    return rows.map((row) => ({ processor: row.processor, invoiceId: row.id, saleId: row.sale_id }))
  }

  /**
   * Re-key a sale's invoice row, with its payments and history, to `to` when the processor replaced the invoice
   * (Plisio's `cancelled duplicate`): the sale keeps one invoice row.
   * @returns the key it had, or null when there was none or it already was `to`
   */
  rekey(
    saleId: string,
    to: { processor: ProcessorId; id: string }
  ): { processor: string; id: string } | null {
    const current = this.stmt('SELECT processor, id FROM invoices WHERE sale_id = ?').get(saleId) as
      { processor: string; id: string } | undefined
    if (!current || (current.processor === to.processor && current.id === to.id)) return null
    const params = [to.processor, to.id, current.processor, current.id]
    this.stmt('UPDATE invoices SET processor = ?, id = ? WHERE processor = ? AND id = ?').run(...params)
    this.stmt('UPDATE payments SET processor = ?, invoice_id = ? WHERE processor = ? AND invoice_id = ?').run(
      ...params
    )
    this.stmt(
      'UPDATE status_history SET processor = ?, invoice_id = ? WHERE processor = ? AND invoice_id = ?'
    ).run(...params)
    return current
  }

  /**
   * Store a read of a sale's invoice: the invoice row (amounts in minor units; `final`; `monitor_until`, ISO 8601,
   * while an expired invoice may still be paid late), a status-history row when status, qualifier or raw status
   * changed, and its payments (BTC amounts also in satoshis). The same invoice twice writes nothing.
   * @param at ISO 8601 time of this write
   * @throws AmountError when an amount is not a decimal in its currency
   */
  save(saleId: string, invoice: Invoice, at: string): InvoiceSave {
    const previous = this.stmt('SELECT data_json FROM invoices WHERE processor = ? AND id = ?').get(
      invoice.processor,
      invoice.id
    ) as { data_json: string } | undefined
    const data = JSON.stringify(invoice)
    const before = previous ? (JSON.parse(previous.data_json) as Invoice) : null
    if (previous?.data_json === data) return { changed: false, before }
    const monitoredUntil = awaitsLatePayment(invoice) ? monitoringEndsAt(invoice) : null
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
      decimalToMinor(invoice.amount, invoice.currency),
      decimalToMinor(invoice.paid, invoice.currency),
      invoice.expiresAt,
      isFinalStatus(invoice.status) ? 1 : 0,
      monitoredUntil === null ? null : new Date(monitoredUntil).toISOString(),
      data,
      at
    )
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
    this.savePayments(invoice)
    return { changed: true, before }
  }

  /** Status history of an invoice, oldest first. */
  statusHistory(processor: ProcessorId, invoiceId: string): StatusHistoryEntry[] {
    const rows = this.stmt(
      'SELECT at, status, additional_status FROM status_history WHERE processor = ? AND invoice_id = ? ORDER BY seq'
    ).all(processor, invoiceId) as { at: string; status: string; additional_status: string }[]
    return rows.map((row) => ({ at: row.at, status: row.status, additionalStatus: row.additional_status }))
  }

  /** Number of invoices stored for a sale (at most one: the schema's UNIQUE(sale_id) makes a second impossible). */
  countForSale(saleId: string): number {
    const row = this.stmt('SELECT COUNT(*) AS n FROM invoices WHERE sale_id = ?').get(saleId) as {
      n: bigint
    }
    return Number(row.n)
  }

  private savePayments(invoice: Invoice): void {
    const upsert = this.stmt(
      `INSERT INTO payments (processor, invoice_id, id, method, currency, amount, amount_sats, received_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (processor, invoice_id, id) DO UPDATE SET status = excluded.status, amount = excluded.amount,
         amount_sats = excluded.amount_sats`
    )
    for (const payment of invoice.payments) {
      upsert.run(
        invoice.processor,
        invoice.id,
        payment.id,
        payment.method,
        payment.currency,
        payment.amount,
        payment.currency === 'BTC' ? btcToSats(payment.amount) : null,
        payment.receivedAt,
        payment.status
      )
    }
  }
}
