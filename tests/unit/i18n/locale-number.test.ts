import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseLocaleDecimal, separatorsOf } from '@shared/locale-number'
import { AmountError } from '@shared/money'

describe('parseLocaleDecimal', () => {
  it('reads the decimal comma and grouping of German', () => {
    expect(separatorsOf('de-DE')).toEqual({ decimal: ',', group: '.' })
    expect(parseLocaleDecimal('4,50', 'de-DE')).toBe('4.50')
    expect(parseLocaleDecimal('1.234,5', 'de-DE')).toBe('1234.5')
    expect(parseLocaleDecimal('1.234', 'de-DE')).toBe('1234')
    expect(parseLocaleDecimal('4.50', 'de-DE')).toBe('4.50')
    expect(parseLocaleDecimal(' 12 ', 'de-DE')).toBe('12')
  })

  it('reads English the English way', () => {
    expect(parseLocaleDecimal('1,234.56', 'en-US')).toBe('1234.56')
    expect(parseLocaleDecimal('0.5', 'en-US')).toBe('0.5')
    expect(parseLocaleDecimal('.5', 'en-US')).toBe('0.5')
    expect(parseLocaleDecimal('007', 'en-US')).toBe('7')
  })

  it('refuses what is not a number, with the reason', () => {
    for (const [text, locale, reason] of [
      ['', 'en-US', /Enter an amount/],
      ['12a', 'en-US', /not a number/],
      ['1,2,3', 'de-DE', /more than one decimal mark/],
      ['12,34.5', 'en-US', /wrong place/],
      ['1.23.4,5', 'de-DE', /wrong place/],
      ['-5', 'en-US', /not a number/]
    ] as const) {
      expect(() => parseLocaleDecimal(text, locale)).toThrow(AmountError)
      expect(() => parseLocaleDecimal(text, locale)).toThrow(reason)
    }
  })

  it('reads back what Intl writes, in both languages', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.constantFrom('en-US', 'de-DE', 'de-CH'),
        (cents, locale) => {
          const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(
            `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}` as unknown as number
          )
          const parsed = parseLocaleDecimal(text, locale)
          const [whole, fraction] = parsed.split('.')
          expect(BigInt(whole!) * 100n + BigInt(fraction ?? '0')).toBe(cents)
        }
      )
    )
  })
})
