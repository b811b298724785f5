import type { BusinessDayId, ExportFileView } from '@shared/day'
import { KassaError } from '@shared/errors'
import type { Ledger } from '../ledger/ledger'
import { businessDayRange, type BusinessDayRule } from '../day/business-day'
import { tillIdFrom } from '../receipts/receipt-numbers'
import { csvText } from './csv-file'
import { INVOICE_COLUMNS, invoiceExportRows } from './invoice-export'
import { REFUND_COLUMNS, refundExportRows } from './refund-export'

/** What the CSV exports read. */
export interface CsvExportsDeps {
  ledger: Pick<Ledger, 'database' | 'getSetting'>
  /** The business-day rule in effect (Settings → Business day). */
  rule: () => BusinessDayRule
}

/**
 * `export:csv`: the invoices or the refunds of business days [fromDay, toDay] as CSV (`csv-file.ts`), the days'
 * bounds from the business-day rule (so a sale at 02:30 belongs to the day before when the day starts at 03:00).
 */
export class CsvExports {
  constructor(private readonly deps: CsvExportsDeps) {}

  /**
   * @returns `invoices-<from>.csv` (one day) or `invoices-<from>_<to>.csv`, `count` the data rows
   * @throws KassaError `invalid-input` for a day that is not a date or `fromDay` after `toDay`
   */
  csv(kind: 'invoices' | 'refunds', fromDay: BusinessDayId, toDay: BusinessDayId): ExportFileView {
    const rule = this.deps.rule()
    let range: { fromMs: number; toMs: number }
    try {
      range = { fromMs: businessDayRange(fromDay, rule).fromMs, toMs: businessDayRange(toDay, rule).toMs }
    } catch (error) {
      throw new KassaError(
        'invalid-input',
        `Not a business day: ${error instanceof Error ? error.message : error}`
      )
    }
    if (range.fromMs >= range.toMs) throw new KassaError('invalid-input', 'fromDay is after toDay')
    const tillId = tillIdFrom((key) => this.deps.ledger.getSetting(key))
    const db = this.deps.ledger.database
    const rows =
      kind === 'invoices'
        ? invoiceExportRows(db, range, rule, tillId)
        : refundExportRows(db, range, rule, tillId)
    return {
      fileName: `${kind}-${fromDay === toDay ? fromDay : `${fromDay}_${toDay}`}.csv`,
      mimeType: 'text/csv',
      content: csvText(kind === 'invoices' ? INVOICE_COLUMNS : REFUND_COLUMNS, rows),
      count: rows.length
    }
  }
}
