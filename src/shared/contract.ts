import { z } from 'zod'
import {
  DecimalStringSchema,
  FiatCurrencySchema,
  ProcessorIdSchema,
  SaleIdSchema,
  SaleLineSchema,
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
}

/** The settings the renderer may read. */
export interface SettingsView {
  currency: string
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
    amount: DecimalStringSchema,
    currency: FiatCurrencySchema,
    memo: z.string().trim().max(200).optional(),
    lines: z.array(SaleLineSchema).max(200).optional()
  })
  .superRefine((value, ctx) => refineAmount(value, ctx))

/** Declares a call: `call<Result>()(inputSchema)`. The result type is a phantom, checked at compile time. */
function call<O>() {
  return <I extends z.ZodType>(input: I): { input: I; output: O } => ({ input, output: undefined as O })
}

/** Every renderer → main call. */
export const calls = {
  'app:info': call<AppInfo>()(Empty),
  'settings:get': call<SettingsView>()(Empty),
  'settings:update': call<SettingsView>()(
    z.strictObject({ currency: FiatCurrencySchema.optional(), processor: ProcessorIdSchema.optional() })
  ),
  'settings:storeKey': call<SettingsView>()(
    z.strictObject({
      processor: ProcessorIdSchema,
      apiKey: z
        .string()
        .trim()
        .min(8, 'API key is too short')
        .max(4096, 'API key is too long')
        .regex(/^[\x21-\x7e]+$/, 'API key must be printable characters without spaces')
    })
  ),
  'settings:deleteKey': call<SettingsView>()(z.strictObject({ processor: ProcessorIdSchema })),
  'sale:charge': call<SaleView>()(ChargeInput),
  'sale:get': call<SaleView>()(z.strictObject({ saleId: SaleIdSchema })),
  'sale:list': call<SaleView[]>()(z.strictObject({ limit: z.int().min(1).max(200).optional() })),
  'sale:cancel': call<SaleView>()(z.strictObject({ saleId: SaleIdSchema })),
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
