import type { SaleState } from '@shared/contract'
import type { KassaErrorData } from '@shared/errors'
import type { Invoice, ProcessorId } from '@shared/invoice'
import { isNewLatePayment } from '@shared/late-payment'
import { checkTillSaleState, nextSaleState } from '../sales/sale-state'
import { AuditLog, type AuditActor, type AuditEntry } from './audit-log'
import { CatalogStore } from './catalog-store'
import { inTransaction, type Db } from './database'
import { InvoiceStore, type OpenInvoice, type StatusHistoryEntry } from './invoice-store'
import { SaleStore, type NewSale, type PaidTotal, type SaleRecord } from './sale-store'
import { SettingsStore } from './settings-store'

export type { AuditActor, AuditEntry } from './audit-log'
export { AUDIT_ACTORS } from './audit-log'
export type { OpenInvoice, StatusHistoryEntry } from './invoice-store'
export type { StockMove } from './catalog-store'
export type { NewSale, PaidTotal, SaleRecord, StoredCart, StoredTaxLine } from './sale-store'

/** A sale that just ended unpaid, as `Ledger.onEnded` hooks see it. */
export interface SaleEnded {
  saleId: string
  state: 'expired' | 'invalid'
  /** The state it left (`awaiting`, `expired`, `paid` when the processor invalidated a paid invoice, …). */
  previous: SaleState
  /** ISO 8601, the ledger's now. */
  at: string
  /** The invoice read that ended it. */
  invoice: Invoice
}

/**
 * The till's books in SQLite, one facade over the per-table stores: sales (`sale-store.ts`), invoices with their
 * payments and status history (`invoice-store.ts`), the audit log (`audit-log.ts`) and settings
 * (`settings-store.ts`); refunds are the `RefundBook` over the same `database`. The facade keeps what spans
 * tables: one transaction per invoice read, and an audit entry for every change of a sale.
 * Synchronous (libsql), so every method is one short transaction and callers never interleave half-writes.
 * Times are ISO 8601 from `now` (milliseconds since the epoch).
 */
