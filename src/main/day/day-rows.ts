import type { DayReportView, FiatSliceView, FiatTotalsView, RefundSliceView } from '@shared/day'
import { formatDisplay } from '@shared/money'
import type { ShopDetails } from '@shared/receipt'
import { receiptIntlLocale, receiptLanguage } from '../receipts/receipt-model'
import type { ReceiptRow } from '../receipts/receipt-rows'
import { fill } from '../receipts/receipt-words'
import { dayWords, type DayWords } from './day-words'

/**
 * One row of the day close before layout: the receipt's rows (`pair`, `text`, `rule`, …) plus a section `heading`
 * and a `table`: records (a row each, the first cell naming it) under column names. The PDF draws it as a grid
 * (`transpose`: a record per column); paper, too narrow for one, as a line per cell under the record's name.
 */
export type DayRow =
  | ReceiptRow
  | { type: 'heading'; text: string }
  | {
      type: 'table'
      columns: string[]
      rows: string[][]
      /** Draw each row as a column (a record per processor or method, its figures down the page). */
      transpose?: boolean
    }

/** What the day close is written with beyond the report itself. */
export interface DayRowsOptions {
  /** BCP 47 tag: `de…` writes German, anything else English; the region (if any) picks the number format. */
  locale?: string | null
  shop: ShopDetails
  /** A processor's name for people (`BTCPay Server`); default its id. */
  processorLabel?: (id: string) => string
  /** ISO 8601: when the document is made (printed under the header). */
  madeAt: string
}

/** Formatting of the day close in its locale: exact (Intl formats decimal strings, never a float). */
export interface DayFormat {
  /** `"1234.50"`, `EUR` → `€1,234.50` / `1.234,50 €`; a coin or unknown code: the digits as given and the code. */
  money(decimal: string, currency: string): string
  /** An integer string with the locale's grouping (`12000` → `12,000` / `12.000`). */
  integer(digits: string): string
  /** An instant as a local date and time in the report's zone. */
  dateTime(iso: string): string
  /** A business day `yyyy-mm-dd` as a long local date. */
  day(day: string): string
}

/**
 * Intl writes a narrow no-break space (U+202F) in some formats (en-US times); Helvetica's WinAnsi and the
 * printer's code pages lack it, so it becomes a plain no-break space.
 */
function plain(text: string): string {
  return text.replace(/[\u202f\u2007\u2009]/g, '\u00a0')
}

/** The day close's formatting in `intlLocale`, times in `timeZone`. */
export function dayFormat(intlLocale: string, timeZone: string): DayFormat {
  const dateTime = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short', timeZone })
  const longDay = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'full', timeZone: 'UTC' })
  const integer = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 }) as Intl.NumberFormat & {
    format(value: string): string
  }
  return {
    money(decimal, currency) {
      try {
        return plain(formatDisplay(decimal, currency, intlLocale))
      } catch {
        return `${decimal} ${currency}`
      }
    },
    integer: (digits) => plain(integer.format(digits)),
    dateTime: (iso) => plain(dateTime.format(new Date(iso))),
    day: (day) => plain(longDay.format(new Date(`${day}T00:00:00Z`)))
  }
}

/** A subtracted amount with its minus sign; zero without one. */
function minus(money: (decimal: string) => string, decimal: string): string {
  return /^[0.]*$/.test(decimal) ? money(decimal) : `-${money(decimal)}`
}

const MONEY_COLUMNS = ['gross', 'discounts', 'tax', 'tips', 'refunds', 'net'] as const
const SLICE_COLUMNS = ['sales', ...MONEY_COLUMNS] as const

