import type { ConnectionView, ProcessorConfigView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { sameServerUrl } from '@shared/server-url'
import type { Ledger } from '../ledger/ledger'
import { silentLogger, type Logger } from '../log/logger'
import { holdSecret } from '../secrets/redact'
import { createBtcpayProcessor, type BtcpayConfig, type BtcpayProcessor } from './btcpay'
import { createBtpayProcessor, type BtpayConfig, type BtpayProcessor } from './btpay/processor'
import { btcpayConnectionView, btpayConnectionView, plisioConnectionView } from './connection-view'
import { ProcessorError } from './errors'
import { PLISIO_API_BASE } from './plisio/client'
import { createPlisioProcessor, type PlisioConfig, type PlisioProcessor } from './plisio/processor'
import type { PaymentProcessor } from './types'

/**
 * Non-secret settings of each connectable processor, as stored in the ledger's settings (`config:<id>`). The URL
 * in each is the server its key was checked against and stored with, and the only one the key is ever sent to:
 * BTCPay's `serverUrl`, BTPay's `baseUrl`, Plisio's `apiUrl` (the build's API root at connect; absent in configs
 * stored before keys were bound, which means the public root).
 */
export interface StoredConfigs {
  btcpay: { serverUrl: string; storeId: string }
  plisio: { apiUrl?: string }
  btpay: { baseUrl: string; graceSeconds: number }
}
export type ConnectableId = keyof StoredConfigs
/** Any one of them, as read back from the ledger. */
type StoredConfig = ProcessorConfigView & StoredConfigs['plisio']

/** Extra connector options (tests inject `fetch`, short timeouts; the simulator's base URL for Plisio). */
export interface ConnectorOverrides {
  btcpay?: Partial<BtcpayConfig>
  plisio?: Partial<PlisioConfig>
  btpay?: Partial<BtpayConfig>
}

/**
 * A connect request after the contract's schema: the key may be omitted to reuse the stored one, but only for the
 * server it was stored with.
 */
export type ConnectRequest =
  | { processor: 'btcpay'; serverUrl: string; storeId: string; apiKey?: string }
  | { processor: 'plisio'; apiKey?: string }
  | { processor: 'btpay'; baseUrl: string; apiKey?: string; graceSeconds?: number }

/** Where the registry keeps keys: the settings service over the OS keychain. */
export interface KeyVault {
  apiKey(processor: ProcessorId): Promise<string | null>
  storeKey(processor: ProcessorId, apiKey: string): Promise<unknown>
  deleteKey(processor: ProcessorId): Promise<unknown>
}

/** Default grace after a BTPay quote deadline before a pending invoice is cancelled (seconds). */
export const DEFAULT_BTPAY_GRACE_SECONDS = 600

const CONNECTABLE: readonly ConnectableId[] = ['btcpay', 'plisio', 'btpay']

/**
 * The till's processors: the Demo, always there, and the connectors the owner connected in Settings, built from
 * the ledger's settings and the key in the keychain. A connector is replaced as a whole when its settings change,
 * so the tracker and the sale service always ask `get(id)` rather than keeping one.
 */
export class ProcessorRegistry {
  private readonly live = new Map<ProcessorId, PaymentProcessor>()
  private readonly connections = new Map<ProcessorId, ConnectionView>()

  constructor(
    private readonly deps: {
      ledger: Ledger
      keys: KeyVault
      demo: PaymentProcessor
      overrides?: ConnectorOverrides
      now?: () => number
      /** Store currency, for Plisio's coin list in the connection view. */
      currency(): string
      /** The keychain's webhook secret of a processor, for its connector to verify deliveries with. */
      webhookSecret?(id: ProcessorId): Promise<string | null>
      /** The core's log: load problems here, and each connector's requests (bound to its `processor` id). */
      log?: Logger
    }
  ) {
    this.live.set('demo', deps.demo)
  }

  /** The connector of `id`, or null when it is not connected (its invoices wait). */
  get(id: ProcessorId): PaymentProcessor | null {
    return this.live.get(id) ?? null
  }

  /** Processors that exist in this build (all four). */
  get available(): ReadonlySet<ProcessorId> {
    return new Set<ProcessorId>(['demo', ...CONNECTABLE])
  }

  /** True when `id` has stored settings and a live connector. */
  isConnected(id: ProcessorId): boolean {
    return this.live.has(id)
  }

  /** The stored non-secret settings of `id`, or null (Plisio's API root stays inside main). */
  config(id: ProcessorId): ProcessorConfigView | null {
    if (id === 'demo') return null
    const config = this.storedConfig(id)
    return id === 'plisio' && config ? {} : config
  }

  /** The last connection check of this run, or null. */
  connection(id: ProcessorId): ConnectionView | null {
    return this.connections.get(id) ?? null
  }

  /**
   * Build the connectors the owner connected before (at start). A missing key (keychain emptied, or locked) leaves
   * that processor disconnected and is logged, and so does a key bound to another server than this build would
   * send it to (Plisio with another `KASSA_PLISIO_API_URL`); the rest still load.
   */
  async load(): Promise<void> {
    for (const id of CONNECTABLE) {
      const config = this.storedConfig(id)
      if (!config) continue
      try {
        const target = this.keyTarget(id, config)
        if (!sameServerUrl(this.keyBinding(id, config), target)) {
          this.log.warn(
            { processor: id },
            `${id}'s key was stored for another server than ${target}: type it again`
          )
          continue
        }
        const apiKey = await this.deps.keys.apiKey(id)
        if (!apiKey) {
          this.log.warn({ processor: id }, `${id} is configured but its key is not in the keychain`)
          continue
        }
        holdSecret(apiKey)
        await this.install(id, this.build(id, config, apiKey, await this.webhookSecret(id)))
      } catch (error) {
        this.log.warn({ processor: id, err: error }, `could not load ${id}`)
      }
    }
  }

  /**
   * Check the key and settings against the processor; only when the check passes store the key (keychain) and the
   * settings (ledger) and put the new connector in place. Without a key, the stored one is used only when the
   * request names the server it was stored with; nothing is sent anywhere otherwise.
   * @throws KassaError `not-configured` when no key is given and none is stored; `invalid-input` when no key is
   *   given for another server than the stored key's; ProcessorError from the check (`processor-auth` for a
   *   refused key, `processor-connection` for a wrong URL, …); KassaError `keychain-unavailable` when the key
   *   cannot be stored.
   */
  async connect(request: ConnectRequest): Promise<ConnectionView> {
    const id = request.processor
    const config = configOf(request, this.storedConfig('btpay'), this.plisioRoot())
    const apiKey = request.apiKey ?? (await this.storedKeyFor(id, this.keyTarget(id, config)))
    holdSecret(apiKey)
    const candidate = this.build(id, config, apiKey, await this.webhookSecret(id))
    let view: ConnectionView
    try {
      view = await this.verify(id, candidate)
    } catch (error) {
      await candidate.close?.()
      throw error
    }
    if (request.apiKey) await this.deps.keys.storeKey(id, request.apiKey)
    this.deps.ledger.setSetting(`config:${id}`, JSON.stringify(config))
    this.deps.ledger.audit('owner', 'processor.connected', null, { processor: id, ...config })
    await this.install(id, candidate)
    this.connections.set(id, view)
    return view
  }

  /** Re-check a connected processor with its stored key. @throws KassaError `not-configured`; ProcessorError. */
  async check(id: ProcessorId): Promise<ConnectionView> {
    const processor = this.get(id)
    if (!processor) throw new KassaError('not-configured', 'This processor is not connected')
    const view = await this.verify(id, processor)
    this.connections.set(id, view)
    return view
  }

  /**
   * Forget a processor: optionally revoke BTCPay's key on the server first, then remove the key from the keychain
   * and the settings from the ledger. A failed revoke does not stop the local removal; it is reported.
   */
  async disconnect(
    id: ProcessorId,
    revokeKey: boolean
  ): Promise<{ revoked: boolean; revokeError: string | null }> {
    if (id === 'demo') throw new KassaError('conflict', 'The Demo processor cannot be disconnected')
    const processor = this.get(id)
    let revoked = false
    let revokeError: string | null = null
    if (revokeKey) {
      if (id !== 'btcpay') revokeError = 'Only a BTCPay Server key can be revoked from the till'
      else if (!processor) revokeError = 'Not connected: there is no key to revoke'
      else {
        try {
          await (processor as BtcpayProcessor).apiKeys.revokeCurrent()
          revoked = true
        } catch (error) {
          revokeError = error instanceof Error ? error.message : 'Revoking the key failed'
        }
      }
    }
    await this.deps.keys.deleteKey(id)
    this.deps.ledger.setSetting(`config:${id}`, null)
    // The till falls back to the Demo for good: a later connect with `activate: false` must not revive the choice.
    if (this.deps.ledger.getSetting('processor') === id) this.deps.ledger.setSetting('processor', 'demo')
    this.deps.ledger.audit('owner', 'processor.disconnected', null, { processor: id, revoked })
    this.live.delete(id)
    this.connections.delete(id)
    await processor?.close?.()
    return { revoked, revokeError }
  }

  /**
   * BTCPay: the stores a key can see (`GET /api/v1/stores`), with the given key or, on the server it was stored
   * with only, the stored one.
   * @throws KassaError `not-configured` without a key; `invalid-input` without a key for another server than the
   *   stored key's (nothing is sent); ProcessorError from BTCPay.
   */
  async btcpayStores(
    serverUrl: string,
    apiKey?: string
  ): Promise<{ id: string; name: string; defaultCurrency: string | null }[]> {
    const key = apiKey ?? (await this.storedKeyFor('btcpay', serverUrl))
    holdSecret(key)
    const probe = createBtcpayProcessor({
      ...this.deps.overrides?.btcpay,
      log: this.requestLog('btcpay'),
      serverUrl,
      storeId: '_',
      apiKey: key
    })
    const stores = await probe.stores.list()
    return stores.map((store) => ({ id: store.id, name: store.name, defaultCurrency: store.defaultCurrency }))
  }

  /** Close every connector. */
  async close(): Promise<void> {
    for (const processor of this.live.values()) await processor.close?.()
  }

  private get log(): Logger {
    return this.deps.log ?? silentLogger()
  }

  /** The logger a connector's HTTP client writes its request lines to. */
  private requestLog(id: ConnectableId): Logger {
    return this.log.child({ processor: id })
  }

  private async install(id: ProcessorId, processor: PaymentProcessor): Promise<void> {
    const previous = this.live.get(id)
    this.live.set(id, processor)
    if (previous && previous !== processor) await previous.close?.()
  }

  /**
   * The stored key of `id`, for a request that would send it to `target`.
   * @throws KassaError `not-configured` when none is stored; `invalid-input` when it was stored with another
   *   server (or with none: a key kept before keys were bound), so the owner types it again.
   */
  private async storedKeyFor(id: ConnectableId, target: string): Promise<string> {
    const apiKey = await this.deps.keys.apiKey(id)
    if (!apiKey) throw new KassaError('not-configured', 'Give the API key: none is stored for this processor')
    holdSecret(apiKey)
    const stored = this.storedConfig(id)
    if (!stored) {
      throw new KassaError('invalid-input', 'Type the API key again: the stored one is not tied to a server')
    }
    const bound = this.keyBinding(id, stored)
    if (!sameServerUrl(bound, target)) {
      throw new KassaError(
        'invalid-input',
        `A new server needs its key typed again: the stored key is only sent to ${bound}, where it was stored`
      )
    }
    return apiKey
  }

  /** The server a stored key belongs to, from the config it was stored with. */
  private keyBinding(id: ConnectableId, stored: StoredConfig): string {
    if (id === 'btcpay') return stored.serverUrl ?? ''
    if (id === 'btpay') return stored.baseUrl ?? ''
    return stored.apiUrl ?? PLISIO_API_BASE
  }

  /** Where a connector built from `config` sends its key. */
  private keyTarget(id: ConnectableId, config: ProcessorConfigView): string {
    if (id === 'btcpay') return config.serverUrl ?? ''
    if (id === 'btpay') return config.baseUrl ?? ''
    return this.plisioRoot()
  }

  /** Plisio's API root in this build (`KASSA_PLISIO_API_URL` or the public one). */
  private plisioRoot(): string {
    return this.deps.overrides?.plisio?.baseUrl ?? PLISIO_API_BASE
  }

  private storedConfig(id: ProcessorId): StoredConfig | null {
    const raw = this.deps.ledger.getSetting(`config:${id}`)
    if (!raw) return null
    try {
      return JSON.parse(raw) as StoredConfig
    } catch {
      return null
    }
  }

  private async webhookSecret(id: ProcessorId): Promise<{ webhookSecret?: string }> {
    const secret = await this.deps.webhookSecret?.(id)
    return secret ? { webhookSecret: secret } : {}
  }

  private build(
    id: ProcessorId,
    config: ProcessorConfigView | null,
    apiKey: string,
    webhook: { webhookSecret?: string } = {}
  ): PaymentProcessor {
    const o = this.deps.overrides ?? {}
    switch (id) {
      case 'btcpay': {
        const c = config as StoredConfigs['btcpay']
        return createBtcpayProcessor({
          ...o.btcpay,
          log: this.requestLog(id),
          serverUrl: c.serverUrl,
          storeId: c.storeId,
          apiKey,
          ...webhook
        })
      }
      case 'plisio':
        return createPlisioProcessor({ ...o.plisio, log: this.requestLog(id), apiKey })
      case 'btpay': {
        const c = config as StoredConfigs['btpay']
        return createBtpayProcessor({
          now: this.deps.now,
          ...o.btpay,
          log: this.requestLog(id),
          baseUrl: c.baseUrl,
          apiKey,
          graceSeconds: c.graceSeconds,
          ...webhook
        })
      }
      default:
        throw new KassaError('conflict', `${id} needs no connection`)
    }
  }

  private async verify(id: ProcessorId, processor: PaymentProcessor): Promise<ConnectionView> {
    const at = new Date((this.deps.now ?? Date.now)()).toISOString()
    switch (id) {
      case 'btcpay':
        return btcpayConnectionView(await (processor as BtcpayProcessor).verifyConnection(), at)
      case 'btpay':
        return btpayConnectionView(await (processor as BtpayProcessor).verifyConnection(), at)
      case 'plisio': {
        const plisio = processor as PlisioProcessor
        const info = await plisio.verifyConnection()
        const shop = await plisio.getShop()
        const fiat = this.deps.currency()
        const coins = await plisio.listCurrencies(fiat).catch((error: unknown) => {
          if (error instanceof ProcessorError && error.code !== 'processor-auth') return []
          throw error
        })
        return plisioConnectionView(info, shop, coins, fiat, at)
      }
      default:
        throw new KassaError('conflict', `${id} needs no connection`)
    }
  }
}

function configOf(
  request: ConnectRequest,
  previousBtpay: StoredConfig | null,
  plisioRoot: string
): StoredConfig {
  switch (request.processor) {
    case 'btcpay':
      return { serverUrl: request.serverUrl, storeId: request.storeId }
    case 'plisio':
      return { apiUrl: plisioRoot }
    case 'btpay':
      return {
        baseUrl: request.baseUrl,
        graceSeconds: request.graceSeconds ?? previousBtpay?.graceSeconds ?? DEFAULT_BTPAY_GRACE_SECONDS
      }
  }
}
