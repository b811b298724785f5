import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type {
  CallInput,
  KassaErrorData,
  RefundOptionsView,
  RefundView,
  Result,
  SaleView,
  WithdrawalEstimateView
} from '@shared/contract'
import { kassa } from '../api/client'
import { i18n, intlLocale } from '../i18n'
import { separatorsOf } from '@shared/locale-number'
import { recordProblem, typedDecimal } from '../refund/form'
import { refundPays, useVariantForm, type RefundPays, type RefundVariant } from '../refund/variant-form'
import { useWithdrawalForm } from '../refund/withdrawal-form'
import { withFee, isZeroPercent, type RefundTriageView } from '@shared/refund-policy'
import { AmountError, formatMinor as formatMinorOf, parseAmount } from '@shared/money'
import type { AsyncState } from './async-state'

export type { RefundPays, RefundVariant }
/** How a refund recorded as paid outside Kassa was paid. */
export type RecordMethod = 'cash' | 'wallet' | 'other'

/** Milliseconds the preview waits after the last keystroke before asking main again. */
export const PREVIEW_DEBOUNCE_MS = 300

const invalid = (message: string): KassaErrorData => ({ code: 'invalid-input', message })

/**
 * The refund screen for one paid sale: its options, what the cashier typed (kept whatever fails), and the refund
 * made. `state` tracks loading the options, `actionState` what the cashier asked for; `error` holds the last
 * failure of either, in main's words, and is cleared by the next attempt.
 */