/** The totals of each currency side by side (a record per currency), subtracted figures with their sign. */
function totalsTable(all: FiatTotalsView[], words: DayWords, format: DayFormat): DayRow {
  return {
    type: 'table',
    transpose: true,
    columns: [
      '',
      words.sales,
      words.gross,
      words.discounts,
      words.tax,
      words.tips,
      words.refunds,
      words.net,
      words.average,
      words.underpaid,
      words.overpaid
    ],
    rows: all.map((totals) => {
      const money = (decimal: string): string => format.money(decimal, totals.currency)
      return [
        totals.currency,
        format.integer(String(totals.sales)),
        money(totals.gross),
        minus(money, totals.discounts),
        money(totals.tax),
        money(totals.tips),
        minus(money, totals.refunds),
        money(totals.net),
        money(totals.averageSale),
        money(totals.underpaid),
        money(totals.overpaid)
      ]
    })
  }
}

function sliceTable(
  slices: FiatSliceView[],
  name: (key: string) => string,
  words: DayWords,
  format: DayFormat
): DayRow {
  const multiCurrency = new Set(slices.map((slice) => slice.currency)).size > 1
  return {
    type: 'table',
    transpose: true,
    columns: ['', ...SLICE_COLUMNS.map((column) => words[column])],
    rows: slices.map((slice) => [
      multiCurrency ? `${name(slice.key)} (${slice.currency})` : name(slice.key),
      format.integer(String(slice.sales)),
      ...MONEY_COLUMNS.map((column) => format.money(slice[column], slice.currency))
    ])
  }
}

function refundTable(
  slices: RefundSliceView[],
  name: (key: string) => string,
  words: DayWords,
  format: DayFormat
): DayRow {
  return {
    type: 'table',
    columns: ['', words.count, words.amount],
    rows: slices.map((slice) => [
      name(slice.key),
      format.integer(String(slice.count)),
      format.money(slice.amount, slice.currency)
    ])
  }
}

/**
 * The day close as rows, in the report's language: the shop, the day with its bounds and zone, X or Z (closed at
 * and by), totals per currency, by processor, by payment method, invoice outcomes, crypto received, refunds by
 * variant and by actor, corrections, sales still being created. Pure: the same report and options give the same rows.
 */
