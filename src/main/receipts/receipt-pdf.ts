import PDFDocument from 'pdfkit'
import type { ReceiptDocument } from '@shared/receipt'
import { decodeDataUrl } from './logo-image'
import type { ReceiptRow } from './receipt-rows'

/** 80 mm in PDF points (1 pt = 1/72 in). */
const WIDTH = (80 / 25.4) * 72
const MARGIN = 12
const INNER = WIDTH - 2 * MARGIN

function draw(pdf: PDFKit.PDFDocument, doc: ReceiptDocument, rows: ReceiptRow[]): number {
  let y = MARGIN
  const logo = doc.shop.logo ? decodeDataUrl(doc.shop.logo) : null
  if (logo) {
    try {
      pdf.image(logo.bytes, MARGIN, y, { fit: [INNER, 56], align: 'center' })
      y += 62
    } catch {
      // a logo pdfkit cannot read is left out rather than losing the receipt
    }
  }
  for (const row of rows) {
    switch (row.type) {
      case 'title':
        pdf.font('Helvetica-Bold').fontSize(12)
        pdf.text(row.text, MARGIN, y, { width: INNER, align: 'center' })
        y = pdf.y + 2
        break
      case 'center':
        pdf.font('Helvetica').fontSize(8)
        pdf.text(row.text, MARGIN, y, { width: INNER, align: 'center' })
        y = pdf.y
        break
      case 'rule':
        y += 3
        pdf
          .moveTo(MARGIN, y)
          .lineTo(WIDTH - MARGIN, y)
          .lineWidth(0.5)
          .stroke()
        y += 4
        break
      case 'pair': {
        pdf.font(row.strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(row.strong ? 10 : 8)
        const indent = row.indent ? 8 : 0
        const rightWidth = Math.min(INNER * 0.6, pdf.widthOfString(row.right) + 1)
        const leftWidth = INNER - indent - rightWidth - 6
        pdf.text(row.right, WIDTH - MARGIN - rightWidth, y, { width: rightWidth, align: 'right' })
        const afterRight = pdf.y
        pdf.text(row.left, MARGIN + indent, y, { width: leftWidth })
        y = Math.max(pdf.y, afterRight)
        break
      }
      case 'text':
        pdf.font('Helvetica').fontSize(8)
        pdf.text(row.text, MARGIN + (row.indent ? 8 : 0), y, { width: INNER - (row.indent ? 8 : 0) })
        y = pdf.y
        break
      case 'id':
        pdf.font('Helvetica').fontSize(7)
        pdf.text(`${row.label}: ${row.value}`, MARGIN, y, { width: INNER })
        y = pdf.y
        break
    }
  }
  return y + MARGIN
}

function render(
  doc: ReceiptDocument,
  rows: ReceiptRow[],
  height: number
): { pdf: PDFKit.PDFDocument; end: number } {
  const pdf = new PDFDocument({
    size: [WIDTH, height],
    margin: 0,
    info: { Title: doc.receiptNumber ?? doc.saleId, Author: doc.shop.name || 'Kassa', Producer: 'Kassa' }
  })
  return { pdf, end: draw(pdf, doc, rows) }
}

/**
 * The receipt as a PDF 80 mm wide and as tall as its content (made twice: once to measure, once to keep), in
 * pdfkit's built-in Helvetica (Latin-1 and €: German and English receipts). The logo (PNG or JPEG) heads it.
 * @returns the PDF's bytes
 */
export async function receiptPdf(doc: ReceiptDocument, rows: ReceiptRow[]): Promise<Buffer> {
  const measured = render(doc, rows, 20_000)
  measured.pdf.end()
  const { pdf } = render(doc, rows, Math.ceil(measured.end))
  const chunks: Buffer[] = []
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
  pdf.end()
  return done
}
