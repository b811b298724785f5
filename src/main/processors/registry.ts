import type { ConnectionView, ProcessorConfigView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { sameServerUrl } from '@shared/server-url'
import type { Ledger } from '../ledger/ledger'
import { holdSecret } from '../secrets/redact'
import type { ModuleContext, ProcessorModule } from './module'
import type { PaymentProcessor } from './types'

/**
 * Extra connector options by module id, on top of what Settings stores (tests inject `fetch` and short timeouts;
 * `KASSA_PLISIO_API_URL` gives Plisio's API root; the Demo's clock and block time).
 */
export type ConnectorOverrides = Record<string, Record<string, unknown> | undefined>

/**
 * A connect request after the contract's schema: the processor, its own fields (checked by its module's
 * `configSchema`), and the key, which may be omitted to reuse the stored one, but only for the server it was stored
 * with.
 */
export interface ConnectRequest {
  processor: ProcessorId
  apiKey?: string
  activate?: boolean
  [field: string]: unknown
}

/** Where the registry keeps keys: the settings service over the OS keychain. */
export interface KeyVault {
  apiKey(processor: ProcessorId): Promise<string | null>
  storeKey(processor: ProcessorId, apiKey: string): Promise<unknown>
  deleteKey(processor: ProcessorId): Promise<unknown>
}

/** What the registry needs. */
export interface RegistryDeps {
  ledger: Ledger
  keys: KeyVault
  /** Every processor of this build (`processors/modules.ts`), in the order Settings lists them. */
  modules: readonly ProcessorModule[]
  context: ModuleContext
  /** The keychain's webhook secret of a processor, for its connector to verify deliveries with. */
  webhookSecret?(id: ProcessorId): Promise<string | null>
}

/**
 * The till's processors, one module each: those without a key (the Demo) always there, the others once the owner
 * connected them in Settings, built from the ledger's settings (`config:<id>`) and the key in the keychain. A
 * connector is replaced as a whole when its settings change, so the tracker and the sale service always ask
 * `get(id)` rather than keeping one. Nothing here knows a processor by name.
 */
export class ProcessorRegistry {
  private readonly live = new Map<ProcessorId, PaymentProcessor>()
  private readonly connections = new Map<ProcessorId, ConnectionView>()
  private readonly byId: ReadonlyMap<string, ProcessorModule>

  constructor(private readonly deps: RegistryDeps) {
    this.byId = new Map(deps.modules.map((module) => [module.id, module]))
    for (const module of deps.modules) {
      if (!module.needsKey) this.live.set(module.id, module.build({}, { apiKey: '' }, deps.context))
    }
  }

  /** The connector of `id`, or null when it is not connected (its invoices wait). */
  get(id: ProcessorId): PaymentProcessor | null {
    return this.live.get(id) ?? null
  }

  /** Every module of this build, in order. */
  get modules(): readonly ProcessorModule[] {
    return this.deps.modules
  }

  /** The module of `id`, or null when this build has none. */
  module(id: ProcessorId): ProcessorModule | null {
    return this.byId.get(id) ?? null
  }

  /** True when `id` has a live connector (always for the Demo). */
  isConnected(id: ProcessorId): boolean {
    return this.live.has(id)
  }

  /** The stored non-secret settings of `id` as Settings shows them, or null. */
  config(id: ProcessorId): ProcessorConfigView | null {
    const module = this.byId.get(id)
    if (!module?.needsKey) return null
    const config = this.storedConfig(module)
    if (!config) return null
    return module.configView ? module.configView(config) : (config as ProcessorConfigView)
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
    for (const module of this.deps.modules) {
      if (!module.needsKey) continue
      const config = this.storedConfig(module)
      if (!config) continue
      try {
        const target = module.keyTarget(config, this.deps.context)
        if (!sameServerUrl(this.keyBinding(module, config), target)) {
          this.deps.context.log.warn(
            { processor: module.id },
            `${module.id}'s key was stored for another server than ${target}: type it again`
          )
          continue
        }
        const apiKey = await this.deps.keys.apiKey(module.id)
        if (!apiKey) {
          this.deps.context.log.warn(
            { processor: module.id },
            `${module.id} is configured but its key is not in the keychain`
          )
          continue
        }
        holdSecret(apiKey)
        await this.install(module.id, await this.build(module, config, apiKey))
      } catch (error) {
        this.deps.context.log.warn({ processor: module.id, err: error }, `could not load ${module.id}`)
      }
    }
  }

  /**
   * Check the key and settings against the processor; only when the check passes store the key (keychain) and the
   * settings (ledger) and put the new connector in place. Without a key, the stored one is used only when the
   * request names the server it was stored with; nothing is sent anywhere otherwise.
   * @throws KassaError `not-found` for a processor this build does not have; `conflict` for one without a key (the
   *   Demo); `invalid-input` for fields its module refuses, or no key for another server than the stored key's;
   *   `not-configured` when no key is given and none is stored; ProcessorError from the check (`processor-auth` for
   *   a refused key, `processor-connection` for a wrong URL, …); KassaError `keychain-unavailable` when the key
   *   cannot be stored.
   */
  async connect(request: ConnectRequest): Promise<ConnectionView> {
    const module = this.requireKeyed(request.processor)
    const { processor: _processor, apiKey: typed, activate: _activate, ...fields } = request
    const parsed = module.configSchema.safeParse(fields)
    if (!parsed.success) {
      throw new KassaError('invalid-input', parsed.error.issues.map((issue) => issue.message).join('; '))
    }
    const config = module.configFrom(parsed.data, this.storedConfig(module), this.deps.context)
    const apiKey = typed ?? (await this.storedKeyFor(module, module.keyTarget(config, this.deps.context)))
    holdSecret(apiKey)
    const candidate = await this.build(module, config, apiKey)
    let view: ConnectionView
    try {
      view = await module.verify(candidate, this.deps.context)
    } catch (error) {
      await candidate.close?.()
      throw error
    }
    if (typed) await this.deps.keys.storeKey(module.id, typed)
    this.deps.ledger.setSetting(`config:${module.id}`, JSON.stringify(config))
    this.deps.ledger.audit('owner', 'processor.connected', null, { processor: module.id, ...config })
    await this.install(module.id, candidate)
    this.connections.set(module.id, view)
    return view
  }

  /** Re-check a connected processor with its stored key. @throws KassaError `not-configured`; ProcessorError. */
  async check(id: ProcessorId): Promise<ConnectionView> {
    const module = this.requireKeyed(id)
    const processor = this.get(id)
    if (!processor) throw new KassaError('not-configured', 'This processor is not connected')
    const view = await module.verify(processor, this.deps.context)
    this.connections.set(id, view)
    return view
  }

  /**
   * Forget a processor: optionally revoke its key at the processor first (where its module can), then remove the
   * key from the keychain and the settings from the ledger. A failed revoke does not stop the local removal; it is
   * reported.
   * @throws KassaError `not-found`, `conflict` for a processor without a key (the Demo).
   */
  async disconnect(
    id: ProcessorId,
    revokeKey: boolean
  ): Promise<{ revoked: boolean; revokeError: string | null }> {
    const module = this.requireKeyed(id)
    const processor = this.get(id)
    let revoked = false
    let revokeError: string | null = null
    if (revokeKey) {
      if (!module.revokeKey) revokeError = `A ${module.label} key cannot be revoked from the till`
      else if (!processor) revokeError = 'Not connected: there is no key to revoke'
      else {
        try {
          await module.revokeKey(processor)
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
   * The stores a key can see at `server` (BTCPay `GET /api/v1/stores`), with the given key or, on the server it was
   * stored with only, the stored one.
   * @throws KassaError `not-found`/`conflict` for a processor without stores; `not-configured` without a key;
   *   `invalid-input` without a key for another server than the stored key's (nothing is sent); ProcessorError.
   */
  async stores(
    id: ProcessorId,
    server: string,
    apiKey?: string
  ): Promise<{ id: string; name: string; defaultCurrency: string | null }[]> {
    const module = this.requireKeyed(id)
    if (!module.stores) throw new KassaError('conflict', `${module.label} has no stores to pick from`)
    const key = apiKey ?? (await this.storedKeyFor(module, server))
    holdSecret(key)
    return module.stores(server, key, this.deps.context)
  }

  /** Close every connector. */
  async close(): Promise<void> {
    for (const processor of this.live.values()) await processor.close?.()
  }

  private requireKeyed(id: ProcessorId): ProcessorModule {
    const module = this.byId.get(id)
    if (!module) throw new KassaError('not-found', `No processor "${id}" in this build`)
    if (!module.needsKey) throw new KassaError('conflict', `${module.label} needs no connection`)
    return module
  }

  private async install(id: ProcessorId, processor: PaymentProcessor): Promise<void> {
    const previous = this.live.get(id)
    this.live.set(id, processor)
    if (previous && previous !== processor) await previous.close?.()
  }

  private async build(
    module: ProcessorModule,
    config: Record<string, unknown>,
    apiKey: string
  ): Promise<PaymentProcessor> {
    const webhookSecret = (await this.deps.webhookSecret?.(module.id)) ?? undefined
    return module.build(config, { apiKey, ...(webhookSecret && { webhookSecret }) }, this.deps.context)
  }

  /**
   * The stored key of `module`, for a request that would send it to `target`.
   * @throws KassaError `not-configured` when none is stored; `invalid-input` when it was stored with another
   *   server (or with none: a key kept before keys were bound), so the owner types it again.
   */
  private async storedKeyFor(module: ProcessorModule, target: string): Promise<string> {
    const apiKey = await this.deps.keys.apiKey(module.id)
    if (!apiKey) throw new KassaError('not-configured', 'Give the API key: none is stored for this processor')
    holdSecret(apiKey)
    const stored = this.storedConfig(module)
    if (!stored) {
      throw new KassaError('invalid-input', 'Type the API key again: the stored one is not tied to a server')
    }
    const bound = this.keyBinding(module, stored)
    if (!sameServerUrl(bound, target)) {
      throw new KassaError(
        'invalid-input',
        `A new server needs its key typed again: the stored key is only sent to ${bound}, where it was stored`
      )
    }
    return apiKey
  }

  /** The server a stored key belongs to, from the settings it was stored with. */
  private keyBinding(module: ProcessorModule, stored: Record<string, unknown>): string {
    return module.keyBinding ? module.keyBinding(stored) : module.keyTarget(stored, this.deps.context)
  }

  /** The module's stored settings, checked by its schema; null when none (or unreadable: connect again). */
  private storedConfig(module: ProcessorModule): Record<string, unknown> | null {
    const raw = this.deps.ledger.getSetting(`config:${module.id}`)
    if (!raw) return null
    try {
      const parsed = module.configSchema.safeParse(JSON.parse(raw))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }
}
