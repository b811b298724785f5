/**
 * Failed-charge recovery as the renderer sees it (calls `recovery:*`, event `recovery:updated`). Times are ISO
 * 8601; amounts decimal strings in the sale's currency (never numbers). No zod here: the input schemas are in
 * `./recovery-schemas`. docs/recovery.md tells the whole flow.
 */
import type { SaleLine } from './contract'
import type { KassaErrorData } from './errors'
import type { ProcessorId } from './invoice'
import type { CustomerSaleView } from './customers'

/**
 * Why a sale entered the Recovery queue: its invoice expired unpaid (`expired`), expired or ended with only part
 * of the amount paid (`underpaid`, BTCPay `PaidPartial`), or the processor marked it invalid (`invalid`).
 */
export type RecoveryReason = 'expired' | 'underpaid' | 'invalid'

/**
 * Where a failed charge stands: nothing done yet (`open`), a payment request made for what is due
 * (`requested`), that request paid (`recovered`, final), or given up by the owner (`abandoned`, final).
 */
export type RecoveryStatus = 'open' | 'requested' | 'recovered' | 'abandoned'

/** Which items `recovery:list` shows: `active` = open and requested (the work left), or one final state, or all. */
export type RecoveryFilter = 'active' | 'recovered' | 'abandoned' | 'all'

/**
 * The payment request made for a failed charge through the sale's processor's `paymentRequests` port (BTCPay
 * payment request; a new invoice with order id `payreq-<orderId>` at Plisio, BTPay and the Demo).
 * `creating`: its intent is recorded and the processor is being asked (after a restart it is asked again with the
 * same order id, which finds the same request; `error` says why while its processor could not be reached);
 * `failed`: the processor refused it (`error` says why).
 */
export interface RecoveryPaymentRequestView {
  /** Kassa's order id of the request (`<itemId>-<attempt>`), the idempotency key the processor keeps. */
  orderId: string
  /** The processor's id of the request, link or invoice; null while `creating` or after `failed`. */
  id: string | null
  processor: ProcessorId
  /** Exactly what was due when it was made (decimal string). */
  amount: string
  currency: string
  /** What the customer opens to pay; null until the processor answered. */
  link: string | null
  status: 'creating' | 'open' | 'paid' | 'expired' | 'archived' | 'failed'
  expiresAt: string | null
  createdAt: string
  error: KassaErrorData | null
}

/** The customer of a failed charge, as far as the ledger knows them. */
export interface RecoveryCustomerView {
  id: string
  /** Name, else e-mail, else phone. */
  label: string
  name: string | null
  email: string | null
  phone: string | null
  /** BCP 47 language the customer reads (e.g. `de`), or null when not known. */
  language: string | null
}

/** One failed charge in the Recovery queue. */
export interface RecoveryItemView {
  /** `rec_` and 32 lower-case hex digits. */
  id: string
  saleId: string
  receiptNumber: string | null
  saleCreatedAt: string
  /** When it entered the queue (the moment the sale ended unpaid). */
  failedAt: string
  reason: RecoveryReason
  processor: ProcessorId
  currency: string
  /** The sale's total. */
  amount: string
  /** What arrived on the failed invoice (fiat at the invoice's rate); "0" for none. */
  paid: string
  /** `amount − paid`: what a payment request asks for. */
  due: string
  customer: RecoveryCustomerView | null
  status: RecoveryStatus
  /** The latest payment request, or null before the first. */
  paymentRequest: RecoveryPaymentRequestView | null
  recoveredAt: string | null
  /** Business day (`yyyy-mm-dd`) the recovered money counts on in the day close. */
  recoveredDay: string | null
  /** What the paid request brought (decimal string), or null. */
  recoveredAmount: string | null
  abandonedAt: string | null
  /** The owner's note when abandoning, or null. */
  note: string | null
  /** When a message about it was last sent (any channel), or null. */
  lastSentAt: string | null
}

/** A failed charge with its context: what was bought, the customer's earlier sales, its messages. */
export interface RecoveryDetailView extends RecoveryItemView {
  /** The cart's lines (empty for a keypad sale: see `memo`). */
  lines: SaleLine[]
  memo: string | null
  /** The customer's other sales with their outcomes, newest first (empty without a customer). */
  history: CustomerSaleView[]
  /** Messages about this item, newest first. */
  messages: OutboxMessageView[]
}

/** Recovery over the last `days` days (by when charges failed). `rate` = recovered ÷ (failed) in percent. */
export interface RecoveryRateView {
  days: number
  /** Start of the window (ISO 8601). */
  from: string
  failed: number
  open: number
  requested: number
  recovered: number
  abandoned: number
  /** Percent with one decimal ("33.3"), or null when nothing failed. */
  rate: string | null
  /** Money recovered per currency (decimal strings). */
  recoveredAmounts: { currency: string; amount: string }[]
}

/** A page of the queue, newest failure first. */
export interface RecoveryListView {
  items: RecoveryItemView[]
  rate: RecoveryRateView
  /** Pass as `before` for the next page; null at the end. */
  nextCursor: string | null
}

/** The variables a recovery template may use, written `{{name}}`. */
export const RECOVERY_VARIABLES = ['customer', 'items', 'amountDue', 'link', 'shop'] as const
export type RecoveryVariable = (typeof RECOVERY_VARIABLES)[number]

/** The owner's message template for one language (`en`, `de`, …): subject and body with `{{variables}}`. */
export interface RecoveryTemplate {
  language: string
  subject: string
  body: string
}

/** The templates as saved (a default per UI language until the owner edits it) and the variables allowed. */
export interface RecoveryTemplatesView {
  templates: RecoveryTemplate[]
  variables: readonly RecoveryVariable[]
}

/**
 * A drafted message for a failed charge, from the template in `language` (the customer's where known, else the
 * till's). `missing` names variables that had no value yet (e.g. `link` before a payment request exists); the
 * text then shows the variable's name in brackets, so nothing is sent with a blank.
 */
export interface RecoveryDraftView {
  itemId: string
  language: string
  /** The customer's e-mail, or null. */
  to: string | null
  subject: string
  body: string
  link: string | null
  /** `mailto:` URL with recipient, subject and body (RFC 6068), or null without a recipient. */
  mailto: string | null
  missing: RecoveryVariable[]
}

/** How a message went: through the shop's SMTP server, copied by the owner, or handed to the mail client. */
export type OutboxChannel = 'smtp' | 'copy' | 'mailto'

/**
 * A message's state in the outbox. `queued`: waiting to be sent; `sending`: handed to the SMTP server;
 * `sent`: the server took it (or the owner copied / opened it in the mail client); `failed`: the server refused or
 * was unreachable (`error`; `recovery:retry` sends it again); `unknown`: the till stopped while sending, so it may
 * have gone — never sent again by itself, only by the owner's explicit retry.
 */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown'

/** One message in the outbox. */
export interface OutboxMessageView {
  /** `msg_` and 32 lower-case hex digits; also the e-mail's Message-ID local part. */
  id: string
  itemId: string
  channel: OutboxChannel
  to: string | null
  subject: string
  body: string
  state: OutboxState
  /** SMTP attempts made. */
  attempts: number
  /** The server's answer of the last failed attempt (never a password), or null. */
  error: string | null
  createdAt: string
  sentAt: string | null
}
