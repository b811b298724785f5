import { computed, ref, type ComputedRef, type Ref } from 'vue'
import type { RefundVariantPreview } from '@shared/contract'
import { i18n } from '../i18n'
import { customProblem, percentProblem, typedDecimal } from './form'
import { amountWords } from './words'

/** A refund variant name (`RateThen`, `Fiat`, …). */
export type RefundVariant = RefundVariantPreview['variant']

/** The pull-payment inputs of the refund screen (`api` mode): variant, subtract percentage, custom amount. */
export interface VariantForm {
  variant: Ref<RefundVariant | null>
  /** 0–100 as typed; empty means 0. */
  subtractPercentage: Ref<string>
  customAmount: Ref<string>
  customCurrency: Ref<string>
  /** Why the subtract percentage is not usable, or null. */
  subtractError: ComputedRef<string | null>
  /** The valid part of the inputs, for `refund:options` (invalid fields are left out, not sent). */
  previewInput(): { subtractPercentage?: string; customAmount?: string; customCurrency?: string }
  /** Why `chosen` cannot be created as typed, or null; `saleCurrency` is the sale's fiat. */
  problem(chosen: RefundVariantPreview | null, saleCurrency: string): string | null
  /** The inputs for `refund:create` (after `problem` returned null). */
  createInput(variant: RefundVariant): {
    variant: RefundVariant
    subtractPercentage: string
    customAmount?: string
    customCurrency?: string
  }
  clear(): void
}

/** The variant inputs; amounts stay the strings the cashier typed, trimmed (currency upper-cased) when sent. */
export function useVariantForm(): VariantForm {
  const variant = ref<RefundVariant | null>(null)
  const subtractPercentage = ref('0')
  const customAmount = ref('')
  const customCurrency = ref('')
  const subtractError = computed(() => percentProblem(subtractPercentage.value))
  const custom = (): { customAmount: string; customCurrency: string } => ({
    customAmount: typedDecimal(customAmount.value) ?? customAmount.value.trim(),
    customCurrency: customCurrency.value.trim().toUpperCase()
  })

  return {
    variant,
    subtractPercentage,
    customAmount,
    customCurrency,
    subtractError,
    previewInput() {
      const subtract = typedDecimal(subtractPercentage.value) ?? ''
      return {
        ...(subtract !== '' && !subtractError.value ? { subtractPercentage: subtract } : {}),
        ...(variant.value === 'Custom' && !customProblem(customAmount.value, customCurrency.value)
          ? custom()
          : {})
      }
    },
    problem(chosen, saleCurrency) {
      if (!chosen) return i18n.global.t('refund.problems.chooseVariant')
      if (!chosen.available) return chosen.reason ?? i18n.global.t('refund.problems.unavailable')
      if (subtractError.value) return subtractError.value
      const custom =
        chosen.variant === 'Custom' ? customProblem(customAmount.value, customCurrency.value) : null
      if (custom) return custom
      // The cashier confirms an exact amount: one main cannot price (Custom in another fiat) is not offered.
      if (!refundPays(chosen, saleCurrency, customCurrency.value))
        return chosen.reason ?? i18n.global.t('refund.problems.unpriced')
      return null
    },
    createInput: (name) => ({
      variant: name,
      subtractPercentage: typedDecimal(subtractPercentage.value) || '0',
      ...(name === 'Custom' ? custom() : {})
    }),
    clear() {
      variant.value = null
      subtractPercentage.value = '0'
      customAmount.value = ''
      customCurrency.value = ''
    }
  }
}

/** What a refund pays, for the confirmation step: `pays` exactly, in the refund's own currency; `about` the other. */
export interface RefundPays {
  /** The amount the processor will be asked to pay, formatted for its currency (`"$3.60"`, `"0.00005538 BTC"`). */
  pays: string
  /** Its worth in the other currency at today's rate (an estimate), or null when main gave none. */
  about: string | null
}

/**
 * What `preview` (main's, after the subtracted percentage) pays: in the sale's fiat for `Fiat` and for `Custom` in
 * that fiat, in BTC for the others and for `Custom` in BTC. Null when main gave no amount in that currency (a
 * `Custom` refund in another fiat, which BTCPay would convert).
 */
export function refundPays(
  preview: RefundVariantPreview,
  saleCurrency: string,
  customCurrency: string
): RefundPays | null {
  const custom = customCurrency.trim().toUpperCase()
  const inFiat = preview.variant === 'Fiat' || (preview.variant === 'Custom' && custom === saleCurrency)
  const inCrypto = preview.variant !== 'Fiat' && (preview.variant !== 'Custom' || custom === preview.crypto)
  const fiat = preview.fiat === null ? null : amountWords(preview.fiat, saleCurrency)
  const crypto =
    preview.cryptoAmount === null || preview.crypto === null
      ? null
      : amountWords(preview.cryptoAmount, preview.crypto)
  if (inFiat) return fiat === null ? null : { pays: fiat, about: crypto }
  if (inCrypto) return crypto === null ? null : { pays: crypto, about: fiat }
  return null
}
