import { describe, expect, it } from 'vitest'
import { AmountError } from '@shared/money'
import { saleTotals } from '@shared/sale-totals'

const coffeeAndCake = [
  { unitPrice: '3.50', quantity: 2 },
  { unitPrice: '4.25', quantity: 1 }
]

describe('saleTotals', () => {
  it('sums the lines exactly, rounds tax half-up on the subtotal, subtracts the discount last', () => {
    expect(saleTotals(coffeeAndCake, 'USD')).toEqual({ subtotal: 1125n, tax: 0n, discount: 0n, total: 1125n })
    // 10 % of 11.25 is 1.125 → 1.13
    expect(saleTotals(coffeeAndCake, 'USD', '10')).toEqual({
      subtotal: 1125n,
      tax: 113n,
      discount: 0n,
      total: 1238n
    })
    expect(saleTotals(coffeeAndCake, 'USD', '10', '1.00').total).toBe(1138n)
    expect(saleTotals(coffeeAndCake, 'USD', '7.7').tax).toBe(87n) // 0.86625
    expect(saleTotals([{ unitPrice: '0.10', quantity: 3 }], 'USD').total).toBe(30n)
  })

  it('uses the currency’s exponent (JPY has no minor unit)', () => {
    expect(saleTotals([{ unitPrice: '105', quantity: 3 }], 'JPY', '10')).toEqual({
      subtotal: 315n,
      tax: 32n,
      discount: 0n,
      total: 347n
    })
    expect(() => saleTotals([{ unitPrice: '1.5', quantity: 1 }], 'JPY')).toThrow(AmountError)
  })

  it('refuses a bad quantity, price or a discount that leaves nothing', () => {
    expect(() => saleTotals([{ unitPrice: '1.00', quantity: 0 }], 'USD')).toThrow(/Quantity/)
    expect(() => saleTotals([{ unitPrice: '1.00', quantity: 1.5 }], 'USD')).toThrow(/Quantity/)
    expect(() => saleTotals([{ unitPrice: '1,00', quantity: 1 }], 'USD')).toThrow(AmountError)
    expect(() => saleTotals(coffeeAndCake, 'USD', '0', '11.25')).toThrow(/nothing to pay/)
    expect(saleTotals(coffeeAndCake, 'USD', '0', '0.00').discount).toBe(0n)
  })
})
