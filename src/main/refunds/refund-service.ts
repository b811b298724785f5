import { randomUUID } from 'node:crypto'
import Big from 'big.js'
import type { RefundOptionsView, RefundState, RefundView, WithdrawalEstimateView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { Invoice } from '@shared/invoice'
import { decimalToMinor, formatMinor, parseAmount } from '@shared/money'
import type { Ledger, SaleRecord } from '../ledger/ledger'
import { toRefundView, type RefundBook, type RefundRecord } from '../ledger/refund-book'
import type { BtcpayProcessor } from '../processors/btcpay'
import { ProcessorError } from '../processors/errors'
import type { PlisioProcessor } from '../processors/plisio/processor'
import type { PaymentProcessor, RefundVariant } from '../processors/types'
import {
  estimatePlisioWithdrawal,
  paidMethod,
  pullPaymentState,
  stopPullPayment,
  withdrawalState
} from './processor-refunds'
import {
  expectedRefundFiatMinor,
  previewVariants,
  refundBasis,
  refundFiatMinor,
  type RefundBasis
} from './refund-preview'

/** What the refund service needs. */
export interface RefundServiceDeps {
  ledger: Ledger
  refunds: RefundBook
  processorFor(id: SaleRecord['processor']): PaymentProcessor | null
  onSaleChanged(saleId: string): void
}

/** A pull-payment refund request after the contract's schema. Decimal strings; percent 0–100. */
export interface CreateRefundInput {
  saleId: string
  variant: RefundVariant
  subtractPercentage?: string
  customAmount?: string
  customCurrency?: string
  reason?: string
}

const DECIMAL = /^\d+(\.\d+)?$/

/**
 * Refunds at the counter. Three ways, by processor: a pull payment the customer claims (BTCPay, Demo), a withdrawal
 * from the shop balance (Plisio), or a refund paid outside Kassa and recorded (any processor; BTPay has no other).
 * Every refund is written to the ledger and printed on the sale's receipt; the refunded total never exceeds what
 * the customer paid.
 */
export class RefundService {
  constructor(private readonly deps: RefundServiceDeps) {}

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
    if (processor.capabilities.refunds === 'withdrawal') {
      const method = paidMethod(invoice)
      return {
        ...view,
        mode: 'withdrawal',
        coin: method ? { id: method.id, currency: method.currency, paid: method.paid } : null
      }
    }
    if (processor.capabilities.refunds !== 'api') return view
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
    const { sale, invoice } = this.requirePaidSale(input.saleId, true)
    const processor = this.requireProcessor(sale)
    if (processor.capabilities.refunds !== 'api') {
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
    const expected = expectedRefundFiatMinor(basis, input.variant, input.subtractPercentage, custom)
    if (expected !== null) this.ensureLeft(sale, invoice, expected)
    const method = paidMethod(invoice, true)
    const refund = await processor.refund({
      invoiceId: invoice.id,
      variant: input.variant,
      subtractPercentage: input.subtractPercentage,
      customAmount: input.variant === 'Custom' ? input.customAmount : undefined,
      customCurrency: input.variant === 'Custom' ? input.customCurrency?.toUpperCase() : undefined,
      paymentMethod: method?.id,
      description: input.reason
    })
    const record = this.insert(sale, {
      kind: 'pull-payment',
      variant: input.variant,
      subtractPercentage: input.subtractPercentage ?? null,
      amount: refund.amount,
      currency: refund.currency,
      fiatMinor: refundFiatMinor(refund.amount, refund.currency, basis, input.variant),
      state: 'awaiting-claim',
      claimLink: refund.claimLink,
      externalId: refund.id,
      method: method?.id ?? null,
      reason: input.reason ?? null
    })
    return this.done(sale, record, 'refund.created')
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
    const { plisio, coin } = this.withdrawalTarget(input.saleId)
    return estimatePlisioWithdrawal(plisio, coin, input)
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
  }): Promise<RefundView> {
    const { sale, plisio, coin, invoice } = this.withdrawalTarget(input.saleId)
    // The coin's rate on the invoice (fiat per coin) values the refund for the day close, and bounds it by what is
    // left to refund before any money moves.
    const rate = invoice.paymentMethods.find((m) => m.id === coin)?.rate
    const fiatMinor =
      rate && DECIMAL.test(rate) && DECIMAL.test(input.amount)
        ? decimalToMinor(new Big(input.amount).times(new Big(rate)).toFixed(12), sale.currency)
        : null
    if (fiatMinor !== null) this.ensureLeft(sale, invoice, fiatMinor)
    const withdrawal = await plisio.withdraw({
      psysCid: coin,
      to: input.address,
      amount: input.amount,
      feePlan: input.feePlan
    })
    const record = this.insert(sale, {
      kind: 'withdrawal',
      amount: input.amount,
      currency: coin,
      fiatMinor,
      state: withdrawalState(withdrawal.status),
      externalId: withdrawal.id,
      method: coin,
      destination: input.address,
      reason: input.reason ?? null,
      txId: withdrawal.txUrl
    })
    return this.done(sale, record, 'refund.withdrawn')
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
  }): Promise<RefundView> {
    const { sale, invoice } = this.requirePaidSale(input.saleId, true)
    let minor: bigint
    try {
      minor = parseAmount(input.amount, sale.currency)
    } catch (error) {
      throw new KassaError('invalid-input', error instanceof Error ? error.message : 'Not an amount')
    }
    this.ensureLeft(sale, invoice, minor)
    const record = this.insert(sale, {
      kind: 'recorded',
      amount: formatMinor(minor, sale.currency),
      currency: sale.currency,
      fiatMinor: minor,
      state: 'completed',
      method: input.method,
      reason: input.reason
    })
    return this.done(sale, record, 'refund.recorded')
  }

  /**
   * Re-read a refund still moving and update its state: a BTCPay pull payment's payouts
   * (`GET /api/v1/pull-payments/{id}/payouts`), or a Plisio withdrawal's operation (`GET /operations/{id}`, with its
   * transaction link once sent). Finished refunds, recorded ones and the Demo's are returned as stored.
   * @throws KassaError `not-found`; ProcessorError from the processor.
   */
  async refresh(refundId: string): Promise<RefundView> {
    const { record, sale } = this.requireRefund(refundId)
    const processor = this.deps.processorFor(sale.processor)
    const settled = record.state === 'cancelled' || record.state === 'completed' || record.state === 'failed'
    if (settled || !record.externalId || !processor) return toRefundView(record, sale.currency)
    let change: { state: RefundState; txId?: string | null }
    if (record.kind === 'pull-payment' && processor.id === 'btcpay') {
      const payouts = await (processor as BtcpayProcessor).payouts.listForPullPayment(record.externalId, {
        includeCancelled: true
      })
      change = { state: pullPaymentState(payouts) }
    } else if (record.kind === 'withdrawal' && processor.id === 'plisio') {
      const operation = await (processor as PlisioProcessor).operations.retrieve(record.externalId)
      const txUrl = Array.isArray(operation.tx_url) ? operation.tx_url[0] : operation.tx_url
      change = { state: withdrawalState(operation.status), txId: txUrl ?? null }
    } else {
      return toRefundView(record, sale.currency)
    }
    if (change.state === record.state && (change.txId ?? record.txId) === record.txId) {
      return toRefundView(record, sale.currency)
    }
    return this.done(sale, this.deps.refunds.update(record.id, change), 'refund.updated')
  }

  /**
   * Cancel a refund not yet paid: its payouts awaiting approval are cancelled
   * (`DELETE /api/v1/stores/{storeId}/payouts/{payoutId}`) and its pull payment archived
   * (`DELETE /api/v1/stores/{storeId}/pull-payments/{id}`) so it can no longer be claimed. The Demo's refunds are
   * cancelled in the ledger only.
   * @throws KassaError `conflict` when the refund is being paid or paid, or is not a pull payment.
   */
  async cancel(refundId: string): Promise<RefundView> {
    const { record, sale } = this.requireRefund(refundId)
    if (record.kind !== 'pull-payment') {
      throw new KassaError('conflict', 'Only a refund the customer has not yet been paid can be cancelled')
    }
    const current = await this.refresh(refundId)
    if (current.state !== 'awaiting-claim' && current.state !== 'awaiting-approval') {
      throw new KassaError(
        'conflict',
        `This refund is ${current.state.replace('-', ' ')} and can no longer be cancelled`
      )
    }
    const processor = this.requireProcessor(sale)
    if (processor.id === 'btcpay' && record.externalId) {
      await stopPullPayment(processor as BtcpayProcessor, record.externalId)
    }
    return this.done(sale, this.deps.refunds.update(record.id, { state: 'cancelled' }), 'refund.cancelled')
  }

  /** @throws KassaError `invalid-input` when `minor` (sale fiat) is more than is left to refund on the sale. */
  private ensureLeft(sale: SaleRecord, invoice: Invoice, minor: bigint): void {
    const left = decimalToMinor(invoice.paid, invoice.currency) - this.deps.refunds.refundedMinor(sale.id)
    if (minor > left) {
      throw new KassaError(
        'invalid-input',
        `At most ${formatMinor(left, sale.currency)} ${sale.currency} is left to refund on this sale`
      )
    }
  }

  /** Store a new refund of `sale`; fields not given are null. */
  private insert(
    sale: SaleRecord,
    fields: Pick<RefundRecord, 'kind' | 'amount' | 'currency' | 'fiatMinor' | 'state'> &
      Partial<Omit<RefundRecord, 'id' | 'saleId' | 'processor' | 'createdAt' | 'updatedAt'>>
  ): RefundRecord {
    return this.deps.refunds.insert({
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
      ...fields
    })
  }

  private done(sale: SaleRecord, record: RefundRecord, action: string): RefundView {
    this.deps.ledger.audit('cashier', action, sale.id, {
      refundId: record.id,
      kind: record.kind,
      amount: record.amount,
      currency: record.currency,
      state: record.state
    })
    this.deps.onSaleChanged(sale.id)
    return toRefundView(record, sale.currency)
  }

  private async basis(processor: PaymentProcessor, invoice: Invoice): Promise<RefundBasis> {
    const [rate] = await processor.getRates([invoice.currency])
    if (!rate)
      throw new ProcessorError(
        'processor-unavailable',
        `${processor.label} has no BTC rate in ${invoice.currency}`
      )
    let preview = null
    if (processor.id === 'btcpay') {
      const method = paidMethod(invoice, true)
      if (method) preview = await (processor as BtcpayProcessor).refunds.preview(invoice.id, method.id)
    }
    return refundBasis(invoice, rate.rate, preview)
  }

  private withdrawalTarget(saleId: string): {
    sale: SaleRecord
    invoice: Invoice
    plisio: PlisioProcessor
    coin: string
  } {
    const { sale, invoice } = this.requirePaidSale(saleId, true)
    const processor = this.requireProcessor(sale)
    if (processor.capabilities.refunds !== 'withdrawal') {
      throw new KassaError('conflict', `${processor.label} does not refund by withdrawal`)
    }
    const method = paidMethod(invoice) ?? invoice.paymentMethods[0]
    if (!method) throw new KassaError('conflict', 'The invoice shows no coin to refund in')
    return { sale, invoice, plisio: processor as PlisioProcessor, coin: method.id }
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
