import Big from 'big.js'
import type {
  CryptoReceivedView,
  DayCorrectionView,
  DayFiguresView,
  FiatSliceView,
  FiatTotalsView,
  InvoiceOutcomeCountsView,
  RefundSliceView
} from '@shared/day'
import { currencyExponent } from '@shared/currency'
import { decimalToMinor, formatMinor } from '@shared/money'
import type { DayPaymentRow, DayRefundRow, DayRows, DaySaleRow } from '../ledger/day-queries'

// Every sum here is bigint minor units of its currency (or big.js for crypto and rates): a day balances exactly.

/** Payment method ids as the day close groups them: BTC on-chain and Lightning under BTCPay's ids, other coins as is. */
export function methodKey(method: string | null | undefined): string {
  if (!method) return 'unknown'
  if (/^BTC(-CHAIN|-ONCHAIN|_BTC)?$/i.test(method)) return 'BTC-CHAIN'
  if (/^BTC-(LN|LIGHTNING|LIGHTNINGNETWORK|LNURL|LNURLPAY)$/i.test(method)) return 'BTC-LN'
  return method
}

/** The coin a payment is in: `BTC` for bitcoin on any layer, else the processor's coin id (`USDT_TRX`, `LTC`). */
export function coinOf(payment: Pick<DayPaymentRow, 'method' | 'currency'>): string {
  if (payment.currency.toUpperCase() === 'BTC') return 'BTC'
  return payment.method || payment.currency
}

/** Decimal places of a coin's smallest unit (sats for BTC); unknown coins use the most places their amounts show. */
const COIN_EXPONENTS: Record<string, number> = {
  BTC: 8,
  LTC: 8,
  BCH: 8,
  DOGE: 8,
  DASH: 8,
  ZEC: 8,
  ETH: 18,
  ETC: 18,
  BNB: 18,
  BNB_BSC: 18,
  TRX: 6,
  USDT: 6,
  USDT_TRX: 6,
  USDT_ETH: 6,
  USDT_BSC: 18,
  USDC: 6,
  USDC_ETH: 6,
  USDC_TRX: 6,
  XMR: 12,
  TON: 9,
  SOL: 9
}

/** The running sums of one currency in one slice (minor units). */
interface Sums {
  sales: number
  amount: bigint
  tips: bigint
  tax: bigint
  discounts: bigint
  refunds: bigint
  underpaid: bigint
  overpaid: bigint
}

type SumField = Exclude<keyof Sums, 'sales'>

function emptySums(): Sums {
  return { sales: 0, amount: 0n, tips: 0n, tax: 0n, discounts: 0n, refunds: 0n, underpaid: 0n, overpaid: 0n }
}

/** Sums by key then currency. */
class Table {
  private readonly rows = new Map<string, Map<string, Sums>>()

  at(key: string, currency: string): Sums {
    let byCurrency = this.rows.get(key)
    if (!byCurrency) this.rows.set(key, (byCurrency = new Map()))
    let sums = byCurrency.get(currency)
    if (!sums) byCurrency.set(currency, (sums = emptySums()))
    return sums
  }

  entries(): { key: string; currency: string; sums: Sums }[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([key, byCurrency]) =>
        [...byCurrency.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([currency, sums]) => ({ key, currency, sums }))
      )
  }
}

/** `amount / sales` rounded half-up to the minor unit (amounts are never negative here). */
function average(amount: bigint, sales: number): bigint {
  if (sales === 0) return 0n
  const count = BigInt(sales)
  const doubled = amount * 2n
  return doubled >= 0n ? (doubled + count) / (2n * count) : -((-doubled + count) / (2n * count))
}

function totalsView(currency: string, sums: Sums): FiatTotalsView {
  const gross = sums.amount - sums.tips - sums.tax + sums.discounts
  const net = gross - sums.discounts + sums.tax + sums.tips - sums.refunds
  const money = (minor: bigint) => formatMinor(minor, currency)
  return {
    currency,
    sales: sums.sales,
    gross: money(gross),
    discounts: money(sums.discounts),
    tax: money(sums.tax),
    tips: money(sums.tips),
    refunds: money(sums.refunds),
    net: money(net),
    averageSale: money(average(sums.amount, sums.sales)),
    underpaid: money(sums.underpaid),
    overpaid: money(sums.overpaid)
  }
}

