import { describe, expect, it } from 'vitest'
import { afterEach } from 'vitest'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import {
  ReceiptNumbers,
  businessDay,
  formatReceiptNumber,
  tillIdFrom
} from '../../../src/main/receipts/receipt-numbers'
import { tempDir } from '../../fixtures/temp-dir'

describe('receipt numbers', () => {
  it('formats <till>-<yyyymmdd>-<n>', () => {
    expect(formatReceiptNumber('T1', '20261128', 42)).toBe('T1-20261128-42')
  })

  it('takes the business day in the shop time zone', () => {
    expect(businessDay('2026-11-28T22:59:59Z', 'Europe/Berlin')).toBe('20261128')
    expect(businessDay('2026-11-28T23:00:00Z', 'Europe/Berlin')).toBe('20261129')
    expect(businessDay('2026-11-29T04:59:59Z', 'America/New_York')).toBe('20261128')
    expect(businessDay('2026-03-29T01:30:00Z', 'Europe/Berlin')).toBe('20260329')
  })

  it('reads the till id from the till settings, else T1', () => {
    expect(tillIdFrom(() => null)).toBe('T1')
    expect(tillIdFrom((key) => (key === 'till' ? JSON.stringify({ tillId: 'K2' }) : null))).toBe('K2')
    expect(tillIdFrom((key) => (key === 'tillId' ? 'Front desk' : null))).toBe('Frontdesk')
  })

  describe('in the ledger', () => {
    const dirs: { remove(): void }[] = []
    afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

    function ledgerWithSales(count: number): { ledger: Ledger; numbers: ReceiptNumbers } {
      const dir = tempDir()
      dirs.push(dir)
      const ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')))
      for (let i = 0; i < count; i++) {
        ledger.createSale({
          id: `sale_000000000${i}`,
          currency: 'EUR',
          amountMinor: 100n,
          memo: null,
          lines: [],
          processor: 'demo'
        })
      }
      return { ledger, numbers: new ReceiptNumbers(ledger.database) }
    }

    it('counts per till and business day, restarting at 1 after local midnight, once per sale', () => {
      const { ledger, numbers } = ledgerWithSales(5)
      const zone = 'Europe/Berlin'
      expect(numbers.assign('sale_0000000000', '2026-11-28T21:00:00Z', 'T1', zone)).toBe('T1-20261128-1')
      expect(numbers.assign('sale_0000000001', '2026-11-28T22:59:00Z', 'T1', zone)).toBe('T1-20261128-2')
      // 00:30 in Berlin: a new business day
      expect(numbers.assign('sale_0000000002', '2026-11-28T23:30:00Z', 'T1', zone)).toBe('T1-20261129-1')
      expect(numbers.assign('sale_0000000003', '2026-11-28T23:31:00Z', 'T2', zone)).toBe('T2-20261129-1')
      // a second paid transition never gives a second number
      expect(numbers.assign('sale_0000000000', '2026-11-28T23:40:00Z', 'T1', zone)).toBeNull()
      expect(numbers.assign('sale_0000000004', '2026-11-28T23:41:00Z', 'T1', zone)).toBe('T1-20261129-2')
      expect(ledger.getSale('sale_0000000000')?.receiptNumber).toBe('T1-20261128-1')
      ledger.close()
    })

    it('finds a sale by its whole receipt number and by the start of it, any case', () => {
      const { ledger, numbers } = ledgerWithSales(3)
      for (const [i, at] of [
        '2026-11-28T10:00:00Z',
        '2026-11-28T11:00:00Z',
        '2026-11-29T10:00:00Z'
      ].entries()) {
        numbers.assign(`sale_000000000${i}`, at, 'T1', 'UTC')
      }
      expect(ledger.findSales('T1-20261128-2').map((sale) => sale.id)).toEqual(['sale_0000000001'])
      expect(ledger.findSales('t1-20261128-').map((sale) => sale.id)).toEqual([
        'sale_0000000001',
        'sale_0000000000'
      ])
      ledger.close()
    })
  })
})
