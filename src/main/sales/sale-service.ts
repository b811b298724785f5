import { randomUUID } from 'node:crypto'
import type { SaleCustomerView, SaleView, SimulateKind } from '@shared/contract'
import { KassaError } from '@shared/errors'
import { isFinalStatus, type ProcessorId } from '@shared/invoice'
import { formatMinor } from '@shared/money'
import type { Ledger, SaleRecord } from '../ledger/ledger'
import { silentLogger, type Logger } from '../log/logger'
import { toRefundView, type RefundBook } from '../ledger/refund-book'
import { ProcessorError } from '../processors/errors'
import type { CreateInvoiceRequest, InvoiceCustomer, PaymentProcessor } from '../processors/types'
import type { InvoiceTracker } from '../tracker/tracker'
import { PLAIN_PRICING, priceCharge, type ChargeRequest, type TillPricing } from './charge-pricing'
import { invoiceCart, saleCartView, storedCart } from './sale-cart'

export type { ChargeRequest, TillPricing } from './charge-pricing'

/**
 * The invoice request of a sale. A keypad sale without lines becomes one line of its amount (BTPay needs lines);
 * an itemised sale carries its cart (`InvoiceCart`), which each connector writes in its processor's form.
 * @param tillId this till's id (`settings.till.tillId`), written on the invoice when given
 * @param customer the sale's customer, sent where the processor has a field for it (only set fields go)
 */
export function invoiceRequest(
  sale: SaleRecord,
  expirySeconds?: number,
  tillId?: string | null,
  customer?: SaleCustomerView | null
): CreateInvoiceRequest {
  const buyer: InvoiceCustomer = {
    ...(customer?.name && { name: customer.name }),
    ...(customer?.email && { email: customer.email }),
    ...(customer?.phone && { phone: customer.phone })
  }
  const amount = formatMinor(sale.amountMinor, sale.currency)
  const cart = invoiceCart(sale)
  return {
    orderId: sale.id,
    amount,
    currency: sale.currency,
    description: sale.memo ?? 'Sale',
    lines: cart
      ? sale.lines.map(({ name, unitPrice, quantity }) => ({ name, unitPrice, quantity }))
      : [{ name: sale.memo ?? 'Sale', unitPrice: amount, quantity: 1 }],
    expirySeconds,
    ...(sale.paymentMethod && { paymentMethods: [sale.paymentMethod] }),
    ...(cart && { cart }),
    ...(tillId && { tillId }),
    ...(Object.keys(buyer).length > 0 && { customer: buyer })
  }
}

/** What the sale service needs. */
export interface SaleServiceDeps {
  ledger: Ledger
  refunds: RefundBook
  tracker: InvoiceTracker
  /** @throws KassaError `not-configured` when the processor cannot be used. */
  requireProcessor(id: ProcessorId): PaymentProcessor
  processorFor(id: ProcessorId): PaymentProcessor | null
  onSaleChanged(saleId: string): void
  /** Quote lifetime asked of the processor, seconds. */
  expirySeconds?: number
  /** This till's id, written on every invoice so tills sharing a store tell theirs apart (default: none). */
  tillId?: () => string | null
  /** Wait before retrying an invoice creation that failed for a passing reason (ms). Default 5000. */
  retryCreateMs?: number
  /** Where unexpected failures go, with their stack (default: nowhere). */
  log?: Logger
  /** Creating an invoice could not reach the processor (the health monitor then checks it soon). */
  onUnreachable?: (processor: ProcessorId, message: string) => void
  /** A customer by id (`CustomerService.find`), for the sale view and the invoice; none when absent. */
  customer?: (customerId: string) => SaleCustomerView | null
}

/**
 * The path of a sale: record it, create its invoice (exactly one per sale), hand it to the tracker, cancel it,
 * and resume creations a crash or an outage interrupted. A sale is written to the ledger before the processor
 * is asked, so nothing the cashier rang up is lost.
 */
export class SaleService {
  private readonly retryTimers = new Set<NodeJS.Timeout>()
  private readonly creating = new Map<string, Promise<void>>()
  private readonly log: Logger

