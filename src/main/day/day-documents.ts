import type { DayReportView, ExportFileView } from '@shared/day'
import type { Ledger } from '../ledger/ledger'
import { receiptLanguage } from '../receipts/receipt-model'
import { readReceiptSettings } from '../receipts/receipt-settings'
import { dayPdf } from './day-pdf'
import { printDayClose } from './day-print'
import { dayRows, type DayRow } from './day-rows'
import { dayWords } from './day-words'

/** What the day close documents need from the core. */
export interface DayDocumentsDeps {
  ledger: Pick<Ledger, 'getSetting'>
  now: () => number
  /** A processor's name for people. */
  processorLabel(id: string): string
  /** Printer connect/silence timeout, default 10 000 ms. */
  printerTimeoutMs?: number
}

/**
 * The day close as documents: an A4 PDF (`day:pdf`) and the receipt printer's paper (`day:print`), both from a
 * `DayReportView` (the caller gets it from `day:report`) with the shop's name and address from Settings → Receipt.
 */
export class DayDocuments {
  constructor(private readonly deps: DayDocumentsDeps) {}

  /** The language asked for, else the till's, else English. */
  private localeOf(locale: string | undefined): string {
    return locale ?? this.deps.ledger.getSetting('locale') ?? 'en'
  }

  private rows(report: DayReportView, locale: string): DayRow[] {
    return dayRows(report, {
      locale,
      shop: readReceiptSettings(this.deps.ledger).shop,
      processorLabel: (id) => this.deps.processorLabel(id),
      madeAt: new Date(this.deps.now()).toISOString()
    })
  }

  /** The report as an A4 PDF: `day-close-<day>.pdf`, base64, `count` its pages. */
  async pdf(report: DayReportView, locale?: string): Promise<ExportFileView> {
    const language = this.localeOf(locale)
    const words = dayWords(receiptLanguage(language))
    const shop = readReceiptSettings(this.deps.ledger).shop
    const { bytes, pages } = await dayPdf(this.rows(report, language), {
      title: `${words.title} ${report.day}`,
      author: shop.name,
      pageWords: words.page
    })
    return {
      fileName: `day-close-${report.day}.pdf`,
      mimeType: 'application/pdf',
      content: bytes.toString('base64'),
      count: pages
    }
  }

  /**
   * Print the report on the printer set up, directly. @throws KassaError `not-configured`, `delivery-failed`
   * (see `printDayClose`)
   */
  print(report: DayReportView, locale?: string): Promise<{ bytes: number }> {
    const { printer } = readReceiptSettings(this.deps.ledger)
    return printDayClose(this.rows(report, this.localeOf(locale)), printer, this.deps.printerTimeoutMs)
  }
}
