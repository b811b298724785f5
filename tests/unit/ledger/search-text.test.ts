import { describe, expect, it } from 'vitest'
import {
  asciiLower,
  ftsPhrase,
  prefixRange,
  queryWords,
  saleSearchText,
  saleWords,
  searchTokens
} from '../../../src/main/ledger/search-text'

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

describe('the words of a sale and of a query', () => {
  it('are runs of letters and digits, lower case, accents removed', () => {
    expect(searchTokens('Café Crème, 2× "Flat-white" 12.34')).toEqual([
      'cafe',
      'creme',
      '2',
      'flat',
      'white',
      '12',
      '34'
    ])
    expect(searchTokens('-- * ()')).toEqual([])
  })

  it('hold the memo, the line names and the amount with the currency decimals', () => {
    const sale = {
      memo: 'Table 4',
      lines: [{ name: 'Flat white' }, { name: 'Crème brûlée' }],
      amountMinor: 1234n,
      currency: 'USD'
    }
    expect(saleSearchText(sale)).toBe('table 4 flat white creme brulee 12 34')
    expect(saleWords(sale)).toEqual(['table', 'flat', 'white', 'creme', 'brulee'])
    expect(saleSearchText({ memo: null, lines: [], amountMinor: 500n, currency: 'JPY' })).toBe('500')
  })

  it('keep a sale of an unknown currency searchable by its words', () => {
    expect(saleSearchText({ memo: 'Gift', lines: [], amountMinor: 5n, currency: 'XYZ' })).toBe('gift')
  })

  it('match a word of 3+ letters by its start, and a number or a short word whole', () => {
    expect(queryWords('Cappu  la 12 12.34 -- Crème-br')).toEqual([
      { tokens: ['cappu'], prefix: true },
      { tokens: ['la'], prefix: false },
      { tokens: ['12'], prefix: false },
      { tokens: ['12', '34'], prefix: false },
      { tokens: ['creme', 'br'], prefix: false }
    ])
  })

  it('quote a phrase so nothing in it is FTS5 syntax', () => {
    expect(ftsPhrase(['12', '34'])).toBe('"12 34"')
    expect(ftsPhrase(['say"'])).toBe('"say"""')
  })

  it('lower ASCII letters only for ids, as SQLite lower() does', () => {
    expect(asciiLower('HX7kÉ_Ä')).toBe('hx7kÉ_Ä')
  })
})