export class Ledger {
  private readonly sales: SaleStore
  private readonly invoices: InvoiceStore
  private readonly auditLog: AuditLog
  private readonly settings: SettingsStore
  /**
   * The catalog's table and its stock moves (`catalog-store.ts`), for the catalog service (`src/main/catalog/`).
   * A sale turning paid in `applyInvoice` lowers its items' inventory here, in the same transaction.
   */
  readonly catalog: CatalogStore
  private readonly paidHooks: ((saleId: string, at: string) => void)[] = []
  private readonly endedHooks: ((ended: SaleEnded) => void)[] = []

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now
  ) {
    this.sales = new SaleStore(db)
    this.invoices = new InvoiceStore(db)
    this.auditLog = new AuditLog(db)
    this.settings = new SettingsStore(db)
    this.catalog = new CatalogStore(db)
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }

  /** Record a new sale in state `creating`, before any processor is asked: a crash after this loses nothing. */
  createSale(sale: NewSale): SaleRecord {
    return inTransaction(this.db, () => {
      this.sales.insert(sale, this.iso())
      this.audit('cashier', 'sale.created', sale.id, {
        amountMinor: sale.amountMinor.toString(),
        currency: sale.currency
      })
      return this.requireSale(sale.id)
    })
  }

  /**
   * Run several ledger writes as one transaction (one commit, one fsync): each method's own transaction becomes a
   * savepoint of it. For imports and the scale benchmark's seed; the till's calls each commit on their own.
   * @throws whatever `work` throws, after rolling back everything it wrote
   */
  batch<T>(work: () => T): T {
    return inTransaction(this.db, work)
  }

  /** The sale, or null. */
  getSale(id: string): SaleRecord | null {
    return this.sales.get(id)
  }

  /** The sale. @throws Error when missing (callers check existence first). */
  requireSale(id: string): SaleRecord {
    const sale = this.getSale(id)
    if (!sale) throw new Error(`Sale ${id} not found`)
    return sale
  }

  /** Most recent sales first (by creation time, then by insertion for sales rung up in the same millisecond). */
  listSales(limit: number): SaleRecord[] {
    return this.sales.list(limit)
  }

  /**
   * Sales whose id or processor invoice id starts with `query` (ASCII case ignored, no wildcards), or whose memo,
   * line names or amount (`"12.34"`) match its words, newest first; through indexes, fast at any ledger size.
   */
  findSales(query: string, limit = 20): SaleRecord[] {
    return this.sales.find(query, limit)
  }

  /**
   * Sales that became paid in [from, to), oldest first (for the day close).
   * @param from ms since the epoch, included
   * @param to ms since the epoch, excluded
   * @throws RangeError when a bound is not a valid time
   */
  salesPaidBetween(from: number, to: number): SaleRecord[] {
    return this.sales.paidBetween(new Date(from).toISOString(), new Date(to).toISOString())
  }

  /**
   * How many sales became paid in [from, to) and their total in minor units, per currency. A day of a busy till
   * is a few thousand sales through an index; for long ranges over a large ledger use `LedgerReader` (a worker).
   * @param from ms since the epoch, included
   * @param to ms since the epoch, excluded
   * @throws RangeError when a bound is not a valid time
   */
  paidTotals(from: number, to: number): PaidTotal[] {
    return this.sales.paidTotals(new Date(from).toISOString(), new Date(to).toISOString())
  }

  /** Sales whose invoice creation has not finished (crash or outage mid-create). */
  salesAwaitingInvoice(): SaleRecord[] {
    return this.sales.creating()
  }

  /**
   * Set a state the till decides itself (a creation retried or refused, the cashier's cancel), with an optional
   * error, and audit it. The sale state machine (`sales/sale-state.ts`) decides what is allowed.
   * @throws SaleTransitionError (`conflict`) when the sale cannot take that state from its current one (e.g. a
   *   paid sale cannot be cancelled); nothing is written. Error when the sale does not exist.
   */
  setSaleState(
    id: string,
    state: SaleState,
    error: KassaErrorData | null = null,
    actor: AuditActor = 'system'
  ): void {
    checkTillSaleState(this.requireSale(id).state, state)
    this.sales.setState(id, state, error, this.iso())
    this.audit(actor, `sale.${state}`, id, error ? { error } : {})
  }

  /** The stored normalized invoice of a sale, or null. */
  getInvoiceForSale(saleId: string): Invoice | null {
    return this.invoices.forSale(saleId)
  }

  /**
   * Invoices the tracker follows, to resume after a restart: those not yet in a final state, and expired ones
   * whose processor still monitors them for a late payment (`monitor_until` after the ledger's clock).
   */
  openInvoices(): OpenInvoice[] {
    return this.invoices.open(this.iso())
  }

  /**
   * Store the invoice of a sale (first time) or its new state, with payments and a status-history row when the
   * status changed; moves the sale's state along as the sale state machine says (`sales/sale-state.ts`), auditing
   * each move. An expired invoice keeps its monitoring window (`monitor_until`) while a late payment may still
   * come; the first report of one is audited (`invoice.paid-late`).
   * A processor may answer a read with another invoice that replaced the one asked for (Plisio's
   * `cancelled duplicate` after the customer switched coin): the sale's one invoice row is re-keyed to it, audited
   * (`invoice.replaced`). Idempotent: the same invoice twice changes nothing. The move to `paid` lowers the
   * inventory of the sale's catalog items once per line (`CatalogStore.recordSale`).
   * @returns whether anything the till shows changed
   * @throws AmountError when an amount of the invoice is not a decimal (nothing is written)
   */
  applyInvoice(saleId: string, invoice: Invoice): boolean {
    return inTransaction(this.db, (): boolean => {
      const replaced = this.invoices.rekey(saleId, invoice)
      if (replaced) this.audit('system', 'invoice.replaced', saleId, { from: replaced.id, to: invoice.id })
      const at = this.iso()
      const { changed, before } = this.invoices.save(saleId, invoice, at)
      if (!changed) return false
      if (isNewLatePayment(before, invoice)) {
        this.audit('system', 'invoice.paid-late', saleId, {
          invoiceId: invoice.id,
          status: invoice.status,
          paid: invoice.paid,
          currency: invoice.currency
        })
      }
      const sale = this.requireSale(saleId)
      const { state, changed: moved } = nextSaleState(sale.state, before, invoice)
      this.sales.setInvoice(saleId, invoice.id, state, at)
      if (moved) this.audit('system', `sale.${state}`, saleId, { invoiceId: invoice.id })
      if (state === 'paid' && sale.state !== 'paid') this.catalog.recordSale(saleId, sale.lines, at)
      if (moved && state === 'paid') for (const hook of this.paidHooks) hook(saleId, at)
      if (moved && (state === 'expired' || state === 'invalid')) {
        for (const hook of this.endedHooks) hook({ saleId, state, previous: sale.state, at, invoice })
      }
      return true
    })
  }

  /**
   * Run `hook` inside the transaction that makes a sale `paid` (receipt number, automatic print job), so what it
   * writes commits with the paid state or not at all. @param at ISO 8601, the moment it became paid
   */
  onPaid(hook: (saleId: string, at: string) => void): void {
    this.paidHooks.push(hook)
  }

  /**
   * Run `hook` inside the transaction that moves a sale to `expired` or `invalid` (failed-charge recovery puts it in
   * its queue there), so what it writes commits with the state or not at all.
   */
  onEnded(hook: (ended: SaleEnded) => void): void {
    this.endedHooks.push(hook)
  }

  /** Status history of an invoice, oldest first. */
  statusHistory(processor: ProcessorId, invoiceId: string): StatusHistoryEntry[] {
    return this.invoices.statusHistory(processor, invoiceId)
  }

  /** Number of invoices stored for a sale (at most one: the schema's UNIQUE(sale_id) makes a second impossible). */
  countInvoicesForSale(saleId: string): number {
    return this.invoices.countForSale(saleId)
  }

  /**
   * Append to the audit log, at the ledger's now. Details pass `redactDetails` (no key, no token).
   * @param saleId the sale it concerns, or null
   */
  audit(
    actor: AuditActor,
    action: string,
    saleId: string | null,
    details: Record<string, unknown> = {}
  ): void {
    this.auditLog.append(this.iso(), actor, action, saleId, details)
  }

  /** Audit entries of a sale, oldest first. */
  auditFor(saleId: string): AuditEntry[] {
    return this.auditLog.forSale(saleId)
  }

  /** A setting's value, or null. */
  getSetting(key: string): string | null {
    return this.settings.get(key)
  }

  /** Set (or with null, remove) a setting. */
  setSetting(key: string, value: string | null): void {
    this.settings.set(key, value)
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
