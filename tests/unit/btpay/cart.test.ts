import Big from 'big.js'
import { describe, expect, it } from 'vitest'
import { btpayCartForm } from '../../../src/main/processors/btpay/cart'
import { toCreateParams } from '../../../src/main/processors/btpay/invoices'
import { invoiceCartFixture } from '../../fixtures/invoice-cart'

/** BTPay's own formula (btpay/invoicing/service.py): Σ lines + tax_rate % of it − discount_amount. */
function btpayTotal(form: ReturnType<typeof btpayCartForm>): string {
  const subtotal = form.lines.reduce(
    (sum, line) => sum.plus(new Big(line.unit_price).times(line.quantity).round(2, Big.roundHalfUp)),
    new Big(0)
  )
  const tax = subtotal
    .times(form.tax_rate ?? '0')
    .div(100)
    .round(2, Big.roundHalfUp)
  return subtotal
    .plus(tax)
    .minus(form.discount_amount ?? '0')
    .toFixed(2)
}

describe('BTPay form of a cart', () => {
  it('exclusive tax: items, one line per rate, the tip as a line, discount_amount; BTPay’s total is Kassa’s', () => {
    const form = btpayCartForm(invoiceCartFixture())
    expect(form).toEqual({
      lines: [
        { description: 'Espresso', quantity: 2, unit_price: '2.50' },
        { description: 'Book', quantity: 1, unit_price: '10.00' },
        { description: 'Tax 19 %', quantity: 1, unit_price: '0.86' },
        { description: 'Tax 7 %', quantity: 1, unit_price: '0.63' },
        { description: 'Tip 15 %', quantity: 1, unit_price: '2.25' }
      ],
      tax_rate: '0',
      discount_amount: '1.50',
      taxNote: ''
    })
    expect(btpayTotal(form)).toBe('17.24')
  })

  it('inclusive tax: no tax line (it is in the prices), the tax in the notes', () => {
    const cart = invoiceCartFixture({
      taxInclusive: true,
      taxes: [
        { rate: '19', base: '3.78', tax: '0.72' },
        { rate: '7', base: '8.41', tax: '0.59' }
      ],
      tax: '1.31',
      tip: '2.03',
      tipPercent: null,
      total: '15.53'
    })
    const form = btpayCartForm(cart)
    expect(form.lines.map((l) => l.description)).toEqual(['Espresso', 'Book', 'Tip'])
    expect(form.taxNote).toBe('incl. tax 19 %: 0.72, incl. tax 7 %: 0.59')
    expect(btpayTotal(form)).toBe('15.53')
    const params = toCreateParams({
      orderId: 'sale_abc',
      amount: '15.53',
      currency: 'EUR',
      description: 'Sale',
      lines: [],
      cart
    })
    expect(params.notes).toBe('Sale incl. tax 19 %: 0.72, incl. tax 7 %: 0.59 [kassa-sale:sale_abc]')
    expect(params).toMatchObject({ tax_rate: '0', discount_amount: '1.50' })
  })

  it('no discount, tax or tip: only the items', () => {
    const form = btpayCartForm(
      invoiceCartFixture({
        discount: '0.00',
        discountPercent: null,
        taxes: [{ rate: '0', base: '15.00', tax: '0.00' }],
        tax: '0.00',
        tip: '0.00',
        tipPercent: null,
        total: '15.00'
      })
    )
    expect(form.lines).toHaveLength(2)
    expect(form.discount_amount).toBeUndefined()
    expect(btpayTotal(form)).toBe('15.00')
  })
})
