import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import { calls } from '@shared/call-schemas'
import {
  PLAIN_PRICING,
  priceCharge,
  type ChargeRequest,
  type TillPricing
} from '../../../src/main/sales/charge-pricing'

const STORE: TillPricing = {
  defaultTaxRate: '19',
  taxInclusive: false,
  maxSaleAmount: '5000',
  storeCurrency: 'EUR'
}

const lines = [
  { name: 'Espresso', unitPrice: '2.50', quantity: 2 },
  { name: 'Book', unitPrice: '10.00', quantity: 1, taxRate: '7', itemId: 'itm_book', sku: '978-3' }
]

function refusal(input: ChargeRequest, pricing: TillPricing = STORE): KassaError {
  try {
    priceCharge(input, pricing)
  } catch (error) {
    if (error instanceof KassaError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('priceCharge: the amount is the cart', () => {
  it('prices per line rate, the store default for lines without one, discount before tax and the tip last', () => {
    // 5.00 (19 %) + 10.00 (7 %) = 15.00; 10 % off = 1.50 spread 0.50 / 1.00; tax 0.855 → 0.86 and 0.63;
    // due 13.50 + 1.49 = 14.99; tip 15 % = 2.2485 → 2.25; total 17.24
    const priced = priceCharge(
      {
        amount: '17.24',
        currency: 'EUR',
        lines,
        discount: { kind: 'percent', value: '10' },
        tip: { kind: 'percent', value: '15' }
      },
      STORE
    )
    expect(priced.amountMinor).toBe(1724n)
    expect(priced.taxRate).toBe('19')
    expect(priced.lines.map((l) => l.taxRate)).toEqual(['19', '7'])
    expect(priced.lines[1]).toMatchObject({ itemId: 'itm_book', sku: '978-3' })
    expect(priced.totals).toMatchObject({
      subtotal: 1500n,
      discount: 150n,
      lineDiscounts: [50n, 100n],
      taxes: [
        { rate: '19', base: 450n, tax: 86n },
        { rate: '7', base: 900n, tax: 63n }
      ],
      tip: 225n,
      total: 1724n
    })
    expect(priced.discount).toEqual({ kind: 'percent', value: '10' })
    expect(priced.tip).toEqual({ kind: 'percent', value: '15' })
  })

  it('takes the sale-level rate over the store default, and inclusive prices add no tax', () => {
    const priced = priceCharge(
      { amount: '15.00', currency: 'EUR', lines, taxRate: '10' },
      { ...STORE, taxInclusive: true }
    )
    expect(priced.lines.map((l) => l.taxRate)).toEqual(['10', '7'])
    expect(priced.totals?.taxes).toEqual([
      { rate: '10', base: 455n, tax: 45n },
      { rate: '7', base: 935n, tax: 65n }
    ])
  })

  it('refuses an amount that differs from the cart, naming both', () => {
    const error = refusal({ amount: '17.00', currency: 'EUR', lines })
    expect(error.code).toBe('invalid-input')
    // 15.00 + 0.95 + 0.70
    expect(error.message).toBe('The amount 17.00 EUR does not match the cart: it totals 16.65 EUR')
  })

  it('refuses a discount above the subtotal, a percent over 100, a malformed tip', () => {
    expect(
      refusal({ amount: '1.00', currency: 'EUR', lines, discount: { kind: 'amount', value: '20.00' } })
        .message
    ).toMatch(/discount is more than the sale/)
    expect(
      refusal({ amount: '1.00', currency: 'EUR', lines, discount: { kind: 'percent', value: '120' } }).message
    ).toMatch(/Discount must be a percentage/)
    expect(
      refusal({ amount: '1.00', currency: 'EUR', lines, tip: { kind: 'amount', value: '1.234' } }).message
    ).toMatch(/^Tip: /)
    expect(
      refusal({ amount: '1.00', currency: 'EUR', lines, tip: { kind: 'amount', value: '-1' } }).code
    ).toBe('invalid-input')
  })

  it('keeps a keypad sale as its amount, and refuses tax, discount or tip without lines', () => {
    const keypad = priceCharge({ amount: '12.34', currency: 'EUR' }, STORE)
    expect(keypad).toMatchObject({ amountMinor: 1234n, lines: [], taxRate: '0', totals: null })
    for (const extra of [
      { taxRate: '7' },
      { discount: { kind: 'amount' as const, value: '1.00' } },
      { tip: { kind: 'percent' as const, value: '10' } }
    ]) {
      const error = refusal({ amount: '12.34', currency: 'EUR', ...extra })
      expect(error.code).toBe('invalid-input')
      expect(error.message).toMatch(/apply to a cart/)
    }
  })
})

describe('priceCharge: the per-sale maximum', () => {
  it('refuses a total above the maximum unless the cashier confirmed it', () => {
    const error = refusal({ amount: '5000.01', currency: 'EUR' })
    expect(error.code).toBe('sale-above-maximum')
    expect(error.message).toMatch(/5000\.01 EUR is above this till's maximum of 5000 EUR per sale/)
    expect(priceCharge({ amount: '5000.01', currency: 'EUR', confirmLarge: true }, STORE).amountMinor).toBe(
      500001n
    )
    expect(priceCharge({ amount: '5000.00', currency: 'EUR' }, STORE).amountMinor).toBe(500000n)
  })

  it('holds a cart to it by its total, tip included', () => {
    const big = [{ name: 'Bike', unitPrice: '4500.00', quantity: 1, taxRate: '0' }]
    expect(priceCharge({ amount: '4500.00', currency: 'EUR', lines: big }, STORE).amountMinor).toBe(450000n)
    const tipped = {
      amount: '5175.00',
      currency: 'EUR',
      lines: big,
      tip: { kind: 'percent' as const, value: '15' }
    }
    expect(refusal(tipped).code).toBe('sale-above-maximum')
    expect(priceCharge({ ...tipped, confirmLarge: true }, STORE).amountMinor).toBe(517500n)
  })

  it('checks the cart before the maximum, and applies no limit without one or in another currency', () => {
    expect(refusal({ amount: '9999.00', currency: 'EUR', lines }).code).toBe('invalid-input')
    expect(priceCharge({ amount: '9999.00', currency: 'USD' }, STORE).amountMinor).toBe(999900n)
    expect(priceCharge({ amount: '9999.00', currency: 'EUR' }, PLAIN_PRICING).amountMinor).toBe(999900n)
  })
})

describe('sale:charge input schema', () => {
  const schema = calls['sale:charge'].input

  it('takes lines with tax rate, item id and SKU, discount and tip as percent or amount, confirmLarge', () => {
    const parsed = schema.parse({
      amount: '17.24',
      currency: 'EUR',
      lines,
      discount: { kind: 'percent', value: '10' },
      tip: { kind: 'amount', value: '2.25' },
      confirmLarge: true
    })
    expect(parsed.lines?.[1]).toEqual(lines[1])
    expect(parsed.discount).toEqual({ kind: 'percent', value: '10' })
    expect(parsed.tip).toEqual({ kind: 'amount', value: '2.25' })
  })

  it('reads an older till’s plain discount string as an amount', () => {
    expect(schema.parse({ amount: '1.00', currency: 'EUR', discount: '0.50' }).discount).toEqual({
      kind: 'amount',
      value: '0.50'
    })
  })

  it('refuses a bad discount or tip shape, a numeric amount, a bad line rate or item id', () => {
    const base = { amount: '1.00', currency: 'EUR' }
    for (const bad of [
      { discount: { kind: 'percent', value: '101' } },
      { discount: { kind: 'half', value: '1' } },
      { discount: 0.5 },
      { tip: '1.00' },
      { tip: { kind: 'amount', value: 1 } },
      { confirmLarge: 'yes' },
      { lines: [{ name: 'X', unitPrice: '1.00', quantity: 1, taxRate: '7%' }] },
      { lines: [{ name: 'X', unitPrice: '1.00', quantity: 1, itemId: 'a b' }] }
    ]) {
      expect(schema.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false)
    }
    const wrongKind = schema.safeParse({ ...base, discount: { kind: 'half', value: '1' } })
    expect(wrongKind.error?.issues[0]?.message).toBe(
      'Discount must be {kind: "percent" or "amount", value: "10"}'
    )
  })
})
