import { randomUUID } from 'node:crypto'
import Big from 'big.js'
import type { RefundOptionsView, RefundState, RefundView, WithdrawalEstimateView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { decimalToMinor, formatMinor, parseAmount } from '@shared/money'
import type { Logger } from '../log/logger'
import type { Ledger, SaleRecord } from '../ledger/ledger'
import {
  RefundLimitError,
  toRefundView,
  type RefundBook,
  type RefundIntentRequest,
  type RefundRecord
} from '../ledger/refund-book'
import { ProcessorError } from '../processors/errors'
import type { PaymentProcessor, RefundVariant } from '../processors/types'
import type { WithdrawalOutcome, WithdrawalsPort } from '../processors/ports'
import { KeyedQueue } from './keyed-queue'
import { failureText, isRefusal, RefundIntents } from './refund-intents'
import { paidMethod } from './paid-method'
import { expectedRefundFiatMinor, previewVariants, refundBasis, type RefundBasis } from './refund-preview'

/** What the refund service needs. */
export interface RefundServiceDeps {
  ledger: Ledger
  refunds: RefundBook
  processorFor(id: SaleRecord['processor']): PaymentProcessor | null
  onSaleChanged(saleId: string): void
  /** Wait before looking a pending refund up again after the processor could not be asked (ms). Default 5000. */
  retryMs?: number
  /** Where unexpected failures go, with their stack (default: nowhere). */
  log?: Logger
}

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

const DECIMAL = /^\d+(\.\d+)?$/

/**
 * Refunds at the counter. Three ways, by processor: a pull payment the customer claims (BTCPay, Demo), a withdrawal
 * from the shop balance (Plisio), or a refund paid outside Kassa and recorded (any processor; BTPay has no other).
 *
 * Money moves exactly once: the refunds of one sale run one at a time; a refund through a processor is first
 * recorded as an intent (`pending`, its fiat value reserved against what was paid, in one transaction) with its own
 * id, which goes to the processor as the idempotency key; only then is the processor asked. A lost answer or a
 * restart leaves it `pending`, and Kassa looks it up before asking again (BTCPay: the pull payment named after it).
 * A withdrawal, which Plisio cannot deduplicate, is never sent twice: when its answer is lost and Plisio's list does
 * not show it, it becomes `unknown` until the owner checks and releases it. Every refund is audited and printed on
 * the sale's receipt; the refunded total never exceeds what the customer paid.
 */
export class RefundService {
  private readonly queue = new KeyedQueue()
  private readonly intents: RefundIntents

  constructor(private readonly deps: RefundServiceDeps) {
    this.intents = new RefundIntents({ ...deps, queue: this.queue })
  }

  /**
   * What the refund screen offers for a sale, with each variant priced after `subtractPercentage`.
   * @throws KassaError `not-found`; ProcessorError when the processor cannot price the refund.
   */
  async options(input: {
    saleId: string
    subtractPercentage?: string
    customAmount?: string
    customCurrency?: string
  }): Promise<RefundOptionsView> {
    const { sale, invoice } = this.requirePaidSale(input.saleId, false)
    const processor = this.deps.processorFor(sale.processor)
    const refundedMinor = this.deps.refunds.refundedMinor(sale.id)
    const paidMinor = invoice ? decimalToMinor(invoice.paid, invoice.currency) : 0n
    const view: RefundOptionsView = {
      saleId: sale.id,
      mode: 'record',
      currency: sale.currency,
      paid: formatMinor(paidMinor, sale.currency),
      refunded: formatMinor(refundedMinor, sale.currency),
      variants: [],
      coin: null,
      blockedReason: null,
      notice: null
    }
    if (!invoice || paidMinor <= 0n) return { ...view, blockedReason: 'Nothing was paid for this sale' }
    if (refundedMinor >= paidMinor) return { ...view, blockedReason: 'This sale is already fully refunded' }
    if (!processor) {
      return {
        ...view,
        notice: `${sale.processor} is not connected: only a refund paid outside Kassa can be recorded`
      }
    }
    if (processor.ports.withdrawals) {
      const method = paidMethod(invoice)
      return {
        ...view,
        mode: 'withdrawal',
        coin: method ? { id: method.id, currency: method.currency, paid: method.paid } : null
      }
    }
    if (!processor.ports.pullPayments) return view
    let basis: RefundBasis
    try {
      basis = await this.basis(processor, invoice)
    } catch (error) {
      // A key without the refund permission cannot even price a refund: say so instead of failing the screen.
      if (error instanceof ProcessorError && error.code === 'processor-permission') {
        return { ...view, notice: error.message }
      }
      throw error
    }
    return {
      ...view,
      mode: 'api',
      variants: previewVariants(basis, input.subtractPercentage, {
        amount: input.customAmount,
        currency: input.customCurrency
      })
    }
  }

  /**
   * Refund through the processor (BTCPay or the Demo): a pull payment whose claim link the customer scans.
   * `POST /api/v1/stores/{storeId}/invoices/{invoiceId}/refund` for BTCPay.
   * @throws KassaError `not-found`, `conflict` (not paid, fully refunded, processor without refunds);
   *   ProcessorError from the processor (422 names the field, 403 the permission).
   */
  async create(input: CreateRefundInput): Promise<RefundView> {
    return this.queue.run(input.saleId, async () => {
      const repeated = this.repeated(input.idempotencyKey)
      if (repeated) return repeated
      const { sale, invoice } = this.requirePaidSale(input.saleId, true)
      const processor = this.requireProcessor(sale)
      if (!processor.ports.pullPayments) {
        throw new KassaError(
          'conflict',
          `${processor.label} has no refund API: record a refund paid outside Kassa`
        )
      }
      if (input.variant === 'Custom' && (!input.customAmount || !input.customCurrency)) {
        throw new KassaError('invalid-input', 'A custom refund needs an amount and a currency')
      }
      const basis = await this.basis(processor, invoice)
      const custom = { amount: input.customAmount, currency: input.customCurrency }
      const preview = previewVariants(basis, input.subtractPercentage, custom).find(
        (v) => v.variant === input.variant
      )
      if (preview && !preview.available)
        throw new KassaError('invalid-input', preview.reason ?? 'Not available')
      const expected = expectedRefundFiatMinor(basis, input.variant, input.subtractPercentage, custom)
      if (expected === null) {
        throw new KassaError(
          'invalid-input',
          `Kassa cannot check this refund against what is left before making it: refund in ${sale.currency} or BTC`
        )
      }
      const method = paidMethod(invoice, true)
      const request: RefundIntentRequest = {
        variant: input.variant,
        ...(input.subtractPercentage !== undefined && { subtractPercentage: input.subtractPercentage }),
        ...(input.variant === 'Custom' && {
          customAmount: input.customAmount,
          customCurrency: input.customCurrency?.toUpperCase()
        }),
        ...(method && { paymentMethod: method.id })
      }
      const record = this.reserve(sale, invoice, {
        kind: 'pull-payment',
        variant: input.variant,
        subtractPercentage: input.subtractPercentage ?? null,
        amount: formatMinor(expected, sale.currency),
        currency: sale.currency,
        fiatMinor: expected,
        state: 'pending',
        method: method?.id ?? null,
        reason: input.reason ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        request
      })
      if (record.state !== 'pending' || record.externalId) return toRefundView(record, sale.currency)
      this.intents.audit(sale, record, 'refund.requested')
      return this.intents.sendPullPayment(sale, record, processor, { lookUpFirst: false, basis })
    })
  }

  /**
   * Plisio: fee, commission and fee plans of a refund by withdrawal (`GET /operations/fee/{psys_cid}`,
   * `/operations/commission/{psys_cid}`, `/operations/fee-plan/{psys_cid}`, `/balances/{psys_cid}`). Sends nothing.
   * @throws KassaError `conflict` when the sale's processor does not refund by withdrawal; ProcessorError
   *   (`processor-permission` with Plisio's "Request IP" explanation when the IP is not whitelisted).
   */
  async estimate(input: {
    saleId: string
    address: string
    amount: string
    feePlan?: string
  }): Promise<WithdrawalEstimateView> {
    const { withdrawals, coin } = this.withdrawalTarget(input.saleId)
    return withdrawals.estimate({
      psysCid: coin,
      to: input.address,
      amount: input.amount,
      feePlan: input.feePlan
    })
  }

  /**
   * Plisio: pay the refund from the shop balance to the customer's address (`GET /operations/withdraw`), once,
   * after the cashier confirmed. Recorded as a `withdrawal` refund.
   * @throws as `estimate`; a failed withdrawal records nothing.
   */
  async withdraw(input: {
    saleId: string
    address: string
    amount: string
    feePlan?: string
    reason?: string
    idempotencyKey?: string
  }): Promise<RefundView> {
    return this.queue.run(input.saleId, async () => {
      const repeated = this.repeated(input.idempotencyKey)
      if (repeated) return repeated
      const { sale, withdrawals, coin, invoice } = this.withdrawalTarget(input.saleId)
      // The coin's rate on the invoice (fiat per coin) values the refund for the day close, and reserves it against
      // what is left to refund before any money moves.
      const rate = invoice.paymentMethods.find((m) => m.id === coin)?.rate
      if (!rate || !DECIMAL.test(rate) || !DECIMAL.test(input.amount)) {
        throw new KassaError(
          'invalid-input',
          `Kassa cannot value ${input.amount} ${coin} in ${sale.currency}: the invoice shows no rate for it`
        )
      }
      const fiatMinor = decimalToMinor(new Big(input.amount).times(new Big(rate)).toFixed(12), sale.currency)
      const request: RefundIntentRequest = {
        psysCid: coin,
        to: input.address,
        amount: input.amount,
        ...(input.feePlan !== undefined && { feePlan: input.feePlan })
      }
      const record = this.reserve(sale, invoice, {
        kind: 'withdrawal',
        amount: input.amount,
        currency: coin,
        fiatMinor,
        state: 'pending',
        method: coin,
        destination: input.address,
        reason: input.reason ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        request
      })
      if (record.state !== 'pending' || record.externalId) return toRefundView(record, sale.currency)
      this.intents.audit(sale, record, 'refund.requested')
      let withdrawal: WithdrawalOutcome
      try {
        withdrawal = await withdrawals.send({
          psysCid: coin,
          to: input.address,
          amount: input.amount,
          feePlan: input.feePlan
        })
      } catch (error) {
        if (isRefusal(error)) throw this.intents.refused(sale, record, error)
        // The answer was lost: Plisio may have paid. Never send it again; find it, or say its fate is unknown.
        return this.intents.lookUpWithdrawal(sale, record, withdrawals, failureText(error))
      }
      return this.intents.attachWithdrawal(sale, record, withdrawal)
    })
  }

  /**
   * Record a refund paid outside Kassa (cash, another wallet). `amount` is fiat in the sale's currency; it may not
   * take the refunded total past what the customer paid.
   * @throws KassaError `not-found`, `conflict`, `invalid-input` (malformed or too large amount).
   */
  async record(input: {
    saleId: string
    amount: string
    method: 'cash' | 'wallet' | 'other'
    reason: string
    idempotencyKey?: string
  }): Promise<RefundView> {
    return this.queue.run(input.saleId, async () => {
      const repeated = this.repeated(input.idempotencyKey)
      if (repeated) return repeated
      const { sale, invoice } = this.requirePaidSale(input.saleId, true)
      let minor: bigint
      try {
        minor = parseAmount(input.amount, sale.currency)
      } catch (error) {
        throw new KassaError('invalid-input', error instanceof Error ? error.message : 'Not an amount')
      }
      const record = this.reserve(sale, invoice, {
        kind: 'recorded',
        amount: formatMinor(minor, sale.currency),
        currency: sale.currency,
        fiatMinor: minor,
        state: 'completed',
        method: input.method,
        reason: input.reason,
        idempotencyKey: input.idempotencyKey ?? null
      })
      return this.intents.done(sale, record, 'refund.recorded')
    })
  }

  /**
   * Re-read a refund still moving and update its state: a BTCPay pull payment's payouts
   * (`GET /api/v1/pull-payments/{id}/payouts`), or a Plisio withdrawal's operation (`GET /operations/{id}`, with its
   * transaction link once sent). Finished refunds, recorded ones and the Demo's are returned as stored.
   * @throws KassaError `not-found`; ProcessorError from the processor.
   */
  async refresh(refundId: string): Promise<RefundView> {
    const { record } = this.requireRefund(refundId)
    return this.queue.run(record.saleId, () => this.refreshNow(refundId))
  }

  /**
   * An `unknown` withdrawal the owner checked at Plisio: look it up once more (`GET /operations?type=cash_out`);
   * found, it is attached; not found, it becomes `failed` and its amount is free to refund again.
   * @throws KassaError `not-found`, `conflict` when the refund's fate is not unknown; ProcessorError when Plisio
   *   cannot be asked (nothing changes).
   */
  async release(refundId: string): Promise<RefundView> {
    const { record: first } = this.requireRefund(refundId)
    return this.queue.run(first.saleId, async () => {
      const { record, sale } = this.requireRefund(refundId)
      if (record.state !== 'unknown') {
        throw new KassaError(
          'conflict',
          `This refund is ${record.state.replace('-', ' ')}: only an unknown one is released`
        )
      }
      const withdrawals = this.requireProcessor(sale).ports.withdrawals
      if (!withdrawals) throw new KassaError('conflict', `${sale.processor} does not refund by withdrawal`)
      const found = await this.intents.findWithdrawal(withdrawals, record)
      if (found) return this.intents.attachWithdrawal(sale, record, found)
      return this.intents.finish(
        sale,
        record,
        { state: 'failed', error: 'Released by the owner: the processor shows no such withdrawal' },
        'refund.released'
      )
    })
  }

  /**
   * Finish every refund a crash or an outage left `pending` (at start, and when a processor is connected): look each
   * up at its processor, then ask again for a pull payment it does not have; a withdrawal it does not show becomes
   * `unknown`, never sent again. Refunds of a processor that is not connected wait.
   */
  async resumePending(): Promise<void> {
    await Promise.all(
      this.deps.refunds
        .pending()
        .map((record) => this.queue.run(record.saleId, () => this.intents.resume(record.id)))
    )
  }

  /** Stop look-up timers and wait for refunds in flight. */
  async stop(): Promise<void> {
    this.intents.stop()
    await this.queue.idle()
  }

  private async refreshNow(refundId: string): Promise<RefundView> {
    const { record, sale } = this.requireRefund(refundId)
    const processor = this.deps.processorFor(sale.processor)
    if (record.state === 'pending') return this.intents.resume(record.id)
    if (record.state === 'unknown' && processor?.ports.withdrawals) {
      const found = await this.intents.findWithdrawal(processor.ports.withdrawals, record)
      return found ? this.intents.attachWithdrawal(sale, record, found) : toRefundView(record, sale.currency)
    }
    const settled = record.state === 'cancelled' || record.state === 'completed' || record.state === 'failed'
    if (settled || !record.externalId || !processor) return toRefundView(record, sale.currency)
    let change: { state: RefundState; txId?: string | null }
    const { pullPayments, withdrawals } = processor.ports
    if (record.kind === 'pull-payment' && pullPayments) {
      change = { state: await pullPayments.follow(record.externalId) }
    } else if (record.kind === 'withdrawal' && withdrawals) {
      const followed = await withdrawals.follow(record.externalId)
      change = { state: followed.state, txId: followed.txId }
    } else {
      return toRefundView(record, sale.currency)
    }
    if (change.state === record.state && (change.txId ?? record.txId) === record.txId) {
      return toRefundView(record, sale.currency)
    }
    return this.intents.done(sale, this.deps.refunds.update(record.id, change), 'refund.updated')
  }

  /**
   * Cancel a refund not yet paid: its payouts awaiting approval are cancelled
   * (`DELETE /api/v1/stores/{storeId}/payouts/{payoutId}`) and its pull payment archived
   * (`DELETE /api/v1/stores/{storeId}/pull-payments/{id}`) so it can no longer be claimed. The Demo's refunds are
   * cancelled in the ledger only.
   * @throws KassaError `conflict` when the refund is being paid or paid, or is not a pull payment.
   */
  async cancel(refundId: string): Promise<RefundView> {
    const { record: first } = this.requireRefund(refundId)
    return this.queue.run(first.saleId, () => this.cancelNow(refundId))
  }

  private async cancelNow(refundId: string): Promise<RefundView> {
    const { record, sale } = this.requireRefund(refundId)
    if (record.kind !== 'pull-payment') {
      throw new KassaError('conflict', 'Only a refund the customer has not yet been paid can be cancelled')
    }
    const current = await this.refreshNow(refundId)
    if (current.state !== 'awaiting-claim' && current.state !== 'awaiting-approval') {
      throw new KassaError(
        'conflict',
        `This refund is ${current.state.replace('-', ' ')} and can no longer be cancelled`
      )
    }
    const processor = this.requireProcessor(sale)
    if (record.externalId) await processor.ports.pullPayments?.cancel(record.externalId)
    return this.intents.done(
      sale,
      this.deps.refunds.update(record.id, { state: 'cancelled' }),
      'refund.cancelled'
    )
  }

  /**
   * Record a new refund of `sale`, its fiat value reserved against what the invoice shows paid, in one transaction;
   * fields not given are null. A refund already made with the same idempotency key is returned instead.
   * @throws KassaError `invalid-input` when its value is more than is left to refund on the sale.
   */
  private reserve(
    sale: SaleRecord,
    invoice: Invoice,
    fields: Pick<RefundRecord, 'kind' | 'amount' | 'currency' | 'fiatMinor' | 'state'> &
      Partial<Omit<RefundRecord, 'id' | 'saleId' | 'processor' | 'createdAt' | 'updatedAt'>>
  ): RefundRecord {
    try {
      return this.deps.refunds.reserve(
        {
          id: 'rfd_' + randomUUID().replace(/-/g, ''),
          saleId: sale.id,
          processor: sale.processor,
          variant: null,
          subtractPercentage: null,
          claimLink: null,
          externalId: null,
          method: null,
          destination: null,
          reason: null,
          txId: null,
          idempotencyKey: null,
          request: null,
          error: null,
          ...fields
        },
        decimalToMinor(invoice.paid, invoice.currency)
      )
    } catch (error) {
      if (!(error instanceof RefundLimitError)) throw error
      throw new KassaError(
        'invalid-input',
        `At most ${formatMinor(error.leftMinor, sale.currency)} ${sale.currency} is left to refund on this sale`
      )
    }
  }

  /** The refund a repeated request (same idempotency key) already made, or null. */
  private repeated(idempotencyKey: string | undefined): RefundView | null {
    const record = idempotencyKey ? this.deps.refunds.byIdempotencyKey(idempotencyKey) : null
    if (!record) return null
    return toRefundView(record, this.deps.ledger.requireSale(record.saleId).currency)
  }

  private async basis(processor: PaymentProcessor, invoice: Invoice): Promise<RefundBasis> {
    const [rate] = await processor.getRates([invoice.currency])
    if (!rate)
      throw new ProcessorError(
        'processor-unavailable',
        `${processor.label} has no BTC rate in ${invoice.currency}`
      )
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

  private withdrawalTarget(saleId: string): {
    sale: SaleRecord
    invoice: Invoice
    withdrawals: WithdrawalsPort
    coin: string
  } {
    const { sale, invoice } = this.requirePaidSale(saleId, true)
    const processor = this.requireProcessor(sale)
    const withdrawals = processor.ports.withdrawals
    if (!withdrawals) {
      throw new KassaError('conflict', `${processor.label} does not refund by withdrawal`)
    }
    const method = paidMethod(invoice) ?? invoice.paymentMethods[0]
    if (!method) throw new KassaError('conflict', 'The invoice shows no coin to refund in')
    return { sale, invoice, withdrawals, coin: method.id }
  }

  private requirePaidSale(saleId: string, strict: true): { sale: SaleRecord; invoice: Invoice }
  private requirePaidSale(saleId: string, strict: false): { sale: SaleRecord; invoice: Invoice | null }
  private requirePaidSale(saleId: string, strict: boolean): { sale: SaleRecord; invoice: Invoice | null } {
    const sale = this.deps.ledger.getSale(saleId)
    if (!sale) throw new KassaError('not-found', `No sale ${saleId}`)
    const invoice = this.deps.ledger.getInvoiceForSale(saleId)
    if (strict) {
      const paid = invoice ? decimalToMinor(invoice.paid, invoice.currency) : 0n
      if (!invoice || paid <= 0n) throw new KassaError('conflict', 'Nothing was paid for this sale')
      if (this.deps.refunds.refundedMinor(saleId) >= paid) {
        throw new KassaError('conflict', 'This sale is already fully refunded')
      }
    }
    return { sale, invoice }
  }

  private requireProcessor(sale: SaleRecord): PaymentProcessor {
    const processor = this.deps.processorFor(sale.processor)
    if (!processor) {
      throw new KassaError(
        'not-configured',
        `${sale.processor} is not connected: connect it again in Settings`
      )
    }
    return processor
  }

  private requireRefund(refundId: string): { record: RefundRecord; sale: SaleRecord } {
    const record = this.deps.refunds.get(refundId)
    if (!record) throw new KassaError('not-found', `No refund ${refundId}`)
    return { record, sale: this.deps.ledger.requireSale(record.saleId) }
  }
}
