import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { SaleLine } from '@shared/contract'
import { formatMinor } from '@shared/money'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

let dir: ReturnType<typeof tempDir>
let ledger: Ledger
let clock = Date.parse('2026-03-02T09:00:00.000Z')

beforeEach(() => {
  dir = tempDir()
  ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')), () => clock)
})

afterEach(() => {
  ledger.close()
  dir.remove()
})

function sale(
  id: string,
  invoiceId: string | null,
  {
    amountMinor = 1234n,
    memo = null,
    lines = []
  }: { amountMinor?: bigint; memo?: string | null; lines?: SaleLine[] } = {}
): void {
  clock += 1000
  ledger.createSale({ id, currency: 'USD', amountMinor, memo, lines, processor: 'btcpay' })
  const amount = formatMinor(amountMinor, 'USD')
  if (invoiceId)
    ledger.applyInvoice(id, fakeInvoice(invoiceId, id, { processor: 'btcpay', amount, due: amount }))
}

const ids = (query: string, limit?: number) => ledger.findSales(query, limit).map((found) => found.id)

describe('sale:find through indexes', () => {
  beforeEach(() => {
    sale('sale_0a1b2c3d4e5f60718293', 'Hx7Kp2QdTz9wLmN4aBcDeF', {
      memo: 'Table 4',
      lines: [
        { name: 'Flat white', unitPrice: '4.20', quantity: 2 },
        { name: 'Café crème', unitPrice: '3.94', quantity: 1 }
      ],
      amountMinor: 1234n
    })
    sale('sale_0a1b99999999999999aa', 'hX7kQQQQQQQQQQQQQQQQQQ', { memo: 'Take away', amountMinor: 11234n })
    sale('sale_ffffffffffffffffffff', 'Zz00000000000000000000', {
      lines: [{ name: 'Espresso 12', unitPrice: '120.00', quantity: 1 }],
      amountMinor: 12000n
    })
  })

  it('finds by the start of a sale id, in any case, newest first', () => {
    expect(ids('sale_0a1b')).toEqual(['sale_0a1b99999999999999aa', 'sale_0a1b2c3d4e5f60718293'])
    expect(ids('SALE_0A1B2C')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('sale_0a1b2c3d4e5f60718293')).toEqual(['sale_0a1b2c3d4e5f60718293'])
  })

  it('finds by the start of an invoice id whatever the case it was stored or typed in', () => {
    expect(ids('hx7k')).toEqual(['sale_0a1b99999999999999aa', 'sale_0a1b2c3d4e5f60718293'])
    expect(ids('HX7KP2')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('hx7kp2qdtz9wlmn4abcdef')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('Hx7Kq')).toEqual(['sale_0a1b99999999999999aa'])
  })

  it('matches the query literally: % and _ are no wildcards', () => {
    expect(ids('sale%')).toEqual([])
    expect(ids('sale_0_1b')).toEqual([])
  })

  it('finds by words of the memo or the line names, any case and accents, every word required', () => {
    expect(ids('flat')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('WHITE flat')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('cafe creme')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('take')).toEqual(['sale_0a1b99999999999999aa'])
    expect(ids('flat away')).toEqual([])
  })

  it('finds by the start of a word, newest first, through the words the sales have', () => {
    sale('sale_0b00000000000000000001', null, {
      lines: [{ name: 'Flatbread', unitPrice: '5.00', quantity: 1 }]
    })
    expect(ids('flat')).toEqual(['sale_0b00000000000000000001', 'sale_0a1b2c3d4e5f60718293'])
    expect(ids('flatb')).toEqual(['sale_0b00000000000000000001'])
    expect(ids('crem caf')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('flax')).toEqual([])
  })

  it('still finds by a word start shared by very many words', () => {
    ledger.batch(() => {
      for (let n = 0; n < 80; n++) sale(`sale_0c${String(n).padStart(20, '0')}`, null, { memo: `Item${n}x` })
    })
    expect(ids('item', 3)).toEqual([
      'sale_0c00000000000000000079',
      'sale_0c00000000000000000078',
      'sale_0c00000000000000000077'
    ])
    expect(ids('item7', 20)).toHaveLength(11)
  })

  it('finds by amount as the till shows it, whole: "12.34" is that amount, not 112.34 nor 12.43', () => {
    expect(ids('12.34')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('112.34')).toEqual(['sale_0a1b99999999999999aa'])
    expect(ids('12.3')).toEqual([])
    // a bare number is a whole word: 12 finds 12.34 and "Espresso 12", not 120.00
    expect(ids('12 ')).toEqual(['sale_ffffffffffffffffffff', 'sale_0a1b2c3d4e5f60718293'])
  })

  it('takes FTS5 syntax in a query as text, never as an operator or an error', () => {
    expect(ids('flat" OR *')).toEqual([])
    expect(ids('NEAR(flat white)')).toEqual([])
    expect(ids('"flat"')).toEqual(['sale_0a1b2c3d4e5f60718293'])
    expect(ids('---')).toEqual([])
  })

  it('lists a sale found several ways once', () => {
    sale('sale_7ab1e00000000000000a', 'sale_7ab1e_invoice_x', { memo: 'sale_7ab1e' })
    expect(ids('sale_7ab1e')).toEqual(['sale_7ab1e00000000000000a'])
  })

  it('writes the search text with the sale: a sale rolled back leaves none behind', () => {
    expect(() =>
      ledger.batch(() => {
        sale('sale_0000000000000000rb', null, { memo: 'Rolled back' })
        throw new Error('stop')
      })
    ).toThrow('stop')
    expect(ids('rolled')).toEqual([])
    const rows = ledger.database.prepare('SELECT count(*) AS n FROM sales_fts').get() as { n: bigint }
    expect(Number(rows.n)).toBe(3)
  })
})

describe('sale:find when an id prefix matches thousands of sales', () => {
  it('still returns the newest first, up to the limit, for sale ids and invoice ids', () => {
    ledger.batch(() => {
      for (let n = 0; n < 2100; n++) {
        const suffix = n.toString(16).padStart(6, '0')
        sale(`sale_${suffix}00000000000000`, `DEMO_${suffix}`)
      }
    })
    const newest = ['000833', '000832', '000831', '000830', '00082f'].map((s) => `sale_${s}00000000000000`)
    expect(ids('sale_0', 5)).toEqual(newest)
    expect(ids('demo_0', 5)).toEqual(newest)
    expect(ids('sale_0007', 3)).toEqual([
      'sale_0007ff00000000000000',
      'sale_0007fe00000000000000',
      'sale_0007fd00000000000000'
    ])
  })
})
