/**
 * The payment-requests port (a payable link, for failed-charge recovery) and the Greenfield resource behind it,
 * payment requests (a reusable "pay this amount" page): `GET|POST /api/v1/stores/{storeId}/payment-requests`,
 * `GET|DELETE …/payment-requests/{paymentRequestId}` (DELETE = archive).
 */
import { z } from 'zod'
import { ProcessorError } from '../errors'
import { AnyBody } from '../http'
import type { PaymentRequestsPort, PaymentRequestView } from '../ports'
import type { CallOptions } from '../types'
import type { BtcpayClient } from './client'
import { isoFromUnix } from './normalize'
import { PaymentRequestSchema, type PaymentRequestData } from './schemas'

/** Body of a new payment request. `amount` is a decimal string > 0; `expiryDate` Unix seconds. */
export interface PaymentRequestCreate {
  title: string
  amount: string
  currency?: string
  description?: string
  email?: string
  expiryDate?: number
  referenceId?: string
  allowCustomPaymentAmounts?: boolean
}

export class PaymentRequests {
  constructor(private readonly client: BtcpayClient) {}

  /** Create one. @throws ProcessorError 422 naming the field (`amount`, `title`, …). */
  create(body: PaymentRequestCreate, options?: CallOptions): Promise<PaymentRequestData> {
    return this.client.send(
      PaymentRequestSchema,
      { method: 'POST', path: this.client.storePath('payment-requests'), body },
      { ...options, maxRetries: 0 }
    )
  }

  /** List the store's payment requests (unpaginated); archived ones only when asked. */
  list(query: { includeArchived?: boolean } = {}, options?: CallOptions): Promise<PaymentRequestData[]> {
    return this.client.send(
      z.array(PaymentRequestSchema),
      {
        method: 'GET',
        path: this.client.storePath('payment-requests'),
        query: { includeArchived: query.includeArchived }
      },
      options
    )
  }

  /** `GET …/payment-requests/{id}`. @throws ProcessorError `processor-not-found`. */
  retrieve(paymentRequestId: string, options?: CallOptions): Promise<PaymentRequestData> {
    return this.client.send(
      PaymentRequestSchema,
      { method: 'GET', path: this.client.storePath('payment-requests', paymentRequestId) },
      options
    )
  }

  /** Archive (`DELETE …/payment-requests/{id}`). @throws ProcessorError `processor-not-found`. */
  async archive(paymentRequestId: string, options?: CallOptions): Promise<void> {
    await this.client.send(
      AnyBody,
      { method: 'DELETE', path: this.client.storePath('payment-requests', paymentRequestId) },
      options
    )
  }
}

/**
 * A BTCPay payment request as Kassa's view, as of `now` (ms since the epoch). `Completed` → `paid` (even once
 * archived: the money arrived); else archived → `archived`; `Expired`, or `Pending` past its `expiryDate` (BTCPay's
 * watcher marks it a while later, but refuses to pay it from then on) → `expired`; `Pending` and `Processing` (paid,
 * not yet settled) → `open`, as is a status BTCPay adds later. `rawStatus` is BTCPay's status, with `/archived`
 * when archived. BTCPay returns no link: the public page is `<server>/payment-requests/<id>`.
 */
export function paymentRequestView(
  data: PaymentRequestData,
  serverUrl: string,
  now: number = Date.now()
): PaymentRequestView {
  const expiresAt = data.expiryDate != null ? isoFromUnix(data.expiryDate) : null
  let status: PaymentRequestView['status']
  if (data.status === 'Completed') status = 'paid'
  else if (data.archived) status = 'archived'
  else if (data.status === 'Expired' || (expiresAt !== null && Date.parse(expiresAt) <= now))
    status = 'expired'
  else status = 'open'
  return {
    id: data.id,
    amount: data.amount,
    currency: data.currency ?? '',
    link: `${serverUrl}/payment-requests/${encodeURIComponent(data.id)}`,
    status,
    rawStatus: data.archived ? `${data.status}/archived` : data.status,
    expiresAt
  }
}

/**
 * BTCPay's payment requests as the payment-requests port. Kassa's `orderId` is the request's `referenceId`.
 * - `create`: `GET /api/v1/stores/{storeId}/payment-requests` (a live request with this `referenceId` is returned
 *   instead of making a second), then `POST /api/v1/stores/{storeId}/payment-requests` `{title, amount, currency,
 *   email, referenceId}`, never retried; after a lost answer the list is read again before giving up. No expiry.
 *   Needs `btcpay.store.canmodifypaymentrequests`; the look-up needs `canviewpaymentrequests` (without it, it is
 *   skipped).
 * - `get`: `GET /api/v1/stores/{storeId}/payment-requests/{id}` (archived ones too).
 * - `archive`: `DELETE /api/v1/stores/{storeId}/payment-requests/{id}`; BTCPay answers 404 for one already archived,
 *   so that is read back and taken as done.
 * Errors come from the connector's factory: 422 `processor-invalid-request` naming the field ("amount: Please
 * provide an amount greater than 0"), 403 `processor-permission` naming the permission, 404 `processor-not-found`.
 */
export function btcpayPaymentRequests(
  requests: PaymentRequests,
  serverUrl: string,
  now: () => number = Date.now
): PaymentRequestsPort {
  const view = (data: PaymentRequestData): PaymentRequestView => paymentRequestView(data, serverUrl, now())
  const find = async (orderId: string, options?: CallOptions): Promise<PaymentRequestData | null> =>
    (await requests.list({}, options)).find((pr) => pr.referenceId === orderId && !pr.archived) ?? null
  return {
    async create(request, options) {
      const existing = await find(request.orderId, options).catch((error: unknown) => {
        // A key that may create but not view payment requests cannot look up; creating is still possible.
        if (error instanceof ProcessorError && error.code === 'processor-permission') return null
        throw error
      })
      if (existing) return view(existing)
      const body = {
        title: request.title,
        amount: request.amount,
        currency: request.currency,
        referenceId: request.orderId,
        ...(request.email ? { email: request.email } : {})
      }
      try {
        return view(await requests.create(body, options))
      } catch (error) {
        if (!(error instanceof ProcessorError) || error.code !== 'processor-connection') throw error
        // BTCPay may have made it before the answer was lost.
        const made = await find(request.orderId, options).catch(() => null)
        if (made) return view(made)
        throw error
      }
    },
    get: async (id, options) => view(await requests.retrieve(id, options)),
    async archive(id, options) {
      try {
        await requests.archive(id, options)
      } catch (error) {
        if (!(error instanceof ProcessorError) || error.code !== 'processor-not-found') throw error
        const current = await requests.retrieve(id, options)
        if (!current.archived) throw error
      }
    }
  }
}
