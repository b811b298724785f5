import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './helpers'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.btcpay.close()
  await h.sim.close()
})

describe('BTCPay Point of Sale catalog through the port', () => {
  it('lists only the store\u2019s Point of Sale apps', async () => {
    h.sim.state.apps.push({
      id: 'crowd1',
      appName: 'Roof fund',
      appType: 'Crowdfund',
      created: Math.floor(Date.now() / 1000),
      items: []
    })
    const kiosk = h.sim.control.addPosApp('Kiosk', [])
    expect(await h.btcpay.ports.catalog!.apps()).toEqual([
      { id: h.sim.posAppId, name: 'Coffee bar' },
      { id: kiosk, name: 'Kiosk' }
    ])
  })

  it('maps the items: decimal prices, no price for Topup (custom), Minimum/Fixed, first category, tax, inventory, the app currency, absolute images, disabled left out', async () => {
    const items = await h.btcpay.ports.catalog!.items(h.sim.posAppId)
    expect(items).toEqual([
      {
        id: 'espresso',
        title: 'Espresso',
        price: '2.80',
        currency: 'USD',
        description: 'Short and strong',
        image: `${h.sim.url}/img/pos-sample/espresso.jpg`,
        priceType: 'fixed',
        category: 'coffee',
        taxRate: '7.7',
        inventory: null
      },
      {
        id: 'latte',
        title: 'Latte',
        price: '4.50',
        currency: 'USD',
        description: null,
        image: null,
        priceType: 'fixed',
        category: 'coffee',
        taxRate: null,
        inventory: 12
      },
      {
        id: 'tip-jar',
        title: 'Tip jar',
        price: null,
        currency: 'USD',
        description: null,
        image: null,
        priceType: 'custom',
        category: null,
        taxRate: null,
        inventory: null
      }
    ])
    expect(items.map((i) => i.id)).not.toContain('old-muffin')
  })

  it('prices an app that sets no currency of its own in the store’s default currency', async () => {
    h.sim.state.store.defaultCurrency = 'EUR'
    h.sim.state.apps.push({
      id: 'plain1',
      appName: 'Plain',
      appType: 'PointOfSale',
      created: Math.floor(Date.now() / 1000),
      items: [{ id: 'tea', title: 'Tea', price: '2.00', priceType: 'Fixed' }],
      currency: null
    })
    expect(await h.btcpay.ports.catalog!.items('plain1')).toEqual([
      {
        id: 'tea',
        title: 'Tea',
        price: '2.00',
        currency: 'EUR',
        description: null,
        image: null,
        priceType: 'fixed',
        category: null,
        taxRate: null,
        inventory: null
      }
    ])
  })

  it('refuses a key that may not list apps, naming the permission, and an unknown app as not found', async () => {
    h.sim.control.setApiKey('cashier', [
      `btcpay.store.cancreateinvoice:${h.sim.storeId}`,
      `btcpay.store.canviewinvoices:${h.sim.storeId}`
    ])
    const cashier = h.connector({ apiKey: 'cashier' })
    await expect(cashier.ports.catalog!.apps()).rejects.toMatchObject({
      code: 'processor-permission',
      permission: 'btcpay.store.canmodifystoresettings'
    })
    // Reading an app's items needs no permission: the owner picks the app once, the till reads it.
    expect(await cashier.ports.catalog!.items(h.sim.posAppId)).toHaveLength(3)
    await expect(h.btcpay.ports.catalog!.items('no-such-app')).rejects.toMatchObject({
      code: 'processor-not-found'
    })
  })
})

describe('BTCPay apps resource', () => {
  it('lists store apps and reads a PoS catalog with decimal-string prices and absolute images', async () => {
    const apps = await h.btcpay.apps.list()
    expect(apps).toContainEqual(expect.objectContaining({ id: h.sim.posAppId, appType: 'PointOfSale' }))
    const catalog = await h.btcpay.apps.posCatalog(h.sim.posAppId)
    expect(catalog).toMatchObject({ appId: h.sim.posAppId, title: 'Coffee bar', currency: 'USD' })
    expect(catalog.items).toEqual([
      expect.objectContaining({
        id: 'espresso',
        price: '2.80',
        priceType: 'Fixed',
        image: `${h.sim.url}/img/pos-sample/espresso.jpg`,
        categories: ['coffee'],
        taxRate: '7.7'
      }),
      expect.objectContaining({ id: 'latte', price: '4.50', inventory: 12 }),
      expect.objectContaining({ id: 'tip-jar', price: null, priceType: 'Topup' }),
      expect.objectContaining({ id: 'old-muffin', disabled: true })
    ])
    await expect(h.btcpay.apps.posCatalog('nope')).rejects.toMatchObject({ code: 'processor-not-found' })
  })
})
