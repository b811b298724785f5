import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DayReportView } from '@shared/day'
import { DayDocuments } from '../../../src/main/day/day-documents'
import { tempDir } from '../../fixtures/temp-dir'
import { FIXTURE_SHOP, LATE_PAYMENT, fixtureReport } from './day-report-fixture'

let dir: ReturnType<typeof tempDir>
beforeEach(() => (dir = tempDir()))
afterEach(() => dir.remove())

const settings = new Map<string, string>([['receipt:shop', JSON.stringify(FIXTURE_SHOP)]])
const documents = new DayDocuments({
  ledger: { getSetting: (key) => settings.get(key) ?? null },
  now: () => Date.parse('2026-11-29T08:00:00Z'),
  processorLabel: (id) => ({ btcpay: 'BTCPay Server', demo: 'Demo' })[id] ?? id
})

/** The PDF of `report` read back with poppler's pdftotext (layout kept; no-break spaces as spaces). */
async function readBack(report: DayReportView, locale: string): Promise<{ text: string; pages: number }> {
  const file = await documents.pdf(report, locale)
  expect(file.mimeType).toBe('application/pdf')
  expect(file.fileName).toBe(`day-close-${report.day}.pdf`)
  const path = join(dir.path, `${locale}.pdf`)
  writeFileSync(path, Buffer.from(file.content, 'base64'))
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' })
  expect(info).toMatch(new RegExp(`Pages:\\s+${file.count}\\n`))
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
  return { text: text.replace(/\u00a0/g, ' '), pages: file.count }
}

