/**
 * Customers and churn signals as the renderer sees them (calls `customer:*`, `churn:signals`). Times are ISO 8601;
 * amounts decimal strings in the sale's currency. No zod here: the schemas are in `./customer-schemas`.
 */
import type { SaleState } from './contract'

/** What the cashier or the owner typed about a customer; each optional, at least one given. */
export interface CustomerFields {
  name?: string | null
  email?: string | null
  phone?: string | null
  /** BCP 47 tag of the language the customer reads (`de`, `de-AT`); null = not known, absent = unchanged. */
  language?: string | null
}

/** What a customer is called: the name, else the e-mail, else the phone ('' when none is known). */
export function customerLabel(customer: CustomerFields): string {
  return customer.name || customer.email || customer.phone || ''
}

/** A customer attached to a sale: an earlier one by id, or a new one made with the sale. */
export type SaleCustomerInput = { id: string } | CustomerFields

/** A customer as the till shows one. */
export interface CustomerView {
  /** `cus_…` */
  id: string
  name: string | null
  email: string | null
  phone: string | null
  /**
   * The language the customer reads (BCP 47 language tag, e.g. `de`), for messages to them; null or absent when
   * not known.
   */
  language?: string | null
  createdAt: string
  updatedAt: string
}

/** One sale of a customer with its outcome. */
export interface CustomerSaleView {
  saleId: string
  createdAt: string
  state: SaleState
  currency: string
  /** Decimal string. */
  amount: string
  /** Decimal string: what refunds paid or promised (cancelled and failed ones excluded). */
  refunded: string
  receiptNumber: string | null
  /** The business day it counted on (`yyyy-mm-dd`), once paid. */
  businessDay: string | null
}

/** A customer with their sales, newest first (at most 200). */
export interface CustomerDetailView extends CustomerView {
  sales: CustomerSaleView[]
  /** Number of their sales in the ledger (may exceed `sales.length`). */
  saleCount: number
}

/** What `customer:erase` did. */
export interface CustomerErasedView {
  customerId: string
  /** The sales that now stand without a customer. */
  sales: number
}

/** A returning customer whose usual interval between visits has lapsed. */
export interface LapsedCustomerSignal {
  customerId: string
  /** Display name (name, else e-mail, else phone). */
  label: string
  /** Paid visits (distinct business days with a paid sale). */
  visits: number
  /** Business day of the last visit (`yyyy-mm-dd`). */
  lastVisit: string
  /** Median gap between visits, in days. */
  usualIntervalDays: number
  /** Days since the last visit. */
  daysSince: number
}

/** One week of charges that ended without payment. */
export interface FailedChargeWeek {
  /** [from, to) ISO 8601. */
  from: string
  to: string
  /** Sales rung up in the week. */
  sales: number
  expired: number
  /** Cancelled by the cashier (abandoned). */
  abandoned: number
  /** (expired + abandoned) / sales, a decimal string with 4 places (`"0.0312"`); `"0.0000"` with no sales. */
  rate: string
  /** The sales behind it, newest first (at most 50). */
  saleIds: string[]
}

/** One week's refunds against its paid sales, flagged when above the trailing mean. */
export interface RefundWeek {
  from: string
  to: string
  paidSales: number
  refunds: number
  /** refunds / paidSales, 4 places. */
  rate: string
  /** Mean of the 4 weeks before, 4 places (null when none of them had paid sales). */
  trailingMean: string | null
  spike: boolean
  /** The refunded sales of the week (at most 50). */
  saleIds: string[]
}

/** `churn:signals`: computed from the ledger on demand. */
export interface ChurnSignalsView {
  computedAt: string
  /** The rules, as applied (see docs/customers.md). */
  rules: {
    minVisits: number
    lapseFactor: number
    spikeFactor: number
    spikeMinRefunds: number
    weeks: number
  }
  /** Most overdue first (days since / usual interval), at most 200. */
  lapsed: LapsedCustomerSignal[]
  /** How many returning customers have lapsed in all. */
  lapsedTotal: number
  /** Oldest week first, the last 8 weeks ending now. */
  failedCharges: FailedChargeWeek[]
  refunds: RefundWeek[]
}
