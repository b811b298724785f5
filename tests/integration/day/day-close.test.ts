import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import { addRefund, applyInvoice, createSale, dayBench, type DayBench } from './day-fixture'

const DAY = '2026-06-10'
const RULE = { timeZone: 'Europe/Berlin', startHour: 3 }
/** 12:00 Berlin on the 10th. */
const NOON = Date.parse('2026-06-10T10:00:00Z')

function paidSale(bench: DayBench, amountMinor = 1250n): string {
  const id = createSale(bench, {
    currency: 'EUR',
    processor: 'demo',
    subtotalMinor: amountMinor,
    discountMinor: 0n,
    taxMinor: 0n,
    tipMinor: 0n,
    taxInclusive: false
  })
  bench.clock.now += 1_000
  applyInvoice(bench, id, {
    status: 'Settled',
    paidMinor: amountMinor,
    payments: [{ method: 'BTC-LN', coin: 'BTC', amount: '0.00020000', rate: '62500.00' }]
  })
  return id
}

function conflict(work: () => unknown): { reason?: string; sales?: string } {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(KassaError)
    expect((error as KassaError).code).toBe('conflict')
    return (error as KassaError).params ?? {}
  }
  throw new Error('expected a conflict')
}

describe('closing a business day', () => {
  it('is refused while a sale of the day is being created, then closes, audited, and refuses a second close', () => {
    const bench = dayBench(RULE, NOON)
    try {
      paidSale(bench)
      const creating = createSale(bench, {
        currency: 'EUR',
        processor: 'demo',
        subtotalMinor: 500n,
        discountMinor: 0n,
        taxMinor: 0n,
        tipMinor: 0n,
        taxInclusive: false
      })
      const refused = conflict(() => bench.days.close(DAY))
      expect(refused).toMatchObject({ reason: 'creating', sales: creating })
      expect(bench.days.book.isClosed(DAY)).toBe(false)
      bench.ledger.setSaleState(creating, 'failed', { code: 'processor-invalid-request', message: 'refused' })
      const closed = bench.days.close(DAY)
      expect(closed).toMatchObject({ day: DAY, state: 'closed', closedBy: 'owner', creatingSales: [] })
      expect(closed.closedAt).toBe(new Date(NOON + 1_000).toISOString())
      expect(closed.figures.totals).toEqual([
        expect.objectContaining({ currency: 'EUR', sales: 1, net: '12.50' })
      ])
      expect(closed.figures.byPaymentMethod.map((slice) => slice.key)).toEqual(['BTC-LN'])
      const audit = bench.ledger.database
        .prepare(`SELECT actor, details_json FROM audit_log WHERE action = 'day.closed'`)
        .all() as { actor: string; details_json: string }[]
      expect(audit).toHaveLength(1)
      expect(audit[0]?.actor).toBe('owner')
      expect(JSON.parse(audit[0]?.details_json ?? '{}')).toMatchObject({
        day: DAY,
        sales: 1,
        net: '12.50 EUR'
      })
      expect(conflict(() => bench.days.close(DAY))).toMatchObject({ reason: 'already-closed' })
    } finally {
      bench.close()
    }
  })

  it('refuses a day that has not begun, and closes an earlier open day', () => {
    const bench = dayBench(RULE, NOON)
    try {
      // 02:00 Berlin on the 11th is still the 10th's business day (start hour 3): the 11th has not begun.
      bench.clock.now = Date.parse('2026-06-11T00:00:00Z')
      expect(conflict(() => bench.days.close('2026-06-11'))).toMatchObject({ reason: 'future' })
      expect(bench.days.close('2026-06-01').state).toBe('closed')
    } finally {
      bench.close()
    }
  })

  it('keeps a closed day as it was: a refund given after it and a refund failing after it are corrections on the next open day', async () => {
    const bench = dayBench(RULE, NOON)
    try {
      const sale = paidSale(bench, 4000n)
      bench.clock.now += 60_000
      const early = addRefund(bench, sale, {
        kind: 'pull-payment',
        variant: 'Fiat',
        state: 'awaiting-claim',
        fiatMinor: 1000n,
        amount: '10.00',
        currency: 'EUR'
      })
      const closed = bench.days.close(DAY)
      expect(closed.figures.totals[0]).toMatchObject({ refunds: '10.00', net: '30.00' })
      // The same evening (still the closed day): another refund, and the first one's payout fails.
      bench.clock.now += 3_600_000
      addRefund(bench, sale, {
        kind: 'recorded',
        variant: null,
        state: 'completed',
        fiatMinor: 500n,
        amount: '5.00',
        currency: 'EUR',
        actor: 'owner'
      })
      bench.clock.now += 60_000
      bench.refunds.update(early.id, { state: 'failed' })
      expect(await bench.days.report(DAY)).toEqual(closed)
      const next = await bench.days.report('2026-06-11')
      expect(next.corrections).toEqual([
        expect.objectContaining({ kind: 'refund', saleId: sale, belongsTo: DAY, amount: '5.00' }),
        expect.objectContaining({ kind: 'refund', saleId: sale, belongsTo: DAY, amount: '-10.00' })
      ])
      // 5.00 refunded, 10.00 given back: net +5.00 on the 11th, with no sale.
      expect(next.figures.totals).toEqual([
        expect.objectContaining({ currency: 'EUR', sales: 0, refunds: '-5.00', net: '5.00' })
      ])
      expect(next.figures.refundsByVariant).toEqual([
        { key: 'Fiat', count: 0, currency: 'EUR', amount: '-10.00' },
        { key: 'recorded', count: 1, currency: 'EUR', amount: '5.00' }
      ])
      expect(next.figures.refundsByActor).toEqual([
        { key: 'cashier', count: 0, currency: 'EUR', amount: '-10.00' },
        { key: 'owner', count: 1, currency: 'EUR', amount: '5.00' }
      ])
      // Both days together: 40.00 sold, 5.00 refunded.
      expect(next.figures.byProcessor[0]?.net).toBe('5.00')
    } finally {
      bench.close()
    }
  })

  it('keeps a refused refund intent of a closed day (as failed) and gives it back on the next open day', async () => {
    const bench = dayBench(RULE, NOON)
    try {
      const sale = paidSale(bench, 4000n)
      const intent = addRefund(bench, sale, {
        kind: 'pull-payment',
        variant: 'RateThen',
        state: 'pending',
        fiatMinor: 4000n,
        amount: '0.00064000',
        currency: 'BTC'
      })
      bench.days.close(DAY)
      bench.clock.now += 60_000
      bench.refunds.dropRefused(intent.id)
      expect(bench.refunds.get(intent.id)?.state).toBe('failed')
      const next = await bench.days.report('2026-06-11')
      expect(next.figures.totals[0]).toMatchObject({ refunds: '-40.00', net: '40.00' })
      // An intent refused while its day is open is dropped as before.
      const other = addRefund(bench, paidSale(bench, 100n), {
        kind: 'pull-payment',
        variant: 'Fiat',
        state: 'pending',
        fiatMinor: 100n,
        amount: '1.00',
        currency: 'EUR'
      })
      bench.refunds.dropRefused(other.id)
      expect(bench.refunds.get(other.id)).toBeNull()
    } finally {
      bench.close()
    }
  })

  it('lists the last days newest first, closed ones from their frozen figures', async () => {
    const bench = dayBench(RULE, NOON)
    try {
      paidSale(bench, 700n)
      bench.days.close(DAY)
      bench.clock.now = Date.parse('2026-06-12T10:00:00Z')
      paidSale(bench, 300n)
      const list = await bench.days.list(3)
      expect(list).toEqual([
        {
          day: '2026-06-12',
          state: 'open',
          closedAt: null,
          sales: 1,
          net: [{ currency: 'EUR', amount: '3.00' }]
        },
        { day: '2026-06-11', state: 'open', closedAt: null, sales: 0, net: [] },
        {
          day: DAY,
          state: 'closed',
          closedAt: new Date(NOON + 1_000).toISOString(),
          sales: 1,
          net: [{ currency: 'EUR', amount: '7.00' }]
        }
      ])
      const charts = await bench.days.charts('2026-06-12')
      expect(charts.last30Days.at(-1)).toEqual({ day: '2026-06-12', sales: 1, net: '3.00' })
      expect(charts.last30Days.at(-3)).toEqual({ day: DAY, sales: 1, net: '7.00' })
      expect(charts.methodMix).toEqual([{ method: 'BTC-LN', sales: 1, amount: '3.00' }])
    } finally {
      bench.close()
    }
  })
})
