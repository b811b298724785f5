import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { SaleLine } from '@shared/contract'
import { CatalogService } from '../../../src/main/catalog/catalog-service'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import { FakeProcessor, fakeInvoice } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'

// The sale lines carry `itemId` (SaleLine in the contract); they are written here straight into the ledger, as
// `sale:charge` will once the cart stores them.
let dir: ReturnType<typeof tempDir>
let ledger: Ledger
const open = () => new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')))
const catalogOf = (l: Ledger) =>
  new CatalogService({ ledger: l, currency: () => 'USD', processor: () => new FakeProcessor() })

beforeEach(() => {
  dir = tempDir()
  ledger = open()
})
afterEach(() => {
  ledger.close()
  dir.remove()
})

function saleOf(id: string, lines: SaleLine[]) {
  ledger.createSale({ id, currency: 'USD', amountMinor: 1234n, memo: null, lines, processor: 'demo' })
  const invoice = fakeInvoice(`inv_${id}`, id)
  ledger.applyInvoice(id, invoice)
  return {
    settle: () => ledger.applyInvoice(id, { ...invoice, status: 'Settled', paid: '12.34', due: '0' }),
    settleOver: () =>
      ledger.applyInvoice(id, {
        ...invoice,
        status: 'Settled',
        additionalStatus: 'PaidOver',
        paid: '13.00',
        due: '0'
      }),
    expire: () => ledger.applyInvoice(id, { ...invoice, status: 'Expired' })
  }
}

describe('inventory: a paid sale lowers its items’ stock exactly once', () => {
  it('lowers tracked items by each line’s quantity when the sale becomes paid, and never again', () => {
    const catalog = catalogOf(ledger)
    const base = { price: '4.00', priceType: 'fixed', sku: null, barcode: null, image: null } as const
    const latte = catalog.save({
      ...base,
      title: 'Latte',
      category: null,
      taxRate: null,
      inventory: 10,
      enabled: true
    })
    const tea = catalog.save({
      ...base,
      title: 'Tea',
      category: null,
      taxRate: null,
      inventory: null,
      enabled: true
    })
    const sale = saleOf('sale_00000000000000a1', [
      { name: 'Latte', unitPrice: '4.00', quantity: 2, itemId: latte.id },
      { name: 'Tea', unitPrice: '4.00', quantity: 1, itemId: tea.id },
      { name: 'Keypad', unitPrice: '0.34', quantity: 1 },
      { name: 'Latte', unitPrice: '4.00', quantity: 3, itemId: latte.id }
    ])
    expect(ledger.catalog.get(latte.id)?.inventory).toBe(10)
    sale.settle()
    expect(ledger.catalog.get(latte.id)?.inventory).toBe(5)
    expect(ledger.catalog.get(tea.id)?.inventory).toBeNull()
    expect(ledger.catalog.stockMoves('sale_00000000000000a1').map((m) => [m.lineIndex, m.quantity])).toEqual([
      [0, 2],
      [1, 1],
      [3, 3]
    ])

    // The paid transition read again, and another read of the paid invoice: nothing more.
    sale.settle()
    sale.settleOver()
    expect(ledger.catalog.get(latte.id)?.inventory).toBe(5)

    // After a restart the stock moves are still there: a replayed read changes nothing.
    ledger.close()
    ledger = open()
    expect(ledger.catalog.get(latte.id)?.inventory).toBe(5)
    ledger.applyInvoice(
      'sale_00000000000000a1',
      fakeInvoice('inv_sale_00000000000000a1', 'sale_00000000000000a1', {
        status: 'Settled',
        paid: '12.34',
        due: '0'
      })
    )
    expect(ledger.catalog.get(latte.id)?.inventory).toBe(5)
    expect(
      ledger.catalog.recordSale(
        'sale_00000000000000a1',
        ledger.requireSale('sale_00000000000000a1').lines,
        'x'
      )
    ).toEqual([])
    expect(ledger.catalog.get(latte.id)?.inventory).toBe(5)
  })

  it('leaves stock alone for a sale that expires; may go below zero; skips a deleted item', () => {
    const catalog = catalogOf(ledger)
    const base = { price: '4.00', priceType: 'fixed', sku: null, barcode: null, image: null } as const
    const cake = catalog.save({
      ...base,
      title: 'Cake',
      category: null,
      taxRate: null,
      inventory: 1,
      enabled: true
    })
    const gone = catalog.save({
      ...base,
      title: 'Gone',
      category: null,
      taxRate: null,
      inventory: 4,
      enabled: true
    })
    saleOf('sale_00000000000000b1', [
      { name: 'Cake', unitPrice: '4.00', quantity: 1, itemId: cake.id }
    ]).expire()
    expect(ledger.catalog.get(cake.id)?.inventory).toBe(1)
    const sale = saleOf('sale_00000000000000b2', [
      { name: 'Cake', unitPrice: '4.00', quantity: 3, itemId: cake.id },
      { name: 'Gone', unitPrice: '4.00', quantity: 1, itemId: gone.id }
    ])
    catalog.delete(gone.id)
    sale.settle()
    expect(ledger.catalog.get(cake.id)?.inventory).toBe(-2)
    expect(ledger.catalog.get(gone.id)).toBeNull()
  })
})