/** One way a sale was paid: its method key and the fiat value paid through it (a weight, not rounded). */
interface Share {
  key: string
  weight: Big
}

/**
 * Split `value` over `shares` in proportion to their weights, rounding each down; the remainder goes to the
 * largest share, so the parts sum to `value` exactly. @returns minor units per share, in order
 */
export function splitByWeight(value: bigint, shares: readonly { weight: Big }[]): bigint[] {
  if (shares.length === 0) return []
  const total = shares.reduce((sum, share) => sum.plus(share.weight), new Big(0))
  if (shares.length === 1 || total.lte(0)) return shares.map((_, i) => (i === largest(shares) ? value : 0n))
  const parts = shares.map((share) =>
    BigInt(new Big(value.toString()).times(share.weight).div(total).round(0, Big.roundDown).toFixed(0))
  )
  const rest = value - parts.reduce((sum, part) => sum + part, 0n)
  const index = largest(shares)
  parts[index] = (parts[index] ?? 0n) + rest
  return parts
}

/** Index of the largest weight (the first of equals). */
function largest(shares: readonly { weight: Big }[]): number {
  let best = 0
  shares.forEach((share, i) => {
    if (share.weight.gt(shares[best]?.weight ?? 0)) best = i
  })
  return best
}

/** A payment with its value in the invoice's fiat at the invoice's rate (unrounded), when that rate is known. */
interface ValuedPayment extends DayPaymentRow {
  fiat: Big | null
}

/** The day's payments and rates, by sale. */
class Payments {
  private readonly bySale = new Map<string, ValuedPayment[]>()

  constructor(rows: DayRows) {
    const rates = new Map<string, string>()
    for (const rate of rows.rates) {
      if (rate.rate === null || !/^\d+(\.\d+)?$/.test(rate.rate)) continue
      rates.set(`${rate.saleId}\u0000m\u0000${rate.method}`, rate.rate)
      rates.set(`${rate.saleId}\u0000c\u0000${rate.currency.toUpperCase()}`, rate.rate)
    }
    for (const payment of rows.payments) {
      if (payment.status === 'Invalid' || !/^\d+(\.\d+)?$/.test(payment.amount)) continue
      const rate =
        rates.get(`${payment.saleId}\u0000m\u0000${payment.method}`) ??
        rates.get(`${payment.saleId}\u0000c\u0000${payment.currency.toUpperCase()}`)
      const valued = { ...payment, fiat: rate ? new Big(payment.amount).times(rate) : null }
      const list = this.bySale.get(payment.saleId)
      if (list) list.push(valued)
      else this.bySale.set(payment.saleId, [valued])
    }
  }

  /** The sale's payments (not invalid). */
  of(saleId: string): ValuedPayment[] {
    return this.bySale.get(saleId) ?? []
  }

  /**
   * How the sale was paid, by method, weighted by fiat at the invoice's rate; by the coin amounts when a rate is
   * missing. Without payments: the method the cashier chose, else `unknown`.
   */
  shares(saleId: string, chosen: string | null): Share[] {
    const payments = this.of(saleId)
    if (payments.length === 0) return [{ key: methodKey(chosen), weight: new Big(1) }]
    const rated = payments.every((payment) => payment.fiat !== null)
    const byKey = new Map<string, Big>()
    for (const payment of payments) {
      const key = methodKey(payment.method)
      const weight = rated ? (payment.fiat as Big) : new Big(payment.amount)
      byKey.set(key, (byKey.get(key) ?? new Big(0)).plus(weight))
    }
    return [...byKey.entries()].map(([key, weight]) => ({ key, weight }))
  }

  /** The method most of the sale was paid through. */
  mainMethod(saleId: string, chosen: string | null): string {
    const shares = this.shares(saleId, chosen)
    return shares[largest(shares)]?.key ?? 'unknown'
  }
}

/** A refund's value in its sale's minor units: as recorded, else at the invoice's rate, else its own amount. */
export function refundMinor(refund: DayRefundRow): bigint {
  if (refund.fiatMinor !== null) return refund.fiatMinor
  if (refund.currency === refund.saleCurrency) return decimalToMinor(refund.amount, refund.saleCurrency)
  if (refund.rate === null || !/^\d+(\.\d+)?$/.test(refund.rate) || !/^\d+(\.\d+)?$/.test(refund.amount)) {
    return 0n
  }
  return decimalToMinor(new Big(refund.amount).times(refund.rate).toFixed(20), refund.saleCurrency)
}

