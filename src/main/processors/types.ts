import type { ProcessorPorts } from './ports'
import type { Invoice, InvoiceStatus, PaymentMethodId, ProcessorId } from '@shared/invoice'
import type { SimulateKind } from '@shared/contract'

/** Per-call options (stripe-node's options bag). */
export interface CallOptions {
  /** Abort the request; a timeout is applied on top of this by the HTTP client. */
  signal?: AbortSignal
  /** Milliseconds before the request is abandoned with `processor-connection`. */
  timeoutMs?: number
  /** Retries for retryable failures (network, 5xx, 409, 429 with Retry-After); default per connector. */
  maxRetries?: number
  /**
   * Reads only: the invoice as Kassa last stored it, read from the ledger only if the connector calls it. A connector
   * may reuse facts the processor cannot give again cheaply (BTPay's quote deadline comes from a public page limited
   * to 30 reads a minute).
   */
  previous?: () => Invoice | null
}

/** What Kassa asks a processor to bill. `amount` is a decimal string in fiat `currency`. */
export interface CreateInvoiceRequest {
  /** Kassa's sale id: the processor's order id, and the idempotency key (one invoice per sale). */
  orderId: string
  amount: string
  currency: string
  /** Short description shown on the processor's checkout page. */
  description: string
  lines: { name: string; unitPrice: string; quantity: number }[]
  /**
   * The cart behind `amount` for a sale rung up as items (absent for a keypad sale, whose `lines` are its amount
   * once): each connector writes it in its processor's own form (BTCPay `posData`, BTPay lines, Plisio text).
   */
  cart?: InvoiceCart
  /** Payment methods to offer (`BTC-CHAIN`, `BTC-LN`, …); default all the store has. */
  paymentMethods?: PaymentMethodId[]
  /** Quote lifetime in seconds. */
  expirySeconds?: number
  /**
   * True when Kassa has never asked for this sale's invoice before (the sale was just written): the look-up by
   * order id before creating can be skipped. The look-up after an ambiguous failure (timeout) still happens.
   */
  firstAttempt?: boolean
  /**
   * The till that rang the sale up (`settings.till.tillId`), written where the processor keeps it (BTCPay
   * `metadata.kassaTill`, BTPay `metadata.kassa_till` and a notes marker, the Demo's own record; Plisio has no field
   * for it), so tills sharing one store tell their invoices apart when reconciling. Absent: not written.
   */
  tillId?: string
  /**
   * The customer the cashier attached, only the fields given: each connector writes what its processor has a field
   * for (BTCPay `metadata.buyerName`/`buyerEmail`, BTPay `customer_name`/`customer_email`, Plisio `email`; the
   * phone goes nowhere today). Absent: no customer.
   */
  customer?: InvoiceCustomer
}

/** A sale's customer as processors are told it. */
export interface InvoiceCustomer {
  name?: string
  email?: string
  phone?: string
}

/**
 * A sale's cart as processors are told it, decimal strings in the invoice currency (`src/shared/cart.ts` order:
 * lines → order discount → tax per rate → tip). `total` = `subtotal` − `discount` + (`taxInclusive` ? 0 : `tax`) +
 * `tip` = the request's `amount`.
 */
export interface InvoiceCart {
  lines: InvoiceCartLine[]
  /** Σ line totals, as priced (tax included when `taxInclusive`). */
  subtotal: string
  /** The order discount taken off the subtotal (`"0.00"` for none). */
  discount: string
  /** The discount as given, when it was a percent (`"10"`); null for an amount or none. */
  discountPercent: string | null
  /** Tax per rate, highest first: `base` is net of tax and of the discount. */
  taxes: { rate: string; base: string; tax: string }[]
  tax: string
  taxInclusive: boolean
  tip: string
  /** The tip as chosen, when it was a percent; null for an amount or none. */
  tipPercent: string | null
  total: string
}

/** One line of an `InvoiceCart`. */
export interface InvoiceCartLine {
  name: string
  /** Per unit, as priced. */
  unitPrice: string
  quantity: number
  /** quantity × unitPrice. */
  total: string
  /** Percent applied to this line. */
  taxRate: string
  sku: string | null
  itemId: string | null
}

