import { randomBytes } from 'node:crypto'
import type { ProcessorConfigView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import type { WebhookStatusView } from '@shared/webhooks'
import type { Ledger } from '../ledger/ledger'
import { ProcessorError } from '../processors/errors'
import type { ProcessorModule } from '../processors/module'
import type { PaymentProcessor, WebhookRegistrar } from '../processors/types'
import type { SecretStore } from '../secrets/secret-store'
import type { WebhookInbox } from './inbox'
import { statusMessage } from './messages'

/** Keychain account of a processor's webhook secret (the API key is `processor:<id>`). */
export function webhookSecretAccount(processor: ProcessorId): string {
  return `webhook-secret:${processor}`
}

/** What the ledger keeps about a registration (`webhook:<processor>` setting): never the secret. */
interface StoredRegistration {
  webhookId: string
  url: string
  registeredAt: string
  /** The server (and store) it was registered with, to tell whether it is still the connected one. */
  target: string
}

/** What the registrations need from the rest of the core. */
export interface RegistrationDeps {
  ledger: Ledger
  secrets: SecretStore
  inbox: WebhookInbox
  processorFor(id: ProcessorId): PaymentProcessor | null
  /** The processor's module (label, webhook facts), or null for an id this build does not have. */
  moduleFor(id: ProcessorId): ProcessorModule | null
  /** The connected processor's stored settings (server URL, store), or null. */
  configOf(id: ProcessorId): ProcessorConfigView | null
  /** This till runs a receiver for deliveries (the web host). */
  receiver: boolean
  now: () => number
}

/**
 * The webhooks Kassa registers so a processor calls the till through a relay (`webhook:status|register|
 * unregister`). The secret is generated here (or made by BTPay), kept in the OS keychain only, and handed to the
 * connector to verify deliveries; the ledger keeps the webhook's id and URL.
 */
export class WebhookRegistrations {
  constructor(private readonly deps: RegistrationDeps) {}

  /**
   * The secret deliveries of `processor` are verified with, for the registry when it builds the connector.
   * A keychain that cannot be read gives null (deliveries are then refused, and Settings shows why).
   */
  async secretFor(processor: ProcessorId): Promise<string | null> {
    if (!this.stored(processor)) return null
    try {
      return await this.deps.secrets.get(webhookSecretAccount(processor))
    } catch {
      return null
    }
  }

  /**
   * Settings' view: registration, counts, and (BTCPay) the processor's record of its latest delivery, read with a
   * short timeout and left out when it cannot be read.
   */
  async status(processor: ProcessorId): Promise<WebhookStatusView> {
    const stored = this.stored(processor)
    const registrar = this.registrar(processor)
    const counts = this.deps.inbox.counts(processor)
    const current = stored !== null && stored.target === this.target(processor)
    let lastDelivery: WebhookStatusView['lastDelivery'] = null
    if (stored && current && registrar?.lastDelivery) {
      const record = await registrar
        .lastDelivery(stored.webhookId, { timeoutMs: 5_000, maxRetries: 0 })
        .catch(() => null)
      if (record) lastDelivery = { at: iso(record.at), ok: record.ok, detail: record.detail }
    }
    const module = this.requireModule(processor)
    const registrable = module.webhooks.mode === 'register'
    return {
      processor,
      registrable,
      receiver: this.deps.receiver,
      registration: stored
        ? { webhookId: stored.webhookId, url: stored.url, registeredAt: stored.registeredAt, current }
        : null,
      accepted: { count: counts.accepted.count, lastAt: isoOrNull(counts.accepted.lastAt) },
      rejected: { count: counts.rejected.count, lastAt: isoOrNull(counts.rejected.lastAt) },
      lastDelivery,
      message: statusMessage({
        processor: module,
        receiver: this.deps.receiver,
        connected: this.deps.processorFor(processor) !== null,
        registration: stored ? { url: stored.url, current } : null
      })
    }
  }

  /**
   * Register a webhook at `<publicUrl>/webhooks/<processor>` for invoice events, replacing one registered before
   * and any webhook left at that URL by an attempt whose answer was lost (its secret is gone).
   * @throws KassaError `conflict` on the desktop app (no receiver); `not-configured` when the processor is not
   *   connected; `keychain-unavailable` (nothing is registered); ProcessorError from the processor, `processor-
   *   permission` naming the missing permission.
   */
  async register(processor: ProcessorId, publicUrl: string): Promise<WebhookStatusView> {
    this.requireRegistrable(processor)
    if (!this.deps.receiver) {
      throw new KassaError(
        'conflict',
        'This desktop app has no address a processor can call, so it cannot receive webhooks. Run the till’s web ' +
          'host behind a relay to use them; meanwhile Kassa follows every invoice itself.'
      )
    }
    const registrar = this.requireRegistrar(processor)
    const availability = await this.deps.secrets.availability()
    if (!availability.available) {
      throw new KassaError(
        'keychain-unavailable',
        availability.reason ?? 'No OS keychain is available to keep the webhook secret in'
      )
    }
    const url = `${publicUrl.replace(/\/+$/, '')}/webhooks/${processor}`
    const previous = this.stored(processor)
    if (previous) {
      await this.explain(() => registrar.deleteWebhook(previous.webhookId))
      await this.forget(processor, registrar, previous)
    }
    await this.explain(async () => {
      for (const id of await registrar.webhooksAt(url)) await registrar.deleteWebhook(id)
    })
    const proposed = randomBytes(32).toString('base64url')
    const created = await this.explain(() => registrar.registerWebhook(url, proposed))
    try {
      await this.deps.secrets.set(webhookSecretAccount(processor), created.secret)
    } catch (error) {
      // A webhook whose secret could not be kept would only produce refused deliveries.
      await registrar.deleteWebhook(created.id).catch(() => undefined)
      this.forgetLocally(processor, registrar)
      throw error
    }
    const stored: StoredRegistration = {
      webhookId: created.id,
      url,
      registeredAt: iso(this.deps.now()),
      target: this.target(processor)
    }
    this.deps.ledger.setSetting(settingKey(processor), JSON.stringify(stored))
    this.deps.ledger.audit('owner', 'webhook.registered', null, { processor, webhookId: created.id, url })
    registrar.useWebhookSecret(created.secret)
    return this.status(processor)
  }

  /**
   * Delete the webhook on the processor, then its secret and record here. When the processor cannot be reached
   * nothing is forgotten, so the owner can try again rather than leave a webhook behind.
   * @throws KassaError `not-configured` when the processor is not connected; ProcessorError from the processor.
   */
  async unregister(processor: ProcessorId): Promise<WebhookStatusView> {
    this.requireRegistrable(processor)
    const stored = this.stored(processor)
    if (!stored) return this.status(processor)
    const registrar = this.requireRegistrar(processor)
    await this.explain(() => registrar.deleteWebhook(stored.webhookId))
    await this.forget(processor, registrar, stored)
    return this.status(processor)
  }

  /**
   * Before a processor is disconnected: delete its webhook if the processor answers (best effort), and always
   * its secret and record, since the connector that verified deliveries is going away.
   */
  async release(processor: ProcessorId): Promise<void> {
    const stored = this.stored(processor)
    if (!stored) return
    const registrar = this.registrar(processor)
    if (registrar) await registrar.deleteWebhook(stored.webhookId).catch(() => undefined)
    await this.forget(processor, registrar, stored)
  }

  private async forget(
    processor: ProcessorId,
    registrar: WebhookRegistrar | null,
    stored: StoredRegistration
  ): Promise<void> {
    const availability = await this.deps.secrets.availability()
    if (availability.available) await this.deps.secrets.delete(webhookSecretAccount(processor))
    this.forgetLocally(processor, registrar)
    this.deps.ledger.audit('owner', 'webhook.unregistered', null, { processor, webhookId: stored.webhookId })
  }

  private forgetLocally(processor: ProcessorId, registrar: WebhookRegistrar | null): void {
    this.deps.ledger.setSetting(settingKey(processor), null)
    registrar?.useWebhookSecret(null)
  }

  private stored(processor: ProcessorId): StoredRegistration | null {
    const raw = this.deps.ledger.getSetting(settingKey(processor))
    if (!raw) return null
    try {
      return JSON.parse(raw) as StoredRegistration
    } catch {
      return null
    }
  }

  private registrar(processor: ProcessorId): WebhookRegistrar | null {
    return this.deps.processorFor(processor)?.ports.webhooks ?? null
  }

  private requireRegistrar(processor: ProcessorId): WebhookRegistrar {
    const registrar = this.registrar(processor)
    if (registrar) return registrar
    throw new KassaError('not-configured', `Connect ${this.requireModule(processor).label} first (Settings)`)
  }

  private requireModule(processor: ProcessorId): ProcessorModule {
    const module = this.deps.moduleFor(processor)
    if (!module) throw new KassaError('not-found', `No processor "${processor}" in this build`)
    return module
  }

  /** @throws KassaError `conflict` for a processor Kassa cannot register a webhook with. */
  private requireRegistrable(processor: ProcessorId): void {
    const module = this.requireModule(processor)
    if (module.webhooks.mode !== 'register') {
      throw new KassaError('conflict', `Kassa cannot register a webhook with ${module.label}`)
    }
  }

  private target(processor: ProcessorId): string {
    const config = this.deps.configOf(processor)
    if (!config) return ''
    const server = config.serverUrl ?? config.baseUrl ?? ''
    return config.storeId ? `${server} store ${config.storeId}` : server
  }

  /** Run a processor call; a missing webhook permission becomes a message that says what to do. */
  private async explain<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      if (error instanceof ProcessorError && error.code === 'processor-permission') {
        const lacks = error.permission ? `: it lacks ${error.permission}` : ''
        throw new ProcessorError(
          'processor-permission',
          `This API key may not manage the store’s webhooks${lacks}. Create a key that also has this ` +
            'permission, connect with it, and register again.',
          { status: error.status, permission: error.permission, cause: error }
        )
      }
      throw error
    }
  }
}

function settingKey(processor: ProcessorId): string {
  return `webhook:${processor}`
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms)
}
