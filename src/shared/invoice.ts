/**
 * Kassa's normalized invoice, shared by main and renderer. Every processor's invoice is mapped onto this at the
 * connector boundary; the processor's own status string is kept in `rawStatus`.
 */

/** Normalized invoice status (BTCPay's vocabulary). */
export type InvoiceStatus = 'New' | 'Processing' | 'Settled' | 'Expired' | 'Invalid'

/** Qualifier of `InvoiceStatus` (BTCPay's `additionalStatus`). */
export type AdditionalStatus = 'None' | 'PaidPartial' | 'PaidOver' | 'PaidLate' | 'Marked'

export const INVOICE_STATUSES: readonly InvoiceStatus[] = [
  'New',
  'Processing',
  'Settled',
  'Expired',
  'Invalid'
]

/**
 * Statuses that end the payment attempt: the invoice takes no more payments through its checkout, the cashier's
 * part is over. An `Expired` invoice may still receive a late payment the processor records until its monitoring
 * window ends, so the tracker keeps reading it slowly (see `awaitsLatePayment` in `late-payment.ts`).
 */
export const FINAL_STATUSES: readonly InvoiceStatus[] = ['Settled', 'Expired', 'Invalid']

/** True when `status` is final. */
export function isFinalStatus(status: InvoiceStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/**
 * A processor's id, as its module in main declares it (`demo`, `btcpay`, `plisio`, `btpay`, or a module added later):
 * lower-case letters, digits and `-`. Which ids a till has is main's to say (`settings:get` lists them).
 */
export type ProcessorId = string

/** The processors this build ships with, for code that names one (the renderer's settings forms, tests). */
export const BUILT_IN_PROCESSOR_IDS = ['demo', 'btcpay', 'plisio', 'btpay'] as const

/** A payment method id in BTCPay's form: `BTC-CHAIN`, `BTC-LN`, or a processor's own (`LTC`, `USDT_TRX`, …). */
export type PaymentMethodId = 'BTC-CHAIN' | 'BTC-LN' | (string & {})

/** One way to pay an invoice. Amounts are decimal strings in `currency` (e.g. BTC with 8 places). */
export interface InvoicePaymentMethod {
  id: PaymentMethodId
  /** Crypto currency code, e.g. `BTC`. */
  currency: string
  /** On-chain address or the BOLT11 invoice. */
  destination: string
  /** What the QR code encodes: BIP21 `bitcoin:…?amount=…` or `lightning:…`; empty when not activated. */
  paymentLink: string
  /** Total to pay in this method's currency. */
  amount: string
  /** Still to pay; negative when overpaid. */
  due: string
  /** Paid so far through this method. */
  paid: string
  /** Invoice-currency units per 1 unit of `currency` (fiat per BTC), decimal string. */
  rate: string
  /** Set when the rate is not a market rate (the Demo processor's fixed rate). */
  rateLabel?: string
}

/** A payment seen for an invoice: an on-chain transaction or a Lightning payment. */
export interface InvoicePayment {
  id: string
  method: PaymentMethodId
  /** Amount in the method's currency, decimal string. */
  amount: string
  currency: string
  /** ISO 8601 time the processor first saw it. */
  receivedAt: string
  status: 'Processing' | 'Settled' | 'Invalid'
}

/** A processor invoice normalized for Kassa. Fiat amounts are decimal strings in `currency`. */
export interface Invoice {
  /** The processor's invoice id (BTCPay id, Plisio txn_id, BTPay invoice_number, `demo_…`). */
  id: string
  processor: ProcessorId
  /** Kassa's sale id, sent to the processor as its order id. */
  orderId: string
  /**
   * The Kassa till that made the invoice, as the processor keeps it (`CreateInvoiceRequest.tillId`): null when the
   * processor has a place for it and none is there (made outside Kassa, or before tills were written); absent when
   * the processor has nowhere to keep it (Plisio).
   */
  tillId?: string | null
  /**
   * The processor's payment request this invoice pays, where the processor makes invoices for its payment requests
   * (BTCPay: `metadata.paymentRequestId`, or its order id `PAY_REQUEST_<id>`); absent otherwise.
   */
  paymentRequestId?: string
  status: InvoiceStatus
  additionalStatus: AdditionalStatus
  /** The processor's own status, unmapped (open set: an unknown value never crashes). */
  rawStatus: string
  currency: string
  amount: string
  /** Paid so far, in `currency`. */
  paid: string
  /** Still due, in `currency`; negative when overpaid. */
  due: string
  /** ISO 8601. */
  createdAt: string
  /** ISO 8601; when the quote ends. */
  expiresAt: string
  /**
   * ISO 8601; until when the processor still records a payment to this invoice after `expiresAt` (BTCPay's
   * `monitoringExpiration`). Absent or null: `expiresAt` + `DEFAULT_MONITORING_MS` (`late-payment.ts`).
   */
  monitorUntil?: string | null
  /** The processor's hosted checkout page, if any: the QR fallback. */
  checkoutLink: string | null
  paymentMethods: InvoicePaymentMethod[]
  payments: InvoicePayment[]
}