export function dayRows(report: DayReportView, options: DayRowsOptions): DayRow[] {
  const words = dayWords(receiptLanguage(options.locale))
  const format = dayFormat(receiptIntlLocale(options.locale), report.timeZone)
  const label = options.processorLabel ?? ((id: string) => id)
  const method = (key: string): string => words.methods[key] ?? key
  const refundKey = (key: string): string => words.refundKeys[key] ?? key
  const actor = (key: string): string => words.actors[key] ?? key
  const { figures } = report
  const rows: DayRow[] = []
  const { shop } = options
  if (shop.name) rows.push({ type: 'title', text: shop.name })
  for (const line of shop.address.split('\n'))
    if (line.trim()) rows.push({ type: 'center', text: line.trim() })
  rows.push({ type: 'title', text: words.title })
  rows.push({ type: 'center', text: report.state === 'closed' ? words.zReport : words.xReport })
  rows.push({ type: 'rule' })
  rows.push({ type: 'pair', left: words.businessDay, right: report.day })
  rows.push({ type: 'text', text: format.day(report.day) })
  rows.push({
    type: 'text',
    text: fill(words.bounds, { from: format.dateTime(report.from), to: format.dateTime(report.to) })
  })
  rows.push({
    type: 'text',
    text: fill(words.rule, {
      zone: report.timeZone,
      hour: `${String(report.startHour).padStart(2, '0')}:00`,
      hours: String(report.hours)
    })
  })
  if (report.state === 'closed') {
    if (report.closedAt)
      rows.push({ type: 'pair', left: words.closedAt, right: format.dateTime(report.closedAt) })
    if (report.closedBy)
      rows.push({
        type: 'pair',
        left: words.closedBy,
        right: words.actors[report.closedBy] ?? report.closedBy
      })
  } else {
    rows.push({ type: 'text', text: words.notClosed })
    if (report.current) rows.push({ type: 'text', text: words.current })
  }
  rows.push({ type: 'pair', left: words.madeAt, right: format.dateTime(options.madeAt) })

  rows.push({ type: 'heading', text: words.totals })
  if (figures.totals.length === 0) rows.push({ type: 'text', text: words.none })
  else rows.push(totalsTable(figures.totals, words, format))

  rows.push({ type: 'heading', text: words.byProcessor })
  rows.push(figures.byProcessor.length ? sliceTable(figures.byProcessor, label, words, format) : none(words))
  rows.push({ type: 'heading', text: words.byMethod })
  rows.push(
    figures.byPaymentMethod.length ? sliceTable(figures.byPaymentMethod, method, words, format) : none(words)
  )

  rows.push({ type: 'heading', text: words.outcomes })
  const { outcomes } = figures
  for (const key of ['settled', 'open', 'expired', 'invalid', 'creating'] as const)
    rows.push({ type: 'pair', left: words[key], right: format.integer(String(outcomes[key])) })

  rows.push({ type: 'heading', text: words.crypto })
  if (figures.crypto.length === 0) rows.push(none(words))
  else
    rows.push({
      type: 'table',
      columns: [words.coin, words.amount, words.smallestUnit, words.fiatValue],
      rows: figures.crypto.map((coin) => [
        coin.coin,
        `${coin.amount} ${coin.coin}`,
        `${format.integer(coin.smallestUnit)}${coin.coin === 'BTC' ? ' sats' : ''}`,
        coin.fiat.map((fiat) => format.money(fiat.amount, fiat.currency)).join(', ')
      ])
    })

  rows.push({ type: 'heading', text: words.refundsByVariant })
  rows.push(
    figures.refundsByVariant.length
      ? refundTable(figures.refundsByVariant, refundKey, words, format)
      : none(words)
  )
  rows.push({ type: 'heading', text: words.refundsByActor })
  rows.push(
    figures.refundsByActor.length ? refundTable(figures.refundsByActor, actor, words, format) : none(words)
  )

  rows.push({ type: 'heading', text: words.corrections })
  if (report.corrections.length === 0) rows.push(none(words))
  for (const correction of report.corrections) {
    const what = `${words.correctionKinds[correction.kind]} ${fill(words.correctionFor, {
      day: correction.belongsTo
    })}`
    const amount = format.money(correction.amount, correction.currency)
    rows.push({ type: 'pair', left: what, right: correction.kind === 'refund' ? `-${amount}` : amount })
    rows.push({
      type: 'text',
      text: `${format.dateTime(correction.at)} · ${
        correction.receiptNumber
          ? `${words.receipt} ${correction.receiptNumber}`
          : `${words.sale} ${correction.saleId}`
      }`,
      indent: true
    })
  }
  rows.push({ type: 'heading', text: words.recovered })
  const recovered = figures.recovered ?? []
  if (recovered.length === 0) rows.push(none(words))
  else {
    rows.push(
      refundTable(
        recovered.map((sum) => ({ key: sum.currency, ...sum })),
        (key) => key,
        words,
        format
      )
    )
    rows.push({ type: 'text', text: words.recoveredApart })
  }
  for (const recovery of report.recoveries ?? []) {
    rows.push({
      type: 'pair',
      left: recovery.receiptNumber
        ? `${words.receipt} ${recovery.receiptNumber}`
        : `${words.sale} ${recovery.saleId}`,
      right: format.money(recovery.amount, recovery.currency)
    })
    rows.push({
      type: 'text',
      text: `${format.dateTime(recovery.at)}${
        recovery.saleDay ? ` · ${fill(words.recoveredFrom, { day: recovery.saleDay })}` : ''
      }`,
      indent: true
    })
  }
  if (report.creatingSales.length > 0) {
    rows.push({ type: 'heading', text: words.creatingSales })
    for (const saleId of report.creatingSales) rows.push({ type: 'id', label: words.sale, value: saleId })
  }
  return rows
}

function none(words: DayWords): DayRow {
  return { type: 'text', text: words.none }
}
