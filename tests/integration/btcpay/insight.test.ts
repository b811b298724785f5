import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProcessorError } from '../../../src/main/processors/errors'
import type { InsightTopic } from '../../../src/main/processors/ports'
import { startHarness, type Harness } from './helpers'

let h: Harness
beforeEach(async () => {
  h = await startHarness({ maxRetries: 0 })
})
afterEach(async () => {
  await h.btcpay.close()
  await h.sim.close()
})

const insight = () => h.btcpay.ports.insight!
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/

/** The rejection of `promise` (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<ProcessorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ProcessorError)
  return error as ProcessorError
}

/** Requests the simulator answered on its Greenfield routes. */
const apiRequests = () => h.sim.control.requests.filter((r) => r.path.startsWith('/api/'))

describe('BTCPay insight port (read-only views for agents) against the simulator', () => {
  it('answers the five BTCPay topics', () => {
    expect(insight().topics).toEqual(['server-info', 'store', 'payment-requests', 'webhooks', 'apps'])
  })

  it('server-info: version, payment methods and the sync state per payment method, without the node details', async () => {
    expect(await insight().read('server-info', {})).toEqual({
      version: '2.4.1',
      onion: null,
      supportedPaymentMethods: ['BTC-CHAIN', 'BTC-LN'],
      fullySynched: true,
      syncStatus: [
        {
          paymentMethodId: 'BTC-CHAIN',
          available: true,
          chainHeight: 850000,
          syncHeight: 850000,
          verificationProgress: 1
        }
      ]
    })
    h.sim.control.setSynced(false)
    h.sim.control.setNodeAvailable(false)
    expect(await insight().read('server-info', {})).toMatchObject({
      fullySynched: false,
      syncStatus: [{ available: false, syncHeight: 849000, verificationProgress: 0.99 }]
    })
    expect(apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/server/info',
      'GET /api/v1/server/info'
    ])
  })

  it('store: its settings under BTCPay names, expirations in seconds, the tolerance as a decimal string', async () => {
    expect(await insight().read('store', {})).toEqual({
      id: h.sim.storeId,
      name: 'Kassa Test Shop',
      website: null,
      defaultCurrency: 'USD',
      invoiceExpiration: 900,
      monitoringExpiration: 86400,
      displayExpirationTimer: 300,
      refundBOLT11Expiration: 30,
      speedPolicy: 'MediumSpeed',
      paymentTolerance: '0',
      defaultPaymentMethod: 'BTC-CHAIN',
      defaultLang: 'en',
      networkFeeMode: 'MultiplePaymentsOnly',
      anyoneCanCreateInvoice: false,
      lightningAmountInSatoshi: false,
      payJoinEnabled: false,
      archived: false
    })
    expect(apiRequests().at(-1)?.path).toBe(`/api/v1/stores/${h.sim.storeId}`)
  })

  it('payment-requests: live ones by default, archived ones when asked, amounts as decimal strings, ISO times, the public link', async () => {
    const expiry = Math.floor(Date.now() / 1000) + 86_400
    const open = await h.btcpay.paymentRequests.create({
      title: 'Balance of sale 42',
      amount: '25.50',
      currency: 'EUR',
      email: 'ana@example.com',
      referenceId: 'sale_42',
      expiryDate: expiry
    })
    const old = await h.btcpay.paymentRequests.create({ title: 'Old deposit', amount: '10', currency: 'USD' })
    await h.btcpay.paymentRequests.archive(old.id)

    const live = await insight().read('payment-requests', {})
    expect(live).toEqual({
      paymentRequests: [
        {
          id: open.id,
          title: 'Balance of sale 42',
          amount: '25.50',
          currency: 'EUR',
          state: 'open',
          status: 'Pending',
          archived: false,
          referenceId: 'sale_42',
          email: 'ana@example.com',
          description: null,
          createdAt: expect.stringMatching(ISO),
          expiresAt: new Date(expiry * 1000).toISOString(),
          link: `${h.sim.url}/payment-requests/${open.id}`
        }
      ]
    })
    const all = (await insight().read('payment-requests', { includeArchived: true })) as {
      paymentRequests: { id: string; state: string; archived: boolean }[]
    }
    expect(all.paymentRequests.map((pr) => [pr.id, pr.state, pr.archived])).toEqual([
      [open.id, 'open', false],
      [old.id, 'archived', true]
    ])
    const lists = apiRequests().filter((r) => r.method === 'GET' && r.path.endsWith('/payment-requests'))
    // `includeArchived` only when asked: BTCPay's spec does not document it.
    expect(lists.map((r) => r.search)).toEqual(['', '?includeArchived=true'])
  })

  it('webhooks: id, url, flags and events, never the secret even when the server sends it, nor a URL password', async () => {
    const secret = 'whsec-kassa-5ecret-Value-0001'
    const hook = await h.btcpay.webhooks.create({
      url: 'https://relay:p4ssword@relay.example/webhooks/btcpay',
      secret,
      events: ['InvoiceSettled', 'InvoiceExpired']
    })
    h.sim.control.listWebhookSecrets(true)
    const raw = await fetch(`${h.sim.url}/api/v1/stores/${h.sim.storeId}/webhooks`, {
      headers: { authorization: `token ${h.sim.apiKey}` }
    }).then((r) => r.text())
    expect(raw).toContain(secret) // the server leaks it: the port must drop it

    const answer = await insight().read('webhooks', {})
    expect(answer).toEqual({
      webhooks: [
        {
          id: hook.id,
          url: 'https://relay.example/webhooks/btcpay',
          enabled: true,
          automaticRedelivery: true,
          authorizedEvents: { everything: false, specificEvents: ['InvoiceSettled', 'InvoiceExpired'] }
        }
      ]
    })
    const text = JSON.stringify(answer)
    expect(text).not.toContain(secret)
    expect(text).not.toContain('p4ssword')
    expect(text).not.toContain('secret')
  })

  it('apps: every app of the store with its type, ISO creation time and archived flag', async () => {
    h.sim.state.apps.push({
      id: 'crowd1',
      appName: 'Roof fund',
      appType: 'Crowdfund',
      created: 1_700_000_000,
      items: []
    })
    h.sim.control.archiveApp('crowd1')
    const answer = (await insight().read('apps', {})) as { apps: Record<string, unknown>[] }
    expect(answer.apps).toEqual([
      {
        id: h.sim.posAppId,
        appName: 'Coffee bar',
        appType: 'PointOfSale',
        created: expect.stringMatching(ISO),
        archived: false
      },
      {
        id: 'crowd1',
        appName: 'Roof fund',
        appType: 'Crowdfund',
        created: '2023-11-14T22:13:20.000Z',
        archived: true
      }
    ])
  })

  it('apps without canmodifystoresettings: processor-permission naming the permission the key lacks', async () => {
    h.sim.control.setApiKey('viewonlykey0000000000000000000000000000ab', [
      `btcpay.store.canviewstoresettings:${h.sim.storeId}`
    ])
    const viewer = h.connector({ apiKey: 'viewonlykey0000000000000000000000000000ab' })
    expect(await viewer.ports.insight!.read('store', {})).toMatchObject({ id: h.sim.storeId })
    const error = await failure(viewer.ports.insight!.read('apps', {}))
    expect(error.code).toBe('processor-permission')
    expect(error.permission).toBe('btcpay.store.canmodifystoresettings')
    expect(error.message).toContain('"btcpay.store.canmodifystoresettings"')
    expect(error.message).toContain('this key lacks it')
    await viewer.close()
  })

  it('a garbage answer to any topic is processor-bad-response', async () => {
    for (const topic of insight().topics) {
      h.sim.control.failNext({ garbage: 'json' })
      const error = await failure(insight().read(topic, {}))
      expect(error.code, topic).toBe('processor-bad-response')
      h.sim.control.failNext({ garbage: 'html' })
      expect((await failure(insight().read(topic, {}))).code, topic).toBe('processor-bad-response')
    }
  })

  it('a topic BTCPay does not answer is processor-invalid-request, before any request', async () => {
    for (const topic of ['balances', 'fee-estimate', 'nonsense'] as InsightTopic[]) {
      const error = await failure(insight().read(topic, { coin: 'BTC' }))
      expect(error.code).toBe('processor-invalid-request')
      expect(error.message).toContain('server-info')
    }
    expect(apiRequests()).toEqual([])
  })

  it('never shows the API key, even when the store echoes it in a record', async () => {
    await h.btcpay.paymentRequests.create({
      title: 'Echo',
      amount: '1',
      currency: 'USD',
      description: `pasted by mistake: ${h.sim.apiKey}`
    })
    const text = JSON.stringify(await insight().read('payment-requests', {}))
    expect(text).not.toContain(h.sim.apiKey)
    expect(text).toContain('[redacted]')
  })
})
