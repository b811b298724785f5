/**
 * The owner's day (issue 13): owner PIN, business day, day close (Z report) and the running X report,
 * reconciliation against the processor's own books, exports and chart data. Types only, shared by main and renderer;
 * the input schemas are in `./call-schemas` (main only).
 *
 * Money: every amount is a decimal string in its currency (`"12.50"` EUR, `"0.00012000"` BTC); a number is never
 * money. Crypto totals also carry the coin's smallest unit as an integer string (`"12000"` sats).
 */
import type { ProcessorId } from './invoice'

// ── Owner PIN ────────────────────────────────────────────────────────────────────────────────────────────────

/** Where the owner PIN stands, for the caller's own owner session. */
export interface OwnerPinStatusView {
  /** A PIN has been set. Until then owner-only calls are open (first use of an owner screen sets it). */
  pinSet: boolean
  /** The caller's owner session is valid now. */
  unlocked: boolean
  /** ISO 8601; while set and in the future, `owner:unlock` is refused (`owner-locked-out`). */
  lockedUntil: string | null
  /** Wrong PINs since the last right one. */
  failedAttempts: number
}

/**
 * An owner session: the transport sends `session` with every later call (IPC: the call's third argument; web: the
 * `X-Kassa-Owner` header). Expires after `idleMs` without an owner-only call, and when the till restarts.
 */
export interface OwnerSessionView {
  session: string
  /** ISO 8601, the expiry if no owner-only call comes before; each one pushes it out by the idle time. */
  expiresAt: string
}

// ── Business day ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The store's business day: a local calendar date in `timeZone` starting at `startHour` (a bar closing at 3 am
 * has `startHour: 3`: 02:59 on the 29th still belongs to the 28th). A day across a daylight-saving change has 23
 * or 25 hours.
 */
export interface BusinessDaySettingsView {
  /** IANA zone the owner chose, or null to follow the OS. */
  timeZone: string | null
  /** The zone in effect (`timeZone`, else the OS's). */
  effectiveTimeZone: string
  /** 0–23. */
  startHour: number
}

/** A business day's id: its local date `yyyy-mm-dd` (the day it starts on). */
export type BusinessDayId = string

// ── Day close figures ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Money totals of one fiat currency. Always `gross − discounts + tax + tips − refunds = net` to the minor unit,
 * where per paid sale `gross = amount − tips − tax + discounts` (tax-inclusive prices: gross is before tax too).
 */
export interface FiatTotalsView {
  currency: string
  /** Paid sales counted on this day. */
  sales: number
  gross: string
  discounts: string
  tax: string
  tips: string
  /** Refunds counted on this day, valued in fiat (their recorded fiat value, else at the invoice's rate). */
  refunds: string
  net: string
  /** `(gross − discounts + tax + tips) / sales`, rounded half-up to the minor unit; `"0"`-valued when no sales. */
  averageSale: string
  /**
   * What customers paid on invoices created that day that ended underpaid (expired/invalid with a partial payment):
   * money received that is not a sale. Not part of `net`.
   */
  underpaid: string
  /** What customers paid over what was due (`PaidOver`), valued in fiat at the invoice's rate. */
  overpaid: string
}

/**
 * A slice of the totals (by processor, by payment method): the same fields, all summing to the day's. A sale paid
 * through several methods is split by what each paid at the invoice's rate (the remainder, and the sale's count, to
 * the largest); a refund counts on its sale's main method.
 */
export interface FiatSliceView extends FiatTotalsView {
  /** Processor id (`btcpay`) or payment method id (`BTC-CHAIN`, `BTC-LN`, `LTC`, …; `unknown` when none known). */
  key: string
}

/**
 * Crypto received for the sales counted on the day, per coin, valued at each invoice's rate (what the invoice shows
 * paid in fiat; split over the coins by rate when one invoice was paid in several).
 */
export interface CryptoReceivedView {
  /** `BTC`, `LTC`, `USDT_TRX`, … */
  coin: string
  /** Decimal string in the coin (`"0.00123000"`). */
  amount: string
  /** The same in the coin's smallest unit (sats for BTC), integer string. */
  smallestUnit: string
  /** Fiat value at each invoice's rate, per fiat currency. */
  fiat: { currency: string; amount: string }[]
}

/** Invoices (attempts) created on the day, by how they stand. */
export interface InvoiceOutcomeCountsView {
  settled: number
  open: number
  expired: number
  invalid: number
  /** Sales the till is still creating (no invoice answer yet); the day cannot close while any exists. */
  creating: number
}

/** Refunds of the day by variant and by who gave them. */
export interface RefundSliceView {
  /** Refund variant (`RateThen`, `CurrentRate`, `Fiat`, `OverpaidAmount`, `Custom`), or the refund kind for
   * withdrawals/recorded ones (`withdrawal`, `recorded`). */
  key: string
  /** Refunds given that day (a give-back lowers `amount` but not the count). */
  count: number
  currency: string
  /** Fiat value, decimal string. */
  amount: string
}

/** Everything a day close (or the X report) shows. */
export interface DayFiguresView {
  /** One entry per fiat currency sold in (usually one). */
  totals: FiatTotalsView[]
  byProcessor: FiatSliceView[]
  byPaymentMethod: FiatSliceView[]
  crypto: CryptoReceivedView[]
  outcomes: InvoiceOutcomeCountsView
  refundsByVariant: RefundSliceView[]
  /** `cashier`, `owner`, … */
  refundsByActor: RefundSliceView[]
  /**
   * Money of earlier failed charges recovered by a paid payment request on this day, per currency: kept apart
   * from the day's own sales (their totals and net do not include it). Absent in Z reports frozen before it
   * existed (read as none).
   */
  recovered?: { currency: string; count: number; amount: string }[]
}

