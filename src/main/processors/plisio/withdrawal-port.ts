import type { RefundState } from '@shared/contract'
import type { WithdrawalOutcome, WithdrawalRequest, WithdrawalsPort } from '../ports'
import type { CallOptions } from '../types'
import type { OperationsResource } from './operations'
import type { AccountResource } from './shop'
import type { Withdrawal, WithdrawalsResource } from './withdrawals'

/** A Plisio withdrawal's raw status → Kassa's refund state. */
export function withdrawalState(status: string): RefundState {
  if (status === 'completed') return 'completed'
  if (status === 'error' || status === 'cancelled') return 'failed'
  return 'in-progress'
}

function outcome(withdrawal: Pick<Withdrawal, 'id' | 'status' | 'txUrl'>): WithdrawalOutcome {
  return { id: withdrawal.id, state: withdrawalState(withdrawal.status), txId: withdrawal.txUrl }
}

/**
 * Plisio's withdrawals as the withdrawals port (Plisio has no refund API: a refund is a payout from the shop balance
 * to the customer's address). Estimate: `GET /operations/fee/{psys_cid}`, `/operations/commission/{psys_cid}`,
 * `/operations/fee-plan/{psys_cid}`, `/balances/{psys_cid}` (fee plans and balance are extras: left empty when they
 * cannot be read). Send: `GET /operations/withdraw`, never retried. Find: `GET /operations?type=cash_out`. Follow:
 * `GET /operations/{id}`. All need this computer's IP under Request IP.
 */
export function plisioWithdrawals(
  withdrawals: WithdrawalsResource,
  operations: OperationsResource,
  account: AccountResource
): WithdrawalsPort {
  const toRequest = (request: WithdrawalRequest) => ({
    psysCid: request.psysCid,
    to: request.to,
    amount: request.amount,
    feePlan: request.feePlan
  })
  return {
    async estimate(request: WithdrawalRequest, options?: CallOptions) {
      const [estimate, plans, balance] = await Promise.all([
        withdrawals.estimate(toRequest(request), options),
        operations.feePlans(request.psysCid, options).catch(() => []),
        account.balance(request.psysCid, options).then(
          (b) => b.balance,
          () => null
        )
      ])
      return {
        currency: request.psysCid,
        amount: estimate.amount,
        fee: estimate.fee.fee,
        commission: estimate.commission.commission,
        feePlan: estimate.fee.plan ?? request.feePlan ?? 'normal',
        feePlans: plans.map((plan) => ({ name: plan.name, fee: plan.value ?? '' })),
        total: estimate.total,
        balance
      }
    },
    send: async (request, options) => outcome(await withdrawals.create(toRequest(request), options)),
    async find(request, since, skip, options) {
      const found = await withdrawals.find(
        { psysCid: request.psysCid, to: request.to, amount: request.amount, since, skip },
        options
      )
      return found ? outcome(found) : null
    },
    async follow(id, options) {
      const operation = await operations.retrieve(id, options)
      const txUrl = Array.isArray(operation.tx_url) ? operation.tx_url[0] : operation.tx_url
      return { id: operation.id, state: withdrawalState(operation.status), txId: txUrl ?? null }
    }
  }
}
