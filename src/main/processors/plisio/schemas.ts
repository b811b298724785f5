import Big from 'big.js'
import { z } from 'zod'

/**
 * zod schemas of Plisio's responses (the `data` of the `{status, data}` envelope). Objects are loose: Plisio adds
 * fields freely, and an unknown field must never break a sale. Numbers arrive as strings; a JSON number is tolerated
 * and turned back into a plain decimal string (never used as a float).
 */

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/

/** A decimal amount as Plisio sends it (`"0.00110995"`), normalized to a plain decimal string. */
export const DecimalSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value).trim()
  if (PLAIN_DECIMAL.test(text)) return text
  try {
    // Exponent forms (`1e-7`) only: big.js parses the text without ever going through a float.
    const fixed = new Big(text).toFixed()
    if (PLAIN_DECIMAL.test(fixed)) return fixed
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: `"${text.slice(0, 32)}" is not a decimal amount` })
  return z.NEVER
})

/** A unix timestamp in seconds (the spec warns some are milliseconds; `unixToIso` handles both). */
export const TimestampSchema = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+$/)
    .transform((s) => Number(s))
])

/** Booleans Plisio sends as `true`, `1` or `"1"`. */
export const FlagSchema = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true')

/** The response envelope: `{status: "success" | "error", data}`. */
export const EnvelopeSchema = z.looseObject({
  status: z.string(),
  data: z.unknown()
})

/** `data` of an error envelope: `{name, message, code}`; `message` is often a JSON string of field errors. */
export const ErrorDataSchema = z.looseObject({
  name: z.string().optional(),
  message: z.unknown().optional(),
  code: z.union([z.number(), z.string()]).optional()
})

/** `GET /shops` → shop of this api_key. */
export const ShopSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().default(''),
  link: z.string().nullish(),
  commission_payment: z.string().nullish(),
  white_label: FlagSchema.default(false),
  extra_commission: z.unknown().optional(),
  verified: FlagSchema.optional()
})
export type ShopData = z.infer<typeof ShopSchema>

/** One coin of `GET /currencies/{fiat}`. */
export const CoinSchema = z.looseObject({
  name: z.string().default(''),
  cid: z.string(),
  currency: z.string(),
  icon: z.string().nullish(),
  rate_usd: DecimalSchema.nullish(),
  price_usd: DecimalSchema.nullish(),
  precision: z.union([z.number(), z.string()]).nullish(),
  fiat: z.string().nullish(),
  fiat_rate: DecimalSchema.nullish(),
  min_sum_in: DecimalSchema.nullish(),
  invoice_commission_percentage: DecimalSchema.nullish(),
  hidden: FlagSchema.default(false),
  maintenance: FlagSchema.default(false)
})
export type CoinData = z.infer<typeof CoinSchema>
export const CoinListSchema = z.array(CoinSchema)

/** `GET /invoices/new` → standard shop `{txn_id, invoice_url, invoice_total_sum}`, white-label adds the rest. */
export const NewInvoiceSchema = z.looseObject({
  txn_id: z.string().min(1),
  invoice_url: z.string().nullish(),
  invoice_total_sum: DecimalSchema.nullish(),
  amount: DecimalSchema.nullish(),
  pending_amount: DecimalSchema.nullish(),
  wallet_hash: z.string().nullish(),
  psys_cid: z.string().nullish(),
  currency: z.string().nullish(),
  status: z.string().nullish(),
  source_currency: z.string().nullish(),
  source_rate: DecimalSchema.nullish(),
  expire_utc: TimestampSchema.nullish(),
  expected_confirmations: z.union([z.number(), z.string()]).nullish(),
  qr_code: z.string().nullish(),
  verify_hash: z.string().nullish(),
  invoice_commission: DecimalSchema.nullish(),
  invoice_sum: DecimalSchema.nullish()
})
export type NewInvoiceData = z.infer<typeof NewInvoiceSchema>

/** One blockchain transaction of an operation (`tx[]`). */
export const OperationTxSchema = z.looseObject({
  txid: z.string().nullish(),
  value: DecimalSchema.nullish(),
  confirmations: z.union([z.number(), z.string()]).nullish(),
  url: z.string().nullish()
})