  constructor(private readonly deps: SaleServiceDeps) {
    this.log = deps.log ?? silentLogger()
  }

  /**
   * Ring up a sale and create its invoice.
   * @param input amount: decimal string in `currency` (already validated by the contract)
   * @param pricing the store's default tax rate, tax-inclusive prices and per-sale maximum
   * @param customerId the customer attached at the till (an existing `customers.id`), or null
   * @returns the sale; `state` is `awaiting` with an invoice, `creating` while a passing failure is retried,
   *   or `failed` with the processor's reason.
   * @throws KassaError `not-configured` when the processor cannot be used; `invalid-input` or
   *   `sale-above-maximum` from `priceCharge` (nothing is recorded).
   */
  async charge(
    input: ChargeRequest,
    processorId: ProcessorId,
    pricing: TillPricing = PLAIN_PRICING,
    customerId: string | null = null
  ): Promise<SaleView> {
    this.deps.requireProcessor(processorId)
    const priced = priceCharge(input, pricing)
    const totals = priced.totals
    const sale = this.deps.ledger.createSale({
      id: 'sale_' + randomUUID().replace(/-/g, ''),
      currency: input.currency,
      amountMinor: priced.amountMinor,
      memo: input.memo ?? null,
      lines: priced.lines,
      processor: processorId,
      taxRate: priced.taxRate,
      subtotalMinor: totals?.subtotal ?? priced.amountMinor,
      taxMinor: totals?.tax ?? 0n,
      discountMinor: totals?.discount ?? 0n,
      tipMinor: totals?.tip ?? 0n,
      taxInclusive: totals?.taxInclusive ?? false,
      cart: storedCart(priced),
      paymentMethod: input.paymentMethod ?? null,
      customerId
    })
    await this.ensureInvoice(sale, false)
    return this.view(sale.id)
  }

  /** Resume every sale whose invoice creation did not finish (at start). Looks up before creating. */
  async resumePending(): Promise<void> {
    await Promise.all(this.deps.ledger.salesAwaitingInvoice().map((sale) => this.ensureInvoice(sale, true)))
  }

  /**
   * Cancel a sale that is not paid: its invoice is cancelled at the processor first.
   * @throws KassaError `not-found`, `conflict` (already paid or ended); ProcessorError from the processor.
   */
  async cancel(saleId: string): Promise<SaleView> {
    const sale = this.requireSale(saleId)
    if (sale.state !== 'creating' && sale.state !== 'awaiting' && sale.state !== 'failed') {
      throw new KassaError('conflict', `This sale is ${sale.state} and can no longer be cancelled`)
    }
    const invoice = this.deps.ledger.getInvoiceForSale(saleId)
    if (invoice && invoice.status === 'New') {
      const cancelled = await this.deps.requireProcessor(sale.processor).cancelInvoice(invoice.id)
      this.deps.ledger.applyInvoice(saleId, cancelled)
    } else if (invoice && invoice.status === 'Processing') {
      throw new KassaError('conflict', 'A payment is already on its way: wait for it, then refund if needed')
    }
    this.deps.ledger.setSaleState(saleId, 'cancelled', null, 'cashier')
    this.deps.onSaleChanged(saleId)
    return this.view(saleId)
  }

  /**
   * Demo only: simulate the customer's payment, by `method` (the tab on screen: `BTC-CHAIN`, `BTC-LN`; default
   * on-chain).
   * @throws KassaError `conflict` when the sale's processor is not the Demo or the invoice is not open.
   */
  async simulate(saleId: string, kind: SimulateKind, method?: string): Promise<SaleView> {
    const sale = this.requireSale(saleId)
    const processor = this.deps.requireProcessor(sale.processor)
    const invoice = this.deps.ledger.getInvoiceForSale(saleId)
    if (!processor.simulate || !processor.capabilities.simulate) {
      throw new KassaError('conflict', 'Simulate payment exists only for the Demo processor')
    }
    if (!invoice) throw new KassaError('conflict', 'This sale has no invoice yet')
    const updated = await processor.simulate(invoice.id, kind, method)
    if (this.deps.ledger.applyInvoice(saleId, updated)) this.deps.onSaleChanged(saleId)
    this.deps.ledger.audit('cashier', `demo.simulate.${kind}`, saleId)
    return this.view(saleId)
  }

