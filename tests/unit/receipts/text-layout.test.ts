import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { buildReceipt } from '../../../src/main/receipts/receipt-model'
import { receiptRows, type ReceiptRow } from '../../../src/main/receipts/receipt-rows'
import { layoutText, wrapWords } from '../../../src/main/receipts/text-layout'
import { saleView } from './sale-fixture'

const word = fc.stringMatching(/^[A-Za-zäöüß]{1,14}$/)
const label = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '))
const amount = fc.stringMatching(/^[0-9]{1,7}\.[0-9]{2} €$/)

/** Every word of `text` appears whole in one of `lines` (never cut into fragments). */
function wordsWhole(text: string, lines: string[]): boolean {
  const printed = new Set(lines.flatMap((line) => line.split(/\s+/)))
  return text
    .split(/\s+/)
    .filter(Boolean)
    .every((each) => printed.has(each))
}

describe.each([32, 48])('layout at %i columns', (columns) => {
  it('never makes a line longer than the paper', () => {
    fc.assert(
      fc.property(label, amount, (left, right) => {
        const rows: ReceiptRow[] = [
          { type: 'pair', left, right },
          { type: 'text', text: left }
        ]
        return layoutText(rows, columns).every((line) => [...line].length <= columns)
      })
    )
  })

  it('never splits a word of a label, whatever the amount beside it', () => {
    fc.assert(
      fc.property(label, amount, fc.boolean(), (left, right, indent) => {
        const lines = layoutText([{ type: 'pair', left, right, indent }], columns)
        return wordsWhole(left, lines) && lines.some((line) => line.endsWith(right))
      })
    )
  })

  it('keeps the words of a whole receipt whole (long item names, German tax lines)', () => {
    const sale = saleView({
      currency: 'EUR',
      amount: '1234567.89',
      lines: [
        { name: 'Hausgemachter Käsekuchen mit Sahne und Erdbeeren', unitPrice: '4.50', quantity: 12 },
        { name: 'Schifffahrtsgesellschaftskapitän', unitPrice: '1234.00', quantity: 1 }
      ],
      subtotal: '1234567.89',
      taxes: [{ rate: '19', base: '1037452.00', tax: '197115.89' }],
      taxInclusive: true,
      receiptNumber: 'T1-20261128-7'
    })
    const doc = buildReceipt(
      sale,
      { name: 'Bäckerei', address: '', taxId: '', footer: '', logo: null },
      { locale: 'de' }
    )
    const lines = layoutText(receiptRows(doc), columns)
    expect(lines.every((line) => [...line].length <= columns)).toBe(true)
    for (const row of receiptRows(doc)) {
      if (row.type === 'pair') expect(wordsWhole(row.left, lines)).toBe(true)
    }
    expect(lines.join('\n')).toContain('Schifffahrtsgesellschaftskapitän')
  })
})

describe('wrapWords', () => {
  it('cuts only a word longer than a whole line', () => {
    expect(wrapWords('id abcdefghij', 6)).toEqual(['id', 'abcdef', 'ghij'])
    expect(wrapWords('one two three', 7)).toEqual(['one two', 'three'])
  })
})
