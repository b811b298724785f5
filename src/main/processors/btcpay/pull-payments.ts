/**
 * The pull-payments port (refunds the customer claims through a link) and the Greenfield resources behind it,
 * refunds and their pull payments / payouts:
 * `POST /api/v1/stores/{storeId}/invoices/{invoiceId}/refund`, `GET …/invoices/{invoiceId}/refund/{paymentMethodId}`,
 * `GET /api/v1/stores/{storeId}/pull-payments`,
 * `GET /api/v1/pull-payments/{pullPaymentId}/payouts`, `DELETE /api/v1/stores/{storeId}/payouts/{payoutId}`,
 * `DELETE /api/v1/stores/{storeId}/pull-payments/{pullPaymentId}`.
 */
import { z } from 'zod'
import { AnyBody } from '../http'
import type { RefundState } from '@shared/contract'
import type { PullPaymentsPort } from '../ports'
import type { CallOptions, Refund, RefundRequest, RefundVariant } from '../types'
import { path, type BtcpayClient } from './client'
import { isoFromUnix } from './normalize'
import {
  PayoutSchema,
  PullPaymentSchema,
  RefundTriggerSchema,
  type PayoutData,
  type PullPaymentData,
  type RefundTriggerData
} from './schemas'

/** Greenfield `RefundInvoiceRequest` as Kassa sends it. Decimal strings; `subtractPercentage` 0–100. */
export interface GreenfieldRefundBody {
  /** The pull payment's name: BTCPay's default (`Refund <invoiceId>`) plus Kassa's refund id, found again by it. */
  name: string
  refundVariant: RefundVariant
  subtractPercentage?: string
  customAmount?: string
  customCurrency?: string
  /** Portable payout method field (accepted by 2.0 – 2.4.1+), e.g. `BTC-CHAIN`, `BTC-LN`. */
  payoutMethodId?: string
  description?: string
}

/** Build the refund body from Kassa's request; absent optional fields are left out. */
export function toRefundBody(request: RefundRequest): GreenfieldRefundBody {
  return {
    name: refundName(request.invoiceId, request.refundId),
    refundVariant: request.variant,
    ...(request.subtractPercentage !== undefined && { subtractPercentage: request.subtractPercentage }),
    ...(request.customAmount !== undefined && { customAmount: request.customAmount }),
    ...(request.customCurrency !== undefined && { customCurrency: request.customCurrency }),
    ...(request.paymentMethod !== undefined && { payoutMethodId: request.paymentMethod }),
    ...(request.description !== undefined && { description: request.description })
  }
}

/** The pull payment name that carries Kassa's refund id (shown to the customer on the claim page). */
export function refundName(invoiceId: string, refundId: string): string {
  return `Refund ${invoiceId} (${refundId})`
}

export class Refunds {
  constructor(private readonly client: BtcpayClient) {}

  /**
   * Refund an invoice: BTCPay creates a pull payment the customer claims through its `viewLink`.
   * @throws ProcessorError 400 `non-refundable` (not paid), 422 naming the field (e.g. "Invoice is not
   *   overpaid" for `OverpaidAmount`, `customAmount` for `Custom`), 403 without `cancreatenonapprovedpullpayments`.
   */
  create(request: RefundRequest, options?: CallOptions): Promise<PullPaymentData> {
    return this.client.send(
      PullPaymentSchema,
      {
        method: 'POST',
        path: this.client.storePath('invoices', request.invoiceId, 'refund'),
        body: toRefundBody(request)
      },
      { ...options, maxRetries: 0 }
    )
  }

  /**
   * Archive a refund's pull payment so it can no longer be claimed:
   * `DELETE /api/v1/stores/{storeId}/pull-payments/{pullPaymentId}` (canarchivepullpayments).
   * @throws ProcessorError 404 when unknown, 403 without the permission.
   */
  async archive(pullPaymentId: string, options?: CallOptions): Promise<void> {
    await this.client.send(
      AnyBody,
      { method: 'DELETE', path: this.client.storePath('pull-payments', pullPaymentId) },
      options
    )
  }

  /**
   * The store's pull payments, archived ones included: `GET /api/v1/stores/{storeId}/pull-payments?includeArchived=true`
   * (canviewpullpayments; the spec says canmanagepullpayments).
   * @throws ProcessorError 403 without the permission.
   */
  list(options?: CallOptions): Promise<PullPaymentData[]> {
    return this.client.send(
      z.array(PullPaymentSchema),
      { method: 'GET', path: this.client.storePath('pull-payments'), query: { includeArchived: true } },
      options
    )
  }

  /**
   * The refund's pull payment made for Kassa's `refundId` (its name carries the id), or null.
   * `GET /api/v1/stores/{storeId}/pull-payments?includeArchived=true`.
   * @throws ProcessorError as `list`.
   */
  async find(refundId: string, options?: CallOptions): Promise<PullPaymentData | null> {
    const marker = `(${refundId})`
    return (await this.list(options)).find((pull) => pull.name?.endsWith(marker)) ?? null
  }

  /** Amounts a refund would pay (then/now/overpaid, in the payment currency) for one payment method. */
  preview(invoiceId: string, paymentMethodId: string, options?: CallOptions): Promise<RefundTriggerData> {
    return this.client.send(
      RefundTriggerSchema,
      { method: 'GET', path: this.client.storePath('invoices', invoiceId, 'refund', paymentMethodId) },
      options
    )
  }
}

/** Map a refund's pull payment onto Kassa's `Refund` (`claimLink` = the pull payment's `viewLink`). */
export function toRefund(request: RefundRequest, pull: PullPaymentData, now = new Date()): Refund {
  return {
    id: pull.id,
    invoiceId: request.invoiceId,
    variant: request.variant,
    amount: pull.amount,
    currency: pull.currency,
    claimLink: pull.viewLink || null,
    createdAt: pull.startsAt ? isoFromUnix(pull.startsAt) : now.toISOString()
  }
}

export class Payouts {
  constructor(private readonly client: BtcpayClient) {}

  /** `GET /api/v1/pull-payments/{pullPaymentId}/payouts` (anonymous in BTCPay). */
  listForPullPayment(
    pullPaymentId: string,
    query: { includeCancelled?: boolean } = {},
    options?: CallOptions
  ): Promise<PayoutData[]> {
    return this.client.send(
      z.array(PayoutSchema),
      {
        method: 'GET',
        path: path('api/v1', 'pull-payments', pullPaymentId, 'payouts'),
        query: { includeCancelled: query.includeCancelled }
      },
      options
    )
  }

  /**
   * Cancel a payout (e.g. one awaiting approval): `DELETE /api/v1/stores/{storeId}/payouts/{payoutId}`.
   * @throws ProcessorError 400 `invalid-state`, 404 `payout-not-found`, 403 without `canmanagepayouts`.
   */
  async cancel(payoutId: string, options?: CallOptions): Promise<void> {
    await this.client.send(
      AnyBody,
      { method: 'DELETE', path: this.client.storePath('payouts', payoutId) },
      options
    )
  }
}

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
