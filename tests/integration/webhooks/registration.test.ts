/**
 * Registering a webhook from Settings. The owner gives the relay's public URL; Kassa generates a secret, registers
 * `POST /api/v1/stores/{storeId}/webhooks` for the invoice events, keeps the secret in the keychain only (never
 * in the ledger, never in an answer to the renderer), and the BTCPay connector verifies `BTCPay-Sig` with it.
 * Here the "relay" is the web host's own loopback address, so the simulator's deliveries arrive for real.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SaleView, WebhookStatusView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import type { WebHost } from '../../../src/main/web/server'
import { webhookSecretAccount } from '../../../src/main/webhooks'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../../simulators/btpay'
import { fails, ok, processorCore } from '../core/processor-helpers'
import { btcpayDelivery, post, webHostFor } from './helpers'

let dir: ReturnType<typeof tempDir>
let secrets: MemorySecretStore
let core: Core
let web: WebHost | null
let closeSim: () => Promise<void>

beforeEach(() => {
  dir = tempDir()
  secrets = new MemorySecretStore()
  web = null
})
afterEach(async () => {
  await web?.close()
  await core.stop()
  await closeSim()
  dir.remove()
})

/** Every text the ledger holds (settings, audit details), to prove a secret is not among them. */
function ledgerText(): string {
  const db = core.ledger.database
  const settings = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]
  const audit = db.prepare('SELECT details_json FROM audit_log').all() as { details_json: string }[]
  return JSON.stringify([settings, audit])
}