/** `GET /operations/{id}` and each item of `GET /operations` (OperationDto). */
export const OperationSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().default('invoice'),
  status: z.string(),
  shop_id: z.string().nullish(),
  psys_cid: z.string().nullish(),
  currency: z.string().nullish(),
  source_currency: z.string().nullish(),
  source_rate: DecimalSchema.nullish(),
  fee: DecimalSchema.nullish(),
  wallet_hash: z.string().nullish(),
  /**
   * Crypto. The spec says "amount received/transferred", but it pairs with `actual_sum` as the invoice's expected
   * amount: never read as paid (see `operationMoney`).
   */
  amount: DecimalSchema.nullish(),
  /** Unconfirmed amount in the mempool (crypto). */
  pending_sum: DecimalSchema.nullish(),
  /** What the customer is asked for: `params.amount`, plus the commission when the client pays it (crypto). */
  sum: DecimalSchema.nullish(),
  /** Plisio's commission, expected (crypto). */
  commission: DecimalSchema.nullish(),
  /** "Real incoming amount" (crypto): what Kassa counts as received. */
  actual_sum: DecimalSchema.nullish(),
  /** Plisio's commission taken (crypto). */
  actual_commission: DecimalSchema.nullish(),
  tx_url: z.union([z.string(), z.array(z.string())]).nullish(),
  tx_id: z.union([z.array(z.string()), z.string()]).nullish(),
  tx: z.array(OperationTxSchema).nullish(),
  invoice_url: z.string().nullish(),
  expire_at_utc: TimestampSchema.nullish(),
  created_at_utc: TimestampSchema.nullish(),
  confirmations: z.union([z.number(), z.string()]).nullish(),
  parent_id: z.string().nullish(),
  params: z
    .looseObject({
      order_number: z.union([z.string(), z.number()]).transform(String).nullish(),
      order_name: z.string().nullish(),
      description: z.string().nullish(),
      source_amount: DecimalSchema.nullish(),
      source_currency: z.string().nullish(),
      amount: DecimalSchema.nullish(),
      currency: z.string().nullish(),
      psys_cid: z.string().nullish(),
      source_rate: DecimalSchema.nullish()
    })
    .nullish()
})
export type OperationData = z.infer<typeof OperationSchema>

/** `GET /operations` → `{operations, _links, _meta}` (HATEOAS paging). */
export const OperationListSchema = z.looseObject({
  operations: z.array(OperationSchema),
  _links: z.unknown().optional(),
  _meta: z
    .looseObject({
      totalCount: z.number().optional(),
      pageCount: z.number().optional(),
      currentPage: z.number().optional(),
      perPage: z.number().optional()
    })
    .optional()
})

/** `GET /invoices/{id}` (undocumented, in the spec) → the invoice and which sibling is active. */
export const InvoiceDetailsSchema = z.looseObject({
  active_invoice_id: z.string().nullish(),
  invoice: z.looseObject({ id: z.string().nullish(), paid_id: z.string().nullish() }).nullish()
})

/** `GET /balances/{psys_cid}`. */
export const BalanceSchema = z.looseObject({
  psys_cid: z.string(),
  currency: z.string().nullish(),
  balance: DecimalSchema
})

/** `GET /operations/fee/{psys_cid}`. */
export const FeeSchema = z.looseObject({
  fee: DecimalSchema,
  psys_cid: z.string().nullish(),
  currency: z.string().nullish(),
  plan: z.string().nullish()
})

/** `GET /operations/commission/{psys_cid}`. */
export const CommissionSchema = z.looseObject({
  commission: DecimalSchema,
  fee: DecimalSchema.nullish(),
  plan: z.string().nullish(),
  maxAmount: DecimalSchema.nullish(),
  useWallet: z.unknown().optional(),
  errors: z.unknown().optional()
})

/** `GET /operations/fee-plan/{psys_cid}` → `{normal: {...}, priority: {...}, ...}`; values vary by chain. */
export const FeePlansSchema = z.record(z.string(), z.unknown())

/** One plan of a fee-plan answer: `value` (fee per unit) plus chain-specific fields (`conf_target`, `gasPrice`…). */
export const FeePlanSchema = z.looseObject({ value: DecimalSchema.nullish() })
