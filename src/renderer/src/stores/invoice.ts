import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { KassaErrorData, Result, SaleView, SimulateKind } from '@shared/contract'
import type { PaymentMethodId } from '@shared/invoice'
import { kassa } from '../api/client'
import { isAbove, toSaleLine } from '../till/cart'
import type { ChargeRequest } from '../till/charge'
import { tillSettingsOf } from '../till/till-settings'
import type { AsyncState } from './async-state'
import { useSettingsStore } from './settings'

/**
 * The sale on screen (payment or receipt) and its invoice, kept current by `sale:updated` events (`apply`).
 * `state`/`error` track loading it; `actionState`/`actionError` track what the cashier does to it
 * (cancel, retry, simulate) so a failed action never hides the sale.
 */
export const useInvoiceStore = defineStore('invoice', () => {
  const saleId = ref<string | null>(null)
  const sale = ref<SaleView | null>(null)
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  const actionState = ref<AsyncState>('idle')
  const actionError = ref<KassaErrorData | null>(null)
  /** The payment method the cashier chose to show; null → the default (on-chain). */
  const methodId = ref<PaymentMethodId | null>(null)

  /** True while the sale can still be paid or cancelled. */
  const isOpen = computed(() => sale.value?.state === 'creating' || sale.value?.state === 'awaiting')

  /**
   * Show sale `id`: load it and, for the payment screen, ask main to follow its invoice closely.
   * @param options.focus tell main this invoice is on screen (fast tracking)
   */
  async function open(id: string, options: { focus: boolean }): Promise<void> {
    if (saleId.value !== id) {
      sale.value = null
      methodId.value = null
    }
    saleId.value = id
    actionState.value = 'idle'
    actionError.value = null
    state.value = 'loading'
    error.value = null
    if (options.focus) void kassa.invoice.focus({ saleId: id })
    const result = await kassa.sale.get({ saleId: id })
    if (saleId.value !== id) return // the cashier moved on meanwhile
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return
    }
    sale.value = result.value
    state.value = 'done'
  }

  /**
   * Re-read the sale on screen. A safety net for events missed while the event stream reconnected;
   * loading state is left alone so the screen does not flicker.
   */
  async function refresh(): Promise<void> {
    const id = saleId.value
    if (!id) return
    const result = await kassa.sale.get({ saleId: id })
    if (result.ok) apply(result.value)
  }

  /** Leave the payment screen: main may slow down tracking. */
  function blur(): void {
    void kassa.invoice.focus({ saleId: null })
  }

  /** Take a fresher view of a sale (from an event or an action); ignored unless it is the sale on screen. */
  function apply(update: SaleView): void {
    if (update.id === saleId.value) sale.value = update
  }

  async function act(call: () => Promise<Result<SaleView>>): Promise<SaleView | null> {
    actionState.value = 'loading'
    actionError.value = null
    const result = await call()
    if (!result.ok) {
      actionError.value = result.error
      actionState.value = 'error'
      return null
    }
    actionState.value = 'done'
    return result.value
  }

  /** Cancel the sale on screen. @returns the cancelled sale, or null with `actionError` set */
  async function cancel(): Promise<SaleView | null> {
    const id = saleId.value
    if (!id) return null
    const cancelled = await act(() => kassa.sale.cancel({ saleId: id }))
    if (cancelled) apply(cancelled)
    return cancelled
  }

  /**
   * Demo only: make the Demo processor act as if the customer paid (fully, partly, too much, after expiry) or let it
   * expire; paid by `paymentMethod`, default the tab the cashier chose (on-chain when none was chosen).
   */
  async function simulate(kind: SimulateKind, paymentMethod = methodId.value): Promise<void> {
    const id = saleId.value
    if (!id) return
    const updated = await act(() =>
      kassa.demo.simulate({ saleId: id, kind, ...(paymentMethod && { paymentMethod }) })
    )
    if (updated) apply(updated)
  }

  /**
   * Charge the same sale again as a new one (after a failed, expired or invalid one): the same lines, tax rate,
   * discount, tip and coin. The discount and tip go as the amounts they came to, so the new total is the old one
   * to the minor unit; an amount above the till's maximum was confirmed when it was first charged.
   * @param options.processor charge it on this other connected processor instead (an outbox sale while its own is
   *   offline); the coin picked for the old one is then left out
   * @returns the new sale, or null with `actionError` set
   */
  function retry(options: { processor?: string } = {}): Promise<SaleView | null> {
    const old = sale.value
    if (!old) return Promise.resolve(null)
    const itemised = old.lines.length > 0
    const settings = useSettingsStore()
    let above = false
    try {
      above = isAbove(old.amount, tillSettingsOf(settings.settings).maxSaleAmount, old.currency)
    } catch {
      above = false // main still checks
    }
    const request: ChargeRequest = {
      amount: old.amount,
      currency: old.currency,
      ...(old.memo ? { memo: old.memo } : {}),
      ...(itemised ? { lines: old.lines.map(toSaleLine), taxRate: old.taxRate } : {}),
      ...(itemised && /[1-9]/.test(old.discount)
        ? { discount: { kind: 'amount', value: old.discount } }
        : {}),
      ...(itemised && old.tip && /[1-9]/.test(old.tip) ? { tip: { kind: 'amount', value: old.tip } } : {}),
      ...(old.paymentMethod && !options.processor ? { paymentMethod: old.paymentMethod } : {}),
      ...(options.processor ? { processor: options.processor } : {}),
      ...(above ? { confirmLarge: true } : {})
    }
    return act(() => kassa.sale.charge(request))
  }

  return {
    saleId,
    sale,
    state,
    error,
    actionState,
    actionError,
    methodId,
    isOpen,
    open,
    refresh,
    blur,
    apply,
    cancel,
    simulate,
    retry
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useInvoiceStore, import.meta.hot))
