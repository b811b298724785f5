/**
 * Invoices resource: `POST|GET /api/v1/stores/{storeId}/invoices`, `GET …/invoices/{id}`,
 * `GET …/invoices/{id}/payment-methods`, `POST …/invoices/{id}/status`. Store-nested routes, served by every 2.x.
 */
import Big from 'big.js'
import { z } from 'zod'
import type { Invoice } from '@shared/invoice'
import { ProcessorError } from '../errors'
import { currentLane } from '../lanes'
import type { CallOptions, CreateInvoiceRequest } from '../types'
import type { BtcpayClient } from './client'
import { toInvoice } from './normalize'
import { buildPosData } from './pos-data'
import { InvoiceDataSchema, InvoicePaymentMethodSchema, type InvoiceData } from './schemas'

/** Greenfield `CreateInvoiceRequest` body as Kassa sends it. */
export interface GreenfieldCreateInvoice {
  amount: string
  currency: string
  metadata: Record<string, unknown>
  checkout: { expirationMinutes?: number; paymentMethods?: string[] }
}

/**
 * Build the Greenfield body: `metadata.orderId` (and `kassaTill`), the customer as `metadata.buyerName` and
 * `metadata.buyerEmail` (BTCPay's well-known keys: its receipts and e-mail rules use a valid `buyerEmail`), PoS-style
 * `posData`/`receiptData`, expiry in whole minutes.
 */
export function toCreateBody(request: CreateInvoiceRequest): GreenfieldCreateInvoice {
  const { posData, receiptData } = buildPosData(request)
  const checkout: GreenfieldCreateInvoice['checkout'] = {}
  // Greenfield wants integer minutes (≥ 30 s server-side): round up so the quote never ends early.
  if (request.expirySeconds !== undefined)
    checkout.expirationMinutes = Math.max(1, Math.ceil(request.expirySeconds / 60))
  if (request.paymentMethods?.length) checkout.paymentMethods = [...request.paymentMethods]
  return {
    amount: request.amount,
    currency: request.currency,
    metadata: {
      orderId: request.orderId,
      itemDesc: request.description,
      posData,
      receiptData,
      // Which till made it: tills sharing the store tell their invoices apart when reconciling.
      ...(request.tillId && { kassaTill: request.tillId }),
      ...(request.customer?.name && { buyerName: request.customer.name }),
      ...(request.customer?.email && { buyerEmail: request.customer.email })
    },
    checkout
  }
}

/** Filters of `GET …/invoices`; dates in Unix seconds (inclusive). */
export interface InvoiceListQuery {
  orderId?: string[]
  /** Greenfield statuses (`New`, `Processing`, …), any of them. */
  status?: string[]
  startDate?: number
  endDate?: number
  skip?: number
  take?: number
}

/** Greenfield invoices of the store: create (at most once per sale), find, read, list, mark. */
export class Invoices {
  constructor(private readonly client: BtcpayClient) {}

  /**
   * `POST /api/v1/stores/{storeId}/invoices`, never retried (a retry could bill twice). Prefer `createOnce`.
   * @throws ProcessorError (`processor-invalid-request` with `fields` on 422, `processor-connection` on timeout).
   */
  create(request: CreateInvoiceRequest, options: CallOptions = {}): Promise<InvoiceData> {
    return this.client.send(
      InvoiceDataSchema,
      { method: 'POST', path: this.client.storePath('invoices'), body: toCreateBody(request) },
      { ...options, maxRetries: 0 }
    )
  }

  /**
   * Create the invoice of a sale at most once: look it up by order id first (unless `firstAttempt`), and again after
   * a timeout or connection failure during the POST (the server may have created it). Returns the existing invoice
   * if any.
   */
  async createOnce(request: CreateInvoiceRequest, options: CallOptions = {}): Promise<InvoiceData> {
    const existing = request.firstAttempt
      ? null
      : await this.findByOrderId(request.orderId, options).catch((error: unknown) => {
          // A key without canviewinvoices cannot look up; creating is still possible.
          if (error instanceof ProcessorError && error.code === 'processor-permission') return null
          throw error
        })
    if (existing) return existing
    try {
      return await this.create(request, options)
    } catch (error) {
      if (!(error instanceof ProcessorError) || error.code !== 'processor-connection') throw error
      const found = await this.findByOrderId(request.orderId, options).catch(() => null)
      if (found) return found
      throw error
    }
  }

