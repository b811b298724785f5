import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { KassaErrorData, PayOptionView, SaleView } from '@shared/contract'
import type { Adjustment } from '@shared/cart'
import type { CatalogItemView } from '@shared/catalog'
import type { SaleCustomerInput } from '@shared/customers'
import { keypadAmount, keypadPress, type KeypadKey } from '@shared/keypad'
import { kassa } from '../api/client'
import { formatMoney } from '../i18n'
import {
  addLine,
  changeQuantity,
  computeCart,
  isAbove,
  removeLine,
  setPrice,
  setQuantity,
  toSaleLine,
  type CartLine,
  type CartSummary
} from '../till/cart'
import { findByCode } from '../till/catalog-source'
import { ABOVE_MAXIMUM, isSet, PROCESSOR_OFFLINE, type ChargeRequest } from '../till/charge'
import { tillSettingsOf } from '../till/till-settings'
import { translate } from '../till/translate'
import type { AsyncState } from './async-state'
import { useSettingsStore } from './settings'

/**
 * What Charge froze: the cart as it was, waiting for the tip (when tips are on), a confirmation of a large amount
 * and/or a coin. The cart itself stays until a sale is made, so going back loses nothing.
 */
export interface ChargeDraft {
  lines: CartLine[]
  discount: Adjustment | null
  memo: string | null
  /** A keypad sale's amount (no lines), else null. */
  keypadAmount: string | null
  /** The customer's choice; `undefined` while the tip step is open, null for no tip. */
  tip: Adjustment | null | undefined
  /** The cashier confirmed an amount above the maximum. */
  confirmedLarge: boolean
}

/** A scan's outcome worth telling the cashier: an unknown code, or the lookup failed. */
export type ScanNotice =
  { kind: 'unknown'; code: string } | { kind: 'error'; code: string; error: KassaErrorData }

/**
 * The sale being rung up: keypad digits (minor units, filled from the right), an optional memo, the cart (lines
 * from the catalog, a scanner or the keypad, and an order discount), and the charge that turns them into a sale.
 *
 * Charge freezes a `draft`; with tips on, the payment screen's tip step asks the customer first (`chooseTip`).
 * Then an amount above the till's maximum waits for the cashier's confirmation (`largeAmount`, `confirmLarge`),
 * then main is asked for the ways to pay (`sale:payOptions`): none → charged at once, else `payOptions` waits for
 * `chargeWith`. A failure keeps everything typed.
 */
/** A customer attached at the till: what `sale:charge` gets, and the name shown on the cart. */
export interface AttachedCustomer {
  input: SaleCustomerInput
  label: string
}

