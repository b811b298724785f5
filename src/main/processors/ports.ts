import type {
  BalanceView,
  OperationPageView,
  PayOptionView,
  RefundState,
  WithdrawalEstimateView
} from '@shared/contract'
import type { Invoice } from '@shared/invoice'
import type { CallOptions, InvoicePage, Refund, RefundRequest, WebhookRegistrar } from './types'

/**
 * Capability ports: what a connector can do beyond invoices. Domain code (`sales/`, `refunds/`, `owner/`,
 * `tracker/`, `webhooks/`) asks `processor.ports.<name>` and never which processor it holds; a connector without a
 * port leaves it undefined. Every method may throw `ProcessorError`.
 */
export interface ProcessorPorts {
  /** Refunds the customer claims through a link (BTCPay, Demo). */
  pullPayments?: PullPaymentsPort
  /** Refunds paid from the shop's balance to an address the customer gives (Plisio). */
  withdrawals?: WithdrawalsPort
  /** Coins the customer can pick at charge time, with rate, minimum and maintenance (Plisio). */
  payOptions?: PayOptionsPort
  /** The shop's balances and the processor's own operations list (Plisio). */
  account?: AccountPort
  /** The processor's own invoices for a time range, paged: the base of reconciliation (all four). */
  invoiceList?: InvoiceListPort
  /** A payable link for an amount, for failed-charge recovery (all four). */
  paymentRequests?: PaymentRequestsPort
  /** The items of the processor's point-of-sale app (BTCPay). */
  catalog?: CatalogPort
  /** Registering a webhook, where the processor can call the till through a relay (BTCPay, BTPay). */
  webhooks?: WebhookRegistrar
  /** Whether the processor is up, as cheaply as it can say (all four; the health monitor, `src/main/health/`). */
  health?: HealthPort
  /** Read-only views of the processor's own records for agents (BTCPay, Plisio; `src/main/mcp/`). */
  insight?: InsightPort
}

/**
 * What an agent may read of a processor's own records (read-only mirrors of its API, issue 16):
 * BTCPay `server-info` (`GET /api/v1/server/info`), `store` (`GET /api/v1/stores/{storeId}`), `payment-requests`
 * (`GET …/payment-requests`), `webhooks` (`GET …/webhooks`, never a secret), `apps` (`GET …/apps`);
 * Plisio `balances` (`GET /balances/{psys_cid}`), `currencies` (`GET /currencies/{fiat}`), `fee-estimate`
 * (`GET /operations/fee/{psys_cid}`), `commission-estimate` (`GET /operations/commission/{psys_cid}`), `fee-plans`
 * (`GET /operations/fee-plan/{psys_cid}`).
 */
export type InsightTopic =
  | 'server-info'
  | 'store'
  | 'payment-requests'
  | 'webhooks'
  | 'apps'
  | 'balances'
  | 'currencies'
  | 'fee-estimate'
  | 'commission-estimate'
  | 'fee-plans'

/**
 * What a topic may be asked with. `coin`: the processor's currency id (Plisio `psys_cid`, `BTC`, `LTC` …);
 * `amount`: decimal string in `coin`; `address`: where a withdrawal would go; `feePlan`: Plisio's plan name
 * (`normal`, `priority`, …); `fiat`: ISO 4217 (`currencies`, `balances`); `includeArchived`: payment requests.
 */
export interface InsightQuery {
  coin?: string
  amount?: string
  address?: string
  feePlan?: string
  fiat?: string
  includeArchived?: boolean
}

/** A plain JSON value, as an agent gets it. */
export type InsightValue = string | number | boolean | null | InsightValue[] | { [key: string]: InsightValue }

/**
 * Read-only views of the processor's own records. Each answer is the processor's data parsed by the connector
 * (only the fields it knows, amounts as decimal strings, never a key, secret or token) as plain JSON.
 */
export interface InsightPort {
  /** The topics this connector answers. */
  readonly topics: readonly InsightTopic[]
  /**
   * Read `topic`. @throws ProcessorError as every call; `processor-invalid-request` for a topic it does not answer
   * or a query missing what the topic needs (`fee-estimate` without `coin`).
   */
  read(topic: InsightTopic, query: InsightQuery, options?: CallOptions): Promise<InsightValue>
}