/** A failed charge recovered on this day: the original sale it belongs to and what the payment request brought. */
export interface DayRecoveryView {
  itemId: string
  saleId: string
  receiptNumber: string | null
  /** Business day of the original sale. */
  saleDay: BusinessDayId | null
  /** ISO 8601, when the payment request was seen paid. */
  at: string
  currency: string
  amount: string
}

/**
 * A payment or refund that arrived for a day already closed: counted on this (the next open) day, named here so
 * nothing changes silently.
 */
export interface DayCorrectionView {
  kind: 'payment' | 'refund'
  saleId: string
  receiptNumber: string | null
  /** The closed day it belongs to by time. */
  belongsTo: BusinessDayId
  /** ISO 8601, when it happened. */
  at: string
  currency: string
  /**
   * Fiat, decimal string; positive for a payment, positive for a refund too (it is subtracted); negative for a
   * refund given back (it failed or was cancelled after its own day was closed).
   */
  amount: string
}

/** A day's report: the X report while open, the frozen Z report once closed. */
export interface DayReportView {
  day: BusinessDayId
  /** ISO 8601 instants: [from, to). */
  from: string
  to: string
  timeZone: string
  startHour: number
  /** 23, 24 or 25. */
  hours: number
  state: 'open' | 'closed'
  /** ISO 8601 and who (`owner`), once closed. */
  closedAt: string | null
  closedBy: string | null
  /** The current business day (figures still growing). */
  current: boolean
  figures: DayFiguresView
  corrections: DayCorrectionView[]
  /** Failed charges recovered on this day (empty in Z reports frozen before recovery existed). */
  recoveries?: DayRecoveryView[]
  /** Sales of this day still being created: the day cannot close while any is listed. */
  creatingSales: string[]
}

/** A line of the day list (the last days, open or closed). */
export interface DaySummaryView {
  day: BusinessDayId
  state: 'open' | 'closed'
  closedAt: string | null
  sales: number
  /** Net per currency. */
  net: { currency: string; amount: string }[]
}

/** Chart data for the owner's screen. Amounts decimal strings in `currency`. */
export interface DayChartsView {
  day: BusinessDayId
  currency: string
  /** The day's hours in order (23–25 of them): the local start time `HH:mm` and the instant. */
  byHour: { label: string; at: string; sales: number; amount: string }[]
  /** The last 30 business days ending with `day`. */
  last30Days: { day: BusinessDayId; sales: number; net: string }[]
  /** Payment-method mix of the day: method id, sales, amount. */
  methodMix: { method: string; sales: number; amount: string }[]
}

// ── Reconciliation ───────────────────────────────────────────────────────────────────────────────────────────

/** What a reconciliation difference is. */
export type DifferenceKind = 'missing-in-kassa' | 'missing-at-processor' | 'status-differs' | 'amount-differs'

/** Where an invoice missing in Kassa was made: outside Kassa (the processor's PoS or dashboard) or another till. */
export type InvoiceOrigin = 'outside-kassa' | 'other-till' | 'this-till'

/** One side of a difference, as that side records the invoice. Amounts decimal strings in `currency`. */
export interface ReconcileSideView {
  status: string
  rawStatus: string
  currency: string
  amount: string
  paid: string
}

/** One difference between the ledger and the processor's books. */
export interface DifferenceView {
  /** Stable: `<kind>:<processor>:<invoiceId>` (or the sale id when there is no invoice id). */
  key: string
  kind: DifferenceKind
  processor: ProcessorId
  invoiceId: string | null
  saleId: string | null
  /** For missing-in-kassa: where it was made; the till id when another Kassa till made it. */
  origin: InvoiceOrigin | null
  tillId: string | null
  /** ISO 8601, when the invoice was created. */
  createdAt: string
  kassa: ReconcileSideView | null
  processorSide: ReconcileSideView | null
  /** What to do about it: import it, re-check it now, or look and mark it reviewed. */
  action: 'import' | 'recheck' | 'review'
  /** Marked reviewed, with the owner's note. */
  reviewed: { note: string; at: string; by: string } | null
}

/** A reconciliation run (one processor, a range of business days), kept in memory while the till runs. */
export interface ReconcileRunView {
  id: string
  processor: ProcessorId
  fromDay: BusinessDayId
  toDay: BusinessDayId
  state: 'running' | 'done' | 'cancelled' | 'failed'
  /** Pages and invoices read so far, requests sent; `estimatedPages` when the processor tells a total. */
  progress: { pages: number; invoices: number; requests: number; estimatedPages: number | null }
  error: { code: string; message: string } | null
  /** Invoices found on both sides and agreeing. */
  matched: number
  /** Invoices of other tills and made outside Kassa: shown, never counted as errors. */
  otherTills: number
  outsideKassa: number
  differences: DifferenceView[]
  startedAt: string
  finishedAt: string | null
}

// ── Exports ──────────────────────────────────────────────────────────────────────────────────────────────────

/** A file made in main: CSV text, or PDF bytes as base64. */
export interface ExportFileView {
  fileName: string
  mimeType: 'text/csv' | 'application/pdf'
  /** UTF-8 text for CSV; base64 for PDF. */
  content: string
  /** Data rows (CSV), or pages (PDF). */
  count: number
}
