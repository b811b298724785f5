import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.sim.close()
})

describe('BTCPay connection, rates, users, stores and API keys against the simulator', () => {
  it('verifies the connection: permissions, server info with sync state, store currency and expiry', async () => {
    const info = await h.btcpay.verifyConnection()
    expect(info).toMatchObject({
      account: 'Kassa Test Shop',
      permissions: ['unrestricted'],
      missing: [],
      version: '2.4.1',
      defaultCurrency: 'USD',
      server: { fullySynched: true },
      store: { id: h.sim.storeId, defaultCurrency: 'USD', invoiceExpirationSeconds: 900 }
    })
    h.sim.control.setSynced(false)
    expect((await h.btcpay.verifyConnection()).server?.fullySynched).toBe(false)
    h.sim.control.setSynced(true)
  })

  it('lists the features a cashier key cannot use, and still verifies without store access', async () => {
    const s = h.sim.storeId
    h.sim.control.setApiKey('cashier-key', [
      `btcpay.store.cancreateinvoice:${s}`,
      `btcpay.store.canviewinvoices:${s}`
    ])
    const info = await h.connector({ apiKey: 'cashier-key' }).verifyConnection()
    expect(info.store).toBeNull()
    expect(info.defaultCurrency).toBeNull()
    expect(info.missing.map((m) => m.feature)).toEqual(
      expect.arrayContaining(['refunds', 'cancel-invoices', 'webhooks', 'rates'])
    )
    expect(info.missing.map((m) => m.feature)).not.toContain('create-invoices')
    expect(info.missing).toContainEqual({
      feature: 'refunds',
      permission: 'btcpay.store.cancreatenonapprovedpullpayments'
    })
  })

  it('reports a wrong store id clearly', async () => {
    await expect(h.connector({ storeId: 'NoSuchStore' }).verifyConnection()).rejects.toMatchObject({
      code: 'processor-not-found',
      message: expect.stringContaining('NoSuchStore')
    })
  })

  it('reads store rates as decimal strings', async () => {
    expect(await h.btcpay.getRates(['USD', 'EUR'])).toEqual([
      { base: 'BTC', quote: 'USD', rate: '65000', source: 'BTCPay store rate' },
      { base: 'BTC', quote: 'EUR', rate: '60000', source: 'BTCPay store rate' }
    ])
    await expect(h.btcpay.getRates(['XYZ'])).rejects.toMatchObject({
      status: 422,
      fields: [{ field: 'currencyPair' }]
    })
  })

  it('reads and updates the current user, and creates a user', async () => {
    const me = await h.btcpay.users.me()
    expect(me.email).toBe('owner@shop.test')
    expect((await h.btcpay.users.updateMe({ name: 'Shop Owner' })).name).toBe('Shop Owner')
    const user = await h.btcpay.users.create({
      email: 'cashier@shop.test',
      password: 'correct-horse',
      sendInvitationEmail: false
    })
    expect(user.email).toBe('cashier@shop.test')
    await expect(h.btcpay.users.create({ email: 'cashier@shop.test' })).rejects.toMatchObject({
      status: 422,
      fields: [{ field: 'email' }]
    })
  })

  it('creates a store only with the unscoped canmodifystoresettings permission', async () => {
    const store = await h.btcpay.stores.create({
      name: 'Second shop',
      defaultCurrency: 'EUR',
      invoiceExpiration: 600
    })
    expect(store).toMatchObject({ name: 'Second shop', defaultCurrency: 'EUR', invoiceExpiration: 600 })
    h.sim.control.setApiKey('scoped-admin', [`btcpay.store.canmodifystoresettings:${h.sim.storeId}`])
    await expect(
      h.connector({ apiKey: 'scoped-admin' }).stores.create({ name: 'Third' })
    ).rejects.toMatchObject({
      code: 'processor-permission',
      permission: 'btcpay.store.canmodifystoresettings'
    })
  })

  it('reads the current API key and revokes it', async () => {
    h.sim.control.setApiKey('to-revoke', ['btcpay.user.canviewprofile'], 'till 2')
    const btcpay = h.connector({ apiKey: 'to-revoke' })
    expect(await btcpay.apiKeys.current()).toEqual({
      apiKey: 'to-revoke',
      label: 'till 2',
      permissions: ['btcpay.user.canviewprofile']
    })
    await btcpay.apiKeys.revokeCurrent()
    await expect(btcpay.apiKeys.current()).rejects.toMatchObject({ code: 'processor-auth' })
  })
})
