import { describe, expect, it } from 'vitest'
import {
  dayNumber,
  lapsedVisit,
  medianGap,
  rateText,
  refundSpikes,
  weekBounds
} from '../../../src/main/ledger/churn-queries'

const days = (...list: string[]): number[] => list.map(dayNumber)

describe('median interval between visits', () => {
  it.each([
    { visits: [], median: null },
    { visits: ['2026-01-01'], median: null },
    { visits: ['2026-01-01', '2026-01-08'], median: 7 },
    { visits: ['2026-01-01', '2026-01-08', '2026-01-10'], median: 4.5 },
    { visits: ['2026-01-01', '2026-01-02', '2026-01-09', '2026-01-30'], median: 7 },
    { visits: ['2026-02-26', '2026-03-01', '2026-03-04'], median: 3 }
  ])('$visits → $median', ({ visits, median }) => {
    expect(medianGap(days(...visits))).toBe(median)
  })
})

describe('a lapsed returning customer', () => {
  const weekly = ['2026-01-01', '2026-01-08', '2026-01-15']
  it.each([
    { visits: weekly, today: '2026-01-29', lapsed: null, why: 'exactly 2 × 7 days: not yet' },
    {
      visits: weekly,
      today: '2026-01-30',
      lapsed: { usualIntervalDays: 7, daysSince: 15 },
      why: 'past 2 × 7'
    },
    { visits: weekly.slice(0, 2), today: '2026-06-01', lapsed: null, why: 'two visits are not returning' },
    {
      visits: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-03-01'],
      today: '2026-03-04',
      lapsed: { usualIntervalDays: 1, daysSince: 3 },
      why: 'median, not mean: one long gap does not stretch the usual interval'
    },
    { visits: weekly, today: '2026-01-15', lapsed: null, why: 'came today' }
  ])('$why', ({ visits, today, lapsed }) => {
    expect(lapsedVisit(days(...visits), dayNumber(today))).toEqual(lapsed)
  })
})

describe('rates', () => {
  it.each([
    [0, 0, '0.0000'],
    [0, 10, '0.0000'],
    [1, 3, '0.3333'],
    [2, 3, '0.6667'],
    [1, 8, '0.1250'],
    [1, 20000, '0.0001'],
    [1, 20001, '0.0000'],
    [5, 5, '1.0000'],
    [7, 2, '3.5000']
  ])('%i / %i → %s', (part, whole, text) => {
    expect(rateText(part, whole)).toBe(text)
  })

  it('cuts 8 rolling weeks ending now, oldest first', () => {
    const now = Date.UTC(2026, 10, 28, 12)
    const weeks = weekBounds(now, 8)
    expect(weeks).toHaveLength(8)
    expect(weeks[7]!.to).toBe(now)
    expect(weeks[0]!.from).toBe(now - 56 * 86_400_000)
    for (let i = 1; i < 8; i++) expect(weeks[i]!.from).toBe(weeks[i - 1]!.to)
  })
})

describe('refund-rate spikes', () => {
  const flat = { paidSales: 100, refunds: 2 }
  it.each([
    { why: 'a steady rate is no spike', weeks: [flat, flat, flat, flat, flat], spike: false, mean: '0.0200' },
    {
      why: 'more than twice the trailing mean with 3+ refunds',
      weeks: [flat, flat, flat, flat, { paidSales: 100, refunds: 5 }],
      spike: true,
      mean: '0.0200'
    },
    {
      why: 'exactly twice the mean is not above it',
      weeks: [flat, flat, flat, flat, { paidSales: 100, refunds: 4 }],
      spike: false,
      mean: '0.0200'
    },
    {
      why: 'too few refunds to call it a spike',
      weeks: [{ paidSales: 100, refunds: 0 }, flat, flat, flat, { paidSales: 10, refunds: 2 }],
      spike: false,
      mean: '0.0150'
    },
    {
      why: 'refunds after weeks without any',
      weeks: [...Array(4).fill({ paidSales: 50, refunds: 0 }), { paidSales: 50, refunds: 3 }],
      spike: true,
      mean: '0.0000'
    },
    {
      why: 'weeks without sales stay out of the mean',
      weeks: [{ paidSales: 0, refunds: 0 }, flat, flat, flat, { paidSales: 100, refunds: 5 }],
      spike: true,
      mean: '0.0200'
    },
    {
      why: 'no history at all: 3+ refunds is a spike',
      weeks: [...Array(4).fill({ paidSales: 0, refunds: 0 }), { paidSales: 20, refunds: 3 }],
      spike: true,
      mean: null
    }
  ])('$why', ({ weeks, spike, mean }) => {
    const [judged] = refundSpikes(weeks as { paidSales: number; refunds: number }[])
    expect(judged).toMatchObject({ spike, trailingMean: mean })
  })

  it('judges each week against the 4 before it', () => {
    const weeks = [flat, flat, flat, flat, { paidSales: 100, refunds: 9 }, flat, flat]
    expect(refundSpikes(weeks).map((w) => w.spike)).toEqual([true, false, false])
    expect(refundSpikes(weeks)[1]!.trailingMean).toBe('0.0375')
  })
})
