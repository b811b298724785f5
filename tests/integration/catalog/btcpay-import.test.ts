import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { CatalogService } from '../../../src/main/catalog/catalog-service'
import { openDatabase } from '../../../src/main/ledger/database'
import { Ledger } from '../../../src/main/ledger/ledger'
import type { PaymentProcessor } from '../../../src/main/processors/types'
import { FakeProcessor } from '../../fixtures/fake-processor'
import { tempDir } from '../../fixtures/temp-dir'
import { startHarness, type Harness } from '../btcpay/helpers'

let h: Harness
let dir: ReturnType<typeof tempDir>
let ledger: Ledger
let processor: PaymentProcessor
let currency = 'USD'
let catalog: CatalogService

beforeEach(async () => {
  h = await startHarness()
  dir = tempDir()
  ledger = new Ledger(openDatabase(join(dir.path, 'kassa.sqlite')))
  processor = h.btcpay
  currency = 'USD'
  catalog = new CatalogService({ ledger, currency: () => currency, processor: () => processor })
})
afterEach(async () => {
  ledger.close()
  dir.remove()
  await h.btcpay.close()
  await h.sim.close()
})

describe('catalog: import from BTCPay’s Point of Sale app (GET /api/v1/apps/pos/{appId})', () => {
  it('imports the store’s first PoS app: Fixed/Topup mapped, categories, tax, inventory; remote images not kept', async () => {
    expect(await catalog.importProcessor()).toEqual({ created: 3, updated: 0, refused: [] })
    const source = `btcpay:${h.sim.posAppId}`
    expect(catalog.list(true).items).toEqual([
      expect.objectContaining({
        title: 'Espresso',
        price: '2.80',
        priceType: 'fixed',
        category: 'coffee',
        taxRate: '7.7',
        inventory: null,
        image: null,
        source,
        externalId: 'espresso',
        enabled: true
      }),
      expect.objectContaining({ title: 'Latte', price: '4.50', inventory: 12, externalId: 'latte' }),
      expect.objectContaining({ title: 'Tip jar', price: null, priceType: 'custom', externalId: 'tip-jar' })
    ])
  })

  it('a second import updates the same items (by BTCPay’s item id) and keeps what the owner set here', async () => {
    const app = h.sim.control.addPosApp('Bakery', [
      { id: 'bun', title: 'Bun', price: '1.20', priceType: 'Minimum', categories: ['bread'], inventory: 30 }
    ])
    await catalog.importProcessor(app)
    const bun = catalog.list(true).items.find((i) => i.externalId === 'bun')!
    expect(bun).toMatchObject({ priceType: 'minimum', price: '1.20', category: 'bread', inventory: 30 })
    catalog.save({ ...bun, sku: 'BUN-1', barcode: '4006381333931', enabled: false })

    const stored = h.sim.state.apps.find((a) => a.id === app)!
    stored.items = [
      {
        id: 'bun',
        title: 'Bun (large)',
        price: '1.50',
        priceType: 'Minimum',
        categories: ['bread'],
        inventory: 25
      },
      { id: 'roll', title: 'Roll', price: '0.80', priceType: 'Fixed' }
    ]
    expect(await catalog.importProcessor(app)).toEqual({ created: 1, updated: 1, refused: [] })
    const items = catalog.list(true).items.filter((i) => i.source === `btcpay:${app}`)
    expect(items).toHaveLength(2)
    expect(items.find((i) => i.externalId === 'bun')).toMatchObject({
      id: bun.id,
      title: 'Bun (large)',
      price: '1.50',
      inventory: 25,
      sku: 'BUN-1',
      barcode: '4006381333931',
      enabled: false
    })
  })

  it('refuses items priced in another currency than the store’s, and items breaking a rule, by position', async () => {
    currency = 'EUR'
    const result = await catalog.importProcessor(h.sim.posAppId)
    expect(result.created).toBe(1) // the Tip jar has no price, so no currency to disagree with
    expect(result.refused).toEqual([
      expect.objectContaining({
        row: 1,
        code: 'currency-mismatch',
        params: expect.objectContaining({ item: 'Espresso' })
      }),
      expect.objectContaining({ row: 2, code: 'currency-mismatch' })
    ])
  })

  it('says plainly when the processor has no catalog, or the app does not exist', async () => {
    processor = new FakeProcessor()
    await expect(catalog.importProcessor()).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('no catalog')
    })
    processor = h.btcpay
    await expect(catalog.importProcessor('nosuchapp')).rejects.toMatchObject({ code: 'processor-not-found' })
  })
})
