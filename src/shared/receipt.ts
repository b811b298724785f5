import type { SaleState } from './contract'

/**
 * Receipts: the shop's details, the printer and e-mail settings (`SettingsView.receipt`), the receipt document main
 * builds from a sale (`receipt:get`, and the source of paper, PDF and e-mail), and the print queue's jobs.
 * Amounts are decimal strings in the named currency; times ISO 8601.
 */

/** Languages a receipt is written in. */
export const RECEIPT_LANGUAGES = ['en', 'de'] as const
export type ReceiptLanguage = (typeof RECEIPT_LANGUAGES)[number]

/** What heads and ends every receipt (Settings → Receipt). Empty strings when not set. */
export interface ShopDetails {
  name: string
  /** Several lines, `\n` between them. */
  address: string
  /** VAT / tax id as the shop prints it. */
  taxId: string
  /** Printed under the receipt ("Thank you!"). */
  footer: string
  /** A PNG or JPEG `data:` URL of at most 256 KiB, or null. */
  logo: string | null
}

/** Paper width of a thermal printer in millimetres: 58 mm prints 32 characters a line, 80 mm 48. */
export type PaperWidth = 58 | 80

/** A network ESC/POS printer (raw TCP, usually port 9100). `host` empty = none set up. */
export interface PrinterSettings {
  host: string
  port: number
  paperWidth: PaperWidth
  /** Put a paid sale's receipt in the print queue by itself. */
  autoPrint: boolean
}

/** How the SMTP connection is secured: TLS from the start (465), STARTTLS (587), or none (a LAN relay only). */
export type SmtpSecurity = 'tls' | 'starttls' | 'none'

/** The shop's SMTP server for e-mailed receipts. The password lives in the OS keychain only. */
export interface EmailSettings {
  host: string
  port: number
  security: SmtpSecurity
  user: string
  /** The sender address (`Shop <shop@example.com>` or a bare address). */
  from: string
  /** A password is in the keychain (never the password itself). */
  passwordStored: boolean
}

/** `SettingsView.receipt`. */
export interface ReceiptSettingsView {
  shop: ShopDetails
  printer: PrinterSettings
  email: EmailSettings
}

/** How a payment reached the shop. */
export type ReceiptPaymentKind = 'onchain' | 'lightning' | 'coin'

/** One payment the processor saw: kind, coin, amount in it and the processor's transaction id when known. */
export interface ReceiptPayment {
  kind: ReceiptPaymentKind
  coin: string
  amount: string
  txId: string | null
}

/** What the customer paid in crypto for one payment method, and the rate (sale currency per coin). */
export interface ReceiptCrypto {
  kind: ReceiptPaymentKind
  coin: string
  amount: string
  rate: string
  /** Set when the rate is not a market rate (the Demo's). */
  rateLabel: string | null
}

/** One line of the receipt: quantity × unit price = total, in the sale currency. */
export interface ReceiptLineItem {
  name: string
  quantity: number
  unitPrice: string
  total: string
  sku: string | null
}

/** One refund as printed. `fiatAmount` in the sale currency when the refund is in another one. */
export interface ReceiptRefundItem {
  createdAt: string
  kind: 'pull-payment' | 'withdrawal' | 'recorded'
  amount: string
  currency: string
  fiatAmount: string | null
  state: string
}

/** The receipt as data: every output (screen, paper, PDF, e-mail) words and lays it out in `language`. */
export interface ReceiptDocument {
  language: ReceiptLanguage
  /** The `Intl` locale dates and money are formatted in (`de-DE`). */
  intlLocale: string
  shop: ShopDetails
  receiptNumber: string | null
  saleId: string
  state: SaleState
  /** When the sale was paid, else when it was rung up. */
  issuedAt: string
  currency: string
  lines: ReceiptLineItem[]
  subtotal: string
  /** Null when there is none. */
  discount: string | null
  taxes: { rate: string; base: string; tax: string }[]
  taxInclusive: boolean
  tip: string | null
  total: string
  crypto: ReceiptCrypto[]
  payments: ReceiptPayment[]
  processor: string
  invoiceId: string | null
  /** The processor's checkout page, encoded in the QR with the receipt number. */
  invoiceLink: string | null
  refunds: ReceiptRefundItem[]
  /** Null without refunds. */
  refunded: string | null
}

/** Where a print job stands. `failed`: interrupted while printing (it may have printed) — check and retry. */
export type PrintJobState = 'queued' | 'printing' | 'printed' | 'failed' | 'cancelled'

/** One job of the print queue (kept in the ledger). */
export interface PrintJobView {
  id: string
  saleId: string
  receiptNumber: string | null
  /** `host:port` it goes to. */
  printer: string
  state: PrintJobState
  attempts: number
  /** Why the last attempt failed; `may-have-printed` after an interruption mid-print. */
  lastError: string | null
  /** ISO 8601: the next attempt of a queued job that failed, or null. */
  nextAttemptAt: string | null
  createdAt: string
  updatedAt: string
}

/** The error a job gets when the till stopped while it was printing: the paper may be out already. */
export const MAY_HAVE_PRINTED = 'may-have-printed'