describe('the day close as an A4 PDF', () => {
  it('in English: the shop, the day and its bounds, Z with closed at/by, every figure exactly', async () => {
    const { text, pages } = await readBack(fixtureReport(), 'en')
    expect(text).toContain('Café Morgenrot')
    expect(text).toContain('Hauptstraße 1')
    expect(text).toContain('Day close')
    expect(text).toContain('Z report: day closed')
    expect(text).toMatch(/Business day\s+2026-11-28/)
    expect(text).toContain('Saturday, November 28, 2026')
    // the bounds in the store's zone: 03:00 to 03:00 Berlin time
    expect(text).toContain('From Nov 28, 2026, 3:00 AM to Nov 29, 2026, 3:00 AM')
    expect(text).toContain('Time zone Europe/Berlin, the day starts at 03:00 (24 hours)')
    expect(text).toMatch(/Closed at\s+Nov 29, 2026, 3:30 AM/)
    expect(text).toMatch(/Closed by\s+Owner/)
    expect(text).not.toContain('Not closed')
    // totals: a column per currency (EUR, USD)
    expect(text).toMatch(/ EUR\s+USD\n/)
    expect(text).toMatch(/Sales\s+3\s+1\n/)
    expect(text).toMatch(/Gross sales\s+€1,250\.00\s+\$20\.00\n/)
    expect(text).toMatch(/Discounts\s+-€15\.50\s+\$0\.00\n/)
    expect(text).toMatch(/Tax\s+€19\.00\s+\$0\.00\n/)
    expect(text).toMatch(/Tips\s+€2\.50\s+\$0\.00\n/)
    expect(text).toMatch(/Refunds\s+-€10\.00\s+\$0\.00\n/)
    expect(text).toMatch(/Net\s+€1,246\.00\s+\$20\.00\n/)
    expect(text).toMatch(/Average sale\s+€418\.67\s+\$20\.00\n/)
    expect(text).toMatch(/Underpaid\s+€4\.20\s+\$0\.00\n/)
    expect(text).toMatch(/Overpaid\s+€0\.35\s+\$0\.00\n/)
    // by processor and by method: a column each, every figure
    expect(text).toMatch(/BTCPay Server \(EUR\)\s+Demo \(EUR\)\s+Demo \(USD\)\n/)
    expect(text).toMatch(/Gross sales\s+€1,200\.00\s+€50\.00\s+\$20\.00\n/)
    expect(text).toMatch(/Discounts\s+€15\.50\s+€0\.00\s+\$0\.00\n/)
    expect(text).toMatch(/Net\s+€1,196\.00\s+€50\.00\s+\$20\.00\n/)
    expect(text).toMatch(/Bitcoin on-chain \(EUR\)\s+Bitcoin Lightning \(EUR\)\s+Bitcoin Lightning \(USD\)\n/)
    // outcomes, crypto, refunds, the correction
    expect(text).toMatch(/Settled\s+4\n/)
    expect(text).toMatch(/Expired\s+2\n/)
    expect(text).toMatch(/BTC\s+0\.02012345 BTC\s+2,012,345 sats\s+€1,256\.00, \$20\.00/)
    expect(text).toMatch(/Rate then\s+1\s+€10\.00/)
    expect(text).toMatch(/Cashier\s+1\s+€10\.00/)
    expect(text).toMatch(/Late payment for 2026-11-27\s+€7\.80/)
    expect(text).toContain('Nov 28, 2026, 10:15 AM · Receipt T1-20261127-9')
    expect(text).toContain(`Page ${pages} of ${pages}`)
  })

  it('in German: the same figures in German words and number format', async () => {
    const { text, pages } = await readBack(fixtureReport(), 'de')
    expect(text).toContain('Tagesabschluss')
    expect(text).toContain('Z-Bericht: Tag abgeschlossen')
    expect(text).toMatch(/Geschäftstag\s+2026-11-28/)
    expect(text).toContain('Samstag, 28. November 2026')
    expect(text).toContain('Von 28.11.2026, 03:00 bis 29.11.2026, 03:00')
    expect(text).toMatch(/Abgeschlossen am\s+29\.11\.2026, 03:30/)
    expect(text).toMatch(/Abgeschlossen von\s+Inhaber/)
    expect(text).toMatch(/Verkäufe\s+3\s+1\n/)
    expect(text).toMatch(/Bruttoumsatz\s+1\.250,00 €\s+20,00 \$\n/)
    expect(text).toMatch(/Rabatte\s+-15,50 €\s+0,00 \$\n/)
    expect(text).toMatch(/MwSt\.\s+19,00 €\s+0,00 \$\n/)
    expect(text).toMatch(/Trinkgeld\s+2,50 €\s+0,00 \$\n/)
    expect(text).toMatch(/Rückerstattungen\s+-10,00 €\s+0,00 \$\n/)
    expect(text).toMatch(/Einnahmen nach Erstattungen\s+1\.246,00 €\s+20,00 \$\n/)
    expect(text).toMatch(/Durchschnitt pro Verkauf\s+418,67 €\s+20,00 \$\n/)
    expect(text).toMatch(/Zu wenig bezahlt\s+4,20 €\s+0,00 \$\n/)
    expect(text).toMatch(/Zu viel bezahlt\s+0,35 €\s+0,00 \$\n/)
    expect(text).toMatch(/Nach Zahlungsdienst\n/)
    expect(text).toMatch(/Nach Zahlungsart\n/)
    expect(text).toMatch(/BTC\s+0\.02012345 BTC\s+2\.012\.345 sats\s+1\.256,00 €, 20,00 \$/)
    expect(text).toMatch(/Kurs damals\s+1\s+10,00 €/)
    expect(text).toMatch(/Kassenpersonal\s+1\s+10,00 €/)
    expect(text).toMatch(/Nachträgliche Zahlung für 2026-11-27\s+7,80 €/)
    expect(text).toContain(`Seite ${pages} von ${pages}`)
  })

  it('an open day says it is not closed; JPY and KWD amounts keep their own decimals', async () => {
    const report = fixtureReport({ state: 'open', closedAt: null, closedBy: null, current: true })
    report.figures.totals = [
      { ...report.figures.totals[0]!, currency: 'JPY', gross: '150000', net: '149000', averageSale: '50000' },
      { ...report.figures.totals[1]!, currency: 'KWD', gross: '12.345', net: '12.345', averageSale: '12.345' }
    ]
    const { text } = await readBack(report, 'en')
    expect(text).toContain('X report: the day so far')
    expect(text).toContain('Not closed: the figures may still change.')
    expect(text).toContain('This is the current business day.')
    expect(text).not.toContain('Closed by')
    expect(text).toMatch(/Gross sales\s+¥150,000\s+KWD\s12\.345\n/)
    expect(text).toMatch(/Net\s+¥149,000\s+KWD\s12\.345\n/)
  })

  it('a long day runs onto further pages, each numbered, and count is the page count', async () => {
    const corrections = Array.from({ length: 90 }, (_, index) => ({
      ...LATE_PAYMENT,
      receiptNumber: `T1-20261127-${index + 1}`
    }))
    const { text, pages } = await readBack(fixtureReport({ corrections }), 'en')
    expect(pages).toBeGreaterThan(1)
    expect(text).toContain(`Page ${pages} of ${pages}`)
    expect(text).toContain('Receipt T1-20261127-90')
  })
})