  /** The sale as the renderer sees it. @throws KassaError `not-found`. */
  view(saleId: string): SaleView {
    return this.toView(this.requireSale(saleId))
  }

  /** Most recent sales first. */
  list(limit: number): SaleView[] {
    return this.deps.ledger.listSales(limit).map((sale) => this.toView(sale))
  }

  /** Sales whose id or invoice id is or starts with `query`, newest first. */
  find(query: string): SaleView[] {
    return this.deps.ledger.findSales(query).map((sale) => this.toView(sale))
  }

  /** Stop retry timers; wait for creations in flight. */
  async stop(): Promise<void> {
    for (const timer of this.retryTimers) clearTimeout(timer)
    this.retryTimers.clear()
    await Promise.allSettled(this.creating.values())
  }

  private toView(sale: SaleRecord): SaleView {
    const processor = this.deps.processorFor(sale.processor)
    const invoice = this.deps.ledger.getInvoiceForSale(sale.id)
    return {
      id: sale.id,
      createdAt: sale.createdAt,
      currency: sale.currency,
      amount: formatMinor(sale.amountMinor, sale.currency),
      memo: sale.memo,
      lines: sale.lines,
      processor: sale.processor,
      state: sale.state,
      error: sale.error,
      invoice,
      simulatable:
        Boolean(processor?.capabilities.simulate) && invoice?.status === 'New' && sale.state === 'awaiting',
      taxRate: sale.taxRate,
      subtotal: formatMinor(sale.subtotalMinor, sale.currency),
      tax: formatMinor(sale.taxMinor, sale.currency),
      discount: formatMinor(sale.discountMinor, sale.currency),
      ...saleCartView(sale),
      paymentMethod: sale.paymentMethod,
      receiptNumber: sale.receiptNumber,
      customer: this.customerOf(sale),
      refunds: this.deps.refunds.forSale(sale.id).map((refund) => toRefundView(refund, sale.currency)),
      refunded: formatMinor(this.deps.refunds.refundedMinor(sale.id), sale.currency),
      outbox: null // SCAFFOLD (issue 15 outbox helper replaces this)
    }
  }

  private customerOf(sale: SaleRecord): SaleCustomerView | null {
    const found = sale.customerId ? (this.deps.customer?.(sale.customerId) ?? null) : null
    return found && { id: found.id, name: found.name, email: found.email, phone: found.phone }
  }

  private requireSale(saleId: string): SaleRecord {
    const sale = this.deps.ledger.getSale(saleId)
    if (!sale) throw new KassaError('not-found', `No sale ${saleId}`)
    return sale
  }

  /** One creation per sale at a time; concurrent callers share it. */
  private ensureInvoice(sale: SaleRecord, lookUpFirst: boolean): Promise<void> {
    const running = this.creating.get(sale.id)
    if (running) return running
    const task = this.createOnce(sale, lookUpFirst).finally(() => this.creating.delete(sale.id))
    this.creating.set(sale.id, task)
    return task
  }

