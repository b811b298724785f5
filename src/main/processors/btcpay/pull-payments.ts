import type { RefundState } from '@shared/contract'
import type { PullPaymentsPort } from '../ports'
import type { Payouts, Refunds } from './refunds'
import { toRefund } from './refunds'
import type { PayoutData } from './schemas'

/** BTCPay payout states → Kassa's refund states. */
const PAYOUT_STATES: Record<string, RefundState> = {
  AwaitingApproval: 'awaiting-approval',
  AwaitingPayment: 'in-progress',
  InProgress: 'in-progress',
  Completed: 'completed',
  Cancelled: 'cancelled'
}

/**
 * A refund's state from its pull payment's payouts (`GET /api/v1/pull-payments/{id}/payouts?includeCancelled=true`):
 * none yet → `awaiting-claim`; only cancelled ones → `cancelled`; else the newest live payout's state.
 */
export function pullPaymentState(payouts: readonly PayoutData[]): RefundState {
  const live = payouts.filter((p) => p.state !== 'Cancelled')
  if (live.length === 0) return payouts.length ? 'cancelled' : 'awaiting-claim'
  return PAYOUT_STATES[live[live.length - 1]?.state ?? ''] ?? 'in-progress'
}

/**
 * BTCPay's refunds as the pull-payments port: `GET …/invoices/{id}/refund/{paymentMethodId}` for the figures,
 * `POST …/invoices/{id}/refund` named after Kassa's refund id, found again by that name
 * (`GET /api/v1/stores/{storeId}/pull-payments`), followed through its payouts, stopped by cancelling the payouts
 * awaiting approval (`DELETE /api/v1/stores/{storeId}/payouts/{id}`) and archiving it
 * (`DELETE /api/v1/stores/{storeId}/pull-payments/{id}`).
 */
export function btcpayPullPayments(refunds: Refunds, payouts: Payouts): PullPaymentsPort {
  return {
    previewFigures: (invoice, paymentMethodId, options) =>
      refunds.preview(invoice.id, paymentMethodId, options),
    create: async (request, options) => toRefund(request, await refunds.create(request, options)),
    find: async (request, options) => {
      const pull = await refunds.find(request.refundId, options)
      return pull ? toRefund(request, pull) : null
    },
    follow: async (pullPaymentId, options) =>
      pullPaymentState(await payouts.listForPullPayment(pullPaymentId, { includeCancelled: true }, options)),
    cancel: async (pullPaymentId, options) => {
      const list = await payouts.listForPullPayment(pullPaymentId, {}, options)
      for (const payout of list.filter((p) => p.state === 'AwaitingApproval')) {
        await payouts.cancel(payout.id, options)
      }
      await refunds.archive(pullPaymentId, options)
    }
  }
}
