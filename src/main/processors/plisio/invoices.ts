import Big from 'big.js'
import { currencyExponent } from '@shared/currency'
import type { Invoice } from '@shared/invoice'
import { ProcessorError } from '../errors'
import type { CallOptions } from '../types'
import type { PlisioClient } from './client'
import { invoiceFromCreate, invoiceFromOperation } from './normalize'
import type { Account, PlisioCoin } from './account'
import type { Operations } from './operations'
import { InvoiceDetailsSchema, NewInvoiceSchema } from './schemas'
import { isDuplicateStatus } from './status'

/** An invoice priced in fiat, as `GET /invoices/new` takes it. Amounts are decimal strings. */
export interface PlisioInvoiceParams {
  /** Kassa's sale id; must be unique per shop (with `return_existing=1` a repeat returns the same invoice). */
  orderNumber: string
  orderName: string
  /** Fiat code, e.g. `EUR`. */
  sourceCurrency: string
  /** Fiat decimal string, e.g. `"25.00"`. */
  sourceAmount: string
  /** Coins the customer may pay in (`BTC`, `LTC`, …); default: the shop's active coins. */
  psysCids?: string[]
  /** Lifetime in minutes (default 30). */
  expireMin?: number
  description?: string
  /** Status callbacks go here (append `json=true` for JSON bodies); default the shop's Status URL. */
  callbackUrl?: string
  email?: string
}

const DECIMAL = /^\d+(\.\d+)?$/
const DEFAULT_EXPIRE_MIN = 30

/**
 * The smallest invoice `coin` takes, in `fiat` (decimal string rounded up to the currency's minor unit), or null when
 * Plisio reports no minimum or no rate.
 */
export function minimumFiat(coin: PlisioCoin, fiat: string): string | null {
  if (!coin.minSumIn || !coin.fiatRate || !new Big(coin.fiatRate).gt(0)) return null
  const exponent = currencyExponent(fiat)
  return new Big(coin.minSumIn).times(new Big(coin.fiatRate)).round(exponent, Big.roundUp).toFixed(exponent)
}

/**
 * Why `coin` cannot take `sourceAmount` (maintenance, disabled, below `min_sum_in`), or null when it can.
 * `fiatRate` is the price of 1 coin in the fiat, so the crypto amount is `sourceAmount / fiatRate`.
 */
export function coinRefusal(coin: PlisioCoin, sourceAmount: string, sourceCurrency: string): string | null {
  if (!coin.enabled) return `${coin.psysCid} is not enabled for this shop in Plisio's API settings`
  if (coin.maintenance)
    return `${coin.psysCid} is under maintenance at Plisio: choose another coin or try later`
  const minFiat = minimumFiat(coin, sourceCurrency)
  if (minFiat !== null && coin.minSumIn && coin.fiatRate) {
    const crypto = new Big(sourceAmount).div(new Big(coin.fiatRate))
    if (crypto.lt(new Big(coin.minSumIn))) {
      return (
        `${sourceAmount} ${sourceCurrency} is below Plisio's minimum for ${coin.psysCid} ` +
        `(${coin.minSumIn} ${coin.currency}, about ${minFiat} ${sourceCurrency})`
      )
    }
  }
  return null
}

/** Invoices: create (idempotent per order number), read (following a replaced invoice), find by order number. */
export class Invoices {
  constructor(
    private readonly client: PlisioClient,
    private readonly operations: Operations,
    private readonly account: Pick<Account, 'cachedCurrencies'>,
    private readonly checkoutBase: string
  ) {}