function bySliceKey(a: RefundSliceView, b: RefundSliceView): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0
}

/** What one slice of a sale adds: a share of each field, the sale itself counted in its largest slice. */
function addSale(target: Sums, sale: DaySaleRow, overpaid: bigint, count: boolean): void {
  if (count) target.sales += 1
  target.amount += sale.amountMinor
  target.tips += sale.tipMinor
  target.tax += sale.taxMinor
  target.discounts += sale.discountMinor
  target.overpaid += overpaid
}

/**
 * The figures of a business day from its rows (`day-queries.ts`): per currency `gross − discounts + tax + tips −
 * refunds = net` exactly; the slices by processor and by payment method sum to the totals field by field (a sale
 * paid through two methods is split by what each paid at the invoice's rate, the remainder and the sale's count to
 * the largest); crypto per coin in its unit and smallest unit with its fiat value at each invoice's rate.
 */
export function dayFigures(rows: DayRows): DayFiguresView {
  const payments = new Payments(rows)
  const totals = new Table()
  const byProcessor = new Table()
  const byMethod = new Table()
  const fields: SumField[] = ['amount', 'tips', 'tax', 'discounts', 'overpaid']

  for (const sale of rows.sales) {
    const overpaid =
      sale.invoicePaidMinor !== null &&
      sale.invoiceAmountMinor !== null &&
      sale.invoicePaidMinor > sale.invoiceAmountMinor
        ? sale.invoicePaidMinor - sale.invoiceAmountMinor
        : 0n
    addSale(totals.at('', sale.currency), sale, overpaid, true)
    addSale(byProcessor.at(sale.processor, sale.currency), sale, overpaid, true)
    const shares = payments.shares(sale.id, sale.paymentMethod)
    const values: Record<SumField, bigint> = {
      amount: sale.amountMinor,
      tips: sale.tipMinor,
      tax: sale.taxMinor,
      discounts: sale.discountMinor,
      overpaid,
      refunds: 0n,
      underpaid: 0n
    }
    const parts = Object.fromEntries(fields.map((field) => [field, splitByWeight(values[field], shares)]))
    const main = largest(shares)
    shares.forEach((share, i) => {
      const slice = byMethod.at(share.key, sale.currency)
      if (i === main) slice.sales += 1
      for (const field of fields) slice[field] += parts[field]?.[i] ?? 0n
    })
  }

  const outcomes: InvoiceOutcomeCountsView = { settled: 0, open: 0, expired: 0, invalid: 0, creating: 0 }
  for (const invoice of rows.invoices) {
    if (invoice.state === 'creating') outcomes.creating += 1
    if (invoice.status === 'Settled') outcomes.settled += 1
    else if (invoice.status === 'New' || invoice.status === 'Processing') outcomes.open += 1
    else if (invoice.status === 'Expired') outcomes.expired += 1
    else if (invoice.status === 'Invalid') outcomes.invalid += 1
    const paid = invoice.paidMinor ?? 0n
    const ended = invoice.status === 'Expired' || invoice.status === 'Invalid'
    if (!ended || paid <= 0n || paid >= (invoice.amountMinor ?? 0n)) continue
    totals.at('', invoice.currency).underpaid += paid
    byProcessor.at(invoice.processor, invoice.currency).underpaid += paid
    const shares = payments.shares(invoice.saleId, null)
    splitByWeight(paid, shares).forEach((part, i) => {
      byMethod.at(shares[i]?.key ?? 'unknown', invoice.currency).underpaid += part
    })
  }

  type RefundSums = { key: string; currency: string; count: number; minor: bigint }
  const variants = new Map<string, RefundSums>()
  const actors = new Map<string, RefundSums>()
  // A give-back lowers the amount but is not a refund given that day: it does not change the count.
  const tally = (map: Map<string, RefundSums>, key: string, refund: DayRefundRow, value: bigint) => {
    const id = `${key}\u0000${refund.saleCurrency}`
    const slice = map.get(id) ?? { key, currency: refund.saleCurrency, count: 0, minor: 0n }
    slice.count += refund.sign > 0 ? 1 : 0
    slice.minor += value
    map.set(id, slice)
  }
  const refundSlices = (map: Map<string, RefundSums>): RefundSliceView[] =>
    [...map.values()]
      .map((sums) => ({
        key: sums.key,
        count: sums.count,
        currency: sums.currency,
        amount: formatMinor(sums.minor, sums.currency)
      }))
      .sort(bySliceKey)
  for (const refund of rows.refunds) {
    const value = BigInt(refund.sign) * refundMinor(refund)
    totals.at('', refund.saleCurrency).refunds += value
    byProcessor.at(refund.processor, refund.saleCurrency).refunds += value
    byMethod.at(payments.mainMethod(refund.saleId, refund.paymentMethod), refund.saleCurrency).refunds += value
    tally(variants, refund.variant ?? refund.kind, refund, value)
    tally(actors, refund.actor ?? 'unknown', refund, value)
  }

  const slices = (table: Table): FiatSliceView[] =>
    table.entries().map(({ key, currency, sums }) => ({ key, ...totalsView(currency, sums) }))
  return {
    totals: totals.entries().map(({ currency, sums }) => totalsView(currency, sums)),
    byProcessor: slices(byProcessor),
    byPaymentMethod: slices(byMethod),
    crypto: cryptoReceived(rows.sales, payments),
    outcomes,
    refundsByVariant: refundSlices(variants),
    refundsByActor: refundSlices(actors)
  }
}

