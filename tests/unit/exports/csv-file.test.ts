import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvText, neutralise } from '../../../src/main/exports/csv-file'

describe('CSV cells for spreadsheets', () => {
  it.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])(
    'a cell starting like a formula (%j) gets a quote',
    (cell) => {
      expect(neutralise(cell)).toBe(`'${cell}`)
    }
  )

  it.each(['12.50', '0.00020904', 'T1-20261128-1', 'a=b', ''])('an ordinary cell (%j) is kept', (cell) => {
    expect(neutralise(cell)).toBe(cell)
  })

  it('writes RFC 4180 with a BOM and CRLF, and reads back exactly', () => {
    const text = csvText(
      ['a', 'b'],
      [
        ['x, "y"', 'line\nbreak'],
        ['-5', 'ü']
      ]
    )
    expect(text).toBe('\ufeffa,b\r\n"x, ""y""","line\nbreak"\r\n\'-5,ü\r\n')
    expect(parse(text, { bom: true })).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line\nbreak'],
      ["'-5", 'ü']
    ])
  })
})
