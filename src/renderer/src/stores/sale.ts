import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { KassaErrorData, SaleView } from '@shared/contract'
import { keypadAmount, keypadPress, type KeypadKey } from '@shared/keypad'
import { formatDisplay } from '@shared/money'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'
import { useSettingsStore } from './settings'

/**
 * The sale being rung up: keypad digits (minor units, filled from the right), an optional memo, and the charge
 * that turns them into a sale with an invoice. A failed charge keeps the digits so the cashier can retry.
 */
export const useSaleStore = defineStore('sale', () => {
  const settings = useSettingsStore()
  const digits = ref('')
  const memo = ref('')
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)

  /** Decimal string of the typed amount in the store currency (`'12.34'`), or null before settings load. */
  const amount = computed(() => (settings.currency ? keypadAmount(digits.value, settings.currency) : null))
  /** The amount for people (`$12.34`). */
  const display = computed(() =>
    settings.currency && amount.value !== null ? formatDisplay(amount.value, settings.currency) : '—'
  )
  const canCharge = computed(
    () => digits.value !== '' && settings.currency !== null && state.value !== 'loading'
  )

  /** Apply a keypad key (digit, `00`, `C`, `⌫`). */
  function press(key: KeypadKey): void {
    digits.value = keypadPress(digits.value, key)
    if (state.value === 'error') {
      state.value = 'idle'
      error.value = null
    }
  }

  /** Start over: no digits, no memo, no error. */
  function reset(): void {
    digits.value = ''
    memo.value = ''
    state.value = 'idle'
    error.value = null
  }

  /**
   * Charge the typed amount. On success the keypad is cleared (the amount now lives in the sale).
   * @returns the new sale, or null with `error` set
   */
  async function charge(): Promise<SaleView | null> {
    const currency = settings.currency
    if (!canCharge.value || !currency || amount.value === null) return null
    state.value = 'loading'
    error.value = null
    const trimmed = memo.value.trim()
    const result = await kassa.sale.charge({
      amount: amount.value,
      currency,
      ...(trimmed ? { memo: trimmed } : {})
    })
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return null
    }
    reset()
    state.value = 'done'
    return result.value
  }

  return { digits, memo, state, error, amount, display, canCharge, press, reset, charge }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSaleStore, import.meta.hot))
