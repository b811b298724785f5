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
import type { WebhookRegistrationView, WebhookStatusView } from './webhooks'
import type { CallInput, Calls, ParsedInput } from './call-schemas'
import type { Adjustment } from './cart'
export type { Adjustment } from './cart'
import type { ReceiptSettingsView } from './receipt'
import type { BusinessDaySettingsView, ReconcileRunView } from './day'
import type { RefundPolicyView } from './refund-policy'
import type { CustomerView } from './customers'
import type { RecoveryItemView } from './recovery'
import type { ProcessorHealthView } from './health'
import type { OfflinePolicyView, SaleOutboxView } from './outbox'
import type { KioskSettingsView } from './kiosk'
import type { AgentRequestView } from './agents'

/** A sale's customer as the till shows it. */
export type SaleCustomerView = Pick<CustomerView, 'id' | 'name' | 'email' | 'phone'>

/**
 * The one contract between renderer and main. Each call: a `domain:verb` name, a zod input schema, a result type.
 * Each event: a name and a payload type. Electron IPC (preload) and the loopback web host both carry exactly this.
 * This file imports neither electron, node:* nor Vue (lint-enforced), and no zod at run time: the schemas are in
 * `./call-schemas`, which only main imports; here are the names and the types the renderer and preload need.
 */

/** What the cashier rang up. Amounts are decimal strings in `currency`. */
export interface SaleLine {
  name: string
  /** Per unit, as priced (tax included when the store's prices include tax). */
  unitPrice: string
  quantity: number
  /**
   * This line's tax in percent (`"7"`); absent or null in a charge = the sale's default rate. A sale's stored
   * lines carry the rate that was applied.
   */
  taxRate?: string | null
  /** The catalog item it was rung up from (`itm_…`), absent for a keypad line. */
  itemId?: string | null
  /** The item's SKU at the time of sale, for receipts and the processor's cart. */
  sku?: string | null
}

/** One tax rate's share of a sale, decimal strings: `base` is net of tax and of the discount. */
export interface TaxLineView {
  rate: string
  base: string
  tax: string
}

/**
 * How the till computes carts (Settings → Till): whether prices include tax, the tip presets offered on the
 * payment screen, and the per-sale amount above which Charge asks the cashier to confirm.
 */
export interface TillSettingsView {
  /** True: prices include tax (VAT); false: tax is added at the end (US sales tax). */
  taxInclusive: boolean
  /** Offer a tip on the payment screen before the invoice is made. */
  tipsEnabled: boolean
  /** Percent presets, decimal strings (`["10", "15", "20"]`). */
  tipPresets: string[]
  /** Decimal string in the store currency (default `"5000"`): above it Charge asks to confirm the amount. */
  maxSaleAmount: string
  /** This till's name in receipt numbers (`<till>-<yyyymmdd>-<n>`), e.g. `T1`. */
  tillId: string
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
  /** Default tax percent of the sale's lines (decimal string, `"10"` = 10 %); `"0"` for a keypad sale. */
  taxRate: string
  /** Fiat decimal strings: sum of the lines (as priced), tax (all rates), order discount. */
  subtotal: string
  tax: string
  discount: string
  /**
   * Cart arithmetic (`src/shared/cart.ts`), decimal strings: `amount` = subtotal − discount +
   * (taxInclusive ? 0 : tax) + tip. A sale from before the cart keeps its stored amounts: tip `"0.00"`, one tax
   * line of its single rate (its tax was on the subtotal, the discount taken after it).
   */
  tip: string
  /** Tax per rate, highest rate first; empty for a keypad sale without tax. */
  taxes: TaxLineView[]
  taxInclusive: boolean
  /** The order discount as the cashier gave it (`{kind: 'percent', value: '10'}`), or null. */
  discountGiven: Adjustment | null
  /** The tip as the customer chose it, or null for none. */
  tipGiven: Adjustment | null
  /** The human receipt number (`T1-20261128-42`), once the sale is paid; null before. */
  receiptNumber: string | null
  /** The payment method or coin the cashier chose (`BTC`, `LTC`, …), or null for the processor's default. */
  paymentMethod: string | null
  /** The customer attached at the till, or null (none, or erased since). */
  customer: SaleCustomerView | null
  /** Refunds of this sale, oldest first. */
  refunds: RefundView[]
  /** Fiat decimal string: what the refunds paid or promised so far (cancelled ones excluded). */
  refunded: string
  /** Waiting in the outbox for its processor (`./outbox`), or null. */
  outbox: SaleOutboxView | null
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
  /** Whether API keys can be stored; `reason` in plain words, `detail` the keychain's own error. */
  keychain: { available: boolean; reason: string | null; detail?: string | null }
  /** Cart and till behaviour (Settings → Till). */
  till: TillSettingsView
  /** The UI locale the owner chose (`de`, `de-AT`, `en-GB`), or null to follow the OS. */
  locale: string | null
  /** Shop details on receipts, the network printer and the SMTP server (`./receipt`); never the SMTP password. */
  receipt?: ReceiptSettingsView
  /** The store's business day: time zone and start hour (`./day`). */
  businessDay: BusinessDaySettingsView
  /** Settings → Refund policy (`./refund-policy`); defaults keep refunds as they were. */
  refundPolicy: RefundPolicyView
  /** Settings → Offline sales (`./outbox`): what may be taken while a processor cannot be reached. */
  offline: OfflinePolicyView
  /** Settings → Kiosk (`./kiosk`): the customer self-service flow and its locked window. */
  kiosk: KioskSettingsView
}

