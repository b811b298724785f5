import type { CallOptions } from '../types'
import type { BtpayClient } from './client'
import {
  BtpayOkSchema,
  BtpayPaymentLinkListSchema,
  BtpayPaymentLinkSchema,
  type BtpayPaymentLink
} from './schemas'

/** Body of `POST /api/v1/payment-links`. `amount` a decimal string in `currency`; omit for "payer chooses". */
export interface BtpayPaymentLinkCreateParams {
  title: string
  /** Default: derived by BTPay from the title (`Coffee beans` → `coffee-beans`). Must be unique. */
  slug?: string
  description?: string
  amount?: string
  currency?: string
  payment_methods?: string[]
  redirect_url?: string
  metadata?: Record<string, string>
}

/**
 * BTPay payment links (`/api/v1/payment-links`): CRUD only; BTPay 0.1.x has no public page that pays one.
 * Every method may throw `ProcessorError`.
 */
export class PaymentLinks {
  constructor(private readonly client: BtpayClient) {}

  /** `GET /api/v1/payment-links`: all links, active or not. */
  async list(options: CallOptions = {}): Promise<BtpayPaymentLink[]> {
    const answer = await this.client.send(
      BtpayPaymentLinkListSchema,
      { method: 'GET', path: 'api/v1/payment-links' },
      options
    )
    return answer.payment_links
  }

  /**
   * `POST /api/v1/payment-links` → 201 with the link.
   * @throws ProcessorError `processor-invalid-request` "Title is required", "Slug already exists", "Invalid amount"
   */
  create(params: BtpayPaymentLinkCreateParams, options: CallOptions = {}): Promise<BtpayPaymentLink> {
    return this.client.send(
      BtpayPaymentLinkSchema,
      { method: 'POST', path: 'api/v1/payment-links', body: params },
      { maxRetries: 0, ...options }
    )
  }

  /**
   * `DELETE /api/v1/payment-links/<slug>`: a soft delete (`is_active: false`).
   * @throws ProcessorError `processor-not-found` "Payment link not found"
   */
  async deactivate(slug: string, options: CallOptions = {}): Promise<void> {
    await this.client.send(
      BtpayOkSchema,
      { method: 'DELETE', path: `api/v1/payment-links/${encodeURIComponent(slug)}` },
      options
    )
  }
}
