import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { formatMinor } from '@shared/money'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let ledger: Ledger
let clock = 0
const at = (iso: string) => (clock = Date.parse(iso))

beforeEach(() => {
  dir = tempDir()
  ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')), () => clock)
})

afterEach(() => {
  ledger.close()
  dir.remove()
})

function charge(id: string, amountMinor: bigint, currency = 'USD') {
  const amount = formatMinor(amountMinor, currency)
  ledger.createSale({ id, currency, amountMinor, memo: null, lines: [], processor: 'demo' })
  const invoice = fakeInvoice(`inv_${id}`, id, { currency, amount, due: amount })
  ledger.applyInvoice(id, invoice)
  return {
    settle: () => ledger.applyInvoice(id, { ...invoice, status: 'Settled', paid: amount, due: '0' }),
    expire: () => ledger.applyInvoice(id, { ...invoice, status: 'Expired' })
  }
}

describe('paid_at: when a sale became paid', () => {
  it('is set at the ledger time the invoice settles, and kept through later reads', () => {
    at('2026-03-02T09:00:00.000Z')
    const sale = charge('sale_0000000000000001', 1234n)
    expect(ledger.getSale('sale_0000000000000001')?.paidAt).toBeNull()
    at('2026-03-02T09:01:30.000Z')
    sale.settle()
    at('2026-03-02T10:00:00.000Z')
    ledger.applyInvoice(
      'sale_0000000000000001',
      fakeInvoice('inv_sale_0000000000000001', 'sale_0000000000000001', {
        status: 'Settled',
        additionalStatus: 'PaidOver',
        paid: '13.00'
      })
    )
    expect(ledger.getSale('sale_0000000000000001')).toMatchObject({
      state: 'paid',
      paidAt: '2026-03-02T09:01:30.000Z'
    })
  })

  it('stays null for a sale that expires or is cancelled, and is set when a cancelled sale is paid anyway', () => {
    at('2026-03-02T09:00:00.000Z')
    charge('sale_0000000000000002', 500n).expire()
    const cancelled = charge('sale_0000000000000003', 700n)
    ledger.setSaleState('sale_0000000000000003', 'cancelled', null, 'cashier')
    expect(ledger.getSale('sale_0000000000000002')?.paidAt).toBeNull()
    expect(ledger.getSale('sale_0000000000000003')?.paidAt).toBeNull()
    at('2026-03-02T09:05:00.000Z')
    cancelled.settle()
    expect(ledger.getSale('sale_0000000000000003')).toMatchObject({
      state: 'paid',
      paidAt: '2026-03-02T09:05:00.000Z'
    })
  })
})

describe('sales paid in a range [from, to) (ms since the epoch)', () => {
  beforeEach(() => {
    const pay = (id: string, iso: string, minor: bigint, currency = 'USD') => {
      at('2026-03-01T12:00:00.000Z')
      const sale = charge(id, minor, currency)
      at(iso)
      sale.settle()
    }
    pay('sale_00000000000000a1', '2026-03-01T23:59:59.999Z', 100n)
    pay('sale_00000000000000a2', '2026-03-02T00:00:00.000Z', 250n)
    pay('sale_00000000000000a3', '2026-03-02T13:30:00.000Z', 1000n, 'EUR')
    pay('sale_00000000000000a4', '2026-03-02T23:59:59.999Z', 4n)
    pay('sale_00000000000000a5', '2026-03-03T00:00:00.000Z', 9000n)
    at('2026-03-02T10:00:00.000Z')
    charge('sale_00000000000000a6', 77n) // still awaiting: not paid in any range
  })

  const from = Date.parse('2026-03-02T00:00:00.000Z')
  const to = Date.parse('2026-03-03T00:00:00.000Z')

  it('lists them oldest first, the start included and the end excluded', () => {
    expect(ledger.salesPaidBetween(from, to).map((sale) => [sale.id, sale.paidAt])).toEqual([
      ['sale_00000000000000a2', '2026-03-02T00:00:00.000Z'],
      ['sale_00000000000000a3', '2026-03-02T13:30:00.000Z'],
      ['sale_00000000000000a4', '2026-03-02T23:59:59.999Z']
    ])
  })

  it('counts and sums them per currency, in minor units', () => {
    expect(ledger.paidTotals(from, to)).toEqual([
      { currency: 'EUR', count: 1, totalMinor: 1000n },
      { currency: 'USD', count: 2, totalMinor: 254n }
    ])
    expect(ledger.paidTotals(to, to + 1)).toEqual([{ currency: 'USD', count: 1, totalMinor: 9000n }])
    expect(ledger.paidTotals(to + 1, to + 2)).toEqual([])
  })

  it('refuses a bound that is not a time', () => {
    expect(() => ledger.paidTotals(Number.NaN, to)).toThrow(RangeError)
  })
})