/** Which refund a processor pays out (BTCPay's variants; others support a subset or none). */
export type RefundVariant = 'RateThen' | 'CurrentRate' | 'Fiat' | 'OverpaidAmount' | 'Custom'

/** A refund request. `subtractPercentage` is a decimal string 0–100; `customAmount` a decimal string. */
export interface RefundRequest {
  /**
   * Kassa's refund id (`rfd_…`), recorded before the processor is asked: the idempotency key. The connector puts it
   * where the processor keeps it (BTCPay: the pull payment's name) so the pull-payments port's `find` can find the refund after a
   * timeout or a restart.
   */
  refundId: string
  invoiceId: string
  variant: RefundVariant
  subtractPercentage?: string
  customAmount?: string
  customCurrency?: string
  paymentMethod?: PaymentMethodId
  description?: string
}

/** A refund as the processor made it: for BTCPay a pull payment whose `claimLink` the customer opens. */
export interface Refund {
  id: string
  invoiceId: string
  variant: RefundVariant
  /** Decimal string in `currency`. */
  amount: string
  currency: string
  /** URL the customer scans to claim the refund (pull payment view link), if any. */
  claimLink: string | null
  createdAt: string
}

/** A rate: `rate` units of `quote` per 1 `base` (decimal string), e.g. base BTC, quote USD, "65000.12". */
export interface Rate {
  base: string
  quote: string
  rate: string
  /** Where it came from, shown to the cashier ("Demo rate (fixed)", "kraken", …). */
  source: string
}

/** What `verifyConnection` learned about the account. */
export interface ConnectionInfo {
  /** Human-readable account or store name. */
  account: string
  /** Permissions the key has, in the processor's words. */
  permissions: string[]
  /** Till features a missing permission disables, e.g. `{feature: 'refunds', missing: 'btcpay.store.cancreatenonapprovedpullpayments'}`. */
  missing: { feature: string; permission: string }[]
  /** Server or API version, when reported. */
  version: string | null
  /** Store default currency, when reported. */
  defaultCurrency: string | null
}

/** A page of invoices for reconciliation. */
export interface InvoicePage {
  items: Invoice[]
  /** Pass to the next `invoiceList.list` call; null at the end. */
  nextCursor: string | null
}

/** A webhook/callback delivery that passed signature verification. */
export interface WebhookEvent {
  /** The processor invoice it concerns, if any. */
  invoiceId: string | null
  /** The processor's event type (`InvoiceSettled`, `completed`, …). */
  type: string
  /** Parsed body. */
  payload: unknown
  /**
   * What makes this delivery unique, from the signed content: BTCPay's `deliveryId`, or a digest of what was signed
   * when the processor sends no id (BTPay, Plisio). Omitted or null: the inbox uses a digest of the raw body.
   */
  deliveryId?: string | null
  /** When the processor says it sent it (ms since the epoch), from the signed body; null when it does not say. */
  signedAt?: number | null
}

/**
 * A processor Kassa can register a webhook with (BTCPay, BTPay), so it calls the till through a relay. Used by
 * `src/main/webhooks/`; every method but `useWebhookSecret` may throw `ProcessorError`.
 */
export interface WebhookRegistrar {
  /**
   * Register a webhook for invoice events at `url` (absolute). `secret` is Kassa's own; a processor that makes its
   * own (BTPay) returns that one instead. The create is never retried.
   * @returns the processor's webhook id and the secret that signs its deliveries
   */
  registerWebhook(url: string, secret: string, options?: CallOptions): Promise<{ id: string; secret: string }>
  /** Delete (or deactivate) a webhook; one that is already gone is not an error. */
  deleteWebhook(id: string, options?: CallOptions): Promise<void>
  /** Ids of the live webhooks at exactly `url` (left behind by an attempt whose answer was lost). */
  webhooksAt(url: string, options?: CallOptions): Promise<string[]>
  /** The processor's own record of its latest delivery to a webhook, when it keeps one (BTCPay); else null. */
  lastDelivery?(id: string, options?: CallOptions): Promise<WebhookDeliveryRecord | null>
  /** Verify deliveries with this secret from now on; null refuses every delivery. */
  useWebhookSecret(secret: string | null): void
}

