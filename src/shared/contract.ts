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
import type { Invoice, ProcessorId } from './invoice'
import type {
  RefundKind,
  RefundState,
  RefundView,
  RefundVariantPreview,
  RefundOptionsView,
  WithdrawalEstimateView,
  PayOptionView,
  ConnectionView,
  BalanceView,
  OperationView,
  OperationPageView,
  ProcessorConfigView
} from './views'
import type { KassaErrorData, Result } from './errors'
import {
  WebhookRegisterInput,
  WebhookStatusInput,
  WebhookUnregisterInput,
  type WebhookRegistrationView,
  type WebhookStatusView
} from './webhooks'

/**
 * The one contract between renderer and main. Each call: a `domain:verb` name, a zod input schema, a result type.
 * Each event: a name and a payload type. Electron IPC (preload) and the loopback web host both carry exactly this.
 * This file imports neither electron, node:* nor Vue (lint-enforced).
 */

/** What the cashier rang up. Amounts are decimal strings in `currency`. */
export interface SaleLine {
  name: string
  unitPrice: string
  quantity: number
}

/**
 * Where a sale stands, from the till's point of view.
 * `creating`: the invoice is being created (or re-looked-up after a crash); `awaiting`: invoice open;
 * `paid`: settled; `expired`/`invalid`: the attempt ended; `cancelled`: the cashier cancelled;
 * `failed`: the processor refused to create an invoice (see `error`).
 */
export type SaleState = 'creating' | 'awaiting' | 'paid' | 'expired' | 'invalid' | 'cancelled' | 'failed'

/** A sale and its invoice as the renderer sees them. */
export interface SaleView {
  id: string
  /** ISO 8601. */
  createdAt: string
  currency: string
  /** Fiat total, decimal string. */
  amount: string
  memo: string | null
  lines: SaleLine[]
  processor: ProcessorId
  state: SaleState
  error: KassaErrorData | null
  invoice: Invoice | null
  /** True when the Demo processor's Simulate payment control applies. */
  simulatable: boolean
  /** Sales tax in percent (decimal string, `"10"` = 10 %), applied to the lines; `"0"` when none. */
  taxRate: string
  /** Fiat decimal strings: sum of the lines, tax, discount. `amount` = subtotal + tax − discount. */
  subtotal: string
  tax: string
  discount: string
  /** The payment method or coin the cashier chose (`BTC`, `LTC`, …), or null for the processor's default. */
  paymentMethod: string | null
  /** Refunds of this sale, oldest first. */
  refunds: RefundView[]
  /** Fiat decimal string: what the refunds paid or promised so far (cancelled ones excluded). */
  refunded: string
}

/** One processor as Settings shows it; never carries the key itself. */
export interface ProcessorSettingsView {
  id: ProcessorId
  label: string
  /** A connector exists in this build. */
  available: boolean
  /** Needs an API key in the keychain. */
  needsKey: boolean
  keyStored: boolean
  /** Masked hint of the stored key (`••••3f9a`), or null. */
  keyHint: string | null
  /** Configured (key stored and connection settings saved): it can be made the till's processor. */
  connected: boolean
  config: ProcessorConfigView | null
  /** The last connection check of this run, or null. */
  connection: ConnectionView | null
  /** How refunds work with this processor. */
  refunds: 'api' | 'withdrawal' | 'record'
  /** What the owner should know about this processor (e.g. why BTPay cannot call back a till). */
  notes: string[]
  /** Its key can be revoked at the processor from the till (BTCPay). */
  canRevokeKey: boolean
  /** The capability ports its live connector has (`pullPayments`, `account`, …); empty when not connected. */
  ports: string[]
}

/** The settings the renderer may read. */
export interface SettingsView {
  currency: string
  /** Sales tax in percent applied to itemised sales, decimal string (`"0"` = none). */
  taxRate: string
  processor: ProcessorId
  processors: ProcessorSettingsView[]
  keychain: { available: boolean; reason: string | null }
}

/** Facts about the running till. */
export interface AppInfo {
  name: 'Kassa'
  version: string
  transport: 'ipc' | 'web'
}

const Empty = z.strictObject({})

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
      taxRate: PercentSchema.optional()
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

/** What the Demo processor's Simulate payment control can do. */
/** Demo: pay in full, half, 10 % too much; let the quote expire; or `late`: expire, then pay in full. */
export type SimulateKind = 'full' | 'partial' | 'over' | 'expire' | 'late'

/** Every main → renderer event and its payload. */
export interface Events {
  /** A sale or its invoice changed (status, payment seen, …). */
  'sale:updated': SaleView
  /** Whether the current processor answered its last request. */
  'connectivity:changed': { processor: ProcessorId; online: boolean; message: string | null }
}

export const EVENT_NAMES = [
  'sale:updated',
  'connectivity:changed'
] as const satisfies readonly (keyof Events)[]

export type Calls = typeof calls
export type CallName = keyof Calls
export type EventName = keyof Events
/** The input a caller passes (before parsing). */
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>
/** The input a handler receives (after parsing). */
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>
export type CallOutput<K extends CallName> = Calls[K]['output']

export const CALL_NAMES = Object.keys(calls) as CallName[]

/** True when `name` is a call of the contract. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name)
}

/** Raw transport: what IPC and the web host both provide. */
export interface Transport {
  invoke<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>>
  subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void, signal?: AbortSignal): void
}

type Domain<K> = K extends `${infer D}:${string}` ? D : never

/** `window.kassa`: one named function per call (`kassa.sale.charge({...})`), plus `on` for events. */
export type KassaApi = {
  [D in Domain<CallName>]: {
    [K in CallName as K extends `${D}:${infer V}` ? V : never]: (
      input: CallInput<K>
    ) => Promise<Result<CallOutput<K>>>
  }
} & {
  /** Subscribe to an event; abort `signal` to unsubscribe. */
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void, signal?: AbortSignal): void
}

/** Build the named-function API over a transport. Used by the preload and by the browser client alike. */
export function createKassaApi(transport: Transport): KassaApi {
  const api: Record<string, unknown> = {}
  for (const name of CALL_NAMES) {
    const [domain, verb] = name.split(':') as [string, string]
    const group = (api[domain] ??= {}) as Record<string, unknown>
    group[verb] = (input: unknown) => transport.invoke(name, input as never)
  }
  api.on = (name: EventName, listener: (payload: never) => void, signal?: AbortSignal) =>
    transport.subscribe(name, listener as never, signal)
  return api as KassaApi
}

export type { Result, KassaErrorData }
export type { WebhookStatusView, WebhookRegistrationView }
export type {
  RefundKind,
  RefundState,
  RefundView,
  RefundVariantPreview,
  RefundOptionsView,
  WithdrawalEstimateView,
  PayOptionView,
  ConnectionView,
  BalanceView,
  OperationView,
  OperationPageView,
  ProcessorConfigView
}
