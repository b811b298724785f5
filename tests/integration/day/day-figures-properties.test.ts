import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DayFiguresView, FiatSliceView } from '@shared/day'
import { decimalToMinor, satsToBtc } from '@shared/money'
import type { RefundKind, RefundState } from '@shared/contract'
import {
  addRefund,
  amountOf,
  applyInvoice,
  createSale,
  dayBench,
  type PaymentSpec,
  type SaleSpec
} from './day-fixture'

const DAY = '2026-06-10'
const START = Date.parse('2026-06-10T00:00:00Z')
const RULE = { timeZone: 'UTC', startHour: 0 }

type Outcome = 'settled' | 'split' | 'over' | 'partial' | 'expired' | 'late' | 'open' | 'creating' | 'coin'
const STATES: RefundState[] = [
  'pending',
  'unknown',
  'awaiting-claim',
  'awaiting-approval',
  'in-progress',
  'completed',
  'cancelled',
  'failed'
]
const KINDS: { kind: RefundKind; variant: string | null }[] = [
  { kind: 'pull-payment', variant: 'RateThen' },
  { kind: 'pull-payment', variant: 'CurrentRate' },
  { kind: 'pull-payment', variant: 'Fiat' },
  { kind: 'pull-payment', variant: 'OverpaidAmount' },
  { kind: 'pull-payment', variant: 'Custom' },
  { kind: 'withdrawal', variant: null },
  { kind: 'recorded', variant: null }
]

