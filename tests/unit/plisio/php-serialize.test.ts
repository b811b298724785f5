import { describe, expect, it } from 'vitest'
import { phpSerializeSorted, serializeString } from '../../../src/main/processors/plisio/php-serialize'

describe('PHP serialize of callback fields', () => {
  it('serializes a sorted string map like PHP serialize() after ksort()', () => {
    expect(phpSerializeSorted({ b: '2', a: '1' })).toBe('a:2:{s:1:"a";s:1:"1";s:1:"b";s:1:"2";}')
  })

  it('counts UTF-8 bytes, not characters, in string lengths (8 characters, 10 bytes)', () => {
    expect(serializeString('Caffè ×2')).toBe('s:10:"Caffè ×2";')
  })

  it('serializes an empty value and an empty map', () => {
    expect(phpSerializeSorted({ comment: '' })).toBe('a:1:{s:7:"comment";s:0:"";}')
    expect(phpSerializeSorted({})).toBe('a:0:{}')
  })

  it('sorts keys byte-wise (uppercase before lowercase, underscore between)', () => {
    expect(phpSerializeSorted({ b: '', B: '', a_b: '', ab: '' })).toBe(
      'a:4:{s:1:"B";s:0:"";s:3:"a_b";s:0:"";s:2:"ab";s:0:"";s:1:"b";s:0:"";}'
    )
  })
})
