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
import { btcToSats, decimalToMinor, formatMinor, satsToBtc } from '@shared/money'
import type { DayPaymentRow, DayRefundRow, DayRows } from '../ledger/day-queries'

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
      if (rate.rate === null || !DECIMAL.test(rate.rate)) continue
      rates.set(`${rate.saleId}\u0000m\u0000${rate.method}`, rate.rate)
      rates.set(`${rate.saleId}\u0000c\u0000${rate.currency.toUpperCase()}`, rate.rate)
    }
    for (const payment of rows.payments) {
      if (payment.status === 'Invalid' || !DECIMAL.test(payment.amount)) continue
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
  if (refund.rate === null || !DECIMAL.test(refund.rate) || !DECIMAL.test(refund.amount)) return 0n
  return decimalToMinor(new Big(refund.amount).times(refund.rate).toFixed(20), refund.saleCurrency)
}

const DECIMAL = /^\d+(\.\d+)?$/

function bySliceKey(a: RefundSliceView, b: RefundSliceView): number {
  return a.key < b.key
    ? -1
    : a.key > b.key
      ? 1
      : a.currency < b.currency
        ? -1
        : a.currency > b.currency
          ? 1
          : 0
}

/** Crypto received per coin: BTC in sats, other coins as exact decimals; fiat per currency in minor units. */
class Coins {
  private readonly coins = new Map<
    string,
    { sats: bigint; amount: Big; places: number; fiat: Map<string, bigint> }
  >()

  private entry(coin: string) {
    let entry = this.coins.get(coin)
    if (!entry) {
      entry = { sats: 0n, amount: new Big(0), places: 0, fiat: new Map<string, bigint>() }
      this.coins.set(coin, entry)
    }
    return entry
  }

  addSats(coin: string, sats: bigint): void {
    this.entry(coin).sats += sats
  }

  addAmount(coin: string, amount: string): void {
    if (coin === 'BTC') return this.addSats(coin, btcToSats(amount))
    const entry = this.entry(coin)
    entry.amount = entry.amount.plus(amount)
    entry.places = Math.max(entry.places, amount.split('.')[1]?.length ?? 0)
  }

  addFiat(coin: string, currency: string, minor: bigint): void {
    const fiat = this.entry(coin).fiat
    fiat.set(currency, (fiat.get(currency) ?? 0n) + minor)
  }

  view(): CryptoReceivedView[] {
    return [...this.coins.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([coin, entry]) => {
        const fiat = [...entry.fiat.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([currency, minor]) => ({ currency, amount: formatMinor(minor, currency) }))
        if (coin === 'BTC')
          return { coin, amount: satsToBtc(entry.sats), smallestUnit: entry.sats.toString(), fiat }
        const places = COIN_EXPONENTS[coin.toUpperCase()] ?? entry.places
        return {
          coin,
          amount: entry.amount.toFixed(places),
          smallestUnit: entry.amount.times(new Big(10).pow(places)).round(0, Big.roundHalfEven).toFixed(0),
          fiat
        }
      })
  }
}

/**
 * The figures of a business day from its rows (`day-queries.ts`): per currency `gross − discounts + tax + tips −
 * refunds = net` exactly; the slices by processor and by payment method sum to the totals field by field (a sale
 * paid through two methods is split by what each paid at the invoice's rate, the remainder and the sale's count to
 * the largest); crypto per coin in its unit and smallest unit, valued at what each invoice shows paid in fiat (its
 * rate), split over the coins by rate when an invoice was paid in several.
 */
