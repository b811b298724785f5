import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder'
import { KassaError } from '@shared/errors'
import type { PrinterSettings } from '@shared/receipt'
import { sendToPrinter } from '../receipts/printer-socket'
import type { ReceiptRow } from '../receipts/receipt-rows'
import { columnsFor, layoutText } from '../receipts/text-layout'
import type { DayRow } from './day-rows'

/** One printed line and whether it is bold. */
export interface PrintLine {
  text: string
  bold: boolean
}

/** A day row as the receipt rows paper can hold: a table becomes its first cell, then one line per other cell. */
function paperRows(row: DayRow): ReceiptRow[] {
  switch (row.type) {
    case 'heading':
      return [{ type: 'rule' }, { type: 'text', text: row.text }]
    case 'table':
      return row.rows.flatMap((cells): ReceiptRow[] => [
        { type: 'text', text: cells[0] ?? '' },
        ...cells.slice(1).map((cell, index): ReceiptRow => ({
          type: 'pair',
          left: row.columns[index + 1] ?? '',
          right: cell,
          indent: true
        }))
      ])
    default:
      return [row]
  }
}

/**
 * The day close as lines of `columns` characters (32 on 58 mm paper, 48 on 80 mm), laid out as receipts are (words
 * never split; amounts right-aligned). No-break spaces become spaces (the printer's code pages may lack them).
 */
export function dayPrintLines(rows: DayRow[], columns: number): PrintLine[] {
  const out: PrintLine[] = []
  for (const row of rows) {
    const bold =
      row.type === 'title' || row.type === 'heading' || (row.type === 'pair' && row.strong === true)
    for (const paper of paperRows(row)) {
      const strong = bold && paper.type !== 'rule'
      for (const text of layoutText([paper], columns))
        out.push({ text: text.replace(/\u00a0/g, ' '), bold: strong })
    }
  }
  return out
}

/** The lines as ESC/POS bytes: initialize, automatic code pages (umlauts, €), the lines, feed and a partial cut. */
export function encodeDayClose(lines: PrintLine[], columns: number): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns })
  encoder.initialize().codepage('auto').align('left')
  for (const line of lines) {
    if (line.bold) encoder.bold(true)
    encoder.line(line.text)
    if (line.bold) encoder.bold(false)
  }
  return encoder.newline().newline().cut('partial').encode()
}

/**
 * Print the day close on the printer set up, directly (the print queue's jobs each belong to a sale).
 * @param timeoutMs connect and silence timeout (default 10 000 ms)
 * @returns the number of bytes sent
 * @throws KassaError `not-configured` when no printer is set up; `delivery-failed` with the printer's error (off,
 *   refused, unreachable, timed out)
 */
export async function printDayClose(
  rows: DayRow[],
  printer: PrinterSettings,
  timeoutMs?: number
): Promise<{ bytes: number }> {
  if (!printer.host) throw new KassaError('not-configured', 'No printer is set up (Settings → Receipt)')
  const columns = columnsFor(printer.paperWidth)
  const bytes = encodeDayClose(dayPrintLines(rows, columns), columns)
  try {
    await sendToPrinter(printer.host, printer.port, bytes, timeoutMs)
  } catch (error) {
    throw new KassaError('delivery-failed', error instanceof Error ? error.message : String(error))
  }
  return { bytes: bytes.length }
}
