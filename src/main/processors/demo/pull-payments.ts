/**
 * The pull-payments port of the Demo and the refunds behind it: refunds with BTCPay's variants, worked out as
 * BTCPay's `RefundInvoice` does, kept in the Demo's books under Kassa's refund id.
 */
import { randomUUID } from 'node:crypto'
import { isFiatCurrency } from '@shared/currency'
import { AmountError, fiatToSats, formatMinor, parseAmount, percentOf, satsToFiat } from '@shared/money'
import { ProcessorError } from '../errors'
import type { PullPaymentsPort } from '../ports'
import type { Refund, RefundRequest, RefundVariant } from '../types'
import type { Invoices } from './invoices'
import { demoRate } from './rates'
import { demoStatus } from './status'
import type { DemoRefundRow, DemoStore } from './store'

/** The Demo's refunds: pull payments whose claim link points at the reserved `.invalid` domain. */
export class Refunds {
  constructor(
    private readonly store: DemoStore,
    private readonly invoices: Invoices,
    private readonly now: () => number
  ) {}

  /**
   * Refund with BTCPay's variants, once per `request.refundId` (asking again returns the first refund).
   * @throws ProcessorError when the invoice is not refundable or the variant does not apply.
   */
  create(request: RefundRequest): Refund {
    const made = this.store.refundByKey(request.refundId)
    if (made) return toDemoRefund(made)
    const row = this.invoices.row(request.invoiceId)
    const payments = this.store.payments(row.id)
    const { status, additionalStatus } = demoStatus(row, payments, this.now())
    const paidSats = payments.reduce((sum, p) => sum + p.sats, 0n)
    const refundable = status === 'Settled' || status === 'Invalid' || (status === 'Expired' && paidSats > 0n)
    if (!refundable || paidSats === 0n) {
      throw new ProcessorError('processor-invalid-request', 'Only a paid invoice can be refunded')
    }
    // BTCPay's `RefundInvoice` arithmetic: the fiat paid is the BTC paid at the invoice's rate, half-even.
    const fiatPaid = satsToFiat(paidSats, row.currency, row.rate, 'half-even')
    let minor: bigint
    let currency: string
    switch (request.variant) {
      case 'RateThen':
        minor = paidSats
        currency = 'BTC'
        break
      case 'CurrentRate':
        minor = fiatToSats(fiatPaid, row.currency, demoRate(row.currency) ?? row.rate, 'half-even')
        currency = 'BTC'
        break
      case 'Fiat':
        minor = fiatPaid
        currency = row.currency
        break
      case 'OverpaidAmount':
        if (additionalStatus !== 'PaidOver')
          throw new ProcessorError('processor-invalid-request', 'Invoice is not overpaid')
        minor = paidSats - row.totalSats
        currency = 'BTC'
        break
      case 'Custom':
        if (!request.customAmount || !request.customCurrency) {
          throw new ProcessorError(
            'processor-invalid-request',
            'A custom refund needs an amount and a currency'
          )
        }
        currency = request.customCurrency.toUpperCase()
        if (!isFiatCurrency(currency) && currency !== 'BTC') {
          throw new ProcessorError('processor-invalid-request', `Unknown refund currency ${currency}`)
        }
        minor = customMinor(request.customAmount, currency)
        break
    }
    // What is kept back is rounded up, so the refund is rounded down to the currency's unit.
    if (request.subtractPercentage) minor -= percentOf(minor, request.subtractPercentage, 'up')
    const amount = formatMinor(minor, currency)
    const refund = {
      id: 'demopp_' + randomUUID().replace(/-/g, '').slice(0, 16),
      invoiceId: row.id,
      variant: request.variant,
      amount,
      currency,
      createdAt: this.now(),
      refundKey: request.refundId
    }
    this.store.insertRefund(refund)
    return toDemoRefund(refund)
  }

  /** The refund made for `request.refundId`, or null. */
  find(request: RefundRequest): Refund | null {
    const made = this.store.refundByKey(request.refundId)
    return made ? toDemoRefund(made) : null
  }
}

/**
 * The Demo's refunds as the pull-payments port. No preview figures of its own: Kassa prices the variants from the
 * invoice and the fixed rate. Never claimed, so a refund waits for a claim until cancelled, which is Kassa's alone.
 */
export function demoPullPayments(refunds: Refunds): PullPaymentsPort {
  return {
    previewFigures: async () => null,
    create: async (request) => refunds.create(request),
    find: async (request) => refunds.find(request),
    follow: async () => 'awaiting-claim',
    cancel: async () => undefined
  }
}

/**
 * A custom refund amount in minor units of `currency`, exactly as given.
 * @throws ProcessorError `processor-invalid-request` naming `customAmount` when it is not a positive amount of it.
 */
function customMinor(amount: string, currency: string): bigint {
  try {
    return parseAmount(amount, currency)
  } catch (error) {
    if (!(error instanceof AmountError)) throw error
    throw new ProcessorError('processor-invalid-request', `customAmount: ${error.message}`, {
      fields: [{ field: 'customAmount', message: error.message }]
    })
  }
}

/** A Demo refund row as Kassa's `Refund`, with a claim link on the reserved `.invalid` domain. */
function toDemoRefund(row: DemoRefundRow): Refund {
  return {
    id: row.id,
    invoiceId: row.invoiceId,
    variant: row.variant as RefundVariant,
    amount: row.amount,
    currency: row.currency,
    claimLink: `https://demo.kassa.invalid/pull-payments/${row.id}`,
    createdAt: new Date(row.createdAt).toISOString()
  }
}
