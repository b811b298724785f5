/**
 * Decimal numbers as people type them in their locale, turned into the contract's decimal strings
 * (`"1234.56"`). Pure string work: no float is involved.
 */
import { AmountError } from './money'

/** The decimal and group separators `Intl` uses for `locale` (`de-DE` → `,` and `.`). */
export function separatorsOf(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6)
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ','
  }
}

/**
 * A number as typed in `locale` → a plain decimal string: `"1.234,5"` (de) → `"1234.5"`, `"1,234.5"` (en) →
 * `"1234.5"`, `"4,50"` (de) → `"4.50"`. Spaces (also the narrow no-break space some locales group with) are
 * ignored. Group separators must sit between groups of three digits. Where the locale's decimal mark is a comma, a
 * single point not followed by exactly three digits is read as a decimal point too (`"4.50"` → `"4.50"`), since
 * cashiers type both; `"1.234"` stays one thousand two hundred thirty-four there.
 * @throws AmountError naming what is wrong (empty, letters, two decimal marks, misplaced group separators)
 */
export function parseLocaleDecimal(text: string, locale: string): string {
  const { decimal, group } = separatorsOf(locale)
  const input = text.replace(/[\s\u00a0\u202f]/g, '')
  if (input === '') throw new AmountError('Enter an amount')
  if (!/^[0-9.,'’]+$/.test(input)) throw new AmountError(`"${text}" is not a number`)
  let decimalMark = decimal
  let groupMark = group.replace(/[\s\u00a0\u202f]/g, '')
  if (decimal === ',' && !input.includes(',') && /^\d+\.(\d{1,2}|\d{4,})$/.test(input)) {
    decimalMark = '.'
    groupMark = ''
  }
  const pieces = input.split(decimalMark)
  if (pieces.length > 2) throw new AmountError(`"${text}" has more than one decimal mark`)
  const [whole = '', fraction] = pieces
  let digits = whole
  if (groupMark && whole.includes(groupMark)) {
    const groups = whole.split(groupMark)
    if (!/^\d{1,3}$/.test(groups[0] ?? '') || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) {
      throw new AmountError(`"${text}" has its digit groups in the wrong place`)
    }
    digits = groups.join('')
  }
  if (!/^\d*$/.test(digits) || (fraction !== undefined && !/^\d+$/.test(fraction))) {
    throw new AmountError(`"${text}" is not a number`)
  }
  if (digits === '' && fraction === undefined) throw new AmountError('Enter an amount')
  const normalizedWhole = digits.replace(/^0+(?=\d)/, '') || '0'
  return fraction === undefined ? normalizedWhole : `${normalizedWhole}.${fraction}`
}