/** What a health check found: answering well (`online`) or answering but limited (`degraded`, `detail` says how). */
export interface HealthReport {
  state: 'online' | 'degraded'
  /** Plain words for a cashier's tooltip when degraded (`BTCPay Server's bitcoin node is still synchronizing`). */
  detail: string | null
}

/**
 * One cheap, authenticated look at the processor. Called by the health monitor in the background lane with a short
 * timeout and no long retries (`options.timeoutMs`, `options.maxRetries`).
 */
export interface HealthPort {
  /**
   * @throws ProcessorError when the processor cannot be reached, answers 5xx, or refuses the key: the till counts
   *   it `offline` with the error's message.
   */
  check(options?: CallOptions): Promise<HealthReport>
}

/** The processor's own refund figures for the paid payment method, in its payment currency (decimal strings). */
export interface RefundPreviewFigures {
  paymentAmountThen: string
  paymentAmountNow: string
  overpaidPaymentAmount?: string | null
}

/** Refunds as pull payments (BTCPay `…/invoices/{id}/refund`; the Demo's own). */
export interface PullPaymentsPort {
  /**
   * The processor's own figures for refunding `invoice` paid through `paymentMethodId`, or null when it has none
   * (Kassa then prices the variants from the invoice and the rate). BTCPay:
   * `GET /api/v1/stores/{storeId}/invoices/{invoiceId}/refund/{paymentMethodId}`.
   */
  previewFigures(
    invoice: Invoice,
    paymentMethodId: string,
    options?: CallOptions
  ): Promise<RefundPreviewFigures | null>
  /** Make the refund; `request.refundId` goes where `find` can look for it. Never retried automatically. */
  create(request: RefundRequest, options?: CallOptions): Promise<Refund>
  /** The refund made for `request.refundId`, or null (asked before creating again after a lost answer). */
  find(request: RefundRequest, options?: CallOptions): Promise<Refund | null>
  /** Where the refund stands, from its payouts (BTCPay `GET /api/v1/pull-payments/{id}/payouts`). */
  follow(pullPaymentId: string, options?: CallOptions): Promise<RefundState>
  /** Cancel payouts awaiting approval and stop further claims (BTCPay: cancel payouts, archive the pull payment). */
  cancel(pullPaymentId: string, options?: CallOptions): Promise<void>
}

/** A withdrawal from the shop balance. Amounts are decimal strings in the coin (`psysCid`). */
export interface WithdrawalRequest {
  psysCid: string
  /** The customer's address. */
  to: string
  amount: string
  /** `normal` (default), `priority`, `economy`, … */
  feePlan?: string
}

/** A withdrawal as the processor reports it, in Kassa's refund states. */
export interface WithdrawalOutcome {
  /** The processor's id of the withdrawal (Plisio operation id). */
  id: string
  state: RefundState
  /** Transaction link or id once sent; null before. */
  txId: string | null
}

/** Refunds by withdrawal (Plisio `GET /operations/withdraw`): no idempotency key, so never sent twice. */
export interface WithdrawalsPort {
  /** Fee, commission, fee plans and balance of a withdrawal, sending nothing. */
  estimate(request: WithdrawalRequest, options?: CallOptions): Promise<WithdrawalEstimateView>
  /** Send it, once. Never retried automatically: a repeated withdrawal would pay twice. */
  send(request: WithdrawalRequest, options?: CallOptions): Promise<WithdrawalOutcome>
  /**
   * The withdrawal matching `request` made at or after `since` (ms since the epoch), skipping ids `skip` says another
   * refund holds; null when the processor's list does not show one.
   */
  find(
    request: WithdrawalRequest,
    since: number,
    skip: (id: string) => boolean,
    options?: CallOptions
  ): Promise<WithdrawalOutcome | null>
  /** Where a sent withdrawal stands (`GET /operations/{id}`). */
  follow(id: string, options?: CallOptions): Promise<WithdrawalOutcome>
}

/** Coins offered at charge time (Plisio `GET /currencies/{fiat}`). */
export interface PayOptionsPort {
  /**
   * Every enabled coin for `amount` (fiat decimal string in `currency`), unavailable ones with the reason.
   * `fresh: false` may reuse a list just read (the check right before charging).
   */
  list(amount: string, currency: string, options?: { fresh?: boolean }): Promise<PayOptionView[]>
}