/** A delivery as the processor recorded it. */
export interface WebhookDeliveryRecord {
  /** When it was sent (ms since the epoch). */
  at: number
  /** The receiver answered 2xx. */
  ok: boolean
  /** The receiver's HTTP status, or the processor's error message (`Failed`: no answer). */
  detail: string | null
}

/** What a connector can do, so the till offers only what works. */
export interface ProcessorCapabilities {
  /** The processor pushes status changes (`subscribe` is implemented). */
  push: boolean
  /** The Simulate payment control applies (Demo only). */
  simulate: boolean
  /** Smallest interval between status reads of one invoice the processor tolerates (ms). */
  minPollIntervalMs: number
  /**
   * The request budget the tracker plans its background reads within: requests a minute this connector should make
   * for status reads of invoices not on screen, all together (BTPay: 100 a minute per key, of which the tracker
   * plans 70 %). Undefined: no published limit, background reads at the tracker's own interval.
   */
  requestsPerMinute?: number
}

/**
 * One payment processor behind one interface. Every method may throw `ProcessorError`.
 * Connectors keep the processor's raw status in `Invoice.rawStatus` and map it onto `InvoiceStatus`.
 */
export interface PaymentProcessor {
  readonly id: ProcessorId
  readonly label: string
  readonly capabilities: ProcessorCapabilities
  /** What it can do beyond invoices (refunds, coins, account, lists, links, catalog, webhooks): see `ports.ts`. */
  readonly ports: ProcessorPorts
  /** Check the key and permissions; `ConnectionInfo.missing` lists disabled features. */
  verifyConnection(options?: CallOptions): Promise<ConnectionInfo>
  /** Create an invoice for a sale. Idempotent per `orderId`: a retry returns the same invoice. */
  createInvoice(request: CreateInvoiceRequest, options?: CallOptions): Promise<Invoice>
  /** Find the invoice of a sale by its order id, e.g. after a timeout during create. null if none. */
  findInvoiceByOrderId(orderId: string, options?: CallOptions): Promise<Invoice | null>
  /** Read one invoice, normalized. @throws ProcessorError `processor-not-found`. */
  getInvoice(invoiceId: string, options?: CallOptions): Promise<Invoice>
  /** Cancel (invalidate or expire) an unpaid invoice. @throws ProcessorError `processor-invalid-request` if paid. */
  cancelInvoice(invoiceId: string, options?: CallOptions): Promise<Invoice>
  /** Current rates of BTC in the given fiat currencies. */
  getRates(currencies: string[], options?: CallOptions): Promise<Rate[]>
  /**
   * Verify a webhook delivery's signature over the raw body bytes and parse it.
   * @throws ProcessorError `processor-auth` when the signature is missing or wrong.
   */
  verifyWebhook(rawBody: Uint8Array, headers: Record<string, string | undefined>): WebhookEvent
  /** Push: call `listener` whenever the invoice may have changed. Returns an unsubscribe function. */
  subscribe?(invoiceId: string, listener: () => void): () => void
  /**
   * True when an open invoice will never complete on its own and the tracker should cancel it (BTPay leaves unpaid
   * invoices `pending` forever: past the quote deadline plus the owner's grace, Kassa cancels them).
   * @param now milliseconds since the epoch
   */
  shouldAbandon?(invoice: Invoice, now: number): boolean
  /** Demo only: simulate a customer's payment, by `method` (`BTC-CHAIN` default, `BTC-LN`). */
  simulate?(invoiceId: string, kind: SimulateKind, method?: PaymentMethodId): Promise<Invoice>
  /** Release timers and sockets. */
  close?(): Promise<void>
}

/** Status a processor's raw value maps to, with the qualifier. Each connector exports a `mapStatus`. */
export interface MappedStatus {
  status: InvoiceStatus
  additionalStatus: Invoice['additionalStatus']
}
