import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { KeyringSecretStore } from '../../src/main/secrets/keyring-store'
import { webhookSecretAccount } from '../../src/main/webhooks'
import { startBtcpaySimulator, type BtcpaySimulator } from '../simulators/btcpay'
import {
  filesContaining,
  launchBrowser,
  removeDir,
  startTill,
  tillCall,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// The owner registers a BTCPay webhook in Settings. The "relay" is the till's own loopback address, so the
// simulator's signed deliveries really arrive at `npm run web`; the secret lives in the real OS keychain.
const STATUS_MS = 15_000
let sim: BtcpaySimulator
let till: Till
let browser: Browser
let page: Page

beforeAll(async () => {
  ;[sim, till, browser] = await Promise.all([startBtcpaySimulator(), startTill(), launchBrowser()])
  await tillCall(till, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: sim.url,
    storeId: sim.storeId,
    apiKey: sim.apiKey
  })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(till.url)
  await page.getByTestId('amount-display').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  await sim?.close()
  if (till) removeDir(till.dataDir)
})

describe('BTCPay webhook in Settings', () => {
  it('says BTCPay cannot reach the till, registers at the relay address, shows deliveries, and removes it', async () => {
    await withScreenshot(page, 'webhook-register', async () => {
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      const section = page.getByTestId('webhook-btcpay')
      await section.waitFor()
      await expect
        .poll(() => section.getByTestId('webhook-message-btcpay').textContent())
        .toMatch(/cannot reach this till.*follows every invoice itself/s)

      await page.getByLabel('Relay’s public address of this till').fill(till.origin)
      await page.getByTestId('webhook-register-btcpay').click()
      const url = `${till.origin}/webhooks/btcpay`
      await expect
        .poll(() => page.getByTestId('webhook-url-btcpay').textContent(), { timeout: STATUS_MS })
        .toBe(url)
      expect(await page.getByTestId('webhook-message-btcpay').textContent()).toContain(url)

      const [hook] = sim.control.webhooks()
      const secret = await new KeyringSecretStore(till.keychainService).get(webhookSecretAccount('btcpay'))
      expect(secret).toBe(hook?.secret)
      expect(filesContaining(till.dataDir, secret!)).toEqual([])
      expect(await page.content()).not.toContain(secret)

      // A sale paid at BTCPay: its events reach the till and are taken.
      const sale = await tillCall<{ invoice: { id: string } }>(till, 'sale:charge', {
        amount: '4.20',
        currency: 'USD'
      })
      sim.control.pay(sale.invoice.id, 'full', 'BTC-LN')
      await sim.control.flushWebhooks()
      expect(sim.control.deliveries().map((d) => d.status)).toEqual([204, 204])
      await page.getByTestId('nav-till').click()
      await page.getByTestId('nav-settings').click()
      await expect
        .poll(() => page.getByTestId('webhook-accepted-btcpay').textContent(), { timeout: STATUS_MS })
        .toMatch(/^\s*2\b/)
      expect(await page.getByTestId('webhook-last-delivery-btcpay').textContent()).toMatch(/Delivered/)

      await page.getByTestId('webhook-unregister-btcpay').click()
      await page.getByTestId('webhook-form-btcpay').waitFor({ timeout: STATUS_MS })
      expect(sim.control.webhooks()).toEqual([])
      expect(
        await new KeyringSecretStore(till.keychainService).get(webhookSecretAccount('btcpay'))
      ).toBeNull()
    })
  })
})
