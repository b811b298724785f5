import type { ProcessorSettingsView, SettingsView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import { PROCESSOR_IDS, type ProcessorId } from '@shared/invoice'
import type { Ledger } from '../ledger/ledger'
import { secretHint, type SecretStore } from '../secrets/secret-store'

const LABELS: Record<ProcessorId, string> = {
  demo: 'Demo (no account)',
  btcpay: 'BTCPay Server',
  plisio: 'Plisio',
  btpay: 'BTPay'
}

/** Keychain account name of a processor's API key. */
export function keyAccount(processor: ProcessorId): string {
  return `processor:${processor}`
}

/**
 * Till settings: store currency, active processor, API keys. Keys go to the `SecretStore` only; the ledger keeps
 * just a masked hint, and no method returns a key.
 */
export class SettingsService {
  constructor(
    private readonly ledger: Ledger,
    private readonly secrets: SecretStore,
    /** Processors that have a connector in this build. */
    private readonly available: ReadonlySet<ProcessorId>
  ) {}

  /** Store currency (ISO 4217), default USD. */
  get currency(): string {
    return this.ledger.getSetting('currency') ?? 'USD'
  }

  /** Active processor, default the Demo. */
  get processor(): ProcessorId {
    const value = this.ledger.getSetting('processor') as ProcessorId | null
    return value && this.available.has(value) ? value : 'demo'
  }

  async view(): Promise<SettingsView> {
    const keychain = await this.secrets.availability()
    const processors: ProcessorSettingsView[] = PROCESSOR_IDS.map((id) => {
      const hint = this.ledger.getSetting(`keyHint:${id}`)
      return {
        id,
        label: LABELS[id],
        available: this.available.has(id),
        needsKey: id !== 'demo',
        keyStored: hint !== null,
        keyHint: hint
      }
    })
    return { currency: this.currency, processor: this.processor, processors, keychain }
  }

  /** @throws KassaError `conflict` when choosing a processor without a connector. */
  async update(input: { currency?: string; processor?: ProcessorId }): Promise<SettingsView> {
    if (input.processor && !this.available.has(input.processor)) {
      throw new KassaError('conflict', `${LABELS[input.processor]} is not available in this version yet`)
    }
    if (input.currency) this.ledger.setSetting('currency', input.currency)
    if (input.processor) this.ledger.setSetting('processor', input.processor)
    this.ledger.audit('owner', 'settings.updated', null, input)
    return this.view()
  }

  /**
   * Put an API key in the OS keychain and remember only its masked hint.
   * @throws KassaError `keychain-unavailable` (nothing is written anywhere else).
   */
  async storeKey(processor: ProcessorId, apiKey: string): Promise<SettingsView> {
    await this.secrets.set(keyAccount(processor), apiKey)
    this.ledger.setSetting(`keyHint:${processor}`, secretHint(apiKey))
    this.ledger.audit('owner', 'key.stored', null, { processor })
    return this.view()
  }

  /** Remove a processor's key from the keychain. @throws KassaError `keychain-unavailable`. */
  async deleteKey(processor: ProcessorId): Promise<SettingsView> {
    const availability = await this.secrets.availability()
    if (availability.available) await this.secrets.delete(keyAccount(processor))
    this.ledger.setSetting(`keyHint:${processor}`, null)
    this.ledger.audit('owner', 'key.deleted', null, { processor })
    return this.view()
  }

  /** The key itself, for main's connectors only: never passed to a handler result. */
  async apiKey(processor: ProcessorId): Promise<string | null> {
    return this.secrets.get(keyAccount(processor))
  }
}
