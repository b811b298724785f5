/**
 * The Demo's invoices in its own books: create (once per order id), read, cancel, the Simulate payment control,
 * and the pushes a server's websocket would send when an invoice changes (a payment, a confirmation, the expiry).
 */
import { EventEmitter } from 'node:events'
import { randomBytes, randomUUID } from 'node:crypto'
import type { Invoice } from '@shared/invoice'
import type { SimulateKind } from '@shared/contract'
import { fiatToSats, parseAmount } from '@shared/money'
import { ProcessorError } from '../errors'
import type { CreateInvoiceRequest } from '../types'
import { demoAddress } from './destinations'
import { toDemoInvoice } from './normalize'
import { demoRate } from './rates'
import { demoStatus, nextDemoChange } from './status'
import type { DemoInvoiceRow, DemoStore } from './store'

/** Settings of the Demo's invoices. Times in milliseconds. */
export interface DemoInvoiceSettings {
  now: () => number
  /** Time from a simulated on-chain payment to its confirmation (regtest block). */
  confirmDelayMs: number
  /** Quote lifetime when the request gives none. */
  defaultExpiryMs: number
}

/** The Demo's invoices, read and written in its store; every change is pushed to `subscribe`rs. */
export class Invoices {
  private readonly events = new EventEmitter()
  private readonly timers = new Set<NodeJS.Timeout>()

  constructor(
    private readonly store: DemoStore,
    private readonly settings: DemoInvoiceSettings
  ) {
    this.events.setMaxListeners(0)
  }

  /**
   * Idempotent per `orderId`: a second call returns the first invoice. Priced at the Demo's fixed rate, rounded up
   * to the sat, paid to a fresh regtest address; keeps the request's lines and cart (`DemoStore.cartOf`).
   * @throws ProcessorError `processor-invalid-request` for a currency without a Demo rate.
   */
  create(request: CreateInvoiceRequest): Invoice {
    const existing = this.store.byOrderId(request.orderId)
    if (existing) return this.get(existing.id)
    const rate = demoRate(request.currency)
    if (!rate) {
      throw new ProcessorError('processor-invalid-request', `The Demo has no rate for ${request.currency}`, {
        fields: [{ field: 'currency', message: 'no demo rate' }]
      })
    }
    const amountMinor = parseAmount(request.amount, request.currency)
    const now = this.settings.now()
    const id = 'demo_' + randomUUID().replace(/-/g, '').slice(0, 20)
    this.store.insertInvoice({
      id,
      orderId: request.orderId,
      currency: request.currency,
      amountMinor,
      rate,
      totalSats: fiatToSats(amountMinor, request.currency, rate, 'up'),
      address: demoAddress(),
      seed: randomBytes(16).toString('hex'),
      description: request.description,
      createdAt: now,
      expiresAt: now + (request.expirySeconds ? request.expirySeconds * 1000 : this.settings.defaultExpiryMs),
      forced: null,
      tillId: request.tillId ?? null
    })
    this.store.setCart(id, { lines: request.lines, cart: request.cart ?? null })
    this.scheduleChange(id)
    return this.get(id)
  }

  /** The invoice of `orderId`, or null. */
  findByOrderId(orderId: string): Invoice | null {
    const row = this.store.byOrderId(orderId)
    return row ? this.get(row.id) : null
  }

  /** The invoice as of now. @throws ProcessorError `processor-not-found`. */
  get(invoiceId: string): Invoice {
    const row = this.row(invoiceId)
    return toDemoInvoice(row, this.store.payments(invoiceId), this.settings.now())
  }

  /** The invoice's row. @throws ProcessorError `processor-not-found`. */
  row(invoiceId: string): DemoInvoiceRow {
    const row = this.store.byId(invoiceId)
    if (!row)
      throw new ProcessorError('processor-not-found', `Invoice ${invoiceId} not found`, { status: 404 })
    return row
  }

