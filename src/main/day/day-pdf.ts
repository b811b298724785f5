import PDFDocument from 'pdfkit'
import { fill } from '../receipts/receipt-words'
import type { DayRow } from './day-rows'

/** A4 in PDF points (1 pt = 1/72 in). */
const PAGE_WIDTH = 595.28
const PAGE_HEIGHT = 841.89
const MARGIN = 50
const INNER = PAGE_WIDTH - 2 * MARGIN
/** Room kept at the foot of each page for its page number. */
const FOOT = 36
const BOTTOM = PAGE_HEIGHT - MARGIN - FOOT
/** Label-and-amount rows take the left part of the page, so the amount stays near its label. */
const PAIR_WIDTH = 340
const INDENT = 14
/** The first column of a table (the processor, method, coin); the others share the rest. */
const TABLE_LABEL_WIDTH = 130

type Pdf = PDFKit.PDFDocument

/** Starts a new page when `height` does not fit under `y`; returns the y to draw at. */
function room(pdf: Pdf, y: number, height: number): number {
  if (y + height <= BOTTOM) return y
  pdf.addPage({ size: 'A4', margin: 0 })
  return MARGIN
}

/** At most this many records side by side in a transposed table; more go into a further block under it. */
const TRANSPOSED_RECORDS = 4

type Table = Extract<DayRow, { type: 'table' }>

/** A transposed table as plain ones: each block of records becomes the columns, the column names the rows. */
function transposed(table: Table): Table[] {
  const blocks: Table[] = []
  for (let start = 0; start < table.rows.length; start += TRANSPOSED_RECORDS) {
    const records = table.rows.slice(start, start + TRANSPOSED_RECORDS)
    blocks.push({
      type: 'table',
      columns: [table.columns[0] ?? '', ...records.map((record) => record[0] ?? '')],
      rows: table.columns
        .slice(1)
        .map((name, index) => [name, ...records.map((record) => record[index + 1] ?? '')])
    })
  }
  return blocks
}

function drawTable(pdf: Pdf, row: Table, top: number): number {
  if (row.transpose) {
    let y = top
    for (const [index, block] of transposed(row).entries()) y = drawTable(pdf, block, y + (index > 0 ? 8 : 0))
    return y
  }
  const others = row.columns.length - 1
  const cellWidth = others > 0 ? (INNER - TABLE_LABEL_WIDTH) / others : INNER
  const x = (index: number): number =>
    index === 0 ? MARGIN : MARGIN + TABLE_LABEL_WIDTH + (index - 1) * cellWidth
  const width = (index: number): number => (index === 0 ? TABLE_LABEL_WIDTH - 6 : cellWidth - 4)
  const line = (cells: string[], bold: boolean, y: number): number => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5)
    const height = Math.max(
      ...cells.map((cell, index) => pdf.heightOfString(cell || ' ', { width: width(index) }))
    )
    y = room(pdf, y, height + 3)
    cells.forEach((cell, index) => {
      pdf.text(cell, x(index), y, { width: width(index), align: index === 0 ? 'left' : 'right' })
    })
    return y + height + 3
  }
  let y = line(row.columns, true, top)
  pdf
    .moveTo(MARGIN, y - 1.5)
    .lineTo(PAGE_WIDTH - MARGIN, y - 1.5)
    .lineWidth(0.4)
    .stroke()
  for (const cells of row.rows) y = line(cells, false, y + 1)
  return y
}

function draw(pdf: Pdf, rows: DayRow[]): void {
  let y = MARGIN
  for (const row of rows) {
    switch (row.type) {
      case 'title':
        pdf.font('Helvetica-Bold').fontSize(15)
        if (y > MARGIN) y += 6
        y = room(pdf, y, pdf.heightOfString(row.text, { width: INNER }))
        pdf.text(row.text, MARGIN, y, { width: INNER, align: 'center' })
        y = pdf.y + 3
        break
      case 'center':
        pdf.font('Helvetica').fontSize(10)
        y = room(pdf, y, pdf.heightOfString(row.text, { width: INNER }))
        pdf.text(row.text, MARGIN, y, { width: INNER, align: 'center' })
        y = pdf.y + 1
        break
      case 'heading':
        pdf.font('Helvetica-Bold').fontSize(11.5)
        // a heading never ends a page: keep it with a few lines of what follows
        y = room(pdf, y + 12, pdf.heightOfString(row.text, { width: INNER }) + 40)
        pdf.text(row.text, MARGIN, y, { width: INNER })
        y = pdf.y + 2
        pdf
          .moveTo(MARGIN, y)
          .lineTo(PAGE_WIDTH - MARGIN, y)
          .lineWidth(0.6)
          .stroke()
        y += 5
        break
      case 'rule':
        y = room(pdf, y + 4, 8)
        pdf
          .moveTo(MARGIN, y)
          .lineTo(PAGE_WIDTH - MARGIN, y)
          .lineWidth(0.6)
          .stroke()
        y += 6
        break
      case 'pair': {
        pdf.font(row.strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(10)
        const indent = row.indent ? INDENT : 0
        const rightWidth = Math.min(PAIR_WIDTH * 0.6, pdf.widthOfString(row.right) + 1)
        const leftWidth = PAIR_WIDTH - indent - rightWidth - 8
        const height = Math.max(
          pdf.heightOfString(row.left, { width: leftWidth }),
          pdf.heightOfString(row.right, { width: rightWidth })
        )
        y = room(pdf, y, height)
        pdf.text(row.right, MARGIN + PAIR_WIDTH - rightWidth, y, { width: rightWidth, align: 'right' })
        pdf.text(row.left, MARGIN + indent, y, { width: leftWidth })
        y += height + 1.5
        break
      }
      case 'text': {
        pdf.font('Helvetica').fontSize(10)
        const indent = row.indent ? INDENT : 0
        y = room(pdf, y, pdf.heightOfString(row.text, { width: INNER - indent }))
        pdf.text(row.text, MARGIN + indent, y, { width: INNER - indent })
        y = pdf.y + 1.5
        break
      }
      case 'id':
        pdf.font('Helvetica').fontSize(9)
        y = room(pdf, y, pdf.heightOfString(`${row.label}: ${row.value}`, { width: INNER }))
        pdf.text(`${row.label}: ${row.value}`, MARGIN, y, { width: INNER })
        y = pdf.y + 1
        break
      case 'table':
        y = drawTable(pdf, row, y)
        break
    }
  }
}

/**
 * The day close as an A4 PDF (pdfkit, built-in Helvetica: Latin-1 and €, so English and German), one or more
 * pages, each numbered at its foot (`pageWords`: `Page {page} of {pages}`).
 * @param title the PDF's document title (its metadata)
 * @returns the PDF's bytes and its number of pages
 */
export async function dayPdf(
  rows: DayRow[],
  meta: { title: string; author: string; pageWords: string }
): Promise<{ bytes: Buffer; pages: number }> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    info: { Title: meta.title, Author: meta.author || 'Kassa', Producer: 'Kassa' }
  })
  const chunks: Buffer[] = []
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
  draw(pdf, rows)
  const range = pdf.bufferedPageRange()
  const pages = range.count
  for (let index = range.start; index < range.start + pages; index++) {
    pdf.switchToPage(index)
    pdf.font('Helvetica').fontSize(8)
    pdf.text(
      fill(meta.pageWords, { page: String(index + 1), pages: String(pages) }),
      MARGIN,
      PAGE_HEIGHT - MARGIN - 10,
      { width: INNER, align: 'right', lineBreak: false }
    )
  }
  pdf.flushPages()
  pdf.end()
  return { bytes: await done, pages }
}
