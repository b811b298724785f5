import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import type { PrinterSettings } from '@shared/receipt'
import { DayDocuments } from '../../../src/main/day/day-documents'
import { dayPrintLines } from '../../../src/main/day/day-print'
import { dayRows } from '../../../src/main/day/day-rows'
import { LoopbackPrinter } from '../../simulators/printer'
import { closedPort } from '../core/processor-helpers'
import { FIXTURE_SHOP, fixtureReport } from '../../unit/day/day-report-fixture'

const GS_CUT = '\x1dV'
const BOLD_ON = '\x1bE\x01'

/** Characters of code pages 437 and 858 (the encoder's `auto` choice for German) above 0x7f that reports use. */
const HIGH: Record<number, string> = {
  0x82: 'é',
  0xfa: '·',
  0x84: 'ä',
  0x94: 'ö',
  0x81: 'ü',
  0x8e: 'Ä',
  0x99: 'Ö',
  0x9a: 'Ü',
  0xe1: 'ß'
}
const CP858_EURO = 0xd5

/** ESC/POS bytes back to the printed lines: commands dropped, code pages 437 (ESC t 0) and 858 (ESC t 13) read. */
function decodeEscPos(bytes: Buffer): string[] {
  let page = 0
  let text = ''
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!
    if (byte === 0x1b || byte === 0x1d || byte === 0x1c) {
      const command = bytes[index + 1]!
      if (byte === 0x1b && command === 0x74) page = bytes[index + 2]!
      // ESC @ and FS . take no argument; ESC t/E/M and GS V take one byte
      index += byte === 0x1b && command === 0x40 ? 1 : byte === 0x1c ? 1 : 2
      continue
    }
    if (byte < 0x80) text += String.fromCharCode(byte)
    else if (page === 13 && byte === CP858_EURO) text += '€'
    else text += HIGH[byte] ?? `<${byte.toString(16)}>`
  }
  return text.split('\n').map((line) => line.replace(/\r/g, ''))
}

let printer: LoopbackPrinter
beforeEach(async () => (printer = await LoopbackPrinter.start()))
afterEach(() => printer.close())

function documentsFor(settings: Partial<PrinterSettings>, timeoutMs = 2000): DayDocuments {
  const stored = new Map<string, string>([
    ['receipt:shop', JSON.stringify(FIXTURE_SHOP)],
    ['receipt:printer', JSON.stringify(settings)]
  ])
  return new DayDocuments({
    ledger: { getSetting: (key) => stored.get(key) ?? null },
    now: () => Date.parse('2026-11-29T08:00:00Z'),
    processorLabel: (id) => (id === 'btcpay' ? 'BTCPay Server' : id),
    printerTimeoutMs: timeoutMs
  })
}

const ROWS = dayRows(fixtureReport(), {
  locale: 'de',
  shop: FIXTURE_SHOP,
  processorLabel: (id) => (id === 'btcpay' ? 'BTCPay Server' : id),
  madeAt: '2026-11-29T08:00:00Z'
})

describe('the day close on the receipt printer', () => {
  it.each([
    [58, 32],
    [80, 48]
  ] as const)('on %i mm paper every line fits %i columns, amounts right-aligned', (_paper, columns) => {
    const lines = dayPrintLines(ROWS, columns)
    for (const line of lines) expect([...line.text].length).toBeLessThanOrEqual(columns)
    const net = lines.find(
      (line) => line.text.startsWith('  Einnahmen nach') && line.text.endsWith('1.246,00 €')
    )
    expect(net, lines.map((line) => line.text).join('\n')).toBeDefined()
    expect(lines.some((line) => line.text.endsWith('2.012.345 sats'))).toBe(true)
    expect(
      lines.find((line) => line.text === 'Tagesabschluss'.padStart(Math.floor((columns - 14) / 2) + 14))
    ).toMatchObject({ bold: true })
  })

  it('sends the report as ESC/POS straight to the printer: the lines decode back, bold headings, a cut', async () => {
    const documents = documentsFor({ host: '127.0.0.1', port: printer.port, paperWidth: 58 })
    const { bytes } = await documents.print(fixtureReport(), 'de')
    expect(printer.prints).toHaveLength(1)
    expect(printer.prints[0]!.length).toBe(bytes)
    const text = printer.texts[0]!
    expect(text).toContain(`${BOLD_ON}Summen`)
    // every laid-out line arrives, in order, umlauts and € through the printer's code pages
    const expected = dayPrintLines(ROWS, 32).map((line) => line.text)
    expect(decodeEscPos(printer.prints[0]!).slice(0, expected.length)).toEqual(expected)
    expect(expected).toContain(`  Zu viel bezahlt${' '.repeat(9)}0,35 €`)
    expect(text).toContain(GS_CUT)
  })

  it('a printer that is off fails with a clear delivery-failed error, quickly', async () => {
    const documents = documentsFor({ host: '127.0.0.1', port: await closedPort(), paperWidth: 80 })
    const started = Date.now()
    const error = await documents.print(fixtureReport(), 'en').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KassaError)
    expect(error).toMatchObject({ code: 'delivery-failed' })
    expect((error as Error).message).toMatch(/^The printer at 127\.0\.0\.1:\d+ refused the connection/)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('a printer that never answers times out with the error, not a hang', async () => {
    // 192.0.2.1 (TEST-NET-1) is never routed: the connect hangs until the timeout
    const documents = documentsFor({ host: '192.0.2.1', port: 9100, paperWidth: 80 }, 300)
    const error = await documents.print(fixtureReport(), 'en').catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'delivery-failed' })
    expect((error as Error).message).toMatch(/192\.0\.2\.1:9100/)
  })

  it('no printer set up: not-configured, nothing sent', async () => {
    const documents = documentsFor({ host: '', port: 9100, paperWidth: 80 })
    await expect(documents.print(fixtureReport(), 'en')).rejects.toMatchObject({ code: 'not-configured' })
    expect(printer.prints).toHaveLength(0)
  })
})
