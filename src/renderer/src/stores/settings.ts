import { acceptHMRUpdate, defineStore } from 'pinia'
import type { RefundPolicyView } from '@shared/refund-policy'
import type { OfflinePolicyView } from '@shared/outbox'
import type { KioskSettingsView } from '@shared/kiosk'
import { computed, ref } from 'vue'
import type { CallInput, ConnectionView, KassaErrorData, Result, SettingsView } from '@shared/contract'
import type { ProcessorId } from '@shared/invoice'
import { isFiatCurrency, type FiatCurrency } from '@shared/currency'
import { kassa } from '../api/client'
import { setLocale } from '../i18n'
import type { AsyncState } from './async-state'

/** A BTCPay store a key can see, as `processor:stores` lists it. */
export type BtcpayStoreOption = { id: string; name: string; defaultCurrency: string | null }

/** What a disconnect did on the server: whether the key was revoked, and why not. */
export interface DisconnectOutcome {
  revoked: boolean
  revokeError: string | null
}

/**
 * The till's settings as main reports them (currency, tax, processors; keys only as hints).
 * Every action replaces `settings` with main's answer. `state`/`error` track the general settings (currency,
 * tax); processor actions (connect, check, disconnect, load stores) have their own
 * per-processor `busy` and `processorErrors`, so a failure shows next to that processor's form.
 */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<SettingsView | null>(null)
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  /** The processor whose action is under way, or null. */
  const busy = ref<ProcessorId | null>(null)
  /** The last failed action of each processor. */
  const processorErrors = ref<Partial<Record<ProcessorId, KassaErrorData>>>({})
  /** BTCPay's revoke failure from the last disconnect (the key was still forgotten locally). */
  const revokeError = ref<string | null>(null)
  /** The stores the last `loadStores` listed. */
  const stores = ref<BtcpayStoreOption[]>([])

  /** The store currency, or null until settings are loaded (or if main reports an unknown code). */
  const currency = computed<FiatCurrency | null>(() => {
    const code = settings.value?.currency
    return code && isFiatCurrency(code) ? code : null
  })
  const activeProcessor = computed(
    () => settings.value?.processors.find((p) => p.id === settings.value?.processor) ?? null
  )
  /** Sales tax in percent as main reports it (`"0"` before settings load). */
  const taxRate = computed(() => settings.value?.taxRate ?? '0')

  async function run(call: () => Promise<Result<SettingsView>>): Promise<boolean> {
    state.value = 'loading'
    error.value = null
    const result = await call()
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return false
    }
    // The owner's language (or the OS's, for null) follows main's answer, at start and after every change; its
    // messages are loaded before the new settings are shown, so no screen flashes the old language.
    await setLocale(result.value.locale).catch(() => undefined)
    settings.value = result.value
    state.value = 'done'
    return true
  }

  /** Run one processor's action; its failure lands in `processorErrors[processor]`. @returns the value or null */
  async function runFor<T>(processor: ProcessorId, call: () => Promise<Result<T>>): Promise<T | null> {
    busy.value = processor
    delete processorErrors.value[processor]
    try {
      const result = await call()
      if (!result.ok) {
        processorErrors.value[processor] = result.error
        return null
      }
      return result.value
    } finally {
      if (busy.value === processor) busy.value = null
    }
  }

  /** Read the settings from main. */
  function load(): Promise<boolean> {
    return run(() => kassa.settings.get({}))
  }

  /**
   * Change the store currency, the active processor, the sales tax rate (percent, decimal string) and/or the UI
   * locale (a BCP 47 tag of a written language, or null to follow the OS); the new locale applies at once; and/or
   * the business day (IANA time zone or null = the OS's, start hour 0–23); and/or the refund policy (fields given);
   * and/or the offline rules (`offline`: mode, caps, hours; fields given); and/or Settings → Kiosk (fields given).
   */
  function update(patch: {
    currency?: string
    processor?: ProcessorId
    taxRate?: string
    locale?: string | null
    businessDay?: { timeZone?: string | null; startHour?: number }
    refundPolicy?: Partial<RefundPolicyView>
    offline?: Partial<OfflinePolicyView>
    kiosk?: Partial<KioskSettingsView>
  }): Promise<boolean> {
    return run(() => kassa.settings.update(patch))
  }

  /** Make `processor` the one that creates invoices; a failure shows next to its panel. */
  async function use(processor: ProcessorId): Promise<boolean> {
    const value = await runFor(processor, () => kassa.settings.update({ processor }))
    if (value) settings.value = value
    return value !== null
  }

  /**
   * Check a processor's key and settings and, only if the check passes, let main keep them. This is the only way
   * a key reaches the keychain; without `apiKey`, main uses the stored key only for the server it was stored with.
   * @returns the connection check, or null with `processorErrors[input.processor]` set (nothing was stored)
   */
  async function connect(input: CallInput<'processor:connect'>): Promise<ConnectionView | null> {
    const value = await runFor(input.processor, () => kassa.processor.connect(input))
    if (!value) return null
    settings.value = withConnection(value.settings, value.connection)
    return value.connection
  }

  /** Re-check a connected processor with its stored key. @returns the check, or null with the error set */
  async function check(processor: ProcessorId): Promise<ConnectionView | null> {
    const connection = await runFor(processor, () => kassa.processor.check({ processor }))
    if (connection && settings.value) settings.value = withConnection(settings.value, connection)
    return connection
  }

  /**
   * Forget a processor's key and settings (main falls back to the Demo if it was active); with `revokeKey`,
   * BTCPay revokes the key on the server first. A failed revoke still disconnects; it lands in `revokeError`.
   * @returns what happened on the server, or null with `processorErrors[processor]` set
   */
  async function disconnect(processor: ProcessorId, revokeKey = false): Promise<DisconnectOutcome | null> {
    revokeError.value = null
    const value = await runFor(processor, () =>
      kassa.processor.disconnect({ processor, ...(revokeKey ? { revokeKey } : {}) })
    )
    if (!value) return null
    settings.value = value.settings
    revokeError.value = value.revokeError
    return { revoked: value.revoked, revokeError: value.revokeError }
  }

  /**
   * BTCPay: list the stores `apiKey` (or, on the server it was stored with, the stored key) can see on `serverUrl`
   * into `stores`. @returns false with the error set
   */
  async function loadStores(serverUrl: string, apiKey?: string): Promise<boolean> {
    const value = await runFor('btcpay', () =>
      kassa.processor.stores({ serverUrl, ...(apiKey ? { apiKey } : {}) })
    )
    stores.value = value ?? []
    return value !== null
  }

  return {
    settings,
    state,
    error,
    busy,
    processorErrors,
    revokeError,
    stores,
    currency,
    activeProcessor,
    taxRate,
    load,
    update,
    use,
    connect,
    check,
    disconnect,
    loadStores
  }
})

/** `view` with `connection` set on its processor, so the panel shows the latest check. */
function withConnection(view: SettingsView, connection: ConnectionView): SettingsView {
  return {
    ...view,
    processors: view.processors.map((p) => (p.id === connection.processor ? { ...p, connection } : p))
  }
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSettingsStore, import.meta.hot))
