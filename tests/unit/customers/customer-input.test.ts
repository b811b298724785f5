import { describe, expect, it } from 'vitest'
import { CustomerFieldsSchema, CustomerSaveSchema, SaleCustomerSchema } from '@shared/customer-schemas'
import { customerKeys, phoneKeys, queryKey } from '../../../src/main/customers/customer-keys'

describe('customer input', () => {
  it.each([
    [{ name: 'Anna Müller' }, { name: 'Anna Müller', email: null, phone: null }],
    [
      { email: ' a@b.example ', name: '  ' },
      { name: null, email: 'a@b.example', phone: null }
    ],
    [{ phone: '+49 (170) 555-01/23' }, { name: null, email: null, phone: '+49 (170) 555-01/23' }]
  ])('takes %j', (input, parsed) => {
    expect(CustomerFieldsSchema.parse(input)).toEqual(parsed)
  })

  it.each([
    [{}, 'Give a name, an e-mail address or a phone number'],
    [{ name: ' ', email: '', phone: null }, 'Give a name, an e-mail address or a phone number'],
    [{ email: 'anna@' }, 'Not an e-mail address'],
    [{ email: 'anna müller@example.org' }, 'Not an e-mail address'],
    [{ email: `${'a'.repeat(250)}@b.de` }, 'The e-mail address is too long'],
    [{ name: 'A'.repeat(121) }, 'The name is longer than 120 characters'],
    [{ name: 'Anna\u0000' }, 'The name has control characters'],
    [{ phone: 'call me' }, 'A phone number has only digits'],
    [{ phone: '123' }, 'A phone number has 4 to 20 digits'],
    [{ phone: '1'.repeat(21) }, 'A phone number has 4 to 20 digits'],
    [{ name: 'Anna', age: 3 }, 'Unrecognized key']
  ])('refuses %j: %s', (input, message) => {
    const result = CustomerFieldsSchema.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.message).join(' | ')).toContain(message)
  })

  it('a sale names an earlier customer by id, or gives fields', () => {
    expect(SaleCustomerSchema.parse({ id: 'cus_' + 'a'.repeat(32) })).toEqual({ id: 'cus_' + 'a'.repeat(32) })
    expect(SaleCustomerSchema.safeParse({ id: 'cus_1' }).success).toBe(false)
    expect(CustomerSaveSchema.safeParse({ id: 'cus_' + 'a'.repeat(32) }).success).toBe(false)
  })

  it.each([
    [{ name: 'Ida', language: 'de-at' }, 'de-AT'],
    [{ name: 'Ida', language: 'EN' }, 'en'],
    [{ name: 'Ida', language: '  ' }, null],
    [{ name: 'Ida', language: null }, null],
    [{ name: 'Ida' }, undefined]
  ])('takes the language of %j as %j (absent stays absent)', (input, language) => {
    expect(CustomerFieldsSchema.parse(input).language).toBe(language)
    expect(CustomerSaveSchema.parse(input).language).toBe(language)
  })

  it.each([
    [{ language: 'de' }, 'Give a name, an e-mail address or a phone number'],
    [{ name: 'Ida', language: 'not a tag' }, 'is not a language tag'],
    [{ name: 'Ida', language: 'x'.repeat(36) }, 'at most 35 characters']
  ])('refuses the language in %j: %s', (input, message) => {
    const result = CustomerFieldsSchema.safeParse(input)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.message).join(' | ')).toContain(message)
  })
})

describe('search keys', () => {
  it('folds names and keeps each word, the e-mail in lower case, the phone as digits', () => {
    expect(customerKeys({ name: 'Zoë  Müller-Lüdenscheidt', email: 'Zoe@Example.org', phone: null })).toEqual(
      ['zoe muller-ludenscheidt', 'zoe', 'muller-ludenscheidt', 'zoe@example.org']
    )
  })

  it('keeps an international number also as its national number', () => {
    expect(phoneKeys('+49 170 5550123')).toEqual(
      expect.arrayContaining(['491705550123', '1705550123', '01705550123'])
    )
    expect(phoneKeys('030 1234567')).toEqual(['0301234567'])
  })

  it.each([
    ['Mül', 'mul'],
    ['ANNA@ex', 'anna@ex'],
    ['+49 170', '49170'],
    ['0170-55', '017055'],
    ['  ', '']
  ])('query %j → key %j', (query, key) => {
    expect(queryKey(query)).toBe(key)
  })
})
