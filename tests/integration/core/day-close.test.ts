import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RefundView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { businessDayOf } from '../../../src/main/day/business-day'
import { tempDir } from '../../fixtures/temp-dir'
import { call, invoke, testCore, waitForState } from './helpers'

let dir: ReturnType<typeof tempDir>
let core: Core

beforeEach(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
})

afterEach(async () => {
  await core.stop()
  dir.remove()
})

async function paidSale(amount: string, method: 'BTC-CHAIN' | 'BTC-LN') {
  const sale = await call(core, 'sale:charge', { amount, currency: 'EUR' })
  await call(core, 'demo:simulate', { saleId: sale.id, kind: 'full', paymentMethod: method })
  return waitForState(core, sale.id, 'paid')
}

describe('day:report and day:close through the handlers (Demo processor)', () => {
  it('reports the open day, closes it (audited, once), and keeps the close across a restart', async () => {
    // A bar closing at 23:00 UTC: most of the UTC day still belongs to the business day before.
    await call(core, 'settings:update', { currency: 'EUR', businessDay: { timeZone: 'UTC', startHour: 23 } })
    const rule = { timeZone: 'UTC', startHour: 23 }
    const first = await paidSale('12.34', 'BTC-CHAIN')
    const second = await paidSale('5.00', 'BTC-LN')
    const open = await call(core, 'sale:charge', { amount: '3.00', currency: 'EUR' })
    const refund = (await call(core, 'refund:create', { saleId: first.id, variant: 'Fiat' })) as RefundView
    expect(refund.fiatAmount).not.toBeNull()
    const day = businessDayOf(Date.now(), rule)
    // Receipt numbers follow the business day too (zone and start hour).
    const paidAt = core.ledger.getSale(first.id)?.paidAt ?? ''
    expect(first.receiptNumber ?? core.ledger.getSale(first.id)?.receiptNumber).toContain(
      `-${businessDayOf(paidAt, rule).replace(/-/g, '')}-`
    )

    const report = await call(core, 'day:report', {})
    expect(report).toMatchObject({
      day,
      state: 'open',
      current: true,
      timeZone: 'UTC',
      startHour: 23,
      hours: 24
    })
    const [eur] = report.figures.totals
    expect(eur).toMatchObject({ currency: 'EUR', sales: 2, gross: '17.34', refunds: refund.fiatAmount })
    const refunded = BigInt(refund.fiatAmount!.replace('.', ''))
    expect(eur?.net).toBe(
      `${(1734n - refunded) / 100n}.${String((1734n - refunded) % 100n).padStart(2, '0')}`
    )
    expect(report.figures.byProcessor.map((slice) => [slice.key, slice.sales])).toEqual([['demo', 2]])
    expect(report.figures.byPaymentMethod.map((slice) => [slice.key, slice.sales, slice.gross])).toEqual([
      ['BTC-CHAIN', 1, '12.34'],
      ['BTC-LN', 1, '5.00']
    ])
    expect(report.figures.crypto).toEqual([expect.objectContaining({ coin: 'BTC' })])
    expect(report.figures.crypto[0]?.fiat).toEqual([{ currency: 'EUR', amount: '17.34' }])
    expect(report.figures.outcomes).toMatchObject({ settled: 2, open: 1, creating: 0 })
    expect(report.figures.refundsByVariant).toEqual([
      { key: 'Fiat', count: 1, currency: 'EUR', amount: refund.fiatAmount }
    ])
    expect(report.figures.refundsByActor).toEqual([
      { key: 'cashier', count: 1, currency: 'EUR', amount: refund.fiatAmount }
    ])
    expect(second.state).toBe('paid')
    expect(open.state).toBe('awaiting')

    const future = await invoke(core, 'day:close', { day: '2999-01-01' })
    expect(future).toMatchObject({ ok: false, error: { code: 'conflict', params: { reason: 'future' } } })
    const closed = await call(core, 'day:close', { day })
    expect(closed).toMatchObject({ day, state: 'closed', closedBy: 'owner', figures: report.figures })
    const again = await invoke(core, 'day:close', { day })
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'conflict', params: { reason: 'already-closed' } }
    })
    const audit = core.ledger.database
      .prepare(`SELECT actor FROM audit_log WHERE action = 'day.closed'`)
      .all() as { actor: string }[]
    expect(audit).toEqual([{ actor: 'owner' }])

    await core.stop()
    core = testCore(dir.path)
    await core.start()
    expect(await call(core, 'day:report', { day })).toEqual(closed)
    const [today] = await call(core, 'day:list', { limit: 2 })
    expect(today).toMatchObject({ day, state: 'closed', closedAt: closed.closedAt, sales: 2 })
    const charts = await call(core, 'day:charts', {})
    expect(charts.byHour).toHaveLength(24)
    expect(charts.byHour.reduce((sum, hour) => sum + hour.sales, 0)).toBe(2)
    expect(charts.methodMix).toEqual([
      { method: 'BTC-CHAIN', sales: 1, amount: '12.34' },
      { method: 'BTC-LN', sales: 1, amount: '5.00' }
    ])
  })
})
