import type { ProcessorId } from './invoice'
import type { RefundPolicyStamp, RefundPolicyView, RefundTriageView } from './refund-policy'

/**
 * The views the contract's refund, processor and owner calls return: plain data, decimal strings for money.
 * Re-exported by `contract.ts`, which is where callers import them from.
 */

/**
 * How a refund is paid: `pull-payment` (BTCPay or the Demo: the customer claims it through `claimLink`),
 * `withdrawal` (Plisio: Kassa pays out from the shop balance to the customer's address), `recorded` (paid outside
 * Kassa, e.g. cash; only written down so the day close stays true).
 */
export type RefundKind = 'pull-payment' | 'withdrawal' | 'recorded'

/**
 * Where a refund stands. `pending`: recorded (its amount reserved) and asked of the processor, whose answer has not
 * arrived yet (Kassa finishes it by itself, looking it up before asking again); `unknown`: a withdrawal whose fate
 * Kassa cannot tell (the answer was lost and Plisio's list does not show it) — never sent again by Kassa: the owner
 * checks the processor before releasing it; `awaiting-claim`: the customer has not yet given an address;
 * `awaiting-approval`: a payout waits for the owner's approval (it can still be cancelled); `in-progress`: being
 * paid; `completed`: paid or recorded; `cancelled`; `failed` (nothing was paid; its amount is free again).
 */
export type RefundState =
  | 'pending'
  | 'unknown'
  | 'awaiting-claim'
  | 'awaiting-approval'
  | 'in-progress'
  | 'completed'
  | 'cancelled'
  | 'failed'

/** A refund as the till shows and prints it. Amounts are decimal strings. */
export interface RefundView {
  /** Kassa's refund id (`rfd_…`). */
  id: string
  saleId: string
  processor: ProcessorId
  kind: RefundKind
  /** BTCPay's refund variant (`RateThen`, `Fiat`, …) for pull payments; null otherwise. */
  variant: string | null
  /**
   * 0–100, decimal string: a pull payment's `subtractPercentage`, or the restocking fee taken off a recorded or
   * withdrawal refund; null otherwise.
   */
  subtractPercentage: string | null
  /** What the refund pays, in `currency` (fiat for Fiat/Custom, BTC for RateThen/CurrentRate, the coin for withdrawals). */
  amount: string
  currency: string
  /** The refund's value in the sale's fiat currency (decimal string), when known. */
  fiatAmount: string | null
  state: RefundState
  /** The pull payment's claim link the customer scans; null for other kinds. */
  claimLink: string | null
  /** The processor's id: pull payment id, withdrawal operation id; null for recorded refunds. */
  externalId: string | null
  /** Recorded refunds: `cash`, `wallet` or `other`; withdrawals: the destination address. */
  method: string | null
  destination: string | null
  /** Why the refund was made (cashier's words). */
  reason: string | null
  /** Transaction id once a withdrawal is sent. */
  txId: string | null
  /** Why the refund failed, or why its fate is unknown (`pending`, `unknown`, `failed`); null otherwise. */
  error: string | null
  /**
   * The refund policy's triage when it was asked for (`./refund-policy`): `allowed`, or `needs-owner` and who let
   * it through (`owner`: the owner's PIN; `no-pin`: no PIN was set), with the rule; null before a policy existed.
   */
  policy: Pick<RefundPolicyStamp, 'decision' | 'rule' | 'approvedBy'> | null
  /** ISO 8601. */
  createdAt: string
}

/** What one refund variant would pay, for the preview shown before confirming. Decimal strings. */
export interface RefundVariantPreview {
  variant: 'RateThen' | 'CurrentRate' | 'Fiat' | 'OverpaidAmount' | 'Custom'
  available: boolean
  /** Why it cannot be used (e.g. "The invoice was not overpaid"). */
  reason: string | null
  /** In the sale's fiat currency; null for Custom before an amount is given. */
  fiat: string | null
  /** In `crypto` (BTC); null when unknown. */
  cryptoAmount: string | null
  crypto: string | null
  /** The refund policy's triage of this variant at this price (null when it cannot be priced). */
  triage: RefundTriageView | null
}

