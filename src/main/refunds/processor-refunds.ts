import type { RefundState, WithdrawalEstimateView } from '@shared/contract'
import type { Invoice, InvoicePaymentMethod } from '@shared/invoice'
import type { BtcpayProcessor } from '../processors/btcpay'
import type { PayoutData } from '../processors/btcpay/schemas'
import type { PlisioProcessor } from '../processors/plisio/processor'

/** BTCPay payout states → Kassa's refund states. */
const PAYOUT_STATES: Record<string, RefundState> = {
  AwaitingApproval: 'awaiting-approval',
  AwaitingPayment: 'in-progress',
  InProgress: 'in-progress',
  Completed: 'completed',
  Cancelled: 'cancelled'
}

const ZERO = /^0*\.?0*$/

/** The payment method the customer paid through (optionally BTC only), or undefined. */
export function paidMethod(invoice: Invoice, btcOnly = false): InvoicePaymentMethod | undefined {
  return invoice.paymentMethods.find(
    (m) => (!btcOnly || m.currency === 'BTC') && Boolean(m.paid) && !ZERO.test(m.paid)
  )
}

/**
 * A pull-payment refund's state from its payouts (`GET /api/v1/pull-payments/{id}/payouts?includeCancelled=true`):
 * none yet → `awaiting-claim`; only cancelled ones → `cancelled`; else the newest live payout's state.
 */
export function pullPaymentState(payouts: readonly PayoutData[]): RefundState {
  const live = payouts.filter((p) => p.state !== 'Cancelled')
  if (live.length === 0) return payouts.length ? 'cancelled' : 'awaiting-claim'
  return PAYOUT_STATES[live[live.length - 1]?.state ?? ''] ?? 'in-progress'
}

/**
 * Stop a BTCPay refund: cancel its payouts awaiting approval (`DELETE /api/v1/stores/{storeId}/payouts/{id}`), then
 * archive the pull payment (`DELETE /api/v1/stores/{storeId}/pull-payments/{id}`) so it cannot be claimed again.
 * @throws ProcessorError from BTCPay (403 names the permission).
 */
export async function stopPullPayment(btcpay: BtcpayProcessor, pullPaymentId: string): Promise<void> {
  const payouts = await btcpay.payouts.listForPullPayment(pullPaymentId)
  for (const payout of payouts.filter((p) => p.state === 'AwaitingApproval')) {
    await btcpay.payouts.cancel(payout.id)
  }
  await btcpay.refunds.archive(pullPaymentId)
}

/**
 * What a Plisio withdrawal of `amount` (decimal string in `coin`) to `address` would cost, with the fee plans and
 * the balance (`GET /operations/fee/{psys_cid}`, `/operations/commission/{psys_cid}`, `/operations/fee-plan/{psys_cid}`,
 * `/balances/{psys_cid}`). Fee plans and balance are extras: when they cannot be read they are left empty.
 * @throws ProcessorError from the fee or commission call (e.g. "Request IP").
 */
export async function estimatePlisioWithdrawal(
  plisio: PlisioProcessor,
  coin: string,
  input: { address: string; amount: string; feePlan?: string }
): Promise<WithdrawalEstimateView> {
  const request = { psysCid: coin, to: input.address, amount: input.amount, feePlan: input.feePlan }
  const [estimate, plans, balance] = await Promise.all([
    plisio.estimateWithdrawal(request),
    plisio.getFeePlans(coin).catch(() => []),
    plisio.getBalance(coin).then(
      (b) => b.balance,
      () => null
    )
  ])
  return {
    currency: coin,
    amount: estimate.amount,
    fee: estimate.fee.fee,
    commission: estimate.commission.commission,
    feePlan: estimate.fee.plan ?? input.feePlan ?? 'normal',
    feePlans: plans.map((plan) => ({ name: plan.name, fee: plan.value ?? '' })),
    total: estimate.total,
    balance
  }
}

/** A Plisio withdrawal's raw status → Kassa's refund state. */
export function withdrawalState(status: string): RefundState {
  if (status === 'completed') return 'completed'
  if (status === 'error' || status === 'cancelled') return 'failed'
  return 'in-progress'
}