describe('BTCPay webhook registration', () => {
  let sim: BtcpaySimulator

  beforeEach(async () => {
    sim = await startBtcpaySimulator()
    closeSim = () => sim.close()
  })

  async function startTill(transport: 'web' | 'ipc' = 'web', apiKey = sim.apiKey): Promise<void> {
    // Reads only when told, so a sale moving within seconds moved because a delivery arrived.
    core = processorCore(dir.path, secrets, {
      transport,
      tracker: { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 }
    })
    await core.start()
    if (transport === 'web') web = await webHostFor(core, dir.path)
    await ok(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: sim.url,
      storeId: sim.storeId,
      apiKey
    })
  }

  it('without a relay, Settings says BTCPay cannot reach the till and Kassa follows invoices itself', async () => {
    await startTill()
    const status = await ok<WebhookStatusView>(core, 'webhook:status', { processor: 'btcpay' })
    expect(status).toMatchObject({
      registrable: true,
      receiver: true,
      registration: null,
      lastDelivery: null
    })
    expect(status.message).toMatch(/cannot reach this till/)
    expect(status.message).toMatch(/follows every invoice itself/)
    expect(status.message).toMatch(/relay/)
  })

  it('registers with a generated secret kept only in the keychain; a signed delivery is taken end to end', async () => {
    await startTill()
    const status = await ok<WebhookStatusView>(core, 'webhook:register', {
      processor: 'btcpay',
      publicUrl: `${web!.origin}/`
    })
    const url = `${web!.origin}/webhooks/btcpay`
    expect(status.registration).toMatchObject({ url, current: true })
    const [hook, ...others] = sim.control.webhooks()
    expect(others).toEqual([])
    expect(hook).toMatchObject({
      url,
      everything: false,
      specificEvents: [
        'InvoiceReceivedPayment',
        'InvoicePaymentSettled',
        'InvoiceProcessing',
        'InvoiceExpired',
        'InvoiceSettled',
        'InvoiceInvalid'
      ]
    })
    expect(status.registration?.webhookId).toBe(hook!.id)
    // The secret is random, in the keychain, and nowhere else: not in the ledger, not in the answer.
    const secret = secrets.secrets.get(webhookSecretAccount('btcpay'))
    expect(secret).toBe(hook!.secret)
    expect(secret!.length).toBeGreaterThanOrEqual(40)
    expect(ledgerText()).not.toContain(secret)
    expect(JSON.stringify(status)).not.toContain(secret)
    expect(JSON.stringify(await ok(core, 'settings:get', {}))).not.toContain(secret)
    expect(status.message).toContain(url)

    // BTCPay signs each event with that secret; the till takes it and reads the invoice because of it.
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '12.00', currency: 'USD' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    sim.control.pay(sale.invoice!.id, 'full', 'BTC-LN')
    await sim.control.flushWebhooks()
    const mine = sim.control.deliveries().filter((d) => d.invoiceId === sale.invoice!.id)
    expect(mine.map((d) => [d.type, d.status])).toEqual([
      ['InvoiceReceivedPayment', 204],
      ['InvoiceSettled', 204]
    ])
    await waitFor(
      () => ok<SaleView>(core, 'sale:get', { saleId: sale.id }),
      (s) => s.state === 'paid',
      { timeoutMs: 5_000, what: 'the delivery to make the tracker read the invoice' }
    )
    // BTCPay's own record of the last delivery shows in Settings.
    const after = await ok<WebhookStatusView>(core, 'webhook:status', { processor: 'btcpay' })
    expect(after.lastDelivery).toMatchObject({ ok: true, detail: null })
    expect(after.accepted.count).toBe(2)

    // A redelivery (new id, same timestamp) is a new delivery; a replay of captured bytes is a duplicate.
    expect(await sim.control.replay(mine[1]!.deliveryId, 3)).toEqual([200, 200, 200])
    sim.control.redeliver(mine[1]!.deliveryId)
    await sim.control.flushWebhooks()
    expect(sim.control.deliveries().at(-1)?.status).toBe(204)
  })

  it('the secret survives a restart: the connector is built with it from the keychain', async () => {
    await startTill()
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: web!.origin })
    const secret = secrets.secrets.get(webhookSecretAccount('btcpay'))!
    await web!.close()
    await core.stop()
    core = processorCore(dir.path, secrets, {
      tracker: { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 }
    })
    await core.start()
    web = await webHostFor(core, dir.path)
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '3.00', currency: 'USD' })
    const signed = btcpayDelivery(secret, {
      deliveryId: 'after-restart',
      invoiceId: sale.invoice!.id,
      storeId: sim.storeId
    })
    expect((await post(`${web.origin}/webhooks/btcpay`, signed.body, signed.headers)).status).toBe(204)
    const forged = btcpayDelivery('not-the-secret', {
      deliveryId: 'forged',
      invoiceId: sale.invoice!.id,
      storeId: sim.storeId
    })
    expect((await post(`${web.origin}/webhooks/btcpay`, forged.body, forged.headers)).status).toBe(401)
  })

  it('a delivery a relay forwards under its own Host name is taken; the till API still refuses that Host', async () => {
    await startTill()
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: 'https://relay.example.net' })
    const secret = secrets.secrets.get(webhookSecretAccount('btcpay'))!
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '3.00', currency: 'USD' })
    const signed = btcpayDelivery(secret, {
      deliveryId: 'via-relay',
      invoiceId: sale.invoice!.id,
      storeId: sim.storeId
    })
    const relayed = { ...signed.headers, host: 'relay.example.net' }
    expect((await post(`${web!.origin}/webhooks/btcpay`, signed.body, relayed)).status).toBe(204)
    expect((await post(`${web!.origin}/api/call/app:info`, '{}', { host: 'relay.example.net' })).status).toBe(
      421
    )
  })

  it('unregister deletes the webhook on BTCPay and the secret; deliveries signed with it are then refused', async () => {
    await startTill()
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: web!.origin })
    const secret = secrets.secrets.get(webhookSecretAccount('btcpay'))!
    const status = await ok<WebhookStatusView>(core, 'webhook:unregister', { processor: 'btcpay' })
    expect(status.registration).toBeNull()
    expect(sim.control.webhooks()).toEqual([])
    expect(secrets.secrets.has(webhookSecretAccount('btcpay'))).toBe(false)
    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '3.00', currency: 'USD' })
    const late = btcpayDelivery(secret, {
      deliveryId: 'late',
      invoiceId: sale.invoice!.id,
      storeId: sim.storeId
    })
    expect((await post(`${web!.origin}/webhooks/btcpay`, late.body, late.headers)).status).toBe(401)
    const audit = core.ledger.database
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'webhook.%registered' ORDER BY seq")
      .all() as { action: string }[]
    expect(audit.map((a) => a.action)).toEqual(['webhook.registered', 'webhook.unregistered'])
  })

  it('registering again replaces the webhook, and removes one left at the same URL by a lost answer', async () => {
    await startTill()
    // An earlier attempt whose answer never came back left a webhook at the till's URL, with a secret Kassa lost.
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: web!.origin })
    core.ledger.setSetting('webhook:btcpay', null)
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: web!.origin })
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: web!.origin })
    const hooks = sim.control.webhooks()
    expect(hooks).toHaveLength(1)
    expect(secrets.secrets.get(webhookSecretAccount('btcpay'))).toBe(hooks[0]!.secret)
  })

  it('a key without the webhook permission gets a message that names it; nothing is registered or kept', async () => {
    const limited = 'limitedkey000000000000000000000000000000'
    sim.control.setApiKey(limited, [
      `btcpay.store.canmodifyinvoices:${sim.storeId}`,
      `btcpay.store.canviewstoresettings:${sim.storeId}`
    ])
    await startTill('web', limited)
    const error = await fails(core, 'webhook:register', { processor: 'btcpay', publicUrl: web!.origin })
    expect(error.code).toBe('processor-permission')
    expect(error.message).toContain('btcpay.store.webhooks.canmodifywebhooks')
    expect(sim.control.webhooks()).toEqual([])
    expect(secrets.secrets.has(webhookSecretAccount('btcpay'))).toBe(false)
    expect(
      (await ok<WebhookStatusView>(core, 'webhook:status', { processor: 'btcpay' })).registration
    ).toBeNull()
  })

  it('the desktop app has no receiver: Settings says so plainly and registering is refused', async () => {
    await startTill('ipc')
    const status = await ok<WebhookStatusView>(core, 'webhook:status', { processor: 'btcpay' })
    expect(status.receiver).toBe(false)
    expect(status.message).toMatch(/desktop app has no address a processor can call/)
    const error = await fails(core, 'webhook:register', {
      processor: 'btcpay',
      publicUrl: 'https://till.example.net'
    })
    expect(error.code).toBe('conflict')
    expect(sim.control.webhooks()).toEqual([])
  })

  it('refuses a relay URL that is not https (outside the shop network) or carries credentials', async () => {
    await startTill()
    for (const publicUrl of ['http://till.example.net', 'https://user:pw@till.example.net', 'till']) {
      expect((await fails(core, 'webhook:register', { processor: 'btcpay', publicUrl })).code).toBe(
        'invalid-input'
      )
    }
  })

  it('disconnecting BTCPay removes its webhook and secret too', async () => {
    await startTill()
    await ok(core, 'webhook:register', { processor: 'btcpay', publicUrl: web!.origin })
    await ok(core, 'processor:disconnect', { processor: 'btcpay' })
    expect(sim.control.webhooks()).toEqual([])
    expect(secrets.secrets.has(webhookSecretAccount('btcpay'))).toBe(false)
  })
})