/** What the refund screen offers for a sale. */
export interface RefundOptionsView {
  saleId: string
  /** `api`: pull payment with variants; `withdrawal`: Plisio pays out from the balance; `record`: record only. */
  mode: 'api' | 'withdrawal' | 'record'
  currency: string
  /** Fiat paid, and fiat already refunded, decimal strings. */
  paid: string
  refunded: string
  /** `api` mode: each variant, after `subtractPercentage`. */
  variants: RefundVariantPreview[]
  /** `withdrawal` mode: the coin the customer paid with and what they paid in it. */
  coin: { id: string; currency: string; paid: string } | null
  /** Why no refund at all can be made (nothing paid, fully refunded); null when one can. */
  blockedReason: string | null
  /**
   * Why the processor's own refund is not offered although a refund paid outside Kassa can still be recorded
   * (the key lacks the refund permission, the processor is not connected); null otherwise.
   */
  notice: string | null
  /**
   * The owner's refund policy as it applies to this sale: the rules (limit, fee, reasons, variants), the triage
   * of what does not depend on the amount (window, one per sale), and the store currency the limit is in.
   */
  policy: RefundPolicyPreview
}

/** The refund policy on the refund screen. */
export interface RefundPolicyPreview {
  rules: RefundPolicyView
  /** Window and one-per-sale, before an amount is chosen. */
  triage: RefundTriageView
  /** The store currency `rules.cashierLimit` is in. */
  storeCurrency: string
}

/** A Plisio withdrawal estimate for a refund. Crypto amounts are decimal strings in `currency`. */
export interface WithdrawalEstimateView {
  currency: string
  amount: string
  /** Network fee and Plisio's commission, and the fee plan used. */
  fee: string
  commission: string
  feePlan: string
  /** Plans the processor offers (`normal`, `priority`, …) with their fee. */
  feePlans: { name: string; fee: string }[]
  /** Total taken from the balance. */
  total: string
  /** The shop's balance in this coin, when known. */
  balance: string | null
  /**
   * The refund policy: the coin amount typed (`gross`), the restocking fee taken off it (`fee`, in `currency`;
   * `amount` is what is left and sent), and the triage of this withdrawal.
   */
  policy?: { gross: string; fee: string; triage: RefundTriageView }
}

/** A way to pay offered at charge time (Plisio's coins); empty list = the processor chooses. */
export interface PayOptionView {
  /** Sent back as `sale:charge`'s `paymentMethod` (Plisio `psys_cid`, e.g. `BTC`, `LTC`, `USDT_TRX`). */
  id: string
  label: string
  currency: string
  /** Fiat per 1 coin, decimal string, when known. */
  rate: string | null
  /** Smallest amount this coin accepts, in the sale's fiat (decimal string), when known. */
  minAmount: string | null
  available: boolean
  /** Why not available ("In maintenance", "Below the minimum of 5.00 EUR"). */
  reason: string | null
}

/** What a processor's connection check found (shown in Settings). */
export interface ConnectionView {
  processor: ProcessorId
  /** Store, shop or server name. */
  account: string
  /** Permissions the key has, in the processor's words. */
  permissions: string[]
  /** Till features a missing permission disables. */
  missing: { feature: string; permission: string }[]
  version: string | null
  defaultCurrency: string | null
  /** Further facts, in order (server sync state, invoice expiration, commission payer, enabled coins, rates…). */
  facts: { label: string; value: string }[]
  /** What the owner must know (server not synced, no coin enabled…). */
  warnings: string[]
  /** ISO 8601. */
  checkedAt: string
}

/** The shop's balance in one coin at the processor (Plisio `GET /balances/{psys_cid}`). Decimal string. */
export interface BalanceView {
  /** Processor coin id (`BTC`, `USDT_TRX`). */
  coin: string
  currency: string
  balance: string
}

/** One operation in the processor's own records (Plisio `GET /operations`), for the owner and the day close. */
export interface OperationView {
  id: string
  /** `invoice`, `cash_in`, `cash_out`, `mass_cash_out`. */
  type: string
  /** The processor's raw status. */
  status: string
  /** Coin and amount (decimal string), when reported. */
  currency: string | null
  amount: string | null
  /** Fiat the invoice was priced in, when it was. */
  sourceCurrency: string | null
  sourceAmount: string | null
  /** Kassa's sale id for invoices Kassa made (`order_number`). */
  orderNumber: string | null
  /** ISO 8601, when reported. */
  createdAt: string | null
}

/** A page of operations. `nextPage` is null on the last page. */
export interface OperationPageView {
  items: OperationView[]
  page: number
  pageCount: number
  totalCount: number | null
  nextPage: number | null
}

/** The non-secret settings of a processor connection. */
export interface ProcessorConfigView {
  /** BTCPay: server root URL. */
  serverUrl?: string
  /** BTCPay: store id. */
  storeId?: string
  /** BTPay: server root URL. */
  baseUrl?: string
  /** BTPay: seconds after the quote deadline before a `pending` invoice is cancelled. */
  graceSeconds?: number
}
