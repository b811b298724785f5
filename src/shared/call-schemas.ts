import { z } from 'zod'
import {
  AddressSchema,
  DecimalStringSchema,
  FiatCurrencySchema,
  PaymentMethodSchema,
  PercentSchema,
  ProcessorIdSchema,
  IdempotencyKeySchema,
  RefundIdSchema,
  SaleIdSchema,
  SaleLineSchema,
  ServerUrlSchema,
  refineAmount
} from './schemas'
import type { AppInfo, SaleView, SettingsView } from './contract'
import { canonicalLocaleTag, localeTagProblem } from './locale-tag'
import type {
  BalanceView,
  ConnectionView,
  OperationPageView,
  PayOptionView,
  RefundOptionsView,
  RefundView,
  WithdrawalEstimateView
} from './views'
import {
  WebhookRegisterInput,
  WebhookStatusInput,
  WebhookUnregisterInput,
  type WebhookStatusView
} from './webhooks'

/**
 * The contract's input schemas: one zod schema per call, with the call's result type as a phantom. Only main
 * imports this file (`src/main/dispatch.ts` parses every input with it); the renderer and the preload take the
 * call names from `CALL_NAMES` and the types from `./contract`, so no zod is shipped to the screen (an ESLint
 * rule and `tests/unit/renderer/bundle.test.ts` hold that). Adding a call: its entry here and its name in
 * `CALL_NAMES` (the compiler refuses the one without the other).
 */

const Empty = z.strictObject({})

