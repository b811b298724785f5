import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let ledger: Ledger

beforeEach(() => {
  dir = tempDir()
  ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')))
})

afterEach(() => {
  ledger.close()
  dir.remove()
})

const sale = (id: string) => ({
  id,
  currency: 'USD',
  amountMinor: 1234n,
  memo: null,
  lines: [],
  processor: 'demo'
})

describe('ledger batches', () => {
  it('runs createSale and applyInvoice, each atomic on its own, as one transaction', () => {
    ledger.batch(() => {
      for (const id of ['sale_00000000000000a1', 'sale_00000000000000a2']) {
        ledger.createSale(sale(id))
        ledger.applyInvoice(
          id,
          fakeInvoice(`inv_${id}`, id, { status: 'Settled', paid: '12.34', due: '0.00' })
        )
      }
    })
    expect(ledger.getSale('sale_00000000000000a2')?.state).toBe('paid')
    expect(ledger.database.inTransaction).toBe(false)
  })

  it('rolls the whole batch back when it throws', () => {
    expect(() =>
      ledger.batch(() => {
        ledger.createSale(sale('sale_00000000000000b1'))
        throw new Error('import stopped')
      })
    ).toThrow('import stopped')
    expect(ledger.getSale('sale_00000000000000b1')).toBeNull()
  })

  it('rolls back only the write that failed inside a batch, keeping the rest', () => {
    ledger.batch(() => {
      ledger.createSale(sale('sale_00000000000000c1'))
      expect(() =>
        ledger.applyInvoice(
          'sale_00000000000000c1',
          fakeInvoice('inv_c1', 'sale_00000000000000c1', { paid: 'x' })
        )
      ).toThrow()
    })
    expect(ledger.getSale('sale_00000000000000c1')?.state).toBe('creating')
    expect(ledger.getInvoiceForSale('sale_00000000000000c1')).toBeNull()
  })
})
