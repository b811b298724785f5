import { describe, expect, it } from 'vitest'
import {
  DESCRIPTION_MAX,
  ORDER_NAME_MAX,
  plisioDescription,
  plisioOrderName
} from '../../../src/main/processors/plisio/cart-text'
import { invoiceCartFixture } from '../../fixtures/invoice-cart'

describe('Plisio order_name and description of a cart', () => {
  it('names the order by its title and number of items', () => {
    expect(plisioOrderName('Table 4', invoiceCartFixture())).toBe('Table 4: 3 items')
    expect(plisioOrderName('  ', invoiceCartFixture())).toBe('3 items')
    const one = invoiceCartFixture({ lines: [invoiceCartFixture().lines[1]!] })
    expect(plisioOrderName('Sale', one)).toBe('Sale: 1 item')
    expect(plisioOrderName('x'.repeat(200), one)).toHaveLength(ORDER_NAME_MAX)
  })

  it('describes the lines, discount, tax per rate, tip and total', () => {
    expect(plisioDescription(invoiceCartFixture(), 'EUR')).toBe(
      '2 × Espresso @ 2.50 = 5.00; Book 10.00; Discount 10 %: −1.50; Tax 19 %: 0.86; Tax 7 %: 0.63; ' +
        'Tip 15 %: 2.25; Total 17.24 EUR'
    )
  })

  it('keeps within its length: lines that do not fit are counted, the totals stay', () => {
    const line = invoiceCartFixture().lines[0]!
    const many = invoiceCartFixture({
      lines: Array.from({ length: 60 }, (_, i) => ({ ...line, name: `Item number ${i + 1}` }))
    })
    const text = plisioDescription(many, 'EUR')
    expect(text.length).toBeLessThanOrEqual(DESCRIPTION_MAX)
    expect(text).toMatch(/^2 × Item number 1 @ 2\.50 = 5\.00; /)
    expect(text).toMatch(/; … \+\d+ more; Discount 10 %: −1\.50; .*; Total 17\.24 EUR$/)
  })
})
