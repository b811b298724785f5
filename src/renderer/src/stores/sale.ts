import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CallInput, KassaErrorData, PayOptionView, SaleLine, SaleView } from '@shared/contract'
import { keypadAmount, keypadPress, type KeypadKey } from '@shared/keypad'
import { formatDisplay } from '@shared/money'
import { kassa } from '../api/client'
import { addLine, cartTotals, changeQuantity, removeLine } from '../till/cart'
import type { AsyncState } from './async-state'
import { useSettingsStore } from './settings'

type ChargeInput = CallInput<'sale:charge'>

/**
 * The sale being rung up: keypad digits (minor units, filled from the right), an optional memo, an optional cart
 * of lines, and the charge that turns them into a sale with an invoice.
 * Charging first asks main for the ways to pay (`sale:payOptions`): an empty list charges at once; otherwise
 * `payOptions` holds the coins to pick from and `chargeWith` finishes. A failure keeps everything typed.
 */
export const useSaleStore = defineStore('sale', () => {
  const settings = useSettingsStore()
  const digits = ref('')
  const memo = ref('')
  /** The cart; empty for a plain keypad sale. */
  const lines = ref<SaleLine[]>([])
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  /** Coins to pick from before charging (Plisio), or null when no choice is pending. */
  const payOptions = ref<PayOptionView[] | null>(null)
  /** The charge waiting for a coin: frozen when the options were asked for. */
  const pending = ref<ChargeInput | null>(null)

  /** Decimal string of the typed amount in the store currency (`'12.34'`), or null before settings load. */
  const amount = computed(() => (settings.currency ? keypadAmount(digits.value, settings.currency) : null))
  /** The amount for people (`$12.34`). */
  const display = computed(() =>
    settings.currency && amount.value !== null ? formatDisplay(amount.value, settings.currency) : '—'
  )
  /** The cart's subtotal, tax and total (decimal strings), or null when the cart is empty. */
  const totals = computed(() =>
    settings.currency ? cartTotals(lines.value, settings.currency, settings.taxRate) : null
  )
  /** What Charge asks for: the cart total (plus a typed amount not yet added), else the typed amount. */
  const chargeAmount = computed(() => {
    const currency = settings.currency
    if (!currency) return null
    if (lines.value.length === 0) return digits.value === '' ? null : amount.value
    const all = digits.value === '' ? lines.value : withTypedLine()
    return cartTotals(all, currency, settings.taxRate)?.total ?? null
  })
  const chargeDisplay = computed(() =>
    settings.currency && chargeAmount.value !== null
      ? formatDisplay(chargeAmount.value, settings.currency)
      : '—'
  )
  const canCharge = computed(
    () => chargeAmount.value !== null && state.value !== 'loading' && payOptions.value === null
  )
  const canAddItem = computed(() => digits.value !== '' && amount.value !== null && state.value !== 'loading')

  /** The cart with the typed amount added as a line named by the memo field. */
  function withTypedLine(): SaleLine[] {
    const name = memo.value.trim() || `Item ${lines.value.length + 1}`
    return amount.value === null ? lines.value : addLine(lines.value, name, amount.value)
  }

  function clearError(): void {
    if (state.value === 'error') state.value = 'idle'
    error.value = null
  }

  /** Apply a keypad key (digit, `00`, `C`, `⌫`). */
  function press(key: KeypadKey): void {
    digits.value = keypadPress(digits.value, key)
    // A changed amount needs fresh coin rates and minimums: the open picker no longer applies.
    if (payOptions.value) dismissPayOptions()
    clearError()
  }

  /** Put the typed amount in the cart as one line named by the memo field (quantity 1); clear both. */
  function addItem(): void {
    if (!canAddItem.value) return
    lines.value = withTypedLine()
    digits.value = ''
    memo.value = ''
    clearError()
  }

  /** One more (`+1`) or one fewer (`-1`) of line `index`; never below 1. */
  function bump(index: number, delta: 1 | -1): void {
    lines.value = changeQuantity(lines.value, index, delta)
  }

  /** Take line `index` out of the cart. */
  function remove(index: number): void {
    lines.value = removeLine(lines.value, index)
  }

  /** Start over: no digits, memo, lines, pending choice or error. */
  function reset(): void {
    digits.value = ''
    memo.value = ''
    lines.value = []
    payOptions.value = null
    pending.value = null
    state.value = 'idle'
    error.value = null
  }

  /** What `sale:charge` gets: the cart with its total and tax rate, or the typed amount alone. */
  function chargeInput(): ChargeInput | null {
    const currency = settings.currency
    if (!currency || chargeAmount.value === null) return null
    const trimmed = memo.value.trim()
    if (lines.value.length === 0) {
      return { amount: chargeAmount.value, currency, ...(trimmed ? { memo: trimmed } : {}) }
    }
    // A typed amount not yet added joins the cart, named by the memo field; otherwise the memo stays a memo.
    const typed = digits.value !== ''
    return {
      amount: chargeAmount.value,
      currency,
      lines: typed ? withTypedLine() : lines.value,
      taxRate: settings.taxRate,
      ...(!typed && trimmed ? { memo: trimmed } : {})
    }
  }

  async function send(input: ChargeInput): Promise<SaleView | null> {
    const result = await kassa.sale.charge(input)
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return null
    }
    reset()
    state.value = 'done'
    return result.value
  }

  /**
   * Charge what was rung up. Asks main for the ways to pay first: with none to choose from, charges at once;
   * otherwise fills `payOptions` and returns null (finish with `chargeWith`).
   * @returns the new sale, or null (with `error` set on failure, or `payOptions` set to choose a coin)
   */
  async function charge(): Promise<SaleView | null> {
    const input = canCharge.value ? chargeInput() : null
    if (!input) return null
    state.value = 'loading'
    error.value = null
    const options = await kassa.sale.payOptions({ amount: input.amount, currency: input.currency })
    if (!options.ok) {
      error.value = options.error
      state.value = 'error'
      return null
    }
    if (options.value.length === 0) return send(input)
    pending.value = input
    payOptions.value = options.value
    state.value = 'idle'
    return null
  }

  /**
   * Charge the pending sale in the coin the cashier picked (a `PayOptionView.id`). On failure the options stay
   * on screen with `error` set, so another coin can be picked.
   * @returns the new sale, or null
   */
  async function chargeWith(paymentMethod: string): Promise<SaleView | null> {
    const input = pending.value
    const option = payOptions.value?.find((o) => o.id === paymentMethod)
    if (!input || !option?.available || state.value === 'loading') return null
    state.value = 'loading'
    error.value = null
    return send({ ...input, paymentMethod })
  }

  /** Close the coin picker without charging; everything typed stays. */
  function dismissPayOptions(): void {
    payOptions.value = null
    pending.value = null
    clearError()
  }

  return {
    digits,
    memo,
    lines,
    state,
    error,
    payOptions,
    amount,
    display,
    totals,
    chargeAmount,
    chargeDisplay,
    canCharge,
    canAddItem,
    press,
    addItem,
    bump,
    remove,
    reset,
    charge,
    chargeWith,
    dismissPayOptions
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSaleStore, import.meta.hot))
