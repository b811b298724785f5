import { describe, expect, it } from 'vitest'
import { asciiLower, ftsQuery, prefixRange, saleSearchText } from '../../../src/main/ledger/search-text'

describe('prefixRange: the index range of strings starting with a prefix', () => {
  it('raises the last character for the upper bound', () => {
    expect(prefixRange('sale_ab')).toEqual({ from: 'sale_ab', to: 'sale_ac' })
    expect(prefixRange('hx7z')).toEqual({ from: 'hx7z', to: 'hx7{' })
  })

  it('holds exactly the strings that start with the prefix, in code point order', () => {
    const { from, to } = prefixRange('ab')
    const inside = (s: string) => s >= from && to !== null && s < to
    expect(['ab', 'ab\u0000', 'abz', 'ab\u{10ffff}x', 'ab\uffff'].every(inside)).toBe(true)
    expect(['a', 'aa\uffff', 'ac', 'b'].some(inside)).toBe(false)
  })

  it('steps over the surrogate block and drops a trailing U+10FFFF', () => {
    expect(prefixRange('a\ud7ff')).toEqual({ from: 'a\ud7ff', to: 'a\ue000' })
    expect(prefixRange('a\u{10ffff}')).toEqual({ from: 'a\u{10ffff}', to: 'b' })
    expect(prefixRange('\u{10ffff}')).toEqual({ from: '\u{10ffff}', to: null })
  })
})

describe('ftsQuery: what the cashier typed as an FTS5 query', () => {
  it('quotes every word, as a prefix, all required', () => {
    expect(ftsQuery('flat  White')).toBe('"flat"* "White"*')
    expect(ftsQuery('12.34')).toBe('"12.34"*')
  })

  it('matches a word shorter than 3 characters whole, and every word whole when asked', () => {
    expect(ftsQuery('oat la')).toBe('"oat"* "la"')
    expect(ftsQuery('Flat white 12.34', { whole: true })).toBe('"Flat" "white" "12.34"')
  })

  it('matches a bare number whole, so 12 does not find 120', () => {
    expect(ftsQuery('12')).toBe('"12"')
    expect(ftsQuery('latte 4')).toBe('"latte"* "4"')
  })

  it('escapes quotes and drops words with no letter or digit', () => {
    expect(ftsQuery('say "hi" -- *')).toBe('"say"* """hi"""*')
    expect(ftsQuery('-- * ()')).toBeNull()
  })
})

describe('the search text and the id key', () => {
  it('holds the memo, the line names and the amount with the currency decimals', () => {
    expect(
      saleSearchText({
        memo: 'Table 4',
        lines: [{ name: 'Flat white' }, { name: 'Muffin' }],
        amountMinor: 1234n,
        currency: 'USD'
      })
    ).toBe('Table 4 \n Flat white \n Muffin \n 12.34')
    expect(saleSearchText({ memo: null, lines: [], amountMinor: 500n, currency: 'JPY' })).toBe('500')
  })

  it('keeps a sale of an unknown currency searchable by its words', () => {
    expect(saleSearchText({ memo: 'Gift', lines: [], amountMinor: 5n, currency: 'XYZ' })).toBe('Gift')
  })

  it('lowers ASCII letters only, as SQLite lower() does', () => {
    expect(asciiLower('HX7kÉ_Ä')).toBe('hx7kÉ_Ä')
  })
})