/**
 * Crypto received for the sales counted on the day, per coin: the exact sum of the payments, in the coin and its
 * smallest unit, and per fiat currency its value at each invoice's rate (rounded half-even once per coin and
 * currency). A sale whose rate is unknown values its payments by sharing what the invoice shows paid.
 */
function cryptoReceived(sales: readonly DaySaleRow[], payments: Payments): CryptoReceivedView[] {
  const coins = new Map<string, { amount: Big; places: number; fiat: Map<string, Big> }>()
  for (const sale of sales) {
    const list = payments.of(sale.id)
    const unrated = list.filter((payment) => payment.fiat === null)
    const fallback = splitByWeight(
      sale.invoicePaidMinor ?? sale.amountMinor,
      unrated.map((payment) => ({ weight: new Big(payment.amount) }))
    )
    for (const payment of list) {
      const coin = coinOf(payment)
      const entry = coins.get(coin) ?? { amount: new Big(0), places: 0, fiat: new Map<string, Big>() }
      entry.amount = entry.amount.plus(payment.amount)
      entry.places = Math.max(entry.places, payment.amount.split('.')[1]?.length ?? 0)
      const fiat =
        payment.fiat ??
        new Big((fallback[unrated.indexOf(payment)] ?? 0n).toString()).div(
          new Big(10).pow(currencyExponent(sale.currency))
        )
      entry.fiat.set(sale.currency, (entry.fiat.get(sale.currency) ?? new Big(0)).plus(fiat))
      coins.set(coin, entry)
    }
  }
  return [...coins.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([coin, entry]) => {
      const places = COIN_EXPONENTS[coin.toUpperCase()] ?? entry.places
      return {
        coin,
        amount: entry.amount.toFixed(places),
        smallestUnit: entry.amount.times(new Big(10).pow(places)).round(0, Big.roundHalfEven).toFixed(0),
        fiat: [...entry.fiat.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([currency, value]) => ({
            currency,
            amount: formatMinor(decimalToMinor(value.toFixed(20), currency), currency)
          }))
      }
    })
}

/**
 * The corrections counted on the day: payments and refunds whose own day was closed when they came, and refunds
 * given back after their day was closed (a negative amount), oldest first.
 */
export function dayCorrections(rows: DayRows): DayCorrectionView[] {
  const corrections: DayCorrectionView[] = []
  for (const sale of rows.sales) {
    if (sale.correctsDay === null) continue
    corrections.push({
      kind: 'payment',
      saleId: sale.id,
      receiptNumber: sale.receiptNumber,
      belongsTo: sale.correctsDay,
      at: sale.paidAt,
      currency: sale.currency,
      amount: formatMinor(sale.amountMinor, sale.currency)
    })
  }
  for (const refund of rows.refunds) {
    if (refund.correctsDay === null) continue
    corrections.push({
      kind: 'refund',
      saleId: refund.saleId,
      receiptNumber: refund.receiptNumber,
      belongsTo: refund.correctsDay,
      at: refund.sign > 0 ? refund.createdAt : (refund.reversedAt ?? refund.createdAt),
      currency: refund.saleCurrency,
      amount: formatMinor(BigInt(refund.sign) * refundMinor(refund), refund.saleCurrency)
    })
  }
  return corrections.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}