/** A UI locale (BCP 47 tag of a language the UI is written in), canonicalised; null = follow the OS. */
const LocaleSchema = z
  .string()
  .trim()
  .superRefine((tag, ctx) => {
    const problem = localeTagProblem(tag)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .transform((tag) => canonicalLocaleTag(tag))
  .nullable()

const ChargeInput = z
  .strictObject({
    /** The total the customer pays: with lines, it must equal subtotal + tax − discount. */
    amount: DecimalStringSchema,
    currency: FiatCurrencySchema,
    memo: z.string().trim().max(200).optional(),
    lines: z.array(SaleLineSchema).max(200).optional(),
    /** Percent, applied to the lines. */
    taxRate: PercentSchema.optional(),
    /** Fiat decimal string subtracted after tax. */
    discount: DecimalStringSchema.optional(),
    /** A `PayOptionView.id` from `sale:payOptions`. */
    paymentMethod: PaymentMethodSchema.optional()
  })
  .superRefine((value, ctx) => refineAmount(value, ctx))

const ApiKeySchema = z
  .string()
  .trim()
  .min(8, 'API key is too short')
  .max(4096, 'API key is too long')
  .regex(/^[\x21-\x7e]+$/, 'API key must be printable characters without spaces')

/**
 * A connect request: the processor, its key (omit to re-check with the one already in the keychain, for the server it
 * was stored with) and its own fields (BTCPay `serverUrl`, `storeId`; BTPay `baseUrl`, `graceSeconds`), which main
 * checks with that processor's module schema.
 */
const ConnectInput = z.looseObject({
  processor: ProcessorIdSchema,
  apiKey: ApiKeySchema.optional(),
  activate: z.boolean().optional()
})

const RefundVariantSchema = z.enum(['RateThen', 'CurrentRate', 'Fiat', 'OverpaidAmount', 'Custom'])

/** Declares a call: `call<Result>()(inputSchema)`. The result type is a phantom, checked at compile time. */
function call<O>() {
  return <I extends z.ZodType>(input: I): { input: I; output: O } => ({ input, output: undefined as O })
}

/** Every renderer → main call. */
export const calls = {
  'app:info': call<AppInfo>()(Empty),
  'settings:get': call<SettingsView>()(Empty),
  'settings:update': call<SettingsView>()(
    z.strictObject({
      currency: FiatCurrencySchema.optional(),
      processor: ProcessorIdSchema.optional(),
      taxRate: PercentSchema.optional(),
      locale: LocaleSchema.optional()
    })
  ),
  'settings:deleteKey': call<SettingsView>()(z.strictObject({ processor: ProcessorIdSchema })),
  /**
   * Check a processor's key and settings against the processor, then (only if the check passes) keep the key in
   * the keychain and the settings in the ledger, and make it the till's processor unless `activate` is false.
   * Nothing is stored when the check fails.
   */
  'processor:connect': call<{ settings: SettingsView; connection: ConnectionView }>()(ConnectInput),
  /** Re-check a connected processor with its stored key. */
  'processor:check': call<ConnectionView>()(z.strictObject({ processor: ProcessorIdSchema })),
  /**
   * Forget a processor's key and settings; the till falls back to the Demo if it was active. With `revokeKey`,
   * BTCPay's key is first revoked on the server (`DELETE /api/v1/api-keys/current`); a failed revoke is reported
   * in `revokeError` and the key is still forgotten locally.
   */
  'processor:disconnect': call<{ settings: SettingsView; revoked: boolean; revokeError: string | null }>()(
    z.strictObject({ processor: ProcessorIdSchema, revokeKey: z.boolean().optional() })
  ),
  /** The active processor's balances per enabled coin (Plisio); empty for processors without a balance API. */
  'owner:balances': call<BalanceView[]>()(Empty),
  /** The active processor's own operations list with its filters and pages (Plisio `GET /operations`). */
  'owner:operations': call<OperationPageView>()(
    z.strictObject({
      page: z.int().min(1).max(100_000).optional(),
      limit: z.int().min(1).max(100).optional(),
      type: z.enum(['invoice', 'cash_in', 'cash_out', 'mass_cash_out']).optional(),
      status: z
        .string()
        .trim()
        .regex(/^[a-z ]{1,32}$/, 'Not an operation status')
        .optional(),
      currency: PaymentMethodSchema.optional(),
      search: z.string().trim().min(1).max(100).optional()
    })
  ),
  /** BTCPay: the stores a key can see (`GET /api/v1/stores`), to pick one when connecting. */
  'processor:stores': call<{ id: string; name: string; defaultCurrency: string | null }[]>()(
    z.strictObject({
      /** Default `btcpay`, the processor with stores to pick from. */
      processor: ProcessorIdSchema.optional(),
      serverUrl: ServerUrlSchema,
      apiKey: ApiKeySchema.optional()
    })
  ),
  /** Ways to pay the active processor offers for this amount (Plisio: coins with rate and minimum). */
  'sale:payOptions': call<PayOptionView[]>()(
    z
      .strictObject({ amount: DecimalStringSchema, currency: FiatCurrencySchema })
      .superRefine((value, ctx) => refineAmount(value, ctx))
  ),
  'sale:charge': call<SaleView>()(ChargeInput),
  'sale:get': call<SaleView>()(z.strictObject({ saleId: SaleIdSchema })),
  'sale:list': call<SaleView[]>()(z.strictObject({ limit: z.int().min(1).max(200).optional() })),
  'sale:cancel': call<SaleView>()(z.strictObject({ saleId: SaleIdSchema })),
  /**
   * Find sales by the start of a sale id or processor invoice id (any case), or by words of their memo and items or
   * their amount (`"12.34"`), newest first, at most 20.
   */
  'sale:find': call<SaleView[]>()(z.strictObject({ query: z.string().trim().min(3).max(100) })),
  /** What the refund screen offers for a paid sale, each variant priced after `subtractPercentage`. */
  'refund:options': call<RefundOptionsView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      subtractPercentage: PercentSchema.optional(),
      customAmount: DecimalStringSchema.optional(),
      customCurrency: z.string().trim().min(3).max(10).optional()
    })
  ),
  /** Refund through the processor (BTCPay/Demo pull payment): returns the refund with its claim link. */
  'refund:create': call<RefundView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      variant: RefundVariantSchema,
      subtractPercentage: PercentSchema.optional(),
      customAmount: DecimalStringSchema.optional(),
      customCurrency: z.string().trim().min(3).max(10).optional(),
      reason: z.string().trim().max(200).optional(),
      idempotencyKey: IdempotencyKeySchema.optional()
    })
  ),
  /** Plisio: what a refund by withdrawal would cost (network fee, commission, fee plans). Sends nothing. */
  'refund:estimate': call<WithdrawalEstimateView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      address: AddressSchema,
      amount: DecimalStringSchema,
      feePlan: z.string().trim().min(1).max(32).optional()
    })
  ),
  /** Plisio: pay the refund out of the shop balance to the customer's address, after the cashier confirmed. */
  'refund:withdraw': call<RefundView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      address: AddressSchema,
      amount: DecimalStringSchema,
      feePlan: z.string().trim().min(1).max(32).optional(),
      reason: z.string().trim().max(200).optional(),
      idempotencyKey: IdempotencyKeySchema.optional()
    })
  ),
  /** Record a refund paid outside Kassa (cash, another wallet); `amount` in the sale's fiat currency. */
  'refund:record': call<RefundView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      amount: DecimalStringSchema,
      method: z.enum(['cash', 'wallet', 'other']),
      reason: z.string().trim().min(1, 'Say why the refund was made').max(200),
      idempotencyKey: IdempotencyKeySchema.optional()
    })
  ),
  /** BTCPay: cancel a refund's payout still awaiting approval (or its unclaimed pull payment). */
  'refund:cancel': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  /** Re-read a refund's state from the processor (an `unknown` withdrawal: look it up again). */
  'refund:refresh': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  /**
   * An `unknown` withdrawal the owner checked at the processor and found not made: after one more look-up finds
   * nothing, it becomes `failed` and its amount can be refunded again; if the look-up finds it, it is attached.
   */
  'refund:release': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  /** Whether a processor can call this till (webhook or callback), the webhook Kassa registered, what arrived. */
  'webhook:status': call<WebhookStatusView>()(WebhookStatusInput),
  /**
   * Register a webhook for invoice events at `<publicUrl>/webhooks/<processor>` (the relay's public address of
   * this till). Kassa generates the secret (BTPay makes its own) and keeps it in the OS keychain only; a webhook
   * registered before is replaced. Refused on the desktop app, which has no receiver.
   */
  'webhook:register': call<WebhookStatusView>()(WebhookRegisterInput),
  /** Delete the registered webhook on the processor, then its secret from the keychain. */
  'webhook:unregister': call<WebhookStatusView>()(WebhookUnregisterInput),
  /** Put a sale's invoice on screen (null: none). `focused` is the sale id while it has an open invoice to follow. */
  'invoice:focus': call<{ focused: string | null }>()(z.strictObject({ saleId: SaleIdSchema.nullable() })),
  'demo:simulate': call<SaleView>()(
    z.strictObject({ saleId: SaleIdSchema, kind: z.enum(['full', 'partial', 'over', 'expire', 'late']) })
  )
} as const

/** The schema object's type: `Calls[K]['input']` is the zod schema, `Calls[K]['output']` the result type. */
export type Calls = typeof calls
/** The input a caller passes (before parsing). */
export type CallInput<K extends keyof Calls> = z.input<Calls[K]['input']>
/** The input a handler receives (after parsing). */
export type ParsedInput<K extends keyof Calls> = z.output<Calls[K]['input']>
