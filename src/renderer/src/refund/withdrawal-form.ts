import { computed, ref, type ComputedRef, type Ref } from 'vue'
import type { WithdrawalEstimateView } from '@shared/contract'
import { typedDecimal, withdrawalProblem } from './form'

/** What the refund store keeps for a Plisio withdrawal: the inputs and the estimate made for them. */
export interface WithdrawalForm {
  address: Ref<string>
  /** In the coin the customer paid with, decimal string. */
  coinAmount: Ref<string>
  /** Empty: the processor's default plan. */
  feePlan: Ref<string>
  estimate: ComputedRef<WithdrawalEstimateView | null>
  /** True when `estimate` was made for exactly the address, amount and fee plan now typed. */
  estimateFresh: ComputedRef<boolean>
  /** Why these inputs cannot be sent, or null. */
  problem(): string | null
  /** The inputs as `refund:estimate` and `refund:withdraw` take them. */
  input(): { address: string; amount: string; feePlan?: string }
  /** Keep an estimate for the inputs now typed, adopting its fee plan. */
  remember(view: WithdrawalEstimateView): void
  clear(): void
}

/** The withdrawal inputs of the refund screen; an estimate goes stale as soon as any of them changes. */
export function useWithdrawalForm(): WithdrawalForm {
  const address = ref('')
  const coinAmount = ref('')
  const feePlan = ref('')
  const estimated = ref<{ key: string; view: WithdrawalEstimateView } | null>(null)
  const key = (): string => [address.value.trim(), coinAmount.value.trim(), feePlan.value].join('|')

  return {
    address,
    coinAmount,
    feePlan,
    estimate: computed(() => estimated.value?.view ?? null),
    estimateFresh: computed(() => estimated.value !== null && estimated.value.key === key()),
    problem: () => withdrawalProblem(address.value, coinAmount.value),
    input: () => ({
      address: address.value.trim(),
      amount: typedDecimal(coinAmount.value) ?? coinAmount.value.trim(),
      ...(feePlan.value ? { feePlan: feePlan.value } : {})
    }),
    remember(view) {
      feePlan.value = view.feePlan
      estimated.value = { key: key(), view }
    },
    clear() {
      address.value = ''
      coinAmount.value = ''
      feePlan.value = ''
      estimated.value = null
    }
  }
}
