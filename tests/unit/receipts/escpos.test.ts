import { describe, expect, it } from 'vitest'
import QRCode from 'qrcode'
import { encodeReceipt } from '../../../src/main/receipts/escpos'
import { buildReceipt } from '../../../src/main/receipts/receipt-model'
import { receiptRows } from '../../../src/main/receipts/receipt-rows'
import { sendMail } from '../../../src/main/receipts/receipt-email'
import { saleView } from './sale-fixture'

const GS_QR = '\x1d(k'
const GS_CUT = '\x1dV'
const GS_RASTER = '\x1dv0'

/** The printable runs of an ESC/POS stream between newlines (commands stripped). */
function printedLines(bytes: Uint8Array): string[] {
  return Buffer.from(bytes)
    .toString('latin1')
    .split('\n')
    .map((line) => [...line].filter((c) => c >= ' ' && c < '\x7f').join(''))
}

describe.each([
  [58, 32],
  [80, 48]
] as const)('ESC/POS at %i mm', (paperWidth, columns) => {
  it(`prints the logo, ${columns}-column text without split words, a QR and a cut`, async () => {
    const sale = saleView({
      lines: [
        { name: 'Extraordinarily long cappuccino with oat milk and cinnamon', unitPrice: '4.50', quantity: 2 }
      ],
      amount: '9.00',
      subtotal: '9.00',
      receiptNumber: 'T1-20261128-42'
    })
    const logo = await QRCode.toDataURL('logo', { width: 120 })
    const doc = buildReceipt(sale, { name: 'Corner Café', address: '', taxId: '', footer: '', logo })
    const bytes = encodeReceipt(doc, receiptRows(doc), paperWidth)
    const text = Buffer.from(bytes).toString('latin1')
    expect(text).toContain(GS_RASTER)
    expect(text).toContain(GS_QR)
    expect(text).toContain('T1-20261128-42')
    expect(text).toContain(GS_CUT)
    const lines = printedLines(bytes)
    for (const word of ['Extraordinarily', 'cappuccino', 'cinnamon']) {
      expect(lines.some((line) => line.split(/\s+/).includes(word))).toBe(true)
    }
    expect(lines.filter((line) => line.includes('cappuccino')).every((line) => line.length <= columns)).toBe(
      true
    )
  })
})

describe('sendMail', () => {
  it('refuses to send a password without TLS to a host outside the shop network', async () => {
    const settings = {
      host: 'smtp.example.com',
      port: 25,
      security: 'none' as const,
      user: 'u',
      from: 'a@b.example',
      passwordStored: true
    }
    await expect(
      sendMail(settings, 'pw', { to: 'c@d.example', subject: 's', text: 't', html: 'h' })
    ).rejects.toMatchObject({
      code: 'invalid-input'
    })
  })
})
