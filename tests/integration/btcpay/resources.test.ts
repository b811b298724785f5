import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startHarness, saleRequest, type Harness } from './helpers'

let h: Harness
let receiver: Server
let receiverUrl = ''
const received: { body: Buffer; headers: Record<string, string | undefined> }[] = []

beforeAll(async () => {
  h = await startHarness()
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks),
        headers: req.headers as Record<string, string | undefined>
      })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/btcpay`
})
afterAll(async () => {
  await h.sim.close()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})

describe('BTCPay resources against the simulator', () => {
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

  it('creates, lists and archives payment requests', async () => {
    const created = await h.btcpay.paymentRequests.create({
      title: 'Catering deposit',
      amount: '150.00',
      currency: 'USD'
    })
    expect(created).toMatchObject({
      title: 'Catering deposit',
      amount: '150.00',
      status: 'Pending',
      storeId: h.sim.storeId
    })
    expect((await h.btcpay.paymentRequests.list()).map((p) => p.id)).toContain(created.id)
    await h.btcpay.paymentRequests.archive(created.id)
    expect((await h.btcpay.paymentRequests.list()).map((p) => p.id)).not.toContain(created.id)
    expect((await h.btcpay.paymentRequests.list({ includeArchived: true })).map((p) => p.id)).toContain(
      created.id
    )
    await expect(h.btcpay.paymentRequests.create({ title: 'Zero', amount: '0' })).rejects.toMatchObject({
      status: 422,
      fields: [{ field: 'amount', message: expect.any(String) }]
    })
  })

  it('registers, lists, reads and deletes webhooks; the secret comes only with create', async () => {
    const hook = await h.btcpay.webhooks.create({ url: receiverUrl, events: ['InvoiceSettled'] })
    expect(hook.secret).toMatch(/.{10,}/)
    expect(hook.authorizedEvents).toEqual({ everything: false, specificEvents: ['InvoiceSettled'] })
    const read = await h.btcpay.webhooks.retrieve(hook.id)
    expect(read.secret).toBeUndefined()
    expect((await h.btcpay.webhooks.list()).map((w) => w.id)).toContain(hook.id)
    await h.btcpay.webhooks.delete(hook.id)
    await expect(h.btcpay.webhooks.retrieve(hook.id)).rejects.toMatchObject({ code: 'processor-not-found' })
    await expect(h.btcpay.webhooks.create({ url: 'not a url' })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('url: Invalid Url')
    })
  })

  it('receives signed webhook deliveries that verify, and rejects a tampered one', async () => {
    const secret = 'kassa-webhook-secret'
    const hook = await h.btcpay.webhooks.create({ url: receiverUrl, secret })
    const btcpay = h.connector({ webhookSecret: secret })
    const invoice = await btcpay.createInvoice(saleRequest())
    h.sim.control.pay(invoice.id, 'full', 'BTC-LN')
    await h.sim.control.flushWebhooks()
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(3))
    const events = received.map((r) => btcpay.verifyWebhook(new Uint8Array(r.body), r.headers))
    // Deliveries travel in parallel, so compare as a set.
    expect(events.map((e) => e.type).sort()).toEqual([
      'InvoiceCreated',
      'InvoiceReceivedPayment',
      'InvoiceSettled'
    ])
    expect(events.every((e) => e.invoiceId === invoice.id)).toBe(true)
    const first = received.find((r) => r.body.toString('utf8').includes('"InvoiceCreated"'))
    if (!first) throw new Error('no delivery')
    const tampered = Buffer.from(first.body.toString('utf8').replace('InvoiceCreated', 'InvoiceSettled'))
    expect(() => btcpay.verifyWebhook(new Uint8Array(tampered), first.headers)).toThrow(/signature/)
    expect(() =>
      h.connector({ webhookSecret: 'wrong' }).verifyWebhook(new Uint8Array(first.body), first.headers)
    ).toThrow(expect.objectContaining({ code: 'processor-auth' }))
    await h.btcpay.webhooks.delete(hook.id)
  })

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