  /**
   * The cashier cancelled while creating the invoice failed for a passing reason (a timeout): the processor may
   * have made it anyway. Look it up by order id; cancel it if unpaid, else follow it so the books see the payment.
   * While the processor cannot be asked, retried on the retry timer.
   */
  private async cancelOrphan(saleId: string, processor: PaymentProcessor): Promise<void> {
    try {
      const found = await processor.findInvoiceByOrderId(saleId)
      if (!found) return
      const invoice = found.status === 'New' ? await processor.cancelInvoice(found.id) : found
      this.deps.ledger.applyInvoice(saleId, invoice)
      this.deps.ledger.audit('system', 'invoice.cancelled-after-timeout', saleId, { invoiceId: invoice.id })
      if (!isFinalStatus(invoice.status)) {
        this.deps.tracker.track({ processor: processor.id, invoiceId: invoice.id, saleId })
      }
    } catch (error) {
      if (!(error instanceof ProcessorError && error.retryable)) {
        this.log.error({ err: error, saleId }, 'cancelling the invoice of a cancelled sale failed')
        return
      }
      const timer = setTimeout(
        () => {
          this.retryTimers.delete(timer)
          void this.cancelOrphan(saleId, processor)
        },
        error.retryAfterMs ?? this.deps.retryCreateMs ?? 5000
      )
      timer.unref()
      this.retryTimers.add(timer)
    }
  }

  private async createOnce(sale: SaleRecord, lookUpFirst: boolean): Promise<void> {
    const processor = this.deps.processorFor(sale.processor)
    if (!processor) return // stays `creating` until the processor is configured again
    try {
      const invoice =
        (lookUpFirst ? await processor.findInvoiceByOrderId(sale.id) : null) ??
        (await processor.createInvoice({
          ...invoiceRequest(sale, this.deps.expirySeconds, this.deps.tillId?.(), this.customerOf(sale)),
          firstAttempt: !lookUpFirst
        }))
      this.deps.ledger.applyInvoice(sale.id, invoice)
      if (this.deps.ledger.getSale(sale.id)?.state === 'cancelled' && invoice.status === 'New') {
        // The cashier cancelled while the invoice was being created: do not leave it payable.
        this.deps.ledger.applyInvoice(sale.id, await processor.cancelInvoice(invoice.id))
      } else {
        // The create's answer is fresh: the tracker's first own read waits its turn.
        this.deps.tracker.track(
          { processor: sale.processor, invoiceId: invoice.id, saleId: sale.id },
          { fresh: true }
        )
      }
    } catch (error) {
      if (this.deps.ledger.getSale(sale.id)?.state === 'cancelled') {
        // The cashier cancelled while the invoice was being created: keep it cancelled, create nothing more.
        // If the invoice exists but cancelling it failed, follow it to its end so the books see any payment.
        const invoice = this.deps.ledger.getInvoiceForSale(sale.id)
        if (invoice && !isFinalStatus(invoice.status)) {
          this.deps.tracker.track({ processor: sale.processor, invoiceId: invoice.id, saleId: sale.id })
        } else if (!invoice && error instanceof ProcessorError && error.retryable) {
          // A timeout may hide an invoice the processor did make: find it and cancel it, so it cannot be paid.
          await this.cancelOrphan(sale.id, processor)
        }
        if (!(error instanceof KassaError))
          this.log.error({ err: error, saleId: sale.id }, 'creating the invoice failed')
      } else if (error instanceof ProcessorError && error.retryable) {
        if (error.code === 'processor-connection' || error.code === 'processor-unavailable')
          this.deps.onUnreachable?.(sale.processor, error.message)
        // The sale stays `creating`; the next attempt looks up by order id first, so no second invoice appears.
        this.deps.ledger.setSaleState(sale.id, 'creating', {
          code: error.code,
          message: `${error.message} — retrying`
        })
        const timer = setTimeout(
          () => {
            this.retryTimers.delete(timer)
            const current = this.deps.ledger.getSale(sale.id)
            if (current?.state === 'creating') void this.ensureInvoice(current, true)
          },
          error.retryAfterMs ?? this.deps.retryCreateMs ?? 5000
        )
        timer.unref()
        this.retryTimers.add(timer)
      } else if (error instanceof KassaError) {
        this.deps.ledger.setSaleState(sale.id, 'failed', { code: error.code, message: error.message })
      } else {
        this.log.error({ err: error, saleId: sale.id }, 'creating the invoice failed')
        this.deps.ledger.setSaleState(sale.id, 'failed', {
          code: 'internal',
          message: 'Creating the invoice failed'
        })
      }
    }
    this.deps.onSaleChanged(sale.id)
  }
}
