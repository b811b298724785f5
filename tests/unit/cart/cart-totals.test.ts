import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { cartTotals, spread, type Adjustment, type CartInput } from '@shared/cart'
import { AmountError, formatMinor } from '@shared/money'

const CURRENCIES = [
  ['JPY', 0],
  ['USD', 2],
  ['KWD', 3]
] as const

const rate = fc.constantFrom('0', '5', '7', '7.5', '10', '19', '20', '21', '8.875')
const percent = fc.integer({ min: 0, max: 10_000 }).map((n) => (n / 100).toString()) // "0".."100", 2 decimals

function cartOf(currency: string, exponent: number) {
  const price = fc.bigInt({ min: 0n, max: 10n ** BigInt(4 + exponent) }).map((m) => formatMinor(m, currency))
  const line = fc.record({
    unitPrice: price,
    quantity: fc.integer({ min: 1, max: 50 }),
    taxRate: fc.option(rate, { nil: undefined })
  })
  const adjustment = (max: bigint): fc.Arbitrary<Adjustment | undefined> =>
    fc.option(
      fc.oneof(
        percent.map((value) => ({ kind: 'percent' as const, value })),
        fc.bigInt({ min: 0n, max }).map((m) => ({ kind: 'amount' as const, value: formatMinor(m, currency) }))
      ),
      { nil: undefined }
    )
  return fc.record({
    lines: fc.array(line, { minLength: 1, maxLength: 12 }),
    defaultTaxRate: rate,
    taxInclusive: fc.boolean(),
    discount: adjustment(10n ** BigInt(2 + exponent)),
    tip: adjustment(10n ** BigInt(2 + exponent))
  })
}

describe('cartTotals', () => {
  for (const [currency, exponent] of CURRENCIES) {
    it(`parts sum to the total to the minor unit (${currency}, exponent ${exponent})`, () => {
      fc.assert(
        fc.property(cartOf(currency, exponent), (cart: CartInput) => {
          let totals
          try {
            totals = cartTotals(cart, currency)
          } catch (error) {
            // Only the documented refusals: a discount above the subtotal, or nothing left to charge.
            expect(error).toBeInstanceOf(AmountError)
            expect((error as Error).message).toMatch(/more than the sale|Nothing to charge/)
            return
          }
          const lineSum = cart.lines.reduce(
            (sum, l) => sum + BigInt(l.unitPrice.replace('.', '')) * BigInt(l.quantity),
            0n
          )
          expect(totals.subtotal).toBe(lineSum)
          expect(totals.lineDiscounts.reduce((a, b) => a + b, 0n)).toBe(totals.discount)
          totals.lineDiscounts.forEach((share, i) => {
            expect(share >= 0n).toBe(true)
            expect(
              share <= BigInt(cart.lines[i]!.unitPrice.replace('.', '')) * BigInt(cart.lines[i]!.quantity)
            ).toBe(true)
          })
          expect(totals.taxes.reduce((a, t) => a + t.tax, 0n)).toBe(totals.tax)
          const grossByRates = totals.taxes.reduce(
            (a, t) => a + t.base + (totals.taxInclusive ? t.tax : 0n),
            0n
          )
          expect(grossByRates).toBe(totals.subtotal - totals.discount)
          expect(totals.total).toBe(
            totals.subtotal - totals.discount + (cart.taxInclusive ? 0n : totals.tax) + totals.tip
          )
          expect(totals.beforeTip + totals.tip).toBe(totals.total)
          expect(totals.total > 0n).toBe(true)
          for (const t of totals.taxes) expect(t.tax >= 0n && t.base >= 0n).toBe(true)
        }),
        { numRuns: 400 }
      )
    })
  }

  it('applies discount, then tax, then tip (worked example)', () => {
    // 3 × 4.00 at 19 % + 1 × 10.00 at 7 %, tax exclusive, 10 % off, 18 % tip.
    const totals = cartTotals(
      {
        lines: [
          { unitPrice: '4.00', quantity: 3, taxRate: '19' },
          { unitPrice: '10.00', quantity: 1, taxRate: '7' }
        ],
        defaultTaxRate: '0',
        taxInclusive: false,
        discount: { kind: 'percent', value: '10' },
        tip: { kind: 'percent', value: '18' }
      },
      'USD'
    )
    expect(totals.subtotal).toBe(2200n)
    expect(totals.discount).toBe(220n)
    expect(totals.lineDiscounts).toEqual([120n, 100n])
    expect(totals.taxes).toEqual([
      { rate: '19', base: 1080n, tax: 205n }, // 10.80 × 19 % = 2.052
      { rate: '7', base: 900n, tax: 63n }
    ])
    expect(totals.beforeTip).toBe(1980n + 268n)
    expect(totals.tip).toBe(405n) // 22.48 × 18 % = 4.0464
    expect(totals.total).toBe(2653n)
  })

  it('takes the tax out of inclusive prices', () => {
    const totals = cartTotals(
      { lines: [{ unitPrice: '11.90', quantity: 1 }], defaultTaxRate: '19', taxInclusive: true },
      'EUR'
    )
    expect(totals.taxes).toEqual([{ rate: '19', base: 1000n, tax: 190n }])
    expect(totals.total).toBe(1190n)
  })

  it('refuses bad input with a reason', () => {
    const base = { defaultTaxRate: '0', taxInclusive: false }
    expect(() => cartTotals({ ...base, lines: [] }, 'USD')).toThrow('The cart is empty')
    expect(() => cartTotals({ ...base, lines: [{ unitPrice: '1.234', quantity: 1 }] }, 'USD')).toThrow(
      /decimal places/
    )
    expect(() => cartTotals({ ...base, lines: [{ unitPrice: '1', quantity: 0 }] }, 'USD')).toThrow(/Quantity/)
    expect(() =>
      cartTotals(
        { ...base, lines: [{ unitPrice: '1', quantity: 1 }], discount: { kind: 'amount', value: '2' } },
        'USD'
      )
    ).toThrow(/more than the sale/)
    expect(() =>
      cartTotals(
        { ...base, lines: [{ unitPrice: '1', quantity: 1 }], tip: { kind: 'percent', value: '120' } },
        'USD'
      )
    ).toThrow(/Tip must be a percentage/)
    expect(() =>
      cartTotals({ ...base, lines: [{ unitPrice: '1', quantity: 1, taxRate: 'x' }] }, 'USD')
    ).toThrow(/Tax rate/)
    expect(() => cartTotals({ ...base, lines: [{ unitPrice: '0', quantity: 1 }] }, 'USD')).toThrow(
      /Nothing to charge/
    )
  })

  it('spread keeps the sum and stays within a minor unit of each share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 20 }),
        (amount, weights) => {
          const parts = spread(amount, weights)
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(amount)
          const total = weights.reduce((a, b) => a + b, 0n)
          if (total > 0n) {
            parts.forEach((p, i) => {
              const exact = amount * weights[i]!
              expect(p * total - exact < total && exact - p * total < total).toBe(true)
            })
          }
        }
      )
    )
  })
})
