import { describe, expect, it } from 'vitest'
import type { DayReportView } from '@shared/day'
import { dayRows } from '../../../src/main/day/day-rows'
import { FIXTURE_SHOP, fixtureReport } from './day-report-fixture'

// The day close's documents show the failed charges recovered on the day, apart from its totals, in both languages.

const report = (): DayReportView => {
  const base = fixtureReport()
  return {
    ...base,
    figures: { ...base.figures, recovered: [{ currency: 'EUR', count: 1, amount: '12.50' }] },
    recoveries: [
      {
        itemId: `rec_${'0'.repeat(32)}`,
        saleId: 'sale_failed',
        receiptNumber: null,
        saleDay: '2026-11-27',
        at: '2026-11-28T10:00:00.000Z',
        currency: 'EUR',
        amount: '12.50'
      }
    ]
  }
}
const text = (rows: ReturnType<typeof dayRows>) => JSON.stringify(rows)

describe('the recovered section of the day close', () => {
  it('lists the sum per currency and each recovery in English', () => {
    const rows = text(
      dayRows(report(), { locale: 'en-GB', shop: FIXTURE_SHOP, madeAt: '2026-11-29T08:00:00Z' })
    )
    expect(rows).toContain('Recovered failed charges')
    expect(rows).toContain('Not included in the totals and net above.')
    expect(rows).toContain('sale_failed')
    expect(rows).toContain('failed on 2026-11-27')
    expect(rows).toMatch(/€12\.50/)
  })
  it('in German', () => {
    const rows = text(
      dayRows(report(), { locale: 'de-DE', shop: FIXTURE_SHOP, madeAt: '2026-11-29T08:00:00Z' })
    )
    expect(rows).toContain('Nachträglich bezahlte fehlgeschlagene Zahlungen')
    expect(rows).toContain('fehlgeschlagen am 2026-11-27')
    expect(rows).toMatch(/12,50\s€/)
  })
  it('says none for a report frozen before recovery existed', () => {
    const rows = dayRows(fixtureReport(), {
      locale: 'en',
      shop: FIXTURE_SHOP,
      madeAt: '2026-11-29T08:00:00Z'
    })
    const at = rows.findIndex((row) => row.type === 'heading' && row.text === 'Recovered failed charges')
    expect(rows[at + 1]).toMatchObject({ type: 'text', text: 'None' })
  })
})