export const useRefundStore = defineStore('refund', () => {
  const saleId = ref<string | null>(null)
  const sale = ref<SaleView | null>(null)
  const options = ref<RefundOptionsView | null>(null)
  const state = ref<AsyncState>('idle')
  const actionState = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  /** The refund the last action made or updated; the screen shows it (claim QR, state) instead of the form. */
  const refund = ref<RefundView | null>(null)
  /** `processor`: the mode's own form; `record`: record a refund paid outside Kassa (always offered). */
  const form = ref<'processor' | 'record'>('processor')

  const reason = ref('')
  const variants = useVariantForm()
  const { variant, subtractPercentage, customAmount, customCurrency, subtractError } = variants
  const withdrawal = useWithdrawalForm()
  const { address, coinAmount, feePlan, estimate, estimateFresh } = withdrawal
  // record form
  const recordAmount = ref('')
  const recordMethod = ref<RecordMethod>('cash')

  const busy = computed(() => actionState.value === 'loading')
  const chosen = computed(() => options.value?.variants.find((v) => v.variant === variant.value) ?? null)
  /** What the chosen refund pays as main priced it (exactly, formatted), for the confirmation step; null if unpriced. */
  const pays = computed<RefundPays | null>(() =>
    chosen.value && options.value
      ? refundPays(chosen.value, options.value.currency, customCurrency.value)
      : null
  )

  /** The restocking fee of a recorded refund as typed: fee and net (decimal strings), or null (no fee, no amount). */
  const recordFee = computed(() => {
    const o = options.value
    const typed = typedDecimal(recordAmount.value)
    if (!o || !typed || isZeroPercent(o.policy.rules.restockingFee)) return null
    try {
      const { feeMinor, netMinor } = withFee(typed, o.currency, o.policy.rules.restockingFee)
      return { percent: o.policy.rules.restockingFee, fee: feeMinor, net: netMinor }
    } catch (error) {
      if (error instanceof AmountError) return null
      throw error
    }
  })

  /**
   * The refund policy's decision on the refund as chosen now, before confirming: the priced variant's (main's), the
   * withdrawal estimate's (main's), or for a recorded refund the sale's (window, one per sale) with the cashier limit
   * checked here on the amount after the fee; main decides again when asked.
   */
  const triage = computed<RefundTriageView | null>(() => {
    const o = options.value
    if (!o) return null
    if (form.value === 'processor' && o.mode === 'api') return chosen.value?.triage ?? o.policy.triage
    if (form.value === 'processor' && o.mode === 'withdrawal')
      return estimate.value?.policy?.triage ?? o.policy.triage
    if (o.policy.triage.decision !== 'allowed') return o.policy.triage
    const limit = o.policy.rules.cashierLimit
    const typed = typedDecimal(recordAmount.value)
    if (limit === null || !typed) return o.policy.triage
    try {
      const net = withFee(typed, o.currency, o.policy.rules.restockingFee).netMinor
      if (o.currency !== o.policy.storeCurrency) {
        return {
          decision: 'needs-owner',
          rule: 'cashier-limit',
          values: { currency: o.policy.storeCurrency }
        }
      }
      const limitMinor = parseAmount(limit, o.currency, { allowZero: true })
      if (net <= limitMinor) return o.policy.triage
      return {
        decision: 'needs-owner',
        rule: 'cashier-limit',
        values: { limit, amount: formatMinorOf(net, o.currency), currency: o.currency }
      }
    } catch (error) {
      if (error instanceof AmountError) return o.policy.triage
      throw error
    }
  })

  /** The inputs (`previewKey`) the options shown were priced for; null before the first. */
  let pricedFor: string | null = null

  function reset(): void {
    pricedFor = null
    reason.value = ''
    recordAmount.value = ''
    variants.clear()
    withdrawal.clear()
    recordMethod.value = 'cash'
    refund.value = null
    options.value = null
    sale.value = null
    error.value = null
    actionState.value = 'idle'
  }

  /** Open the refund screen for sale `id`: what was typed for another sale is dropped. */
  async function open(id: string): Promise<void> {
    if (saleId.value !== id) reset()
    saleId.value = id
    await Promise.all([loadOptions(), loadSale()])
  }

  let sequence = 0
  const previewKey = (): string => JSON.stringify(variants.previewInput())

  /** Ask main what each variant pays with the subtract percentage and custom amount as typed now. */
  async function loadOptions(): Promise<void> {
    const id = saleId.value
    if (!id) return
    const typed = variants.previewInput()
    const key = JSON.stringify(typed)
    const input: CallInput<'refund:options'> = { saleId: id, ...typed }
    const mine = ++sequence
    const failedBefore = state.value === 'error'
    state.value = 'loading'
    const result = await kassa.refund.options(input)
    if (mine !== sequence || saleId.value !== id) return // a newer request or another sale took over
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return
    }
    const before = options.value
    if (failedBefore || !before) error.value = null // this read's own earlier failure is over
    options.value = result.value
    pricedFor = key
    state.value = 'done'
    // A sale that was blocked (not paid yet) may since have been paid: start over when that or the mode changes.
    const changed =
      before?.mode !== result.value.mode || !before.blockedReason !== !result.value.blockedReason
    if (changed) prefill(result.value)
  }

  function prefill(view: RefundOptionsView): void {
    form.value = view.mode === 'record' ? 'record' : 'processor'
    const rules = view.policy.rules
    const usable = (v: RefundOptionsView['variants'][number]): boolean =>
      v.available && rules.allowedVariants.includes(v.variant)
    const preferred = view.variants.find((v) => v.variant === rules.defaultVariant && usable(v))
    variant.value ??= preferred?.variant ?? view.variants.find(usable)?.variant ?? null
    // The owner's restocking fee is what a pull payment keeps back unless the cashier types another.
    const typedSubtract = typedDecimal(subtractPercentage.value)
    if ((!typedSubtract || isZeroPercent(typedSubtract)) && !isZeroPercent(rules.restockingFee)) {
      subtractPercentage.value = rules.restockingFee.replace('.', separatorsOf(intlLocale.value).decimal)
    }
    if (!customCurrency.value) customCurrency.value = view.currency
    if (!coinAmount.value && view.coin) coinAmount.value = view.coin.paid
  }

  async function loadSale(): Promise<void> {
    const id = saleId.value
    if (!id) return
    const result = await kassa.sale.get({ saleId: id })
    if (result.ok && saleId.value === id) sale.value = result.value
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  watch([subtractPercentage, customAmount, customCurrency, () => variant.value === 'Custom'], () => {
    if (options.value?.mode !== 'api' || subtractError.value) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      timer = undefined
      void loadOptions()
    }, PREVIEW_DEBOUNCE_MS)
  })

  /**
   * Before confirming: unless the options shown were priced for exactly what is typed now (a preview still waiting
   * for its debounce, or one asked and not yet answered), read them now, so the confirmation shows what is sent.
   */
  async function flushPreview(): Promise<void> {
    if (timer === undefined && pricedFor === previewKey()) return
    clearTimeout(timer)
    timer = undefined
    await loadOptions()
  }

  /** Refuse an action before calling main: show why, keep every input. */
  function refuse(message: string): Promise<null> {
    error.value = invalid(message)
    actionState.value = 'error'
    return Promise.resolve(null)
  }

  /**
   * The idempotency key of the refund being confirmed: made at the first attempt and kept until a refund comes back,
   * so a repeated tap or a retry after a lost answer gets the refund already made instead of a second one.
   */
  let confirmationKey: string | null = null
  function idempotencyKey(): { idempotencyKey: string } {
    confirmationKey ??= newIdempotencyKey()
    return { idempotencyKey: confirmationKey }
  }

  /** Run one action; on failure keep every input and show main's message. @returns the refund, or null */
  async function act(call: (id: string) => Promise<Result<RefundView>>): Promise<RefundView | null> {
    const id = saleId.value
    if (!id) return null
    actionState.value = 'loading'
    error.value = null
    const result = await call(id)
    if (!result.ok) {
      error.value = result.error
      actionState.value = 'error'
      return null
    }
    confirmationKey = null
    actionState.value = 'done'
    refund.value = result.value
    void loadSale()
    void loadOptions()
    return result.value
  }

  const optionalReason = (): { reason?: string } =>
    reason.value.trim() ? { reason: reason.value.trim() } : {}

  /** Why the refund as chosen cannot be created, or null (checked before the confirmation step too). */
  function createProblem(): string | null {
    return variants.problem(chosen.value, options.value?.currency ?? '')
  }

  /** Before a confirmation step: true when `problem` is null, else show it (inputs kept). */
  function ready(problem: string | null): boolean {
    if (problem) void refuse(problem)
    else error.value = null
    return problem === null
  }

  /** Create a pull-payment refund with the chosen variant (`api` mode); the result carries the claim link. */
  function create(): Promise<RefundView | null> {
    const v = chosen.value
    const problem = createProblem()
    if (problem || !v) return refuse(problem ?? i18n.global.t('refund.problems.chooseVariant'))
    return act((saleId) =>
      kassa.refund.create({
        saleId,
        ...variants.createInput(v.variant),
        ...optionalReason(),
        ...idempotencyKey()
      })
    )
  }

  /** Plisio: ask what sending `coinAmount` to `address` would cost; sends nothing. */
  async function estimateWithdrawal(): Promise<WithdrawalEstimateView | null> {
    const id = saleId.value
    if (!id) return null
    const problem = withdrawal.problem()
    if (problem) return refuse(problem)
    actionState.value = 'loading'
    error.value = null
    const result = await kassa.refund.estimate({ saleId: id, ...withdrawal.input() })
    if (!result.ok) {
      error.value = result.error
      actionState.value = 'error'
      return null
    }
    actionState.value = 'done'
    withdrawal.remember(result.value)
    return result.value
  }

  /** Why the withdrawal cannot be sent now, or null: it needs an estimate for exactly these inputs. */
  function withdrawProblem(): string | null {
    return (
      withdrawal.problem() ?? (estimateFresh.value ? null : i18n.global.t('refund.problems.estimateFirst'))
    )
  }

  /** Plisio: pay the refund out of the shop balance, only after an estimate for exactly these inputs. */
  function withdraw(): Promise<RefundView | null> {
    const problem = withdrawProblem()
    if (problem) return refuse(problem)
    return act((saleId) =>
      kassa.refund.withdraw({ saleId, ...withdrawal.input(), ...optionalReason(), ...idempotencyKey() })
    )
  }

  /** Record a refund paid outside Kassa (cash, another wallet), in the sale's fiat currency. */
  function record(): Promise<RefundView | null> {
    const o = options.value
    const check = o
      ? recordProblem({ amount: recordAmount.value, reason: reason.value }, o)
      : i18n.global.t('refund.problems.loading')
    if (check) return refuse(check)
    return act((saleId) =>
      kassa.refund.record({
        saleId,
        amount: typedDecimal(recordAmount.value) ?? recordAmount.value.trim(),
        method: recordMethod.value,
        reason: reason.value.trim(),
        ...idempotencyKey()
      })
    )
  }

  /** Cancel refund `refundId` (an unclaimed pull payment or a payout awaiting approval). */
  function cancel(refundId: string): Promise<RefundView | null> {
    return act(() => kassa.refund.cancel({ refundId }))
  }

  /**
   * A withdrawal of unknown fate the owner checked at the processor and found not sent: Kassa looks once more, then
   * frees its amount (or attaches the withdrawal if it turns up).
   */
  function release(refundId: string): Promise<RefundView | null> {
    return act(() => kassa.refund.release({ refundId }))
  }

  /** Re-read refund `refundId` from the processor (has the customer claimed it?). */
  function refresh(refundId: string): Promise<RefundView | null> {
    return act(() => kassa.refund.refresh({ refundId }))
  }

  /**
   * Follow the refund on screen without the cashier pressing Refresh: re-read it quietly (no busy state, and a
   * failure keeps what is shown; the next poll tries again). Only the refund still on screen is updated.
   */
  async function follow(refundId: string): Promise<void> {
    if (actionState.value === 'loading') return
    const result = await kassa.refund.refresh({ refundId })
    if (!result.ok || refund.value?.id !== refundId) return
    if (result.value.state !== refund.value.state) {
      refund.value = result.value
      void loadSale()
      void loadOptions()
    }
  }

  /** Show one of the sale's refunds again (its claim QR, Refresh, Cancel). */
  function show(view: RefundView): void {
    refund.value = view
    error.value = null
  }

  /** Leave the refund on screen and make another one for the same sale; the reason typed is cleared. */
  function another(): void {
    refund.value = null
    confirmationKey = null
    reason.value = ''
    actionState.value = 'idle'
  }

  return {
    saleId,
    sale,
    options,
    state,
    actionState,
    error,
    refund,
    form,
    reason,
    busy,
    variant,
    subtractPercentage,
    customAmount,
    customCurrency,
    subtractError,
    chosen,
    pays,
    address,
    coinAmount,
    feePlan,
    estimate,
    estimateFresh,
    recordAmount,
    recordMethod,
    recordFee,
    triage,
    open,
    loadOptions,
    flushPreview,
    createProblem,
    withdrawProblem,
    ready,
    create,
    estimateWithdrawal,
    withdraw,
    record,
    cancel,
    release,
    refresh,
    follow,
    show,
    another
  }
})

/** A fresh idempotency key: 32 hex digits from the platform's cryptographic random source. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRefundStore, import.meta.hot))
