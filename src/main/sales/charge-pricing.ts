import Big from 'big.js'
import type { SaleLine } from '@shared/contract'
import { cartTotals, type Adjustment, type CartTotals } from '@shared/cart'
import { KassaError } from '@shared/errors'
import { AmountError, formatMinor, parseAmount } from '@shared/money'

/** A charge after the contract's schema (`sale:charge`). Amounts are decimal strings in `currency`. */
export interface ChargeRequest {
  amount: string
  currency: string
  memo?: string
  lines?: SaleLine[]
  /** Percent for lines without their own rate; default `TillPricing.defaultTaxRate`. */
  taxRate?: string
  discount?: Adjustment
  tip?: Adjustment
  /** The cashier confirmed a total above the per-sale maximum. */
  confirmLarge?: boolean
  paymentMethod?: string
}

/** What the store's settings say about pricing a charge. */
export interface TillPricing {
  /** The store's tax percent for lines without their own rate (Settings `taxRate`). */
  defaultTaxRate: string
  /** Prices include tax (Settings → Till). */
  taxInclusive: boolean
  /** Decimal string in `storeCurrency`: a larger total needs `confirmLarge`; null for no limit. */
  maxSaleAmount: string | null
  /** The currency the maximum is read in; a sale in another currency is not held to it. */
  storeCurrency: string
}

/** Pricing without tax, tip rules or limit (a test's or a tool's sale). */
export const PLAIN_PRICING: TillPricing = {
  defaultTaxRate: '0',
  taxInclusive: false,
  maxSaleAmount: null,
  storeCurrency: 'USD'
}

/** A charge priced: what the ledger records. Minor units of the sale currency. */
export interface PricedCharge {
  amountMinor: bigint
  /** The lines as rung up, each with its tax rate resolved (a line without one gets the default rate). */
  lines: SaleLine[]
  /** The default rate used (`"0"` for a keypad sale). */
  taxRate: string
  /** The cart's totals, or null for a keypad sale without lines. */
  totals: CartTotals | null
  discount: Adjustment | null
  tip: Adjustment | null
}

/**
 * Price a charge the way the till must have: with lines, `cartTotals` over them (order discount → tax per rate,
 * inclusive or exclusive → tip) must give exactly `amount`; without lines it is a keypad sale of `amount`, which
 * takes no tax, discount or tip. Then the per-sale maximum.
 * @throws KassaError `invalid-input` for a malformed cart (bad price, rate, discount or tip; discount above the
 *   subtotal), an amount that differs from the cart's total (the message names both), or tax/discount/tip without
 *   lines; `sale-above-maximum` when the total is above `maxSaleAmount` and `confirmLarge` is not true (the message
 *   names the limit). Nothing is recorded in either case.
 */
export function priceCharge(input: ChargeRequest, pricing: TillPricing): PricedCharge {
  const amountMinor = invalidOnAmountError(() => parseAmount(input.amount, input.currency))
  const given = input.lines ?? []
  let priced: PricedCharge
  if (given.length > 0) {
    const taxRate = input.taxRate ?? pricing.defaultTaxRate
    const lines = given.map((line) => ({ ...line, taxRate: line.taxRate ?? taxRate }))
    const totals = invalidOnAmountError(() =>
      cartTotals(
        {
          lines,
          defaultTaxRate: taxRate,
          taxInclusive: pricing.taxInclusive,
          discount: input.discount,
          tip: input.tip
        },
        input.currency
      )
    )
    if (totals.total !== amountMinor) {
      throw new KassaError(
        'invalid-input',
        `The amount ${input.amount} ${input.currency} does not match the cart: it totals ` +
          `${formatMinor(totals.total, input.currency)} ${input.currency}`
      )
    }
    priced = {
      amountMinor,
      lines,
      taxRate,
      totals,
      discount: input.discount ?? null,
      tip: input.tip ?? null
    }
  } else {
    if ((input.taxRate !== undefined && !isZero(input.taxRate)) || input.discount || input.tip) {
      throw new KassaError(
        'invalid-input',
        'Tax, discount and tip apply to a cart: add the amount as a line of the sale'
      )
    }
    priced = { amountMinor, lines: [], taxRate: '0', totals: null, discount: null, tip: null }
  }
  checkMaximum(amountMinor, input, pricing)
  return priced
}

/** @throws KassaError `sale-above-maximum` (see `priceCharge`). */
function checkMaximum(amountMinor: bigint, input: ChargeRequest, pricing: TillPricing): void {
  if (input.confirmLarge === true || pricing.maxSaleAmount === null) return
  if (input.currency !== pricing.storeCurrency) return
  const total = formatMinor(amountMinor, input.currency)
  if (new Big(total).lte(new Big(pricing.maxSaleAmount))) return
  throw new KassaError(
    'sale-above-maximum',
    `${total} ${input.currency} is above this till's maximum of ${pricing.maxSaleAmount} ${input.currency} ` +
      'per sale: check the amount, then confirm it to charge'
  )
}

function isZero(decimal: string): boolean {
  return /^0+(\.0+)?$/.test(decimal)
}

function invalidOnAmountError<T>(work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (error instanceof AmountError) throw new KassaError('invalid-input', error.message)
    throw error
  }
}