/** Filters of the processor's operations list. Pages start at 1. */
export interface OperationFilters {
  page?: number
  limit?: number
  type?: 'cash_in' | 'cash_out' | 'mass_cash_out' | 'invoice'
  status?: string
  currency?: string
  search?: string
}

/** The shop's account at the processor (Plisio `GET /balances/{psys_cid}`, `GET /operations`). */
export interface AccountPort {
  /** Balances of the enabled coins; a coin that cannot be read is left out (all failing: the error is thrown). */
  balances(fiat: string, options?: CallOptions): Promise<BalanceView[]>
  /** One page of the processor's operations. */
  operations(filters: OperationFilters, options?: CallOptions): Promise<OperationPageView>
}

/** The processor's own invoices (BTCPay `GET …/invoices`, Plisio `GET /operations`, BTPay `GET /api/v1/invoices`). */
export interface InvoiceListPort {
  /** Invoices created in [from, to) (ISO 8601), one page; pass `nextCursor` back for the next. */
  list(
    query: { from: string; to: string; cursor?: string | null; limit?: number },
    options?: CallOptions
  ): Promise<InvoicePage>
  /**
   * Every invoice of the store still open (the processor's not-final statuses), as its list shows them (no payment
   * details), in as few requests as its API allows and at most `maxPages` pages. The tracker compares them with the
   * invoices it follows, so one sweep tells which of hundreds changed. Optional: without it every invoice is read
   * on its own.
   */
  listOpen?(query: { maxPages: number }, options?: CallOptions): Promise<OpenInvoiceSweep>
}

/** What `InvoiceListPort.listOpen` found. */
export interface OpenInvoiceSweep {
  items: Invoice[]
  /** False when the list was cut at `maxPages`: an invoice missing from `items` may still be open. */
  complete: boolean
  /** Requests it took, for the tracker's request budget. */
  requests: number
}

/** A payable link for an amount (failed-charge recovery). Amounts are decimal strings in `currency`. */
export interface PaymentRequestView {
  /** The processor's id of the request, link or invoice. */
  id: string
  amount: string
  currency: string
  /** What the customer opens to pay. */
  link: string
  /** `open`, `paid`, `expired` or `archived`; the processor's own word is in `rawStatus`. */
  status: 'open' | 'paid' | 'expired' | 'archived'
  rawStatus: string
  /** ISO 8601, when it stops being payable; null for none. */
  expiresAt: string | null
}

/** Payment requests (BTCPay), payment links (BTPay), or a new invoice (Plisio, Demo). */
export interface PaymentRequestsPort {
  /** Make a payable link for `amount` in `currency`, titled for the customer; `orderId` ties it to Kassa. */
  create(
    request: { amount: string; currency: string; title: string; orderId: string; email?: string },
    options?: CallOptions
  ): Promise<PaymentRequestView>
  /** Read its state. */
  get(id: string, options?: CallOptions): Promise<PaymentRequestView>
  /** Stop it being payable (archive, delete or cancel). */
  archive(id: string, options?: CallOptions): Promise<void>
}

/** One item of a point-of-sale catalog. `price` is a decimal string in the app's currency, null for "any amount". */
export interface CatalogItemView {
  id: string
  title: string
  price: string | null
  currency: string
  description: string | null
  image: string | null
  /** How it is priced (BTCPay `Fixed`/`Minimum`/`Topup` → `fixed`/`minimum`/`custom`); absent = `fixed`. */
  priceType?: 'fixed' | 'minimum' | 'custom'
  /** Its first category, or null. */
  category?: string | null
  /** Tax in percent (decimal string), or null. */
  taxRate?: string | null
  /** Units left when the processor tracks them; null = not tracked. */
  inventory?: number | null
}

/** The processor's point-of-sale catalog (BTCPay `GET /api/v1/apps/pos/{appId}`). */
export interface CatalogPort {
  /** The point-of-sale apps of the store, for the owner to pick one. */
  apps(options?: CallOptions): Promise<{ id: string; name: string }[]>
  /** The items of app `appId`. */
  items(appId: string, options?: CallOptions): Promise<CatalogItemView[]>
}