/** Facts about the running till. */
export interface AppInfo {
  name: 'Kassa'
  version: string
  transport: 'ipc' | 'web'
}

/** What the Demo processor's Simulate payment control can do. */
/** Demo: pay in full, half, 10 % too much; let the quote expire; or `late`: expire, then pay in full. */
export type SimulateKind = 'full' | 'partial' | 'over' | 'expire' | 'late'

/** Every main → renderer event and its payload. */
export interface Events {
  /** A sale or its invoice changed (status, payment seen, …). */
  'sale:updated': SaleView
  /** A connected processor's health changed (state or detail; `src/main/health/`). */
  'connectivity:changed': ProcessorHealthView
  /** A reconciliation run moved on (pages read, state); its differences come with `reconcile:get`. */
  'reconcile:progress': Pick<ReconcileRunView, 'id' | 'processor' | 'state' | 'progress'>
  /** A failed charge entered the Recovery queue or moved on (request made, paid, abandoned, message sent). */
  'recovery:updated': RecoveryItemView
  /** An agent's request that needs a person was made or moved on (approved, declined, carried out, expired). */
  'agent:request': AgentRequestView
}

export const EVENT_NAMES = [
  'sale:updated',
  'connectivity:changed',
  'reconcile:progress',
  'recovery:updated',
  'agent:request'
] as const satisfies readonly (keyof Events)[]

export type { Calls, CallInput, ParsedInput }
export type CallName = keyof Calls
export type EventName = keyof Events
export type CallOutput<K extends CallName> = Calls[K]['output']

/**
 * Every call, as plain data: what the preload, the IPC handlers and the API client need, without loading the
 * schemas. `satisfies Record<CallName, true>` makes the compiler refuse both a call of `./call-schemas` left out
 * here and a name that is no call there (a unit test also compares the two lists).
 */
const CALLS_BY_NAME = {
  'app:info': true,
  'settings:get': true,
  'settings:update': true,
  'settings:deleteKey': true,
  'processor:connect': true,
  'processor:check': true,
  'processor:disconnect': true,
  'processor:health': true,
  'owner:balances': true,
  'owner:operations': true,
  'processor:stores': true,
  'sale:payOptions': true,
  'sale:charge': true,
  'sale:get': true,
  'sale:list': true,
  'sale:cancel': true,
  'sale:outbox': true,
  'sale:find': true,
  'refund:options': true,
  'refund:create': true,
  'refund:estimate': true,
  'refund:withdraw': true,
  'refund:record': true,
  'refund:cancel': true,
  'refund:refresh': true,
  'refund:release': true,
  'webhook:status': true,
  'webhook:register': true,
  'webhook:unregister': true,
  'invoice:focus': true,
  'demo:simulate': true,
  'catalog:list': true,
  'catalog:byCode': true,
  'catalog:save': true,
  'catalog:delete': true,
  'catalog:setEnabled': true,
  'catalog:importCsv': true,
  'catalog:exportCsv': true,
  'catalog:importProcessor': true,
  'receipt:get': true,
  'receipt:pdf': true,
  'receipt:email': true,
  'receipt:print': true,
  'receipt:printQueue': true,
  'receipt:printRetry': true,
  'receipt:printCancel': true,
  'receipt:testPrint': true,
  'receipt:testEmail': true,
  'owner:pinStatus': true,
  'owner:setPin': true,
  'owner:unlock': true,
  'owner:lock': true,
  'day:report': true,
  'day:close': true,
  'day:list': true,
  'day:charts': true,
  'day:pdf': true,
  'day:print': true,
  'export:csv': true,
  'reconcile:start': true,
  'reconcile:get': true,
  'reconcile:cancel': true,
  'reconcile:review': true,
  'reconcile:recheck': true,
  'reconcile:import': true,
  'customer:search': true,
  'customer:save': true,
  'customer:get': true,
  'customer:erase': true,
  'churn:signals': true,
  'recovery:list': true,
  'recovery:get': true,
  'recovery:request': true,
  'recovery:refresh': true,
  'recovery:abandon': true,
  'recovery:draft': true,
  'recovery:send': true,
  'recovery:outbox': true,
  'recovery:retry': true,
  'demo:simulateRequest': true,
  'recovery:templates': true,
  'recovery:saveTemplates': true,
  'device:pairStart': true,
  'device:list': true,
  'device:revoke': true,
  'agent:status': true,
  'agent:configure': true,
  'agent:createClient': true,
  'agent:revokeClient': true,
  'agent:audit': true,
  'agent:requests': true,
  'agent:approve': true,
  'agent:decline': true
} as const satisfies Record<CallName, true>