  /** `GET …/invoices?orderId=<id>`: the newest invoice with this `metadata.orderId`, or null. */
  async findByOrderId(orderId: string, options?: CallOptions): Promise<InvoiceData | null> {
    const list = await this.list({ orderId: [orderId] }, options)
    return list.find((invoice) => invoice.metadata?.orderId === orderId) ?? null
  }

  /**
   * `GET …/invoices?orderId&startDate&endDate&skip&take&includeArchived=true`: the store's invoices, archived ones
   * included, newest first. Dates are Unix seconds, both inclusive.
   */
  list(query: InvoiceListQuery, options?: CallOptions): Promise<InvoiceData[]> {
    return this.client.send(
      z.array(InvoiceDataSchema),
      {
        method: 'GET',
        path: this.client.storePath('invoices'),
        query: { ...query, includeArchived: true }
      },
      options
    )
  }

  /** `GET …/invoices/{invoiceId}`. @throws ProcessorError `processor-not-found`. */
  retrieve(invoiceId: string, options?: CallOptions): Promise<InvoiceData> {
    return this.client.send(
      InvoiceDataSchema,
      { method: 'GET', path: this.client.storePath('invoices', invoiceId) },
      options
    )
  }

  /** `GET …/invoices/{invoiceId}/payment-methods`: destinations, BIP21/lightning links, rates, payments. */
  paymentMethods(
    invoiceId: string,
    options?: CallOptions
  ): Promise<z.infer<typeof InvoicePaymentMethodSchema>[]> {
    return this.client.send(
      z.array(InvoicePaymentMethodSchema),
      { method: 'GET', path: this.client.storePath('invoices', invoiceId, 'payment-methods') },
      options
    )
  }

  /**
   * Invoice and payment methods, normalized: `GET …/invoices/{id}` and `GET …/invoices/{id}/payment-methods`. A
   * background read (the tracker's `background` lane) of an invoice that had no payment and whose status is unchanged
   * (`options.previous`) skips the payment methods and keeps the stored ones: nothing in them can have changed without
   * a payment, and a payment changes the status (Processing, PaidPartial, PaidLate). Half the requests for a shop's
   * many open invoices; the invoice on screen is always read whole.
   * @throws ProcessorError `processor-not-found`.
   */
  async get(invoiceId: string, options?: CallOptions): Promise<Invoice> {
    const previous = currentLane() === 'background' ? (options?.previous?.() ?? null) : null
    if (previous && previous.payments.length === 0) {
      const data = await this.retrieve(invoiceId, options)
      const unchanged = toInvoice(data, [])
      const unpaid = !data.paidAmount || new Big(data.paidAmount).eq(0)
      if (
        unpaid &&
        unchanged.status === previous.status &&
        unchanged.additionalStatus === previous.additionalStatus
      ) {
        return {
          ...unchanged,
          paymentMethods: previous.paymentMethods,
          payments: [],
          paid: previous.paid,
          due: previous.due
        }
      }
      return toInvoice(data, await this.paymentMethods(invoiceId, options))
    }
    const [data, methods] = await Promise.all([
      this.retrieve(invoiceId, options),
      this.paymentMethods(invoiceId, options)
    ])
    return toInvoice(data, methods)
  }

  /**
   * `POST …/invoices/{invoiceId}/status` `{status}`: mark `Invalid` (cancel) or `Settled`.
   * @throws ProcessorError `processor-invalid-request` with a clear message when the state does not allow it.
   */
  async markStatus(
    invoiceId: string,
    status: 'Invalid' | 'Settled',
    options?: CallOptions
  ): Promise<InvoiceData> {
    try {
      return await this.client.send(
        InvoiceDataSchema,
        { method: 'POST', path: this.client.storePath('invoices', invoiceId, 'status'), body: { status } },
        options
      )
    } catch (error) {
      if (error instanceof ProcessorError && error.status === 422) {
        const verb = status === 'Invalid' ? 'cancelled' : 'marked settled'
        const reason = error.fields.map((f) => f.message).join('; ') || error.message
        throw new ProcessorError(
          'processor-invalid-request',
          `Invoice ${invoiceId} cannot be ${verb} in its current state (${reason})`,
          { status: 422, fields: error.fields, cause: error }
        )
      }
      throw error
    }
  }
}
