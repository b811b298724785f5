import type { SaleView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { PrintJobView, ReceiptDocument } from '@shared/receipt'
import type { Ledger } from '../ledger/ledger'
import type { Logger } from '../log/logger'
import type { SecretStore } from '../secrets/secret-store'
import { encodeReceipt, encodeTestPage } from './escpos'
import { PrintQueue, type PrintBackoff } from './print-queue'
import { sendToPrinter } from './printer-socket'
import { receiptMail, sendMail } from './receipt-email'
import { buildReceipt } from './receipt-model'
import type { BusinessDayRule } from '../day/business-day'
import { ReceiptNumbers, systemTimeZone, tillIdFrom } from './receipt-numbers'
import { receiptPdf } from './receipt-pdf'
import { receiptRows } from './receipt-rows'
import { readReceiptSettings, smtpPassword } from './receipt-settings'
import { receiptWords } from './receipt-words'

/** Test and deployment knobs of the receipts (times in ms). */
export interface ReceiptsOptions {
  /** IANA zone of the business day, over Settings → Business day's zone (tests). */
  timeZone?: string
  backoff?: Partial<PrintBackoff>
  /** Printer connect/silence timeout, default 10 000 ms. */
  printerTimeoutMs?: number
  /** SMTP timeouts, default 20 000 ms. */
  smtpTimeoutMs?: number
}

/** What the receipts need from the core. */
export interface ReceiptServiceDeps {
  ledger: Ledger
  secrets: SecretStore
  now: () => number
  /** The sale as the renderer sees it. @throws KassaError `not-found` */
  saleView(saleId: string): SaleView
  /** A processor's name for people. */
  processorLabel(id: string): string
  log: Logger
  /** Settings → Business day (zone and start hour) now; default the OS zone from midnight. */
  businessDayRule?: () => BusinessDayRule
  options?: ReceiptsOptions
}

/** `host:port` → its parts (IPv6 in brackets or bare). */
function splitPrinter(printer: string): { host: string; port: number } {
  const match = /^\[?(.+?)\]?:(\d+)$/.exec(printer)
  if (!match) throw new KassaError('not-configured', 'No printer is set up (Settings → Receipt)')
  return { host: match[1] ?? '', port: Number(match[2]) }
}

/**
 * Receipts: numbers given in the paid transaction (and the automatic print job, when set), the receipt document,
 * its PDF, its e-mail, and the print queue with its sender. Handlers of `receipt:*`.
 */
export class ReceiptService {
  readonly queue: PrintQueue
  private readonly numbers: ReceiptNumbers

  constructor(private readonly deps: ReceiptServiceDeps) {
    const { ledger } = deps
    this.numbers = new ReceiptNumbers(ledger.database)
    this.queue = new PrintQueue({
      db: ledger.database,
      now: deps.now,
      currentPrinter: () => {
        const { host, port } = readReceiptSettings(ledger).printer
        return host ? `${host.includes(':') ? `[${host}]` : host}:${port}` : ''
      },
      render: async (saleId) => {
        const doc = this.document(saleId)
        return encodeReceipt(doc, receiptRows(doc), readReceiptSettings(ledger).printer.paperWidth)
      },
      send: (printer, bytes) => {
        const { host, port } = splitPrinter(printer)
        return sendToPrinter(host, port, bytes, deps.options?.printerTimeoutMs)
      },
      log: deps.log,
      backoff: deps.options?.backoff
    })
    ledger.onPaid((saleId, at) => this.onPaid(saleId, at))
  }

  /**
   * Inside the paid transaction: the receipt number, and once (with it) the automatic print job when Settings
   * asks for one. Both commit with the paid state.
   */
  private onPaid(saleId: string, at: string): void {
    const tillId = tillIdFrom((key) => this.deps.ledger.getSetting(key))
    const number = this.numbers.assign(saleId, at, tillId, this.businessDayRule())
    if (number && readReceiptSettings(this.deps.ledger).printer.autoPrint) {
      this.queue.enqueue(saleId, { auto: true })
    }
  }

  /** The business day receipt numbers follow: Settings → Business day, its zone replaced by `options.timeZone`. */
  private businessDayRule(): BusinessDayRule {
    const rule = this.deps.businessDayRule?.() ?? { timeZone: systemTimeZone(), startHour: 0 }
    const zone = this.deps.options?.timeZone
    return zone ? { ...rule, timeZone: zone } : rule
  }

  /** The locale a receipt is written in: the one asked for, else the till's setting, else English. */
  private localeOf(locale: string | undefined): string {
    return locale ?? this.deps.ledger.getSetting('locale') ?? 'en'
  }

  /** The receipt of a sale as data. @throws KassaError `not-found` */
  document(saleId: string, locale?: string): ReceiptDocument {
    const sale = this.deps.saleView(saleId)
    return buildReceipt(sale, readReceiptSettings(this.deps.ledger).shop, {
      locale: this.localeOf(locale),
      processorLabel: this.deps.processorLabel(sale.processor),
      paidAt: this.deps.ledger.getSale(saleId)?.paidAt ?? null
    })
  }

  /** The receipt as an 80 mm PDF. @throws KassaError `not-found` */
  async pdf(saleId: string, locale?: string): Promise<{ fileName: string; base64: string }> {
    const doc = this.document(saleId, locale)
    const bytes = await receiptPdf(doc, receiptRows(doc))
    return { fileName: `${doc.receiptNumber ?? doc.saleId}.pdf`, base64: bytes.toString('base64') }
  }

  /**
   * E-mail the receipt (text, HTML, PDF attached) through the shop's SMTP server; audited (to whom, not the text).
   * @throws KassaError `not-found`, `not-configured`, `delivery-failed`, `keychain-unavailable`
   */
  async email(saleId: string, to: string, locale?: string): Promise<{ messageId: string }> {
    const doc = this.document(saleId, locale)
    const rows = receiptRows(doc)
    const mail = receiptMail(doc, rows, to, await receiptPdf(doc, rows))
    const { email } = readReceiptSettings(this.deps.ledger)
    const password = email.passwordStored ? await smtpPassword(this.deps.secrets) : null
    const messageId = await sendMail(email, password, mail, this.deps.options?.smtpTimeoutMs)
    this.deps.ledger.audit('cashier', 'receipt.emailed', saleId, { to })
    return { messageId }
  }

  /** Queue the receipt (see `PrintQueue.enqueue`). @throws KassaError `not-found` */
  print(saleId: string, reprint: boolean): PrintJobView {
    this.deps.saleView(saleId)
    const job = this.queue.enqueue(saleId, { reprint })
    if (!job) throw new KassaError('internal', 'The print job was not added')
    this.deps.ledger.audit('cashier', reprint ? 'receipt.reprint' : 'receipt.print', saleId, {
      jobId: job.id
    })
    return job
  }

  /** A test page straight to the printer set up (not queued). @throws KassaError `not-configured`, `delivery-failed` */
  async testPrint(): Promise<{ bytes: number }> {
    const { printer } = readReceiptSettings(this.deps.ledger)
    if (!printer.host) throw new KassaError('not-configured', 'No printer is set up (Settings → Receipt)')
    const words = receiptWords(this.localeOf(undefined).startsWith('de') ? 'de' : 'en')
    const bytes = encodeTestPage(words.testPageTitle, words.testPageText, printer.paperWidth)
    try {
      await sendToPrinter(printer.host, printer.port, bytes, this.deps.options?.printerTimeoutMs)
    } catch (error) {
      throw new KassaError('delivery-failed', error instanceof Error ? error.message : String(error))
    }
    return { bytes: bytes.length }
  }

  /** A test e-mail through the SMTP server set up. @throws KassaError `not-configured`, `delivery-failed` */
  async testEmail(to: string): Promise<{ messageId: string }> {
    const words = receiptWords(this.localeOf(undefined).startsWith('de') ? 'de' : 'en')
    const { email } = readReceiptSettings(this.deps.ledger)
    const password = email.passwordStored ? await smtpPassword(this.deps.secrets) : null
    const messageId = await sendMail(
      email,
      password,
      {
        to,
        subject: words.testEmailSubject,
        text: words.testEmailText,
        html: `<p>${words.testEmailText}</p>`
      },
      this.deps.options?.smtpTimeoutMs
    )
    return { messageId }
  }

  /** Start the print queue's sender (jobs left `printing` become `may-have-printed`). */
  start(): void {
    this.queue.start()
  }

  /** Stop the sender after the send in flight. */
  async stop(): Promise<void> {
    await this.queue.stop()
  }
}
