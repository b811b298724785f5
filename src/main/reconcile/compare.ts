/**
 * Comparing one invoice as the processor lists it with the ledger's copy (pure). Which kind of difference, where an
 * invoice Kassa does not have was made, and what to do about it: see `DifferenceView` in `src/shared/day.ts`.
 */
import type { DifferenceView, ReconcileSideView } from '@shared/day'
import type { Invoice, ProcessorId } from '@shared/invoice'
import { decimalToMinor } from '@shared/money'
import type { LedgerSale } from './reconcile-book'

/** What comparing one invoice found: agreement, or a difference (`reviewed` still null). */
export type Outcome = { type: 'matched' } | { type: 'difference'; difference: DifferenceView }

/** What the comparison needs besides the two sides. Times in ms since the epoch. */
export interface CompareContext {
  processor: ProcessorId
  /** [fromMs, toMs): only invoices created then are compared. */
  fromMs: number
  toMs: number
  /** This till's id (`settings.till.tillId`). */
  tillId: string
  /** The processor's list was read to its end: an invoice it lacks is missing there (else nothing is said). */
  complete: boolean
  /**
   * True when `requestId` (a processor's payment request id; for a request made as an invoice, order id
   * `payreq-…`, the invoice id) is one of this till's failed-charge recovery requests: no sale, so the ledger has
   * no invoice of it, yet it is known and counted apart.
   */
  isRecoveryRequest?: (invoiceId: string) => boolean
}

/** Kassa's order ids: a sale (`sale_…`) or a payment request made as an invoice (`payreq-…`). */
const KASSA_ORDER_ID = /^(sale_[0-9a-z]+|payreq-.+)$/
/** The order-id prefix of a payment request made as an invoice (`processors/invoice-request.ts`). */
const REQUEST_ORDER = 'payreq-'

/**
 * Compare one invoice. `listed` is the processor's (null: not in its list), `sale` the ledger's sale it belongs to
 * (by invoice id, else by order id = sale id; null: none).
 * @returns null when the invoice was not created in the range (not compared)
 */
export function compareOne(
  listed: Invoice | null,
  sale: LedgerSale | null,
  context: CompareContext
): Outcome | null {
  const stored = sale?.invoice ?? null
  const createdAt = listed?.createdAt ?? stored?.createdAt ?? sale?.createdAt
  if (!createdAt || !inRange(createdAt, context)) return null
  if (listed && stored && stored.id === listed.id) return compareBoth(listed, stored, sale!, context)
  if (listed) return missingInKassa(listed, sale, context)
  if (stored && sale && context.complete) {
    return difference(context, {
      kind: 'missing-at-processor',
      invoiceId: stored.id,
      saleId: sale.saleId,
      origin: null,
      tillId: context.tillId,
      createdAt: stored.createdAt,
      kassa: side(stored),
      processorSide: null,
      // Read it on its own: a list may leave out what a read still finds (archived, replaced).
      action: 'recheck'
    })
  }
  return null
}

/** The key of a difference: `<kind>:<processor>:<invoiceId>` (the sale id without an invoice id). */
export function differenceKey(kind: DifferenceView['kind'], processor: string, ref: string): string {
  return `${kind}:${processor}:${ref}`
}

function compareBoth(listed: Invoice, stored: Invoice, sale: LedgerSale, context: CompareContext): Outcome {
  const base = {
    invoiceId: listed.id,
    saleId: sale.saleId,
    origin: null,
    tillId: context.tillId,
    createdAt: listed.createdAt,
    kassa: side(stored),
    processorSide: side(listed)
  }
  if (listed.status !== stored.status || listed.additionalStatus !== stored.additionalStatus) {
    return difference(context, { ...base, kind: 'status-differs', action: 'recheck' })
  }
  if (!sameAmount(listed, stored))
    return difference(context, { ...base, kind: 'amount-differs', action: 'review' })
  return { type: 'matched' }
}

function missingInKassa(listed: Invoice, sale: LedgerSale | null, context: CompareContext): Outcome {
  const base = {
    kind: 'missing-in-kassa' as const,
    invoiceId: listed.id,
    createdAt: listed.createdAt,
    kassa: null,
    processorSide: side(listed)
  }
  if (sale) {
    // This till's sale, whose invoice the ledger lacks (a creation whose answer was lost): a read attaches it; a
    // sale that already has another invoice is for the owner to look at.
    return difference(context, {
      ...base,
      saleId: sale.saleId,
      origin: 'this-till',
      tillId: context.tillId,
      action: sale.invoice ? 'review' : 'recheck'
    })
  }
  const tillId = listed.tillId ?? null
  // This till's recovery payment request: the invoice itself (order id `payreq-…`), or one the processor made to pay
  // its payment request (BTCPay). Known, so neither another till's nor an outside sale to import (counted twice).
  const requestId = listed.paymentRequestId ?? (listed.orderId.startsWith(REQUEST_ORDER) ? listed.id : null)
  if (requestId && context.isRecoveryRequest?.(requestId)) return { type: 'matched' }
  if (!KASSA_ORDER_ID.test(listed.orderId)) {
    return difference(context, { ...base, saleId: null, origin: 'outside-kassa', tillId, action: 'import' })
  }
  if (tillId === context.tillId) {
    // This till made it, but its sale is not in the ledger (a ledger restored from an older copy): import it back.
    return difference(context, { ...base, saleId: null, origin: 'this-till', tillId, action: 'import' })
  }
  return difference(context, { ...base, saleId: null, origin: 'other-till', tillId, action: 'review' })
}

function difference(
  context: CompareContext,
  fields: Omit<DifferenceView, 'key' | 'processor' | 'reviewed'>
): Outcome {
  const ref = fields.invoiceId ?? fields.saleId ?? ''
  return {
    type: 'difference',
    difference: {
      key: differenceKey(fields.kind, context.processor, ref),
      processor: context.processor,
      ...fields,
      reviewed: null
    }
  }
}

/** One side as the contract shows it: the normalized status with its qualifier (`Expired/PaidLate`). */
export function side(invoice: Invoice): ReconcileSideView {
  return {
    status:
      invoice.additionalStatus === 'None' ? invoice.status : `${invoice.status}/${invoice.additionalStatus}`,
    rawStatus: invoice.rawStatus,
    currency: invoice.currency,
    amount: invoice.amount,
    paid: invoice.paid
  }
}

/** Same currency, amount and paid, in minor units ("10.5" and "10.50" agree). */
function sameAmount(a: Invoice, b: Invoice): boolean {
  if (a.currency !== b.currency) return false
  return (
    minor(a.amount, a.currency) === minor(b.amount, b.currency) &&
    minor(a.paid, a.currency) === minor(b.paid, b.currency)
  )
}

function minor(value: string, currency: string): bigint | string {
  try {
    return decimalToMinor(value, currency)
  } catch {
    // Not a decimal of the currency: compared as written.
    return value
  }
}

function inRange(iso: string, context: CompareContext): boolean {
  const at = Date.parse(iso)
  return at >= context.fromMs && at < context.toMs
}