export const useSaleStore = defineStore('sale', () => {
  const settings = useSettingsStore()
  const digits = ref('')
  const memo = ref('')
  /** The cart; empty for a plain keypad sale. */
  const lines = ref<CartLine[]>([])
  /** The order discount, or null. */
  const discount = ref<Adjustment | null>(null)
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  /** Coins to pick from before charging (Plisio), or null when no choice is pending. */
  const payOptions = ref<PayOptionView[] | null>(null)
  /** The charge under way (tip, confirmation, coin), or null. */
  const draft = ref<ChargeDraft | null>(null)
  /** An amount above the maximum waiting for the cashier's confirmation (decimal string), or null. */
  const largeAmount = ref<string | null>(null)
  const scanNotice = ref<ScanNotice | null>(null)
  /** The customer attached to this sale (an earlier one by id, or a new one made with the charge), or null. */
  const customer = ref<AttachedCustomer | null>(null)
  /**
   * Main refused the charge because its processor is offline (`processor-offline`: `params.reason`,
   * `alternatives`, …): the draft stays while the cashier chooses another processor, the outbox or Cancel.
   */
  const offline = ref<KassaErrorData | null>(null)
  /** The request main refused as offline, sent again with the cashier's choice (`chargeOffline`). */
  const offlineInput = shallowRef<ChargeRequest | null>(null)
  /** Decimal string: the total of the sale refused as offline, or null. */
  const offlineAmount = computed(() => offlineInput.value?.amount ?? null)

  const till = computed(() => tillSettingsOf(settings.settings))
  /** Whether the charge under way asks for a tip (the till's setting, or the kiosk's own `tips`). */
  let tipsOn = false

  /** Decimal string of the typed amount in the store currency (`'12.34'`), or null before settings load. */
  const amount = computed(() => (settings.currency ? keypadAmount(digits.value, settings.currency) : null))
  /** The amount for people (`$12.34`). */
  const display = computed(() =>
    settings.currency && amount.value !== null ? formatMoney(amount.value, settings.currency) : '—'
  )
  const typing = computed(() => digits.value !== '')

  /** A keypad line: the typed amount, named by the memo field or "Item". */
  function keypadLine(price: string, name = memo.value.trim()): CartLine {
    return { name: name || translate('till.keypadLine'), unitPrice: price, quantity: 1, priceType: 'custom' }
  }

  /** The cart with an amount typed but not yet added counted as a line (what Charge takes). */
  const chargeLines = computed(() =>
    typing.value && amount.value !== null ? addLine(lines.value, keypadLine(amount.value)) : lines.value
  )

  function summarize(
    cart: readonly CartLine[],
    cartDiscount: Adjustment | null,
    tip: Adjustment | null
  ): CartSummary | null {
    const currency = settings.currency
    if (!currency) return null
    return computeCart(cart.map(toSaleLine), {
      currency,
      defaultTaxRate: settings.taxRate,
      taxInclusive: till.value.taxInclusive,
      discount: cartDiscount,
      tip
    })
  }

  /** The cart's totals (lines only, without a typed amount), or null when the cart is empty. */
  const totals = computed(() => summarize(lines.value, discount.value, null))
  /** What Charge asks for before any tip: the cart total (with a typed amount), else the typed amount. */
  const chargeAmount = computed(() => {
    if (!settings.currency) return null
    if (lines.value.length === 0) return typing.value ? amount.value : null
    return summarize(chargeLines.value, discount.value, null)?.total ?? null
  })
  const chargeDisplay = computed(() =>
    settings.currency && chargeAmount.value !== null
      ? formatMoney(chargeAmount.value, settings.currency)
      : '—'
  )
  const canCharge = computed(
    () =>
      chargeAmount.value !== null && state.value !== 'loading' && payOptions.value === null && !draft.value
  )
  const canAddItem = computed(() => typing.value && amount.value !== null && state.value !== 'loading')
  /** True while the customer chooses a tip. */
  const tipStep = computed(() => draft.value !== null && draft.value.tip === undefined)

  function clearError(): void {
    if (state.value === 'error') state.value = 'idle'
    error.value = null
  }

  /** Apply a keypad key (digit, `00`, `C`, `⌫`). */
  function press(key: KeypadKey): void {
    digits.value = keypadPress(digits.value, key)
    // A changed amount needs fresh coin rates and minimums: the open picker no longer applies.
    if (payOptions.value) dismissPayOptions()
    scanNotice.value = null
    clearError()
  }

  /** Put the typed amount in the cart as one line named by the memo field (quantity 1); clear both. */
  function addItem(): void {
    if (!canAddItem.value) return
    lines.value = chargeLines.value
    digits.value = ''
    memo.value = ''
    clearError()
  }

  /**
   * Put a catalog item in the cart at `price` (decimal string; defaults to the item's price, which a `custom` item
   * without one must be given).
   * @throws AmountError when the price is missing, malformed, or below a `minimum` item's price
   */
  function addCatalogItem(item: CatalogItemView, price: string | null = item.price): void {
    const currency = settings.currency
    if (!currency) return
    const line: CartLine = {
      name: item.title,
      unitPrice: price ?? '',
      quantity: 1,
      taxRate: item.taxRate,
      itemId: item.id,
      sku: item.sku,
      priceType: item.priceType,
      minPrice: item.priceType === 'minimum' ? item.price : null
    }
    // Checked (and normalised to the currency's places) the way an edited price is.
    const [priced] = setPrice([line], 0, price ?? '', currency)
    lines.value = addLine(lines.value, priced!)
    scanNotice.value = null
    clearError()
  }

  /**
   * Look up what a scanner read (`catalog:byCode`). A fixed-price item goes into the cart at once; an item whose
   * price must be given is returned for the caller to ask; an unknown code sets `scanNotice` and charges nothing.
   * @returns the item when its price must be asked for, else null
   */
  async function scan(code: string): Promise<CatalogItemView | null> {
    scanNotice.value = null
    const found = await findByCode(code)
    if (!found.ok) {
      scanNotice.value = { kind: 'error', code, error: found.error }
      return null
    }
    const item = found.value
    if (!item) {
      scanNotice.value = { kind: 'unknown', code }
      return null
    }
    if (item.priceType === 'fixed' && item.price !== null) {
      addCatalogItem(item)
      return null
    }
    return item
  }

  /** One more (`+1`) or one fewer (`-1`) of line `index`; never below 1. */
  function bump(index: number, delta: 1 | -1): void {
    lines.value = changeQuantity(lines.value, index, delta)
  }

  /** Line `index` at `quantity` (1…10 000). */
  function setLineQuantity(index: number, quantity: number): void {
    lines.value = setQuantity(lines.value, index, quantity)
  }

  /** Line `index` at a new unit price. @throws AmountError as `setPrice` */
  function setLinePrice(index: number, price: string): void {
    if (settings.currency) lines.value = setPrice(lines.value, index, price, settings.currency)
  }

  /** Take line `index` out of the cart. */
  function remove(index: number): void {
    lines.value = removeLine(lines.value, index)
    if (lines.value.length === 0) discount.value = null
  }

  /** Set or clear (null) the order discount. */
  function setDiscount(value: Adjustment | null): void {
    discount.value = isSet(value) ? value : null
  }

  /** Start over: no digits, memo, lines, discount, pending charge or error. */
  function reset(): void {
    digits.value = ''
    memo.value = ''
    lines.value = []
    discount.value = null
    payOptions.value = null
    draft.value = null
    largeAmount.value = null
    scanNotice.value = null
    customer.value = null
    offline.value = null
    offlineInput.value = null
    state.value = 'idle'
    error.value = null
  }

  /** What `sale:charge` gets for a draft: its lines, discount and tip with their total, or a keypad amount. */
  function requestOf(d: ChargeDraft): ChargeRequest | null {
    const currency = settings.currency
    if (!currency) return null
    const tip = isSet(d.tip) ? d.tip : null
    // A keypad sale with a tip becomes one line, so the tip has lines to sit on (main's arithmetic needs them).
    const cart =
      d.lines.length > 0 ? d.lines : tip && d.keypadAmount ? [keypadLine(d.keypadAmount, d.memo ?? '')] : []
    const extra = { ...(d.confirmedLarge ? { confirmLarge: true } : {}) }
    if (cart.length === 0) {
      if (!d.keypadAmount) return null
      return { amount: d.keypadAmount, currency, ...(d.memo ? { memo: d.memo } : {}), ...extra }
    }
    const summary = summarize(cart, d.discount, tip)
    if (!summary) return null
    const named = d.lines.length === 0 // the memo named the keypad line
    return {
      amount: summary.total,
      currency,
      lines: cart.map(toSaleLine),
      taxRate: settings.taxRate,
      ...(isSet(d.discount) ? { discount: d.discount } : {}),
      ...(tip ? { tip } : {}),
      ...(d.memo && !named ? { memo: d.memo } : {}),
      ...extra
    }
  }

  /**
   * The draft's totals with `tip` (for the tip step: each preset's amount and what the QR will ask).
   * @returns null without a draft or when the cart cannot be computed
   */
  function previewTip(tip: Adjustment | null): CartSummary | null {
    const d = draft.value
    if (!d) return null
    const cart =
      d.lines.length > 0 ? d.lines : d.keypadAmount ? [keypadLine(d.keypadAmount, d.memo ?? '')] : []
    return summarize(cart, d.discount, isSet(tip) ? tip : null)
  }

  function fail(failure: KassaErrorData): null {
    error.value = failure
    state.value = 'error'
    return null
  }

  async function send(input: ChargeRequest): Promise<SaleView | null> {
    const result = await kassa.sale.charge(
      customer.value ? { ...input, customer: customer.value.input } : input
    )
    if (!result.ok) {
      if (result.error.code === ABOVE_MAXIMUM && draft.value) {
        // Main's maximum is the one that counts: ask the cashier, as for a total known to be above it.
        draft.value = { ...draft.value, confirmedLarge: false }
        largeAmount.value = input.amount
        payOptions.value = null
        state.value = 'idle'
        return null
      }
      if (result.error.code === PROCESSOR_OFFLINE && draft.value) {
        // The cashier chooses what happens to it (`chargeOffline`); nothing was recorded, nothing is lost.
        offline.value = result.error
        offlineInput.value = input
        payOptions.value = null
        state.value = 'idle'
        return null
      }
      return fail(result.error)
    }
    reset()
    state.value = 'done'
    return result.value
  }

  /** The draft onwards: a large amount asks first, then the coins (if any), then the charge. */
  async function proceed(): Promise<SaleView | null> {
    const d = draft.value
    const input = d ? requestOf(d) : null
    if (!d || !input) return null
    if (!d.confirmedLarge && aboveMaximum(input.amount)) {
      largeAmount.value = input.amount
      return null
    }
    largeAmount.value = null
    state.value = 'loading'
    error.value = null
    const options = await kassa.sale.payOptions({ amount: input.amount, currency: input.currency })
    if (!options.ok) return fail(options.error)
    if (options.value.length === 0) return send(input)
    payOptions.value = options.value
    state.value = 'idle'
    return null
  }

  function aboveMaximum(total: string): boolean {
    const currency = settings.currency
    try {
      return !!currency && isAbove(total, till.value.maxSaleAmount, currency)
    } catch {
      return false // a maximum main reports in a form this currency cannot read: main still checks
    }
  }

  /**
   * Charge what was rung up. With tips on, opens the tip step and returns `'tip'` (the caller shows the payment
   * screen's tip step; finish with `chooseTip`). Otherwise goes on as `proceed`.
   * @param options.tips ask for a tip or not (the kiosk's own setting); default the till's `tipsEnabled`
   * @returns the new sale; `'tip'`; or null (with `error`, `largeAmount` or `payOptions` set)
   */
  async function charge(options: { tips?: boolean } = {}): Promise<SaleView | 'tip' | null> {
    if (!canCharge.value || amount.value === null) return null
    tipsOn = options.tips ?? till.value.tipsEnabled
    const hasLines = lines.value.length > 0
    const trimmed = memo.value.trim()
    const typedLine = hasLines && typing.value
    draft.value = {
      lines: hasLines ? chargeLines.value : [],
      discount: hasLines ? discount.value : null,
      // A typed amount joining the cart is named by the memo field; otherwise the memo stays a memo.
      memo: typedLine || !trimmed ? null : trimmed,
      keypadAmount: hasLines ? null : amount.value,
      tip: tipsOn ? undefined : null,
      confirmedLarge: false
    }
    clearError()
    if (tipsOn) return 'tip'
    const sale = await proceed()
    // Nothing waits for the cashier: the draft is done with (a failure keeps the cart, not the draft).
    if (!sale && !largeAmount.value && !payOptions.value && !offline.value) draft.value = null
    return sale
  }

  /** The customer's tip (null: none); then on as `proceed`. */
  async function chooseTip(tip: Adjustment | null): Promise<SaleView | null> {
    if (!draft.value || state.value === 'loading') return null
    draft.value = { ...draft.value, tip: isSet(tip) ? tip : null }
    const sale = await proceed()
    // A failure returns to the tip step, so the choice can be made again.
    if (!sale && state.value === 'error' && draft.value) draft.value = { ...draft.value, tip: undefined }
    return sale
  }

  /** The cashier confirmed the large amount: charge it with `confirmLarge`. */
  async function confirmLarge(): Promise<SaleView | null> {
    if (!draft.value || largeAmount.value === null) return null
    draft.value = { ...draft.value, confirmedLarge: true }
    largeAmount.value = null
    const sale = await proceed()
    if (!sale && state.value === 'error' && !tipsOn) draft.value = null
    return sale
  }

  /** The cashier did not confirm the large amount: back to the cart (or to the tip step). */
  function dismissLarge(): void {
    largeAmount.value = null
    if (draft.value && tipsOn) draft.value = { ...draft.value, tip: undefined }
    else draft.value = null
  }

  /**
   * Charge the pending sale in the coin the cashier picked (a `PayOptionView.id`). On failure the options stay
   * on screen with `error` set, so another coin can be picked.
   * @returns the new sale, or null
   */
  async function chargeWith(paymentMethod: string): Promise<SaleView | null> {
    const d = draft.value
    const input = d ? requestOf(d) : null
    const option = payOptions.value?.find((o) => o.id === paymentMethod)
    if (!input || !option?.available || state.value === 'loading') return null
    state.value = 'loading'
    error.value = null
    return send({ ...input, paymentMethod })
  }

  /** Close the coin picker without charging; everything typed stays. */
  function dismissPayOptions(): void {
    payOptions.value = null
    draft.value = null
    clearError()
  }

  /** Leave the charge under way (tip step, confirmation, coins) and go back to the cart, which stays. */
  function cancelDraft(): void {
    draft.value = null
    payOptions.value = null
    largeAmount.value = null
    offline.value = null
    offlineInput.value = null
    clearError()
  }

  /**
   * The cashier's answer to an offline refusal (`offline`): charge the same sale on another connected processor
   * (`{processor}`; a coin picked for the offline one is left out), or let it wait in the outbox (`{outbox: true}`).
   * Refused again as offline (a cap reached meanwhile), `offline` shows the new refusal; any other failure closes
   * the choice and sets `error` (back at the tip step when tips are on, else at the cart).
   * @returns the new sale, or null
   */
  async function chargeOffline(choice: { processor: string } | { outbox: true }): Promise<SaleView | null> {
    const input = offlineInput.value
    if (!input || !offline.value || state.value === 'loading') return null
    state.value = 'loading'
    error.value = null
    const request: ChargeRequest = { ...input }
    if ('processor' in choice) {
      delete request.paymentMethod
      delete request.outbox
      request.processor = choice.processor
    } else {
      delete request.processor
      request.outbox = true
    }
    // The choice stays on screen while it is charged: a new refusal replaces it, success resets everything.
    const refusal = offline.value
    const sale = await send(request)
    if (!sale && offline.value === refusal && (state.value as AsyncState) === 'error') {
      offline.value = null
      offlineInput.value = null
      if (draft.value && till.value.tipsEnabled) draft.value = { ...draft.value, tip: undefined }
      else draft.value = null
    }
    return sale
  }

  return {
    digits,
    memo,
    customer,
    lines,
    discount,
    state,
    error,
    payOptions,
    draft,
    largeAmount,
    scanNotice,
    till,
    amount,
    display,
    typing,
    totals,
    chargeAmount,
    chargeDisplay,
    canCharge,
    canAddItem,
    tipStep,
    press,
    addItem,
    addCatalogItem,
    scan,
    bump,
    setLineQuantity,
    setLinePrice,
    remove,
    setDiscount,
    reset,
    previewTip,
    charge,
    chooseTip,
    confirmLarge,
    dismissLarge,
    chargeWith,
    dismissPayOptions,
    cancelDraft,
    offline,
    offlineAmount,
    chargeOffline
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSaleStore, import.meta.hot))
