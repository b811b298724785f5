import { describe, expect, it } from 'vitest'
import { satsToBtc } from '@shared/money'
import { applyInvoice, createSale, dayBench } from './day-fixture'

/** Pay a 10.00 EUR sale at `iso`. @returns its id */
function paidAt(bench: ReturnType<typeof dayBench>, iso: string): string {
  bench.clock.now = Date.parse(iso) - 1_000
  const id = createSale(bench, {
    currency: 'EUR',
    processor: 'demo',
    subtotalMinor: 1000n,
    discountMinor: 0n,
    taxMinor: 0n,
    tipMinor: 0n,
    taxInclusive: false
  })
  bench.clock.now = Date.parse(iso)
  applyInvoice(bench, id, {
    status: 'Settled',
    paidMinor: 1000n,
    payments: [{ method: 'BTC-CHAIN', coin: 'BTC', amount: satsToBtc(10_000n), rate: '100000.00' }]
  })
  return id
}

const CASES = [
  {
    zone: 'Europe/Berlin',
    short: { day: '2026-03-28', hours: 23 },
    long: { day: '2026-10-24', hours: 25, repeated: '02:00' },
    sales: [
      // 01:30 CET, just before clocks jump from 02:00 to 03:00: still the 28th's.
      { at: '2026-03-29T00:30:00Z', day: '2026-03-28', label: '01:00' },
      // 03:00 CEST: the 29th begins.
      { at: '2026-03-29T01:00:00Z', day: '2026-03-29', label: '03:00' },
      // 02:30 CEST and 02:30 CET (the hour that happens twice): both the 24th's, in two different hours.
      { at: '2026-10-25T00:30:00Z', day: '2026-10-24', label: '02:00' },
      { at: '2026-10-25T01:30:00Z', day: '2026-10-24', label: '02:00' },
      // 03:00 CET: the 25th begins.
      { at: '2026-10-25T02:00:00Z', day: '2026-10-25', label: '03:00' }
    ]
  },
  {
    zone: 'America/New_York',
    short: { day: '2026-03-07', hours: 23 },
    long: { day: '2026-10-31', hours: 25, repeated: '01:00' },
    sales: [
      { at: '2026-03-08T06:59:00Z', day: '2026-03-07', label: '01:00' },
      { at: '2026-03-08T07:00:00Z', day: '2026-03-08', label: '03:00' },
      { at: '2026-11-01T05:30:00Z', day: '2026-10-31', label: '01:00' },
      { at: '2026-11-01T06:30:00Z', day: '2026-10-31', label: '01:00' },
      { at: '2026-11-01T07:30:00Z', day: '2026-10-31', label: '02:00' },
      { at: '2026-11-01T08:00:00Z', day: '2026-11-01', label: '03:00' }
    ]
  }
]

describe('business days across daylight-saving changes, start hour 3', () => {
  for (const c of CASES) {
    it(`${c.zone}: 23- and 25-hour days, sales in the missing and repeated hours on the right day and hour`, async () => {
      const bench = dayBench({ timeZone: c.zone, startHour: 3 }, Date.parse('2026-03-01T12:00:00Z'))
      try {
        const ids = c.sales.map((sale) => paidAt(bench, sale.at))
        bench.clock.now = Date.parse('2026-12-01T12:00:00Z')
        for (const [i, sale] of c.sales.entries()) {
          const row = bench.ledger.database
            .prepare('SELECT business_day FROM sales WHERE id = ?')
            .get(ids[i]) as { business_day: string }
          expect(row.business_day, sale.at).toBe(sale.day)
        }
        const short = await bench.days.report(c.short.day)
        expect(short.hours).toBe(23)
        expect(short.startHour).toBe(3)
        const long = await bench.days.report(c.long.day)
        expect(long.hours).toBe(25)
        for (const day of [c.short.day, c.long.day, ...c.sales.map((s) => s.day)]) {
          const report = await bench.days.report(day)
          const expected = c.sales.filter((sale) => sale.day === day).length
          expect(report.figures.totals[0]?.sales ?? 0, day).toBe(expected)
        }
        const charts = await bench.days.charts(c.long.day)
        expect(charts.byHour).toHaveLength(25)
        expect(charts.byHour[0]?.label).toBe('03:00')
        const repeated = charts.byHour.filter((hour) => hour.label === c.long.repeated)
        expect(repeated).toHaveLength(2)
        for (const sale of c.sales.filter((s) => s.day === c.long.day)) {
          const hour = charts.byHour.find(
            (h) =>
              Date.parse(h.at) <= Date.parse(sale.at) && Date.parse(sale.at) < Date.parse(h.at) + 3_600_000
          )
          expect(hour?.label).toBe(sale.label)
          expect(hour?.sales).toBe(1)
          expect(hour?.amount).toBe('10.00')
        }
        const shortCharts = await bench.days.charts(c.short.day)
        expect(shortCharts.byHour).toHaveLength(23)
        expect(shortCharts.byHour.map((h) => h.label)).not.toContain('02:00')
      } finally {
        bench.close()
      }
    })
  }
})