/**
 * The owner's calls: once an owner PIN is set, each needs a valid owner session (`owner:unlock`), else
 * `owner-required`. Everything else is the cashier's (selling, refunds within policy, receipts, reading settings).
 */
export const OWNER_CALLS = [
  'settings:update',
  'settings:deleteKey',
  'processor:connect',
  'processor:disconnect',
  'processor:stores',
  'owner:balances',
  'owner:operations',
  'webhook:register',
  'webhook:unregister',
  'catalog:save',
  'catalog:delete',
  'catalog:setEnabled',
  'catalog:importCsv',
  'catalog:exportCsv',
  'catalog:importProcessor',
  'receipt:testPrint',
  'receipt:testEmail',
  'day:report',
  'day:close',
  'day:list',
  'day:charts',
  'day:pdf',
  'day:print',
  'export:csv',
  'reconcile:start',
  'reconcile:get',
  'reconcile:cancel',
  'reconcile:review',
  'reconcile:recheck',
  'reconcile:import',
  'customer:save',
  'customer:get',
  'customer:erase',
  'churn:signals',
  'recovery:list',
  'recovery:get',
  'recovery:request',
  'recovery:refresh',
  'recovery:abandon',
  'recovery:draft',
  'recovery:send',
  'recovery:outbox',
  'recovery:retry',
  'demo:simulateRequest',
  'recovery:templates',
  'recovery:saveTemplates',
  'device:pairStart',
  'device:list',
  'device:revoke',
  'agent:status',
  'agent:configure',
  'agent:createClient',
  'agent:revokeClient',
  'agent:audit'
] as const satisfies readonly CallName[]

/** True when `name` is one of `OWNER_CALLS`. */
export function isOwnerCall(name: CallName): boolean {
  return (OWNER_CALLS as readonly CallName[]).includes(name)
}

/** Every call's name, in the schema object's order. */
export const CALL_NAMES = Object.keys(CALLS_BY_NAME) as CallName[]

/** True when `name` is a call of the contract. */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CALLS_BY_NAME, name)
}

/**
 * What a call carries besides its input: the caller's owner session (`owner:unlock`), which owner-only calls
 * (`OWNER_CALLS`) need once a PIN is set. IPC sends it as the invoke's extra argument, the web host as the
 * `X-Kassa-Owner` header.
 */
export interface CallOptions {
  ownerSession?: string | null
}

/** Raw transport: what IPC and the web host both provide. */
export interface Transport {
  invoke<K extends CallName>(
    name: K,
    input: CallInput<K>,
    options?: CallOptions
  ): Promise<Result<CallOutput<K>>>
  subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void, signal?: AbortSignal): void
}

type Domain<K> = K extends `${infer D}:${string}` ? D : never

/** `window.kassa`: one named function per call (`kassa.sale.charge({...})`), plus `on` for events. */
export type KassaApi = {
  [D in Domain<CallName>]: {
    [K in CallName as K extends `${D}:${infer V}` ? V : never]: (
      input: CallInput<K>,
      options?: CallOptions
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
    group[verb] = (input: unknown, options?: CallOptions) => transport.invoke(name, input as never, options)
  }
  api.on = (name: EventName, listener: (payload: never) => void, signal?: AbortSignal) =>
    transport.subscribe(name, listener as never, signal)
  return api as KassaApi
}

export type { Result, KassaErrorData }
export type { HealthState, ProcessorHealthView } from './health'
export type { OfflineMode, OfflinePolicyView, OfflineRefusal, SaleOutboxView } from './outbox'
export type {
  AgentAccessView,
  AgentCallView,
  AgentClientCreated,
  AgentClientView,
  AgentRequestView,
  AgentScope,
  AgentSettingsView
} from './agents'
export type { DeviceRole, DeviceView, PairingView, PairedDevice } from './devices'
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
