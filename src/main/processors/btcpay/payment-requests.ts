/**
 * Payment requests (a reusable "pay this amount" page): `GET|POST /api/v1/stores/{storeId}/payment-requests`,
 * `GET|DELETE …/payment-requests/{paymentRequestId}` (DELETE = archive).
 */
import { z } from 'zod'
import type { CallOptions } from '../types'
import type { BtcpayClient } from './client'
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
  archive(paymentRequestId: string, options?: CallOptions): Promise<void> {
    return this.client.sendEmpty(
      { method: 'DELETE', path: this.client.storePath('payment-requests', paymentRequestId) },
      options
    )
  }
}
