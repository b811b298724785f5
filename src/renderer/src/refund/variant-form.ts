import { computed, ref, type ComputedRef, type Ref } from 'vue'
import type { RefundVariantPreview } from '@shared/contract'
import { customProblem, percentProblem } from './form'

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
  /** Why `chosen` cannot be created as typed, or null. */
  problem(chosen: RefundVariantPreview | null): string | null
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
    customAmount: customAmount.value.trim(),
    customCurrency: customCurrency.value.trim().toUpperCase()
  })

  return {
    variant,
    subtractPercentage,
    customAmount,
    customCurrency,
    subtractError,
    previewInput() {
      const subtract = subtractPercentage.value.trim()
      return {
        ...(subtract !== '' && !subtractError.value ? { subtractPercentage: subtract } : {}),
        ...(variant.value === 'Custom' && !customProblem(customAmount.value, customCurrency.value)
          ? custom()
          : {})
      }
    },
    problem(chosen) {
      if (!chosen) return 'Choose how to refund'
      if (!chosen.available) return chosen.reason ?? 'That refund is not available'
      if (subtractError.value) return subtractError.value
      return chosen.variant === 'Custom' ? customProblem(customAmount.value, customCurrency.value) : null
    },
    createInput: (name) => ({
      variant: name,
      subtractPercentage: subtractPercentage.value.trim() || '0',
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
