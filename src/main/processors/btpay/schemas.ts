import { z } from 'zod'

// Schemas of what BTPay really answers (btpay-org/btpay `api/serializers.py`), not of its API document.
// Unknown keys are stripped; statuses stay open strings so an unknown value never fails a parse.

/** A decimal amount as BTPay serialises a Python Decimal: `"13.20"`, `"0.00018526"`. */
export const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal string')

/** ISO 8601 with `+00:00` (Python `isoformat()`), sometimes without an offset; null when unset. */
const Timestamp = z.string().min(1).nullable().optional()

/** One line of an invoice (`lines[]`, only on single-invoice answers). Quantity is a decimal string too. */
export const BtpayInvoiceLineSchema = z.object({
  description: z.string(),
  quantity: z.string(),
  unit_price: DecimalString,
  amount: DecimalString
})

/** One payment (`payments[]`, with `?include_payments=true`). `amount_btc` in BTC, `amount_fiat` in the invoice currency. */
export const BtpayPaymentSchema = z.object({
  id: z.number(),
  method: z.string(),
  txid: z.string(),
  address: z.string(),
  amount_btc: DecimalString,
  amount_fiat: DecimalString,
  exchange_rate: DecimalString,
  confirmations: z.number(),
  status: z.string(),
  created_at: Timestamp
})

/**
 * An invoice as `POST/GET /api/v1/invoices…` return it. `invoice_number` (`INV-0001`) is the stable id; `ref`
 * changes on every BTPay restart unless its refnum keys are set. There is no `metadata`, no BIP21 URI and no
 * quote expiry in this JSON.
 */
export const BtpayInvoiceSchema = z.object({
  id: z.number(),
  ref: z.string().nullable(),
  invoice_number: z.string().min(1),
  status: z.string(),
  customer_email: z.string().nullable().optional(),
  customer_name: z.string().nullable().optional(),
  customer_company: z.string().nullable().optional(),
  currency: z.string(),
  subtotal: DecimalString,
  tax_amount: DecimalString,
  tax_rate: DecimalString,
  discount_amount: DecimalString,
  total: DecimalString,
  amount_paid: DecimalString,
  amount_due: DecimalString,
  btc_rate: DecimalString.nullable(),
  btc_amount: DecimalString.nullable(),
  payment_methods: z.array(z.string()),
  notes: z.string().nullable().optional(),
  created_at: Timestamp,
  paid_at: Timestamp,
  confirmed_at: Timestamp,
  payment_address: z.string().nullable(),
  lines: z.array(BtpayInvoiceLineSchema).optional(),
  payments: z.array(BtpayPaymentSchema).optional(),
  /** Not returned by BTPay 0.1.x; read if a later version adds it. */
  metadata: z.record(z.string(), z.unknown()).nullable().optional()
})

/** `GET /api/v1/invoices` (newest first, no lines). */
export const BtpayInvoiceListSchema = z.object({
  invoices: z.array(BtpayInvoiceSchema),
  total: z.number(),
  limit: z.number(),
  offset: z.number()
})

/** `GET /api/v1/invoices/<invoice_number>/status`: the cheap poll. */
export const BtpayInvoiceStatusSchema = z.object({
  invoice_number: z.string(),
  status: z.string(),
  total: DecimalString,
  amount_paid: DecimalString,
  amount_due: DecimalString,
  currency: z.string()
})

/** Public `GET /checkout/<ref>/status.json`: the only place with the quote countdown (`quote_expires_in`, seconds). */
export const BtpayCheckoutStatusSchema = z.object({
  status: z.string(),
  amount_due: DecimalString,
  amount_paid: DecimalString,
  total: DecimalString,
  currency: z.string(),
  btc_amount: DecimalString.nullable().optional(),
  btc_rate: DecimalString.nullable().optional(),
  quote_expires_in: z.number().int().nullable().optional()
})

/** `DELETE /api/v1/invoices/<invoice_number>`. */
export const BtpayCancelSchema = z.object({ ok: z.literal(true), status: z.string() })

/** `GET /api/v1/rates`: fiat per 1 BTC. */
export const BtpayRatesSchema = z.object({
  rates: z.array(z.object({ currency: z.string(), rate: DecimalString }))
})

/** A payment link (`/api/v1/payment-links`). `amount` null means the payer chooses. */
export const BtpayPaymentLinkSchema = z.object({
  id: z.number(),
  ref: z.string().nullable().optional(),
  slug: z.string(),
  title: z.string(),
  description: z.string().nullable().optional(),
  amount: DecimalString.nullable(),
  currency: z.string(),
  is_active: z.boolean(),
  payment_methods: z.array(z.string()),
  redirect_url: z.string().nullable().optional(),
  created_at: Timestamp
})

export const BtpayPaymentLinkListSchema = z.object({ payment_links: z.array(BtpayPaymentLinkSchema) })

/** A webhook endpoint as listed (no secret). */
export const BtpayWebhookSchema = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(z.string()),
  is_active: z.boolean(),
  description: z.string().nullable().optional()
})

/** `POST /api/v1/webhooks` answer: the secret is shown once (base64url, 43 chars, no `whsec_` prefix). */
export const BtpayWebhookCreatedSchema = BtpayWebhookSchema.omit({ description: true }).extend({
  secret: z.string().min(1)
})

export const BtpayWebhookListSchema = z.object({ webhooks: z.array(BtpayWebhookSchema) })

/** `{ok: true}` of the soft deletes. */
export const BtpayOkSchema = z.object({ ok: z.literal(true) })

/** A webhook delivery body: `{event, data, timestamp}`, timestamp ending in `+00:00`. */
export const BtpayWebhookBodySchema = z.object({
  event: z.string(),
  data: z.unknown(),
  timestamp: z.string().optional()
})

export type BtpayInvoice = z.infer<typeof BtpayInvoiceSchema>
export type BtpayInvoiceLine = z.infer<typeof BtpayInvoiceLineSchema>
export type BtpayPayment = z.infer<typeof BtpayPaymentSchema>
export type BtpayInvoiceList = z.infer<typeof BtpayInvoiceListSchema>
export type BtpayInvoiceStatus = z.infer<typeof BtpayInvoiceStatusSchema>
export type BtpayCheckoutStatus = z.infer<typeof BtpayCheckoutStatusSchema>
export type BtpayPaymentLink = z.infer<typeof BtpayPaymentLinkSchema>
export type BtpayWebhook = z.infer<typeof BtpayWebhookSchema>
export type BtpayWebhookCreated = z.infer<typeof BtpayWebhookCreatedSchema>
