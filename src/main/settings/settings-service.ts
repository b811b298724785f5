import type { OfflinePolicyView } from '@shared/outbox'
import type { ProcessorSettingsView, SettingsView, TillSettingsView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import type { Ledger } from '../ledger/ledger'
import { holdSecret } from '../secrets/redact'
import { secretHint, type SecretStore } from '../secrets/secret-store'
import { portNames, type ProcessorModule } from '../processors/module'
import type { PaymentProcessor } from '../processors/types'
import { applyTillPatch, readTillSettings, TILL_SETTINGS_KEY, type TillSettingsPatch } from './till-settings'
import type { BusinessDaySettingsView } from '@shared/day'
import {
  applyBusinessDayPatch,
  BUSINESS_DAY_SETTINGS_KEY,
  businessDayRule,
  readBusinessDaySettings,
  type BusinessDayPatch
} from './business-day-settings'
import type { BusinessDayRule } from '../day/business-day'
import {
  applyRefundPolicyPatch,
  readRefundPolicy,
  REFUND_POLICY_KEY,
  type RefundPolicyPatch
} from './refund-policy-settings'
import type { RefundPolicyView } from '@shared/refund-policy'
import {
  applyOfflinePolicyPatch,
  OFFLINE_POLICY_KEY,
  readOfflinePolicy,
  type OfflinePolicyPatch
} from './offline-policy-settings'
import {
  readReceiptSettings,
  updateReceiptSettings,
  type ReceiptSettingsUpdate
} from '../receipts/receipt-settings'
import type { KioskSettingsView } from '@shared/kiosk'
import {
  applyKioskPatch,
  KIOSK_SETTINGS_KEY,
  KioskSettingsHook,
  readKioskSettings,
  type KioskSettingsPatch
} from '../kiosk/kiosk-settings'

/** What Settings needs to know about the processors (the registry): its modules and their state. */
export interface ProcessorDirectory {
  readonly modules: readonly ProcessorModule[]
  module(id: ProcessorId): ProcessorModule | null
  get(id: ProcessorId): PaymentProcessor | null
  isConnected(id: ProcessorId): boolean
  config(id: ProcessorId): ProcessorSettingsView['config']
  connection(id: ProcessorId): ProcessorSettingsView['connection']
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
    /** Lazily bound: the registry needs this service's keys, this service the registry's state. */
    private readonly directory: () => ProcessorDirectory,
    /** Whether an owner PIN is set (a refund policy that holds refunds for the owner needs one). */
    private readonly ownerPinSet: () => boolean = () => true,
    /** Told after every saved change of Settings → Kiosk (the Electron shell follows it). */
    readonly kioskHook: KioskSettingsHook = new KioskSettingsHook()
  ) {}

  /** Settings → Kiosk (`../kiosk/kiosk-settings`), defaults where unset: kiosk off. */
  get kiosk(): KioskSettingsView {
    return readKioskSettings(this.ledger.getSetting(KIOSK_SETTINGS_KEY))
  }

  /** Store currency (ISO 4217), default USD. */
  get currency(): string {
    return this.ledger.getSetting('currency') ?? 'USD'
  }

  /** Sales tax percent for itemised sales, decimal string, default `"0"`. */
  get taxRate(): string {
    return this.ledger.getSetting('taxRate') ?? '0'
  }

  /** Settings → Till (tax inclusive, tips, per-sale maximum, till id), defaults where unset. */
  get till(): TillSettingsView {
    return readTillSettings(this.ledger.getSetting(TILL_SETTINGS_KEY))
  }

  /** Settings → Business day: the store's time zone (default the OS's) and the hour its day starts. */
  get businessDay(): BusinessDaySettingsView {
    return readBusinessDaySettings(this.ledger.getSetting(BUSINESS_DAY_SETTINGS_KEY))
  }

  /** Settings → Refund policy (`./refund-policy-settings`), defaults where unset: today's behaviour. */
  get refundPolicy(): RefundPolicyView {
    return readRefundPolicy(this.ledger.getSetting(REFUND_POLICY_KEY))
  }

  /** Settings → Offline sales (`./offline-policy-settings`), defaults where unset: the outbox, 24 h. */
  get offline(): OfflinePolicyView {
    return readOfflinePolicy(this.ledger.getSetting(OFFLINE_POLICY_KEY))
  }

  /** The business-day rule in effect (`src/main/day/business-day.ts`). */
  get businessDayRule(): BusinessDayRule {
    return businessDayRule(this.businessDay)
  }

  /** The UI locale the owner chose (canonical BCP 47 tag), or null to follow the OS. */
  get locale(): string | null {
    return this.ledger.getSetting('locale')
  }

  /** Active processor, default the Demo; a processor that is no longer connected falls back to the Demo. */
  get processor(): ProcessorId {
    const value = this.ledger.getSetting('processor')
    return value && this.directory().isConnected(value) ? value : 'demo'
  }

  async view(): Promise<SettingsView> {
    const keychain = await this.secrets.availability()
    const directory = this.directory()
    const processors: ProcessorSettingsView[] = directory.modules.map((module) => {
      const id = module.id
      const hint = this.ledger.getSetting(`keyHint:${id}`)
      const live = directory.get(id)
      return {
        id,
        label: module.label,
        available: true,
        needsKey: module.needsKey,
        keyStored: hint !== null,
        keyHint: hint,
        connected: directory.isConnected(id),
        config: directory.config(id),
        connection: directory.connection(id),
        refunds: module.refunds,
        notes: [...module.notes],
        canRevokeKey: module.canRevokeKey === true,
        ports: live ? portNames(live.ports) : []
      }
    })
    return {
      currency: this.currency,
      taxRate: this.taxRate,
      locale: this.locale,
      processor: this.processor,
      processors,
      keychain,
      till: this.till,
      receipt: readReceiptSettings(this.ledger),
      businessDay: this.businessDay,
      refundPolicy: this.refundPolicy,
      offline: this.offline,
      kiosk: this.kiosk
    }
  }

  /**
   * Change what is given; `till` fields are merged into the stored till settings.
   * @throws KassaError `conflict` when choosing a processor that is not connected; `invalid-input` when the
   *   per-sale maximum or an offline cap is not an amount of the (new) store currency, or the offline total cap is
   *   below its per-sale cap (`params.field` names it). Nothing is written then.
   */
  async update(input: {
    currency?: string
    processor?: ProcessorId
    taxRate?: string
    till?: TillSettingsPatch
    receipt?: ReceiptSettingsUpdate
    /** Already checked and canonicalised by the contract's schema; null = follow the OS. */
    locale?: string | null
    /** Time zone (checked by the schema; null = the OS's) and start hour. */
    businessDay?: BusinessDayPatch
    /** Only the fields given change; the cashier limit is read in the (new) store currency. */
    refundPolicy?: RefundPolicyPatch
    /** Settings → Offline sales: only the fields given change; the caps are read in the (new) store currency. */
    offline?: OfflinePolicyPatch
    /** Settings → Kiosk: only the fields given change; turning it on needs an owner PIN. */
    kiosk?: KioskSettingsPatch
  }): Promise<SettingsView> {
    if (input.processor && !this.directory().isConnected(input.processor)) {
      const module = this.directory().module(input.processor)
      if (!module) {
        throw new KassaError('not-found', `No processor "${input.processor}" in this build`, {
          reason: 'no-processor',
          processor: input.processor
        })
      }
      throw new KassaError('conflict', `Connect ${module.label} first (Settings → ${module.label})`, {
        reason: 'connect-first',
        processor: module.label
      })
    }
    const till = applyTillPatch(this.till, input.till ?? {}, input.currency ?? this.currency)
    const refundPolicy = input.refundPolicy
      ? applyRefundPolicyPatch(this.refundPolicy, input.refundPolicy, input.currency ?? this.currency)
      : null
    // A new store currency carries the offline caps into it (or is refused when one cannot be an amount of it).
    const offline =
      input.offline || input.currency
        ? applyOfflinePolicyPatch(this.offline, input.offline ?? {}, input.currency ?? this.currency)
        : null
    if (refundPolicy && holdsForOwner(refundPolicy) && !this.ownerPinSet()) {
      // Without a PIN nobody could approve a held refund: the limit would be a promise the till cannot keep.
      throw new KassaError(
        'conflict',
        'Set the owner PIN first (Settings → Owner PIN): a refund window, a cashier limit or one refund per sale hold refunds for the owner',
        { reason: 'owner-pin-first' }
      )
    }
    // Checked before anything is written: the owner PIN is the only way out of kiosk mode.
    const kiosk = input.kiosk ? applyKioskPatch(this.kiosk, input.kiosk, this.ownerPinSet()) : null
    if (input.currency) this.ledger.setSetting('currency', input.currency)
    if (kiosk) this.ledger.setSetting(KIOSK_SETTINGS_KEY, JSON.stringify(kiosk))
    if (input.till) this.ledger.setSetting(TILL_SETTINGS_KEY, JSON.stringify(till))
    if (refundPolicy) this.ledger.setSetting(REFUND_POLICY_KEY, JSON.stringify(refundPolicy))
    if (offline) {
      this.ledger.setSetting(OFFLINE_POLICY_KEY, JSON.stringify(offline))
      if (input.offline) this.ledger.audit('owner', 'settings.offline', null, { ...offline })
    }
    if (input.processor) this.ledger.setSetting('processor', input.processor)
    if (input.taxRate !== undefined) this.ledger.setSetting('taxRate', input.taxRate)
    const { receipt, ...rest } = input
    if (receipt) await updateReceiptSettings(this.ledger, this.secrets, receipt)
    if (input.locale !== undefined) this.ledger.setSetting('locale', input.locale)
    if (input.businessDay) {
      this.ledger.setSetting(
        BUSINESS_DAY_SETTINGS_KEY,
        applyBusinessDayPatch(this.businessDay, input.businessDay)
      )
    }
    this.ledger.audit('owner', 'settings.updated', null, rest)
    if (kiosk) this.kioskHook.emit(kiosk)
    return this.view()
  }

  /**
   * Put an API key in the OS keychain and remember only its masked hint. Not a contract call: only the registry's
   * `connect` calls it, after the processor accepted the key, so a working key is never replaced unchecked.
   * @throws KassaError `keychain-unavailable` (nothing is written anywhere else).
   */
  async storeKey(processor: ProcessorId, apiKey: string): Promise<SettingsView> {
    holdSecret(apiKey)
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
    const apiKey = await this.secrets.get(keyAccount(processor))
    if (apiKey) holdSecret(apiKey)
    return apiKey
  }
}

/** Whether a policy has a rule that holds a refund for the owner's PIN (window, cashier limit, one per sale). */
function holdsForOwner(policy: RefundPolicyView): boolean {
  return policy.windowDays !== null || policy.cashierLimit !== null || !policy.multipleRefunds
}
