import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChurnSignalsView } from '@shared/customers'
import type { Core } from '../../../src/main/core'
import { tempDir } from '../../fixtures/temp-dir'
import { call, testCore } from '../core/helpers'

// churn:signals over a ledger written as the till would have: paid sales with their business day and customer,
// expired and cancelled charges, refunds. The clock is fixed; the business day is UTC from midnight.

const NOW = Date.UTC(2026, 10, 28, 12)
const DAY = 86_400_000
let dir: ReturnType<typeof tempDir>
let core: Core
let seq = 0
let signals: ChurnSignalsView

function sale(at: number, state: string, customerId: string | null = null): string {
  const id = `sale_${String(++seq).padStart(8, '0')}`
  const iso = new Date(at).toISOString()
  core.ledger.database
    .prepare(
      `INSERT INTO sales (id, created_at, updated_at, currency, amount_minor, processor, state, paid_at, business_day,
         customer_id) VALUES (?, ?, ?, 'EUR', 500, 'demo', ?, ?, ?, ?)`
    )
    .run(
      id,
      iso,
      iso,
      state,
      state === 'paid' ? iso : null,
      state === 'paid' ? iso.slice(0, 10) : null,
      customerId
    )
  return id
}

function refund(saleId: string, at: number, state = 'completed'): void {
  const iso = new Date(at).toISOString()
  core.ledger.database
    .prepare(
      `INSERT INTO refunds (id, sale_id, processor, kind, amount, currency, fiat_minor, state, created_at, updated_at)
         VALUES (?, ?, 'demo', 'recorded', '1.00', 'EUR', 100, ?, ?, ?)`
    )
    .run(`rfd_${++seq}`, saleId, state, iso, iso)
}

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path, { now: () => NOW })
  await core.start()
  const customer = (name: string) => core.customers.save({ name, email: null, phone: null }, 'owner').id
  const weekly = customer('Wendy Weekly')
  const lapsedWeekly = customer('Lars Lapsed')
  const twice = customer('Tessa Twice')
  // Weekly, last seen 6 days ago: not lapsed. Weekly, last seen 20 days ago: lapsed (> 14).
  for (const daysAgo of [27, 20, 13, 6]) sale(NOW - daysAgo * DAY, 'paid', weekly)
  for (const daysAgo of [41, 34, 27, 20]) sale(NOW - daysAgo * DAY, 'paid', lapsedWeekly)
  // Two sales on one day are one visit: Lars's visits stay weekly.
  sale(NOW - 20 * DAY + 3_600_000, 'paid', lapsedWeekly)
  // Only two visits, long ago: not a returning customer.
  for (const daysAgo of [90, 60]) sale(NOW - daysAgo * DAY, 'paid', twice)
  // An unpaid charge of Wendy's counts as no visit.
  sale(NOW - 1 * DAY, 'expired', weekly)

  // Failed charges: in the last week 10 sales, 2 expired (one above) and 1 cancelled.
  for (let i = 0; i < 6; i++) sale(NOW - 2 * DAY, 'paid')
  sale(NOW - 3 * DAY, 'expired')
  sale(NOW - 3 * DAY, 'cancelled')
  // Refunds: 12 weeks of 20 paid sales with 1 refund, then a week with 6 refunds (two weeks ago).
  for (let week = 2; week < 12; week++) {
    const at = NOW - (week * 7 + 3) * DAY
    const ids = Array.from({ length: 20 }, () => sale(at, 'paid'))
    const refunds = week === 2 ? 6 : 1
    for (let i = 0; i < refunds; i++) refund(ids[i]!, at + DAY)
    refund(ids[19]!, at + DAY, 'cancelled')
  }
  // Written straight into the tables, so the visit stats the paid path keeps are rebuilt from them.
  expect(core.customers.rebuildStats()).toBe(3)
  signals = await call(core, 'churn:signals', {})
})

afterAll(async () => {
  await core.stop()
  dir.remove()
})

describe('churn signals', () => {
  it('lists the returning customer whose usual interval lapsed, with last visit and interval', () => {
    expect(signals.lapsed).toEqual([
      expect.objectContaining({
        label: 'Lars Lapsed',
        visits: 4,
        lastVisit: new Date(NOW - 20 * DAY).toISOString().slice(0, 10),
        usualIntervalDays: 7,
        daysSince: 20
      })
    ])
    expect(signals.lapsedTotal).toBe(1)
    expect(signals.lapsed[0]!.customerId).toMatch(/^cus_/)
  })

  it('gives the weekly rate of expired and abandoned charges with the sales behind it', () => {
    expect(signals.failedCharges).toHaveLength(8)
    const last = signals.failedCharges.at(-1)!
    expect(last).toMatchObject({ sales: 10, expired: 2, abandoned: 1, rate: '0.3000' })
    expect(last.saleIds).toHaveLength(3)
    expect(last.to).toBe(new Date(NOW).toISOString())
  })

  it('flags the refund-rate spike against the trailing mean, with its sales', () => {
    expect(signals.refunds).toHaveLength(8)
    const spikes = signals.refunds.filter((week) => week.spike)
    expect(spikes).toHaveLength(1)
    // Two weeks ago: 20 sales + 3 of Wendy's and Lars's; the 4 weeks before: 1 refund in 22, 21, 21 and 20.
    expect(spikes[0]).toMatchObject({ paidSales: 23, refunds: 6, rate: '0.2609', trailingMean: '0.0477' })
    expect(spikes[0]!.saleIds).toHaveLength(6)
    expect(signals.refunds.at(-1)).toMatchObject({ paidSales: 7, refunds: 0, spike: false })
  })
})
