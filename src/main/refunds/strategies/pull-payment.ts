import type { RefundOptionsView, RefundView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { decimalToMinor, formatMinor } from '@shared/money'
import type { SaleRecord } from '../../ledger/ledger'
import { toRefundView, type RefundIntentRequest, type RefundRecord } from '../../ledger/refund-book'
import { ProcessorError } from '../../processors/errors'
import type { PullPaymentsPort } from '../../processors/ports'
import type { PaymentProcessor, Refund, RefundRequest, RefundVariant } from '../../processors/types'
import { isZeroPercent, type RefundPolicyStamp } from '@shared/refund-policy'
import { paidMethod } from '../paid-method'
import { isRefusal, type RefundRecords } from '../refund-records'
import {
  expectedRefundFiatMinor,
  previewVariants,
  refundBasis,
  refundFiatMinor,
  type RefundBasis
} from '../refund-preview'

/** A pull-payment refund request after the contract's schema. Decimal strings; percent 0–100. */
export interface CreateRefundInput {
  saleId: string
  variant: RefundVariant
  subtractPercentage?: string
  customAmount?: string
  customCurrency?: string
  reason?: string
  /** One per confirmation on screen: asking twice with it returns the first refund. */
  idempotencyKey?: string
}

/**
 * Refunds through a processor's pull-payments port (BTCPay, the Demo): BTCPay's variants priced before confirming,
 * the refund recorded as an intent before the processor is asked, created with Kassa's refund id (BTCPay: in the pull
 * payment's name), found by it after a lost answer or a restart before asking again, followed through its payouts
 * and cancelled while unclaimed. Callers hold the sale's queue.
 */
export class PullPaymentRefunds {
  constructor(private readonly records: RefundRecords) {}

  /**
   * The refund screen's variants for a sale, priced after `subtractPercentage`. A key without the refund
   * permission cannot price a refund: `view` comes back with the processor's message as its notice.
   * @throws ProcessorError when the processor cannot price the refund.
   */
  async options(
    sale: SaleRecord,
    view: RefundOptionsView,
    processor: PaymentProcessor,
    invoice: Invoice,
    input: { subtractPercentage?: string; customAmount?: string; customCurrency?: string }
  ): Promise<RefundOptionsView> {
    let basis: RefundBasis
    try {
      basis = await this.basis(processor, invoice)
    } catch (error) {
      if (error instanceof ProcessorError && error.code === 'processor-permission') {
        return { ...view, notice: error.message }
      }
      throw error
    }
    const custom = { amount: input.customAmount, currency: input.customCurrency }
    const subtract = this.subtract(sale, input.subtractPercentage)
    const variants = previewVariants(basis, subtract, custom).map((preview) => {
      const minor = preview.available
        ? expectedRefundFiatMinor(basis, preview.variant, subtract, custom)
        : null
      const triage =
        minor === null
          ? null
          : this.records.triage(sale, {
              amountMinor: minor,
              variant: preview.variant,
              subtractPercentage: input.subtractPercentage ?? null
            })
      return { ...preview, triage }
    })
    return { ...view, mode: 'api', variants }
  }

  /** The `subtractPercentage` a refund uses: the cashier's, else the policy's restocking fee (none when 0). */
  private subtract(sale: SaleRecord, asked: string | undefined): string | undefined {
    if (asked !== undefined) return asked
    const fee = this.records.policy(sale).rules.restockingFee
    return isZeroPercent(fee) ? undefined : fee
  }

  /**
   * Refund through the processor: a pull payment whose claim link the customer scans.
   * BTCPay `POST /api/v1/stores/{storeId}/invoices/{invoiceId}/refund`.
   * Triaged against the refund policy before the processor is asked anything (the rules that need no price) and
   * again once priced, before the intent is recorded; `subtractPercentage` defaults to the restocking fee.
   * @throws KassaError `not-found`, `conflict` (not paid, fully refunded, processor without pull payments, refused
   *   by the policy: `policy-<rule>`), `owner-required` (the policy needs the owner's PIN), `invalid-input`
   *   (variant not available, more than is left, a refund Kassa cannot value);
   *   ProcessorError from the processor (422 names the field, 403 the permission).
   */
  async create(input: CreateRefundInput, ownerSession: string | null = null): Promise<RefundView> {
    const repeated = this.records.repeated(input.idempotencyKey)
    if (repeated) return repeated
    const { sale, invoice } = this.records.requirePaidSale(input.saleId, true)
    const processor = this.records.requireProcessor(sale)
    if (!processor.ports.pullPayments) {
      throw new KassaError(
        'conflict',
        `${processor.label} has no refund API: record a refund paid outside Kassa`
      )
    }
    if (input.variant === 'Custom' && (!input.customAmount || !input.customCurrency)) {
      throw new KassaError('invalid-input', 'A custom refund needs an amount and a currency')
    }
    const asked = {
      variant: input.variant,
      reason: input.reason ?? null,
      subtractPercentage: input.subtractPercentage ?? null
    }
    // The rules that need no price stop a refund before the processor is asked even for a rate.
    this.records.admit(sale, { ...asked, amountMinor: null }, ownerSession, 'refund:create', false)
    const subtract = this.subtract(sale, input.subtractPercentage)
    const basis = await this.basis(processor, invoice)
    const custom = { amount: input.customAmount, currency: input.customCurrency }
    const preview = previewVariants(basis, subtract, custom).find((v) => v.variant === input.variant)
    if (preview && !preview.available)
      throw new KassaError('invalid-input', preview.reason ?? 'Not available')
    const expected = expectedRefundFiatMinor(basis, input.variant, subtract, custom)
    if (expected === null) {
      throw new KassaError(
        'invalid-input',
        `Kassa cannot check this refund against what is left before making it: refund in ${sale.currency} or BTC`
      )
    }
    const policy: RefundPolicyStamp = this.records.admit(
      sale,
      { ...asked, amountMinor: expected },
      ownerSession,
      'refund:create',
      true
    )
    const method = paidMethod(invoice, true)
    const request: RefundIntentRequest = {
      variant: input.variant,
      ...(subtract !== undefined && { subtractPercentage: subtract }),
      ...(input.variant === 'Custom' && {
        customAmount: input.customAmount,
        customCurrency: input.customCurrency?.toUpperCase()
      }),
      ...(method && { paymentMethod: method.id })
    }
    const record = this.records.reserve(sale, invoice, {
      kind: 'pull-payment',
      variant: input.variant,
      subtractPercentage: subtract ?? null,
      amount: formatMinor(expected, sale.currency),
      currency: sale.currency,
      fiatMinor: expected,
      state: 'pending',
      method: method?.id ?? null,
      reason: input.reason ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      request,
      policy
    })
    if (record.state !== 'pending' || record.externalId) return toRefundView(record, sale.currency)
    this.records.audit(sale, record, 'refund.requested')
    return this.send(sale, record, processor, { lookUpFirst: false, basis })
  }

  /** A refund left `pending` (lost answer, restart): find it by its refund id, else ask again. */
  resume(sale: SaleRecord, record: RefundRecord, processor: PaymentProcessor): Promise<RefundView> {
    return this.send(sale, record, processor, { lookUpFirst: true })
  }

  /** Re-read where a pull payment stands from its payouts (BTCPay `GET /api/v1/pull-payments/{id}/payouts`). */
  async follow(sale: SaleRecord, record: RefundRecord, processor: PaymentProcessor): Promise<RefundView> {
    const pullPayments = processor.ports.pullPayments
    if (!pullPayments || !record.externalId) return toRefundView(record, sale.currency)
    return this.records.follow(sale, record, { state: await pullPayments.follow(record.externalId) })
  }

  /**
   * Cancel a refund the customer has not claimed yet, or whose payout awaits approval: BTCPay cancels the payouts
   * awaiting approval (`DELETE /api/v1/stores/{storeId}/payouts/{payoutId}`) and archives the pull payment
   * (`DELETE /api/v1/stores/{storeId}/pull-payments/{id}`); the Demo's are cancelled in the ledger only.
   * @throws KassaError `conflict` when it is being paid or paid.
   */
  async cancel(sale: SaleRecord, record: RefundRecord, processor: PaymentProcessor): Promise<RefundView> {
    const current =
      record.state === 'pending'
        ? await this.resume(sale, record, processor)
        : await this.follow(sale, record, processor)
    if (current.state !== 'awaiting-claim' && current.state !== 'awaiting-approval') {
      throw new KassaError(
        'conflict',
        `This refund is ${current.state.replace('-', ' ')} and can no longer be cancelled`
      )
    }
    if (record.externalId) await processor.ports.pullPayments?.cancel(record.externalId)
    return this.records.finish(sale, record, { state: 'cancelled' }, 'refund.cancelled')
  }

  /**
   * Ask for a pending refund's pull payment, first looking for one the processor already made for its refund id when
   * an earlier attempt may have reached it. A refusal drops the intent and is thrown (or, resumed with nobody
   * waiting, fails it); a lost or unreadable answer (`mayHaveReachedProcessor`) leaves it pending, looked up again
   * later (and by the cashier's "check again", `refund:refresh`) before it is ever asked again.
   */
  private async send(
    sale: SaleRecord,
    record: RefundRecord,
    processor: PaymentProcessor,
    how: { lookUpFirst: boolean; basis?: RefundBasis }
  ): Promise<RefundView> {
    const pullPayments: PullPaymentsPort | undefined = processor.ports.pullPayments
    // A pull-payment refund whose processor no longer offers them (another connection): it waits, as when offline.
    if (!pullPayments) return toRefundView(record, sale.currency)
    const request = this.request(sale, record)
    let refund: Refund | null = null
    try {
      if (how.lookUpFirst) refund = await pullPayments.find(request)
    } catch (error) {
      return this.records.stillPending(
        sale,
        record,
        `Kassa could not look the refund up at ${processor.label}`,
        error
      )
    }
    try {
      refund ??= await pullPayments.create(request)
    } catch (error) {
      if (isRefusal(error)) {
        if (!how.lookUpFirst) throw this.records.refused(sale, record, error)
        return this.records.finish(sale, record, { state: 'failed', error: error.message }, 'refund.failed')
      }
      // A lost or unreadable answer: BTCPay may hold the pull payment already; `resume` finds it by the refund id.
      const what =
        error instanceof ProcessorError && error.code === 'processor-bad-response'
          ? `Kassa could not read ${processor.label}'s answer`
          : `${processor.label} did not answer`
      return this.records.stillPending(sale, record, what, error)
    }
    const fiatMinor =
      refund.currency === sale.currency
        ? decimalToMinor(refund.amount, refund.currency)
        : how.basis
          ? refundFiatMinor(refund.amount, refund.currency, how.basis, record.variant ?? undefined)
          : record.fiatMinor
    return this.records.finish(
      sale,
      record,
      {
        state: 'awaiting-claim',
        externalId: refund.id,
        claimLink: refund.claimLink,
        amount: refund.amount,
        currency: refund.currency,
        fiatMinor: fiatMinor ?? record.fiatMinor,
        error: null
      },
      'refund.created'
    )
  }

  /** The processor request of a pull-payment refund, rebuilt from its stored intent. */
  private request(sale: SaleRecord, record: RefundRecord): RefundRequest {
    const invoice = this.records.requirePaidSale(sale.id, false).invoice
    const stored = record.request && 'variant' in record.request ? record.request : null
    if (!invoice || !stored) throw new Error(`Refund ${record.id} has no stored request`)
    return {
      refundId: record.id,
      invoiceId: invoice.id,
      variant: stored.variant as RefundVariant,
      subtractPercentage: stored.subtractPercentage,
      customAmount: stored.customAmount,
      customCurrency: stored.customCurrency,
      paymentMethod: stored.paymentMethod,
      description: record.reason ?? undefined
    }
  }

  /** What the variants are priced from: the rate now, and the processor's own figures where it gives them. */
  private async basis(processor: PaymentProcessor, invoice: Invoice): Promise<RefundBasis> {
    const [rate] = await processor.getRates([invoice.currency])
    if (!rate) {
      throw new ProcessorError(
        'processor-unavailable',
        `${processor.label} has no BTC rate in ${invoice.currency}`
      )
    }
    let preview = null
    const method = paidMethod(invoice, true)
    if (method && processor.ports.pullPayments) {
      preview = await processor.ports.pullPayments
        .previewFigures(invoice, method.id)
        .catch((error: unknown) => {
          // A server without the preview endpoint (404) or a passing failure: price from the invoice and the rate.
          // A missing permission is still raised, so the screen can say which one.
          if (
            error instanceof ProcessorError &&
            error.code !== 'processor-permission' &&
            error.code !== 'processor-auth'
          ) {
            return null
          }
          throw error
        })
    }
    return refundBasis(invoice, rate.rate, preview)
  }
}
