import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { KassaErrorData, Result, SettingsView } from '@shared/contract'
import type { ProcessorId } from '@shared/invoice'
import { isFiatCurrency, type FiatCurrency } from '@shared/currency'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

/**
 * The till's settings as main reports them (currency, processor, keys stored as hints only).
 * Every action replaces `settings` with main's answer; `error` holds the last failure for display.
 */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<SettingsView | null>(null)
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)

  /** The store currency, or null until settings are loaded (or if main reports an unknown code). */
  const currency = computed<FiatCurrency | null>(() => {
    const code = settings.value?.currency
    return code && isFiatCurrency(code) ? code : null
  })
  const activeProcessor = computed(
    () => settings.value?.processors.find((p) => p.id === settings.value?.processor) ?? null
  )

  async function run(call: () => Promise<Result<SettingsView>>): Promise<boolean> {
    state.value = 'loading'
    error.value = null
    const result = await call()
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return false
    }
    settings.value = result.value
    state.value = 'done'
    return true
  }

  /** Read the settings from main. */
  function load(): Promise<boolean> {
    return run(() => kassa.settings.get({}))
  }

  /** Change the store currency and/or the active processor. */
  function update(patch: { currency?: string; processor?: ProcessorId }): Promise<boolean> {
    return run(() => kassa.settings.update(patch))
  }

  /** Put a processor's API key in the OS keychain; main keeps it, the renderer only ever sees its hint. */
  function storeKey(processor: ProcessorId, apiKey: string): Promise<boolean> {
    return run(() => kassa.settings.storeKey({ processor, apiKey }))
  }

  /** Remove a processor's API key from the keychain. */
  function deleteKey(processor: ProcessorId): Promise<boolean> {
    return run(() => kassa.settings.deleteKey({ processor }))
  }

  return { settings, state, error, currency, activeProcessor, load, update, storeKey, deleteKey }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSettingsStore, import.meta.hot))