  /**
   * `GET /invoices/new` with `source_currency`, `source_amount`, `order_number`, `order_name`, `expire_min`,
   * `allowed_psys_cids` and `return_existing=1`. Before the request the coins are checked against
   * `GET /currencies/{fiat}`: disabled, in maintenance, or `min_sum_in` above the amount → refused. With several
   * coins the unusable ones are dropped; when none is left the sale is refused.
   * @throws ProcessorError `processor-invalid-request` (refused before the request, or Plisio's 422 with `fields`).
   */
  async create(params: PlisioInvoiceParams, options?: CallOptions): Promise<Invoice> {
    if (!DECIMAL.test(params.sourceAmount) || new Big(params.sourceAmount).lte(0))
      throw new ProcessorError(
        'processor-invalid-request',
        `"${params.sourceAmount}" is not a positive amount`
      )
    const psysCids = await this.usableCoins(params, options)
    const expireMin = params.expireMin ?? DEFAULT_EXPIRE_MIN
    const now = new Date()
    const data = await this.client.send(
      NewInvoiceSchema,
      {
        method: 'GET',
        path: 'invoices/new',
        query: {
          order_number: params.orderNumber,
          order_name: params.orderName,
          source_currency: params.sourceCurrency,
          source_amount: params.sourceAmount,
          currency: psysCids[0],
          allowed_psys_cids: psysCids.length > 0 ? psysCids.join(',') : undefined,
          description: params.description,
          expire_min: expireMin,
          callback_url: params.callbackUrl,
          email: params.email,
          return_existing: 1,
          plugin: 'kassa',
          version: '0.1.0'
        }
      },
      options
    )
    return invoiceFromCreate(data, {
      orderId: params.orderNumber,
      amount: params.sourceAmount,
      currency: params.sourceCurrency,
      expireMin,
      now
    })
  }

  private async usableCoins(params: PlisioInvoiceParams, options?: CallOptions): Promise<string[]> {
    const wanted = params.psysCids ?? []
    if (wanted.length === 0) return []
    const coins = await this.account.cachedCurrencies(params.sourceCurrency, options)
    const usable: string[] = []
    const reasons: string[] = []
    for (const cid of wanted) {
      const coin = coins.find((c) => c.psysCid === cid)
      // A coin Plisio does not list is left to Plisio to refuse (code 105).
      const reason = coin ? coinRefusal(coin, params.sourceAmount, params.sourceCurrency) : null
      if (reason) reasons.push(reason)
      else usable.push(cid)
    }
    if (usable.length === 0) throw new ProcessorError('processor-invalid-request', reasons.join('; '))
    return usable
  }

  /**
   * `GET /operations/{txn_id}` → the invoice, normalized. When Plisio marked it `cancelled duplicate` (the
   * customer switched coin), the active sibling is read instead, so the returned `id` may differ from `txnId`.
   * @throws ProcessorError `processor-not-found`.
   */
  async retrieve(txnId: string, options?: CallOptions): Promise<Invoice> {
    const op = await this.operations.retrieve(txnId, options)
    const invoice = invoiceFromOperation(op, this.checkoutBase)
    if (!isDuplicateStatus(op.status)) return invoice
    const active = await this.activeSibling(txnId, invoice.orderId, options)
    return active ?? invoice
  }

  /**
   * The invoice that replaced a `cancelled duplicate`: `GET /invoices/{id}` → `active_invoice_id` (undocumented,
   * in Plisio's spec), else the non-duplicate invoice with the same order number from `GET /operations?search=`.
   */
  private async activeSibling(
    txnId: string,
    orderId: string,
    options?: CallOptions
  ): Promise<Invoice | null> {
    let activeId: string | null = null
    try {
      const details = await this.client.send(
        InvoiceDetailsSchema,
        { method: 'GET', path: `invoices/${encodeURIComponent(txnId)}` },
        options
      )
      activeId = details.active_invoice_id ?? details.invoice?.paid_id ?? null
    } catch (error) {
      if (!(error instanceof ProcessorError) || error.retryable) throw error
    }
    if (activeId && activeId !== txnId) {
      const op = await this.operations.retrieve(activeId, options)
      if (!isDuplicateStatus(op.status)) return invoiceFromOperation(op, this.checkoutBase)
    }
    return orderId ? this.findByOrderNumber(orderId, options) : null
  }

  /**
   * The live invoice of an order number (`GET /operations?type=invoice&search=<order>`), skipping replaced
   * (`cancelled duplicate`) siblings; null when there is none.
   */
  async findByOrderNumber(orderNumber: string, options?: CallOptions): Promise<Invoice | null> {
    const page = await this.operations.list({ type: 'invoice', search: orderNumber, limit: 50 }, options)
    const matches = page.items.filter((op) => op.params?.order_number === orderNumber)
    const live = matches.find((op) => !isDuplicateStatus(op.status)) ?? matches[0]
    return live ? invoiceFromOperation(live, this.checkoutBase) : null
  }
}