export function dayFigures(rows: DayRows): DayFiguresView {
  const payments = new Payments(rows)
  const totals = new Table()
  const byProcessor = new Table()
  const byMethod = new Table()
  const coins = new Coins()
  const fields: SumField[] = ['amount', 'tips', 'tax', 'discounts', 'overpaid']

  for (const group of rows.groups) {
    const sums: Sums = {
      ...emptySums(),
      sales: group.count,
      amount: group.amountMinor,
      tips: group.tipMinor,
      tax: group.taxMinor,
      discounts: group.discountMinor,
      overpaid: group.overpaidMinor
    }
    const method = methodKey(group.method ?? group.chosenMethod)
    for (const target of [
      totals.at('', group.currency),
      byProcessor.at(group.processor, group.currency),
      byMethod.at(method, group.currency)
    ]) {
      add(target, sums)
    }
    if (group.coin === null) continue
    const coin = coinOf({ method: group.method ?? '', currency: group.coin })
    if (coin === 'BTC') coins.addSats(coin, group.sats ?? 0n)
    coins.addFiat(coin, group.currency, group.paidMinor)
  }
  for (const payment of rows.coinPayments) {
    if (DECIMAL.test(payment.amount))
      coins.addAmount(coinOf({ method: payment.method, currency: payment.coin }), payment.amount)
  }

  for (const sale of rows.splitSales) {
    const overpaid =
      sale.invoicePaidMinor !== null &&
      sale.invoiceAmountMinor !== null &&
      sale.invoicePaidMinor > sale.invoiceAmountMinor
        ? sale.invoicePaidMinor - sale.invoiceAmountMinor
        : 0n
    const whole: Sums = {
      ...emptySums(),
      sales: 1,
      amount: sale.amountMinor,
      tips: sale.tipMinor,
      tax: sale.taxMinor,
      discounts: sale.discountMinor,
      overpaid
    }
    add(totals.at('', sale.currency), whole)
    add(byProcessor.at(sale.processor, sale.currency), whole)
    const shares = payments.shares(sale.id, sale.paymentMethod)
    const parts = Object.fromEntries(fields.map((field) => [field, splitByWeight(whole[field], shares)]))
    const main = largest(shares)
    shares.forEach((share, i) => {
      const slice = byMethod.at(share.key, sale.currency)
      if (i === main) slice.sales += 1
      for (const field of fields) slice[field] += parts[field]?.[i] ?? 0n
    })
    const list = payments.of(sale.id)
    const rated = list.every((payment) => payment.fiat !== null)
    const fiat = splitByWeight(
      sale.invoicePaidMinor ?? 0n,
      list.map((payment) => ({ weight: rated ? (payment.fiat as Big) : new Big(payment.amount) }))
    )
    list.forEach((payment, i) => {
      const coin = coinOf(payment)
      coins.addAmount(coin, payment.amount)
      coins.addFiat(coin, sale.currency, fiat[i] ?? 0n)
    })
  }

  const outcomes: InvoiceOutcomeCountsView = { settled: 0, open: 0, expired: 0, invalid: 0, creating: 0 }
  for (const row of rows.outcomes) {
    if (row.state === 'creating') outcomes.creating += row.count
    if (row.status === 'Settled') outcomes.settled += row.count
    else if (row.status === 'New' || row.status === 'Processing') outcomes.open += row.count
    else if (row.status === 'Expired') outcomes.expired += row.count
    else if (row.status === 'Invalid') outcomes.invalid += row.count
  }
  for (const invoice of rows.underpaid) {
    totals.at('', invoice.currency).underpaid += invoice.paidMinor
    byProcessor.at(invoice.processor, invoice.currency).underpaid += invoice.paidMinor
    const shares = payments.shares(invoice.saleId, invoice.paymentMethod)
    splitByWeight(invoice.paidMinor, shares).forEach((part, i) => {
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
  for (const refund of rows.refunds) {
    const value = BigInt(refund.sign) * refundMinor(refund)
    totals.at('', refund.saleCurrency).refunds += value
    byProcessor.at(refund.processor, refund.saleCurrency).refunds += value
    byMethod.at(payments.mainMethod(refund.saleId, refund.paymentMethod), refund.saleCurrency).refunds +=
      value
    tally(variants, refund.variant ?? refund.kind, refund, value)
    tally(actors, refund.actor ?? 'unknown', refund, value)
  }

  const slices = (table: Table): FiatSliceView[] =>
    table.entries().map(({ key, currency, sums }) => ({ key, ...totalsView(currency, sums) }))
  const refundSlices = (map: Map<string, RefundSums>): RefundSliceView[] =>
    [...map.values()]
      .map((sums) => ({
        key: sums.key,
        count: sums.count,
        currency: sums.currency,
        amount: formatMinor(sums.minor, sums.currency)
      }))
      .sort(bySliceKey)
  return {
    totals: totals.entries().map(({ currency, sums }) => totalsView(currency, sums)),
    byProcessor: slices(byProcessor),
    byPaymentMethod: slices(byMethod),
    crypto: coins.view(),
    outcomes,
    refundsByVariant: refundSlices(variants),
    refundsByActor: refundSlices(actors),
    recovered: recoveredSums(rows)
  }
}

/** Money of failed charges recovered on the day per currency (count and sum), kept apart from the totals. */
function recoveredSums(rows: DayRows): NonNullable<DayFiguresView['recovered']> {
  const sums = new Map<string, { count: number; minor: bigint }>()
  for (const row of rows.recoveries) {
    const sum = sums.get(row.currency) ?? { count: 0, minor: 0n }
    sum.count += 1
    sum.minor += row.amountMinor
    sums.set(row.currency, sum)
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, sum]) => ({ currency, count: sum.count, amount: formatMinor(sum.minor, currency) }))
}

function add(target: Sums, sums: Sums): void {
  target.sales += sums.sales
  target.amount += sums.amount
  target.tips += sums.tips
  target.tax += sums.tax
  target.discounts += sums.discounts
  target.refunds += sums.refunds
  target.underpaid += sums.underpaid
  target.overpaid += sums.overpaid
}

/**
 * The corrections counted on the day: payments and refunds whose own day was closed when they came, and refunds
 * given back after their day was closed (a negative amount), oldest first.
 */
export function dayCorrections(rows: DayRows): DayCorrectionView[] {
  const corrections: DayCorrectionView[] = []
  for (const sale of rows.corrections) {
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
