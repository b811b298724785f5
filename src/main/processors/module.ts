import type { z } from 'zod'
import type { ConnectionView, ProcessorConfigView } from '@shared/contract'
import type { ProcessorPorts } from './ports'
import type { PaymentProcessor } from './types'
import type { Logger } from '../log/logger'

/** What a module is given to build and check its connector. Times in milliseconds since the epoch. */
export interface ModuleContext {
  now(): number
  /** The store currency (ISO 4217), e.g. for Plisio's coin list in the connection view. */
  currency(): string
  /** The till's data folder (the Demo keeps its own books there). */
  dataDir: string
  /** Connector options on top of the stored config, by module id (tests' `fetch` and timeouts, an API root). */
  overrides: Readonly<Record<string, Record<string, unknown> | undefined>>
  /** The core's log; a connector writes its request lines to `log.child({ processor: id })`. */
  log: Logger
}

/**
 * How a processor reaches the till. `register`: Kassa registers a webhook with it through its `webhooks` port
 * (BTCPay, BTPay); `static`: the owner enters the till's address in the processor's own dashboard and deliveries are
 * signed with the API key (Plisio); `none`: it never calls (the Demo).
 */
export interface WebhookFacts {
  mode: 'register' | 'static' | 'none'
  /** How Kassa follows its invoices without webhooks, in a sentence for Settings. */
  followed: string
  /** `static`: where in the processor's dashboard the till's address goes, in a sentence for Settings. */
  setup?: string
  /** What else the owner must know about its deliveries (BTPay 0.1 sends none yet). */
  caveat?: string
}

/** What `build` is given besides the config: the key, and the webhook secret Kassa holds for it, if any. */
export interface BuildSecrets {
  apiKey: string
  webhookSecret?: string
}

/**
 * One payment processor as a module (`processors/<id>/module.ts`): its id, words, the settings it keeps, how to build
 * and check its connector, and (on the connector, `ports`) the capability ports it has. The registry iterates one
 * list of modules (`processors/modules.ts`); adding a processor is its folder and one line there.
 * `Config` is the non-secret settings the ledger keeps under `config:<id>`; the key lives in the OS keychain.
 */
export interface ProcessorModule<Config extends Record<string, unknown> = Record<string, unknown>> {
  /** Kassa's id of the processor (`btcpay`): lower-case letters, digits and `-`. */
  readonly id: string
  /** Shown in Settings and on the till (`BTCPay Server`). */
  readonly label: string
  /** What Settings shows about it whatever the connection check says. */
  readonly notes: readonly string[]
  /** How refunds work: `api` (pull payments), `withdrawal` (from the balance), `record` (outside Kassa only). */
  readonly refunds: 'api' | 'withdrawal' | 'record'
  /** False for a processor that is always there and has no key (the Demo). */
  readonly needsKey: boolean
  /** How the processor can call the till (Settings → Webhooks); the words are the module's. */
  readonly webhooks: WebhookFacts
  /** The key can be revoked at the processor from the till (BTCPay `DELETE /api/v1/api-keys/current`). */
  readonly canRevokeKey?: boolean
  /** The non-secret settings, strict: parses a connect request (extra fields are the contract's) and the stored JSON. */
  readonly configSchema: z.ZodType<Config>
  /**
   * The settings to store for a connect request that passed `configSchema`; `previous` is what is stored now (a
   * field the owner did not send keeps its value), `context` gives the build's API root where it has one.
   */
  configFrom(request: Config, previous: Config | null, context: ModuleContext): Config
  /** Where a connector built from `config` in this build sends its key. */
  keyTarget(config: Config, context: ModuleContext): string
  /** Where the key stored with `config` was checked and may go (default `keyTarget`): a stored key goes only there. */
  keyBinding?(config: Config): string
  /** The connector for these settings and secrets (no network). */
  build(config: Config, secrets: BuildSecrets, context: ModuleContext): PaymentProcessor
  /**
   * Check the key and settings against the processor and describe the account for Settings.
   * @throws ProcessorError (`processor-auth` for a refused key, `processor-connection` for a wrong address, …)
   */
  verify(processor: PaymentProcessor, context: ModuleContext): Promise<ConnectionView>
  /** The settings as Settings shows them (no secret); default: the config itself. */
  configView?(config: Config): ProcessorConfigView
  /** Revoke the connector's key at the processor (see `canRevokeKey`). @throws ProcessorError */
  revokeKey?(processor: PaymentProcessor): Promise<void>
  /**
   * The stores (shops, accounts) a key can see at a server, before anything is stored (BTCPay `GET /api/v1/stores`).
   * @throws ProcessorError
   */
  stores?(
    server: string,
    apiKey: string,
    context: ModuleContext
  ): Promise<{ id: string; name: string; defaultCurrency: string | null }[]>
}

/** The names of the capability ports a connector has, for Settings (`['pullPayments', 'invoiceList', …]`). */
export function portNames(ports: ProcessorPorts): (keyof ProcessorPorts)[] {
  return (Object.keys(ports) as (keyof ProcessorPorts)[]).filter((name) => ports[name] !== undefined)
}