  /** Marks an unpaid invoice invalid. @throws ProcessorError when payment arrived in full (in time or late). */
  cancel(invoiceId: string): Invoice {
    const invoice = this.get(invoiceId)
    const paidLate = invoice.additionalStatus === 'PaidLate'
    if ((invoice.status !== 'New' && invoice.status !== 'Expired') || paidLate) {
      throw new ProcessorError(
        'processor-invalid-request',
        'This invoice has been paid and cannot be cancelled'
      )
    }
    this.store.setForced(invoiceId, 'invalid')
    this.emit(invoiceId)
    return this.get(invoiceId)
  }

  /**
   * Simulate the customer: `full` pays what is due on-chain (confirms after `confirmDelayMs`), `partial` half of
   * what is due, `over` what is due plus 10 % of the total, `expire` ends the quote now, `late` ends the quote
   * (if still open) and then pays what is due: `Expired` + `PaidLate`, as BTCPay reports a payment after expiry.
   * `method` is how the customer pays: `BTC-CHAIN` (default) or `BTC-LN`, which settles at once as Lightning does.
   * @throws ProcessorError `processor-invalid-request` when the invoice no longer takes payments (`late`: when it
   * is not New or Expired, or already paid in full), or for a method the Demo does not offer.
   */
  simulate(invoiceId: string, kind: SimulateKind, method: string = 'BTC-CHAIN'): Invoice {
    if (method !== 'BTC-CHAIN' && method !== 'BTC-LN') {
      throw new ProcessorError(
        'processor-invalid-request',
        `The Demo takes BTC-CHAIN or BTC-LN, not ${method}`
      )
    }
    const row = this.row(invoiceId)
    const payments = this.store.payments(invoiceId)
    const now = this.settings.now()
    const { status, additionalStatus } = demoStatus(row, payments, now)
    const payable =
      status === 'New' || (kind === 'late' && status === 'Expired' && additionalStatus !== 'PaidLate')
    if (!payable) {
      throw new ProcessorError(
        'processor-invalid-request',
        `The invoice is ${status}: it takes no more payments`
      )
    }
    if (kind === 'expire') {
      this.store.setForced(invoiceId, 'expired')
    } else {
      if (kind === 'late') this.store.expireAt(invoiceId, now)
      const due = row.totalSats - payments.reduce((sum, p) => sum + p.sats, 0n)
      const sats =
        kind === 'full' || kind === 'late'
          ? due
          : kind === 'partial'
            ? due / 2n > 0n
              ? due / 2n
              : 1n
            : due + row.totalSats / 10n
      this.store.insertPayment({
        id: randomBytes(32).toString('hex'),
        invoiceId,
        method,
        sats,
        receivedAt: now,
        // A Lightning payment is final when it arrives; on-chain waits for a (regtest) block.
        confirmAt: method === 'BTC-LN' ? now : now + this.settings.confirmDelayMs
      })
      this.scheduleChange(invoiceId)
    }
    this.emit(invoiceId)
    return this.get(invoiceId)
  }

  /** Call `listener` whenever the invoice may have changed. Returns the unsubscribe function. */
  subscribe(invoiceId: string, listener: () => void): () => void {
    this.events.on(invoiceId, listener)
    return () => this.events.off(invoiceId, listener)
  }

  /** Stop every pending push and drop every listener. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.events.removeAllListeners()
  }

  private emit(invoiceId: string): void {
    this.events.emit(invoiceId)
  }

  /** Push a change when a confirmation lands or the quote expires, as a server's websocket would. */
  private scheduleChange(invoiceId: string): void {
    const row = this.row(invoiceId)
    const at = nextDemoChange(row, this.store.payments(invoiceId), this.settings.now())
    if (at === null) return
    const timer = setTimeout(
      () => {
        this.timers.delete(timer)
        this.emit(invoiceId)
      },
      Math.max(0, at - this.settings.now()) + 5
    )
    timer.unref()
    this.timers.add(timer)
  }
}
