import { randomUUID } from 'node:crypto'
import type {
  CustomerDetailView,
  CustomerErasedView,
  CustomerSaleView,
  CustomerView,
  SaleCustomerInput
} from '@shared/customers'
import { KassaError } from '@shared/errors'
import { formatMinor } from '@shared/money'
import type { AuditActor, Ledger } from '../ledger/ledger'
import { inTransaction } from '../ledger/database'
import { queryKey } from './customer-keys'
import { CustomerStore, type CustomerFieldValues } from './customer-store'
import { scrubSales } from './customer-erase'

/** Most matches `customer:search` returns. */
export const SEARCH_LIMIT = 10
/** Most sales `customer:get` lists. */
export const HISTORY_LIMIT = 200

/** What the customer service needs. */
export interface CustomerServiceDeps {
  ledger: Ledger
  /** ms since the epoch. */
  now?: () => number
}

/**
 * Customers (docs/customers.md): made at the till with a sale (`resolveForSale`) or by the owner, found by a few
 * letters, corrected and erased by the owner. Audits every change with the customer id only, never the personal
 * data. `forSale` and `history` are the main-side API other services (failed-charge recovery) read.
 */
export class CustomerService {
  private readonly store: CustomerStore
  private readonly now: () => number

  constructor(private readonly deps: CustomerServiceDeps) {
    this.store = new CustomerStore(deps.ledger.database)
    this.now = deps.now ?? Date.now
  }

  /**
   * Up to 10 customers with a name word, the whole name, the e-mail or the phone's digits starting with `query`
   * (case and diacritics ignored), by name. Empty for a query with nothing searchable.
   */
  search(query: string): CustomerView[] {
    const key = queryKey(query)
    return key.length === 0 ? [] : this.store.search(key, SEARCH_LIMIT)
  }

  /**
   * A new customer (`id` absent) or a correction of one (`id`: the fields as they should now be).
   * @throws KassaError `not-found` for an unknown id
   */
  save(input: CustomerFieldValues & { id?: string }, actor: AuditActor): CustomerView {
    const fields = { name: input.name, email: input.email, phone: input.phone, language: input.language }
    if (!input.id) return this.create({ ...fields, language: fields.language ?? null }, actor)
    const id = input.id
    return inTransaction(this.deps.ledger.database, () => {
      if (!this.store.update(id, fields, this.iso())) throw notFound(id)
      this.deps.ledger.audit(actor, 'customer.corrected', null, {
        customerId: id,
        fields: changedNames(fields)
      })
      return this.require(id)
    })
  }

  /**
   * The customer id a charge names: an earlier customer (checked to exist) or a new one made now.
   * @throws KassaError `not-found` for an unknown id
   */
  resolveForSale(input: SaleCustomerInput): string {
    if ('id' in input) {
      if (!this.store.get(input.id)) throw notFound(input.id)
      return input.id
    }
    return this.create(
      {
        name: input.name ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        language: input.language ?? null
      },
      'cashier'
    ).id
  }

  /**
   * Keep the churn signals' visit stats current: inside the transaction that makes a sale paid, after the day close
   * has given it its business day (`Ledger.onPaid` hooks run in the order registered: call this after the
   * `DayService` is built), the sale's customer's stats are recomputed.
   */
  followPaidSales(): void {
    this.deps.ledger.onPaid((saleId) => {
      const customerId = this.store.customerIdOfSale(saleId)
      if (customerId) this.store.refreshStats(customerId)
    })
  }

  /**
   * Recompute every customer's visit stats from the sales (after writing sales outside the till's path: imports,
   * the benchmark's seed). One transaction. @returns the customers with visits
   */
  rebuildStats(): number {
    return inTransaction(this.deps.ledger.database, () => {
      const ids = this.store.customersWithVisits()
      for (const id of ids) this.store.refreshStats(id)
      return ids.length
    })
  }

  /** The customer, or null. */
  find(id: string): CustomerView | null {
    return this.store.get(id)
  }

  /** The customer with their sales, newest first. @throws KassaError `not-found` */
  detail(id: string): CustomerDetailView {
    return { ...this.require(id), sales: this.history(id), saleCount: this.store.saleCount(id) }
  }

  /** The customer attached to a sale, or null (none, erased, or no such sale). */
  forSale(saleId: string): CustomerView | null {
    const id = this.store.customerIdOfSale(saleId)
    return id ? this.store.get(id) : null
  }

  /** A customer's sales with their outcomes, newest first (at most `limit`, default 200). */
  history(customerId: string, limit = HISTORY_LIMIT): CustomerSaleView[] {
    return this.store.sales(customerId, limit).map((row) => ({
      saleId: row.id,
      createdAt: row.created_at,
      state: row.state,
      currency: row.currency,
      amount: formatMinor(BigInt(row.amount_minor), row.currency),
      refunded: formatMinor(BigInt(row.refunded_minor), row.currency),
      receiptNumber: row.receipt_number,
      businessDay: row.business_day
    }))
  }

  /**
   * Erase a customer's personal data from the ledger: copies in their sales' rows are scrubbed (`scrubSales`), the
   * sales detached (kept, anonymous), keys and row deleted, in one transaction; then the freed pages are zeroed
   * (`secure_delete`) and the WAL checkpointed so the old page images go too. Audited with the id and counts only.
   * @throws KassaError `not-found`
   */
  erase(id: string, actor: AuditActor = 'owner'): CustomerErasedView {
    const db = this.deps.ledger.database
    db.exec('PRAGMA secure_delete = ON')
    try {
      const sales = inTransaction(db, () => {
        const customer = this.require(id)
        const saleIds = this.store.saleIds(id)
        const scrubbed = scrubSales(db, saleIds, customer)
        const detached = this.store.delete(id)
        this.deps.ledger.audit(actor, 'customer.erased', null, { customerId: id, sales: detached, scrubbed })
        return detached
      })
      return { customerId: id, sales }
    } finally {
      db.exec('PRAGMA secure_delete = OFF')
      try {
        // A reader holding an old snapshot makes this partial; the pages are then reused later.
        db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get()
      } catch {
        // Best effort: the erase itself is committed.
      }
    }
  }

  private create(fields: CustomerFieldValues, actor: AuditActor): CustomerView {
    const id = 'cus_' + randomUUID().replace(/-/g, '')
    return inTransaction(this.deps.ledger.database, () => {
      this.store.insert(id, fields, this.iso())
      this.deps.ledger.audit(actor, 'customer.created', null, {
        customerId: id,
        fields: changedNames(fields)
      })
      return this.require(id)
    })
  }

  private require(id: string): CustomerView {
    const customer = this.store.get(id)
    if (!customer) throw notFound(id)
    return customer
  }

  private iso(): string {
    return new Date(this.now()).toISOString()
  }
}

/** Which fields are set, by name only (the audit never holds the values). */
function changedNames(fields: CustomerFieldValues): string[] {
  return (['name', 'email', 'phone', 'language'] as const).filter(
    (key) => fields[key] !== null && fields[key] !== undefined
  )
}

function notFound(id: string): KassaError {
  return new KassaError('not-found', `No customer ${id}`, { reason: 'no-customer', id })
}