describe('BTPay webhook registration', () => {
  let sim: BtpaySimulator

  beforeEach(async () => {
    sim = await startBtpaySimulator()
    closeSim = () => sim.close()
    core = processorCore(dir.path, secrets, {
      tracker: { focusIntervalMs: 60_000, backgroundIntervalMs: 60_000 }
    })
    await core.start()
    web = await webHostFor(core, dir.path)
    await ok(core, 'processor:connect', { processor: 'btpay', baseUrl: sim.url, apiKey: sim.apiKey })
  })

  it('keeps the secret BTPay makes; a delivery the relay forwards is verified with it', async () => {
    const status = await ok<WebhookStatusView>(core, 'webhook:register', {
      processor: 'btpay',
      publicUrl: 'https://relay.example.net/shop-till'
    })
    expect(status.registration?.url).toBe('https://relay.example.net/shop-till/webhooks/btpay')
    expect(status.message).toMatch(/BTPay 0\.1 does not send deliveries yet/)
    const [endpoint] = sim.control.webhooks()
    expect(secrets.secrets.get(webhookSecretAccount('btpay'))).toBe(endpoint!.secret)
    expect(ledgerText()).not.toContain(endpoint!.secret)

    const sale = await ok<SaleView>(core, 'sale:charge', { amount: '7.00', currency: 'USD' })
    const statuses = await sim.control.deliver(
      'invoice.paid',
      sale.invoice!.id,
      `${web!.origin}/webhooks/btpay`
    )
    expect(statuses).toEqual([204])

    await ok(core, 'webhook:unregister', { processor: 'btpay' })
    expect(sim.control.webhooks()[0]?.is_active).toBe(false)
    expect(secrets.secrets.has(webhookSecretAccount('btpay'))).toBe(false)
    expect(
      await sim.control.deliver('invoice.paid', sale.invoice!.id, `${web!.origin}/webhooks/btpay`)
    ).toEqual([])
  })

  it('BTPay refuses an address that is not public, and says so', async () => {
    const error = await fails(core, 'webhook:register', { processor: 'btpay', publicUrl: web!.origin })
    expect(error.code).toBe('processor-invalid-request')
    expect(error.message).toMatch(/private or internal/)
    expect(secrets.secrets.has(webhookSecretAccount('btpay'))).toBe(false)
  })
})

describe('Plisio and the Demo', () => {
  it('Plisio: nothing to register; the message says how callbacks could reach the till', async () => {
    closeSim = async () => undefined
    core = processorCore(dir.path, secrets)
    await core.start()
    const plisio = await ok<WebhookStatusView>(core, 'webhook:status', { processor: 'plisio' })
    expect(plisio.registrable).toBe(false)
    expect(plisio.message).toMatch(/nothing to register/)
    // Which processors take a registered webhook is their module's to say: main refuses, naming the processor.
    expect(
      await fails(core, 'webhook:register', { processor: 'plisio', publicUrl: 'https://x.example' })
    ).toEqual({
      code: 'conflict',
      message: 'Kassa cannot register a webhook with Plisio'
    })
    const demo = await ok<WebhookStatusView>(core, 'webhook:status', { processor: 'demo' })
    expect(demo.message).toMatch(/needs no webhooks/)
  })
})
