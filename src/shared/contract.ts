import { z } from 'zod'
import {
  AddressSchema,
  DecimalStringSchema,
  FiatCurrencySchema,
  PaymentMethodSchema,
  PercentSchema,
  ProcessorIdSchema,
  RefundIdSchema,
  SaleIdSchema,
  SaleLineSchema,
  ServerUrlSchema,
  refineAmount
} from './schemas'
import type { Invoice, ProcessorId } from './invoice'
import type { KassaErrorData, Result } from './errors'

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

/**
 * How a refund is paid: `pull-payment` (BTCPay or the Demo: the customer claims it through `claimLink`),
 * `withdrawal` (Plisio: Kassa pays out from the shop balance to the customer's address), `recorded` (paid outside
 * Kassa, e.g. cash; only written down so the day close stays true).
 */
export type RefundKind = 'pull-payment' | 'withdrawal' | 'recorded'

/**
 * Where a refund stands. `awaiting-claim`: the customer has not yet given an address; `awaiting-approval`: a payout
 * waits for the owner's approval (it can still be cancelled); `in-progress`: being paid; `completed`: paid or
 * recorded; `cancelled`; `failed`.
 */
export type RefundState =
  'awaiting-claim' | 'awaiting-approval' | 'in-progress' | 'completed' | 'cancelled' | 'failed'

/** A refund as the till shows and prints it. Amounts are decimal strings. */
export interface RefundView {
  /** Kassa's refund id (`rfd_…`). */
  id: string
  saleId: string
  processor: ProcessorId
  kind: RefundKind
  /** BTCPay's refund variant (`RateThen`, `Fiat`, …) for pull payments; null otherwise. */
  variant: string | null
  /** 0–100, decimal string, for pull payments; null otherwise. */
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

const ConnectInput = z.discriminatedUnion('processor', [
  z.strictObject({
    processor: z.literal('btcpay'),
    serverUrl: ServerUrlSchema,
    storeId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a BTCPay store id'),
    /** Omit to re-check with the key already in the keychain. */
    apiKey: ApiKeySchema.optional(),
    activate: z.boolean().optional()
  }),
  z.strictObject({
    processor: z.literal('plisio'),
    apiKey: ApiKeySchema.optional(),
    activate: z.boolean().optional()
  }),
  z.strictObject({
    processor: z.literal('btpay'),
    baseUrl: ServerUrlSchema,
    apiKey: ApiKeySchema.optional(),
    graceSeconds: z.int().min(0).max(86_400).optional(),
    activate: z.boolean().optional()
  })
])

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
  'settings:storeKey': call<SettingsView>()(
    z.strictObject({ processor: ProcessorIdSchema, apiKey: ApiKeySchema })
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
    z.strictObject({ serverUrl: ServerUrlSchema, apiKey: ApiKeySchema.optional() })
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
  /** Find sales by sale id, processor invoice id or receipt number (whole or start of it), newest first. */
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
      reason: z.string().trim().max(200).optional()
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
      reason: z.string().trim().max(200).optional()
    })
  ),
  /** Record a refund paid outside Kassa (cash, another wallet); `amount` in the sale's fiat currency. */
  'refund:record': call<RefundView>()(
    z.strictObject({
      saleId: SaleIdSchema,
      amount: DecimalStringSchema,
      method: z.enum(['cash', 'wallet', 'other']),
      reason: z.string().trim().min(1, 'Say why the refund was made').max(200)
    })
  ),
  /** BTCPay: cancel a refund's payout still awaiting approval (or its unclaimed pull payment). */
  'refund:cancel': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  /** Re-read a refund's state from the processor. */
  'refund:refresh': call<RefundView>()(z.strictObject({ refundId: RefundIdSchema })),
  'invoice:focus': call<{ focused: string | null }>()(z.strictObject({ saleId: SaleIdSchema.nullable() })),
  'demo:simulate': call<SaleView>()(
    z.strictObject({ saleId: SaleIdSchema, kind: z.enum(['full', 'partial', 'over', 'expire']) })
  )
} as const

/** What the Demo processor's Simulate payment control can do. */
export type SimulateKind = 'full' | 'partial' | 'over' | 'expire'

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
