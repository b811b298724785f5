import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder'
import type { PaperWidth, ReceiptDocument } from '@shared/receipt'
import { logoBitmap } from './logo-image'
import type { ReceiptRow } from './receipt-rows'
import { columnsFor, layoutText } from './text-layout'

/**
 * The receipt as ESC/POS bytes for a network thermal printer, through `@point-of-sale/receipt-printer-encoder`:
 * initialize, the logo (PNG, dithered), the rows laid out by `layoutText` at 32 (58 mm) or 48 (80 mm) columns so no
 * word is ever split, the shop name and total in bold, a QR code (`GS ( k`) of the receipt number (else the
 * invoice's checkout link), then a partial cut (`GS V`). Characters go through the encoder's automatic code pages
 * (umlauts, €).
 */
export function encodeReceipt(doc: ReceiptDocument, rows: ReceiptRow[], paperWidth: PaperWidth): Uint8Array {
  const columns = columnsFor(paperWidth)
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, imageMode: 'raster' })
  encoder.initialize().codepage('auto')
  const logo = logoBitmap(doc.shop.logo, paperWidth === 58 ? 256 : 384)
  if (logo)
    encoder
      .align('center')
      .image(logo as never, logo.width, logo.height, 'atkinson')
      .newline()
  encoder.align('left')
  for (const row of rows) {
    const lines = layoutText([row], columns)
    const bold = row.type === 'title' || (row.type === 'pair' && row.strong === true)
    if (bold) encoder.bold(true)
    for (const line of lines) encoder.line(line)
    if (bold) encoder.bold(false)
  }
  const qr = doc.receiptNumber ?? doc.invoiceLink
  if (qr)
    encoder
      .newline()
      .align('center')
      .qrcode(qr, { model: 2, size: paperWidth === 58 ? 5 : 6, errorlevel: 'm' })
  return encoder.align('left').newline().cut('partial').encode()
}

/** A test page: the title, a line of text, a ruler of the paper's width and a cut. */
export function encodeTestPage(title: string, text: string, paperWidth: PaperWidth): Uint8Array {
  const columns = columnsFor(paperWidth)
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns })
  return encoder
    .initialize()
    .codepage('auto')
    .bold(true)
    .line(title)
    .bold(false)
    .line(text)
    .line('1234567890'.repeat(Math.ceil(columns / 10)).slice(0, columns))
    .newline()
    .cut('partial')
    .encode()
}