const rate = fc
  .tuple(fc.integer({ min: 1, max: 9_000_000 }), fc.integer({ min: 0, max: 99 }))
  .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`)

const saleArb = fc.record({
  currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
  processor: fc.constantFrom('demo', 'btcpay', 'plisio'),
  subtotal: fc.bigInt({ min: 2n, max: 50_000_000n }),
  discountPart: fc.integer({ min: 0, max: 90 }),
  tax: fc.bigInt({ min: 0n, max: 2_000_000n }),
  tip: fc.bigInt({ min: 0n, max: 500_000n }),
  taxInclusive: fc.boolean(),
  outcome: fc.constantFrom<Outcome>(
    'settled',
    'split',
    'over',
    'partial',
    'expired',
    'late',
    'open',
    'creating',
    'coin'
  ),
  sats: fc.tuple(fc.bigInt({ min: 1n, max: 90_000_000n }), fc.bigInt({ min: 1n, max: 90_000_000n })),
  coinAmount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
  rates: fc.tuple(rate, rate),
  refunds: fc.array(
    fc.record({
      which: fc.integer({ min: 0, max: KINDS.length - 1 }),
      state: fc.constantFrom(...STATES),
      percent: fc.integer({ min: 1, max: 33 }),
      actor: fc.constantFrom('cashier' as const, 'owner' as const),
      failLater: fc.boolean()
    }),
    { maxLength: 3 }
  )
})

type SaleArb = typeof saleArb extends fc.Arbitrary<infer T> ? T : never

function money(decimal: string, currency: string): bigint {
  return decimalToMinor(decimal, currency)
}

/** Every field of the slices summed per currency equals the totals. */
function expectSlicesSum(figures: DayFiguresView, slices: FiatSliceView[]): void {
  for (const total of figures.totals) {
    const mine = slices.filter((slice) => slice.currency === total.currency)
    for (const field of [
      'gross',
      'discounts',
      'tax',
      'tips',
      'refunds',
      'net',
      'underpaid',
      'overpaid'
    ] as const) {
      expect(
        mine.reduce((sum, slice) => sum + money(slice[field], total.currency), 0n),
        `${field} ${total.currency}`
      ).toBe(money(total[field], total.currency))
    }
    expect(mine.reduce((sum, slice) => sum + slice.sales, 0)).toBe(total.sales)
  }
}

/** Write a random day through the ledger, return what the figures must say. */
function writeDay(sales: SaleArb[]) {
  const bench = dayBench(RULE, START + 60_000)
  const model = new Map<
    string,
    {
      sales: number
      amount: bigint
      tips: bigint
      tax: bigint
      discounts: bigint
      refunds: bigint
      underpaid: bigint
      overpaid: bigint
    }
  >()
  const at = (currency: string) => {
    let entry = model.get(currency)
    if (!entry) {
      entry = {
        sales: 0,
        amount: 0n,
        tips: 0n,
        tax: 0n,
        discounts: 0n,
        refunds: 0n,
        underpaid: 0n,
        overpaid: 0n
      }
      model.set(currency, entry)
    }
    return entry
  }
  const outcomes = { settled: 0, open: 0, expired: 0, invalid: 0, creating: 0 }
  let sats = 0n
  const coinMicro = new Map<string, bigint>()
  const cryptoFiat = new Map<string, bigint>()
  sales.forEach((arb, i) => {
    bench.clock.now = START + 60_000 + i * 20_000
    const spec: SaleSpec = {
      currency: arb.currency,
      processor: arb.outcome === 'coin' ? 'plisio' : arb.processor,
      subtotalMinor: arb.subtotal,
      discountMinor: (arb.subtotal * BigInt(arb.discountPart)) / 100n,
      taxMinor: arb.tax,
      tipMinor: arb.tip,
      taxInclusive: arb.taxInclusive
    }
    const amount = amountOf(spec)
    const id = createSale(bench, spec)
    if (arb.outcome === 'creating') {
      outcomes.creating += 1
      return
    }
    bench.clock.now += 5_000
    const btc = (n: 0 | 1, method: string): PaymentSpec => ({
      method,
      coin: 'BTC',
      amount: satsToBtc(arb.sats[n]),
      rate: arb.rates[n]
    })
    let paid = amount
    let payments: PaymentSpec[] = [btc(0, 'BTC-CHAIN')]
    if (arb.outcome === 'split') payments = [btc(0, 'BTC-CHAIN'), btc(1, 'BTC-LN')]
    if (arb.outcome === 'coin') {
      const whole = arb.coinAmount / 1_000_000n
      const fraction = (arb.coinAmount % 1_000_000n).toString().padStart(6, '0')
      payments = [{ method: 'USDT_TRX', coin: 'USDT', amount: `${whole}.${fraction}`, rate: '0.93' }]
    }
    if (arb.outcome === 'over') paid = amount + amount / 10n + 1n
    if (arb.outcome === 'open') {
      applyInvoice(bench, id, { status: 'New', paidMinor: 0n, payments: [] })
      outcomes.open += 1
      return
    }
    if (arb.outcome === 'expired' || arb.outcome === 'partial') {
      const part = arb.outcome === 'partial' ? amount / 2n : 0n
      applyInvoice(bench, id, {
        status: 'Expired',
        additionalStatus: part > 0n ? 'PaidPartial' : 'None',
        paidMinor: part,
        payments: part > 0n ? payments : []
      })
      outcomes.expired += 1
      at(arb.currency).underpaid += part
      return
    }
    if (arb.outcome === 'late') {
      applyInvoice(bench, id, { status: 'Expired', paidMinor: 0n, payments: [] })
      bench.clock.now += 3_000
    }
    applyInvoice(bench, id, {
      status: 'Settled',
      additionalStatus: arb.outcome === 'over' ? 'PaidOver' : arb.outcome === 'late' ? 'PaidLate' : 'None',
      paidMinor: paid,
      payments
    })
    outcomes.settled += 1
    const totals = at(arb.currency)
    totals.sales += 1
    totals.amount += amount
    totals.tips += spec.tipMinor
    totals.tax += spec.taxMinor
    totals.discounts += spec.discountMinor
    totals.overpaid += paid - amount
    if (arb.outcome === 'coin') {
      coinMicro.set('USDT_TRX', (coinMicro.get('USDT_TRX') ?? 0n) + arb.coinAmount)
      cryptoFiat.set(`USDT_TRX ${arb.currency}`, (cryptoFiat.get(`USDT_TRX ${arb.currency}`) ?? 0n) + paid)
    } else {
      sats += arb.sats[0] + (arb.outcome === 'split' ? arb.sats[1] : 0n)
      cryptoFiat.set(`BTC ${arb.currency}`, (cryptoFiat.get(`BTC ${arb.currency}`) ?? 0n) + paid)
    }
    for (const refund of arb.refunds) {
      bench.clock.now += 1_000
      const fiat = (paid * BigInt(refund.percent)) / 100n
      const { kind, variant } = KINDS[refund.which] ?? { kind: 'recorded' as const, variant: null }
      const record = addRefund(bench, id, {
        kind,
        variant,
        state: refund.state,
        fiatMinor: fiat,
        amount: '1',
        currency: arb.currency,
        actor: refund.actor
      })
      let counts = refund.state !== 'failed' && refund.state !== 'cancelled'
      if (counts && refund.failLater) {
        // Fails while its day is still open: it simply stops counting.
        bench.refunds.update(record.id, { state: 'failed' })
        counts = false
      }
      if (counts) totals.refunds += fiat
    }
  })
  return { bench, model, outcomes, sats, coinMicro, cryptoFiat }
}

describe('day figures on randomized days (EUR, JPY, KWD, sats)', () => {
  it('balance to the minor unit and the satoshi; processor and method slices sum to the totals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(saleArb, { minLength: 1, maxLength: 14 }), async (sales) => {
        const { bench, model, outcomes, sats, coinMicro, cryptoFiat } = writeDay(sales)
        try {
          const report = await bench.days.report(DAY)
          const figures = report.figures
          expect(report.state).toBe('open')
          for (const total of figures.totals) {
            const c = total.currency
            const expected = model.get(c)
            expect(expected, c).toBeDefined()
            if (!expected) continue
            const gross = expected.amount - expected.tips - expected.tax + expected.discounts
            expect(total.sales).toBe(expected.sales)
            expect(money(total.gross, c)).toBe(gross)
            expect(money(total.discounts, c)).toBe(expected.discounts)
            expect(money(total.tax, c)).toBe(expected.tax)
            expect(money(total.tips, c)).toBe(expected.tips)
            expect(money(total.refunds, c)).toBe(expected.refunds)
            expect(money(total.underpaid, c)).toBe(expected.underpaid)
            expect(money(total.overpaid, c)).toBe(expected.overpaid)
            // The identity, and net = what was charged less what was refunded.
            const net =
              money(total.gross, c) -
              money(total.discounts, c) +
              money(total.tax, c) +
              money(total.tips, c) -
              money(total.refunds, c)
            expect(money(total.net, c)).toBe(net)
            expect(net).toBe(expected.amount - expected.refunds)
          }
          expect(figures.totals.map((t) => t.currency).sort()).toEqual(
            [...model.entries()]
              .filter(([, m]) => m.sales > 0 || m.underpaid > 0n)
              .map(([c]) => c)
              .sort()
          )
          expectSlicesSum(figures, figures.byProcessor)
          expectSlicesSum(figures, figures.byPaymentMethod)
          for (const slices of [figures.refundsByVariant, figures.refundsByActor]) {
            for (const total of figures.totals) {
              expect(
                slices
                  .filter((slice) => slice.currency === total.currency)
                  .reduce((sum, slice) => sum + money(slice.amount, total.currency), 0n)
              ).toBe(money(total.refunds, total.currency))
            }
          }
          expect(figures.outcomes).toEqual(outcomes)
          const btc = figures.crypto.find((coin) => coin.coin === 'BTC')
          expect(BigInt(btc?.smallestUnit ?? '0')).toBe(sats)
          if (btc) expect(btc.amount).toBe(satsToBtc(sats))
          const usdt = figures.crypto.find((coin) => coin.coin === 'USDT_TRX')
          expect(BigInt(usdt?.smallestUnit ?? '0')).toBe(coinMicro.get('USDT_TRX') ?? 0n)
          for (const coin of figures.crypto) {
            for (const fiat of coin.fiat) {
              expect(money(fiat.amount, fiat.currency)).toBe(cryptoFiat.get(`${coin.coin} ${fiat.currency}`))
            }
          }
        } finally {
          bench.close()
        }
      }),
      { numRuns: 60 }
    )
  })

  it('a late payment after the day was closed appears once, on the next open day; the closed day stays as it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(saleArb, { minLength: 1, maxLength: 6 }),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.constantFrom('EUR', 'JPY', 'KWD'),
        async (sales, lateAmount, currency) => {
          const { bench } = writeDay(
            sales.map((sale) => ({ ...sale, outcome: sale.outcome === 'creating' ? 'open' : sale.outcome }))
          )
          try {
            // An invoice of the day still open when the owner closes it (the day is still current).
            bench.clock.now = START + 20 * 3_600_000
            const late = createSale(bench, {
              currency,
              processor: 'btcpay',
              subtotalMinor: lateAmount,
              discountMinor: 0n,
              taxMinor: 0n,
              tipMinor: 0n,
              taxInclusive: false
            })
            applyInvoice(bench, late, { status: 'New', paidMinor: 0n, payments: [] })
            const closed = bench.days.close(DAY)
            expect(closed.state).toBe('closed')
            bench.clock.now += 3_600_000 // 21:00, still on the closed day
            applyInvoice(bench, late, {
              status: 'Settled',
              paidMinor: lateAmount,
              payments: [{ method: 'BTC-CHAIN', coin: 'BTC', amount: '0.00010000', rate: '60000.00' }]
            })
            expect(await bench.days.report(DAY)).toEqual(closed)
            const next = await bench.days.report('2026-06-11')
            const day2 = (day: string) =>
              bench.ledger.database
                .prepare('SELECT count(*) AS n FROM sales WHERE id = ? AND business_day = ?')
                .get(late, day) as { n: bigint }
            expect(Number(day2('2026-06-11').n)).toBe(1)
            expect(next.corrections).toEqual([
              expect.objectContaining({ kind: 'payment', saleId: late, belongsTo: DAY, currency })
            ])
            const total = next.figures.totals.find((t) => t.currency === currency)
            expect(total?.sales).toBe(1)
            expect(money(total?.net ?? '0', currency)).toBe(lateAmount)
            expect(next.figures.totals.filter((t) => t.currency !== currency)).toEqual([])
          } finally {
            bench.close()
          }
        }
      ),
      { numRuns: 25 }
    )
  })
})
