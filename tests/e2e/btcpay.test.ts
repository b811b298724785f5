import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startBtcpaySimulator, type BtcpaySimulator } from '../simulators/btcpay'
import {
  filesContaining,
  keychainKey,
  launchBrowser,
  payingInvoiceId,
  removeDir,
  startTill,
  typeOnKeypad,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// A cashier with a BTCPay Server store (the simulator, 65 000 USD/BTC), in Debian's Chromium, against the real
// main-process code behind `npm run web` and a real OS keychain.
const STATUS_MS = 15_000
let sim: BtcpaySimulator
let till: Till
let browser: Browser
let page: Page

beforeAll(async () => {
  ;[sim, till, browser] = await Promise.all([startBtcpaySimulator(), startTill(), launchBrowser()])
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

const text = async (testid: string): Promise<string> =>
  ((await page.getByTestId(testid).first().textContent()) ?? '').trim()

/** Ring up `digits` on the keypad, charge, see the BTC payment link; the customer pays it and it confirms. */
async function paidSale(digits: string, amount: string): Promise<string> {
  await page.getByTestId('nav-till').click()
  await typeOnKeypad(page, digits)
  await page.getByTestId('charge').click()
  await page.getByTestId('qr').waitFor()
  expect(await text('fiat-amount')).toBe(amount)
  expect(await page.getByTestId('qr').getAttribute('data-link')).toMatch(/^bitcoin:bcrt1/i)
  expect(await text('payment-uri')).toMatch(/^bitcoin:/i)
  const status = page.getByTestId('status')
  await expect.poll(() => status.getAttribute('data-status')).toBe('New')
  const invoiceId = await payingInvoiceId(till, page)

  sim.control.pay(invoiceId)
  await expect.poll(() => status.getAttribute('data-status'), { timeout: STATUS_MS }).toBe('Processing')
  expect(await status.textContent()).toContain('Payment seen — waiting for confirmation')
  sim.control.settle(invoiceId)
  await page.getByTestId('receipt').waitFor({ timeout: STATUS_MS })
  expect(await text('receipt-total')).toBe(amount)
  expect(await text('receipt-status')).toBe('Paid')
  expect(await text('receipt-invoice-id')).toBe(invoiceId)
  return invoiceId
}

/** From the receipt to the refund screen of that sale. */
async function openRefund(paid: string): Promise<void> {
  await page.getByTestId('refund-sale').click()
  await expect.poll(() => text('refund-paid')).toBe(paid)
  expect(await text('refund-refunded')).toBe('$0.00')
}

/** Review, confirm, and see the claim QR whose link is the simulator's pull-payment page. */
async function confirmClaim(): Promise<string> {
  await page.getByTestId('refund-confirm').click()
  const step = page.getByTestId('refund-confirm-step')
  await step.waitFor()
  const review = (await step.textContent()) ?? ''
  await page.getByTestId('refund-confirm-final').click()
  await page.getByTestId('refund-result').waitFor({ timeout: STATUS_MS })
  const link = (await page.getByTestId('refund-claim-qr').getAttribute('data-link')) ?? ''
  expect(link).toMatch(new RegExp(`^${sim.url}/pull-payments/[A-Za-z0-9]+$`))
  expect(await text('refund-claim-link')).toBe(link)
  expect(sim.state.pullPayments.has(link.split('/').pop() ?? '')).toBe(true)
  expect(await page.getByTestId('refund-state').getAttribute('data-state')).toBe('awaiting-claim')
  return review
}

describe('BTCPay Server (simulated) at the till', () => {
  it('connects in Settings with the store and server version shown, the key in the keychain and not on disk', async () => {
    const bodies: string[] = []
    page.on('response', (response) => {
      if (response.url().includes('/api/'))
        void response
          .text()
          .then((body) => bodies.push(body))
          .catch(() => {})
    })
    await withScreenshot(page, 'btcpay-connect', async () => {
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      const panel = page.getByTestId('processor-panel-btcpay')
      await panel.waitFor()
      expect(await panel.getAttribute('data-connected')).toBe('false')
      await page.getByTestId('server-url-btcpay').fill(sim.url)
      await page.getByTestId('api-key-btcpay').fill(sim.apiKey)
      await page.getByTestId('load-stores-btcpay').click()
      const stores = page.getByTestId('store-select-btcpay')
      await stores.waitFor()
      expect(await stores.locator('option').allTextContents()).toContain('Kassa Test Shop (USD)')
      await stores.selectOption(sim.storeId)
      expect(await page.getByTestId('store-id-btcpay').inputValue()).toBe(sim.storeId)
      await page.getByTestId('connect-btcpay').click()

      const connection = page.getByTestId('connection-btcpay')
      await connection.waitFor({ timeout: STATUS_MS })
      expect(await panel.getByTestId('connection-account').textContent()).toBe('Kassa Test Shop')
      const facts = await connection.locator('dl > div').allInnerTexts()
      expect(facts.map((fact) => fact.replace(/\s+/g, ' ').trim())).toEqual(
        expect.arrayContaining(['Server version 2.4.1', `Store Kassa Test Shop (${sim.storeId})`])
      )
      expect(await text('config-store-id-btcpay')).toBe(sim.storeId)
      expect(await text('config-server-url-btcpay')).toBe(sim.url)
      expect(await text('key-hint-btcpay')).toBe(`••••${sim.apiKey.slice(-4)}`)
      // Connected, but sales still go to the Demo until the owner says so.
      expect(await page.getByTestId('active-processor').getAttribute('data-processor')).toBe('demo')
      await page.getByTestId('use-btcpay').click()
      await expect
        .poll(() => page.getByTestId('active-processor').getAttribute('data-processor'))
        .toBe('btcpay')
      await page.getByTestId('active-badge-btcpay').waitFor()

      expect(await keychainKey(till, 'btcpay')).toBe(sim.apiKey)
      expect(filesContaining(till.dataDir, sim.apiKey)).toEqual([])
      expect(await page.content()).not.toContain(sim.apiKey)
      // After a reload only the hint comes back: no answer from the till ever carries the key.
      // The page reloads at Settings: a new page holds no owner session, so the PIN is asked for again.
      await page.reload()
      await ownerUnlock(page)
      await expect.poll(() => text('key-hint-btcpay')).toBe(`••••${sim.apiKey.slice(-4)}`)
      expect(await page.content()).not.toContain(sim.apiKey)
    })
    expect(bodies.length).toBeGreaterThan(0)
    for (const body of bodies) expect(body).not.toContain(sim.apiKey)
  })

  it('asks for the key again when the server URL changes, since a stored key only goes to its own server', async () => {
    await withScreenshot(page, 'btcpay-new-server', async () => {
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      await page.getByTestId('edit-btcpay').click()
      const url = page.getByTestId('server-url-btcpay')
      const key = page.getByTestId('api-key-btcpay')
      expect(await url.inputValue()).toBe(sim.url)
      expect(await page.getByTestId('key-required-btcpay').count()).toBe(0)
      expect(await page.getByTestId('connect-btcpay').isEnabled()).toBe(true)

      await url.fill('https://btcpay.elsewhere.example')
      await page.getByTestId('key-required-btcpay').waitFor()
      expect(await text('key-required-btcpay')).toMatch(/new server needs its key typed again/i)
      expect(await key.getAttribute('placeholder')).toBe('Type the key for this server')
      expect(await page.getByTestId('connect-btcpay').isEnabled()).toBe(false)
      expect(await page.getByTestId('load-stores-btcpay').isEnabled()).toBe(false)
      await key.fill('a-key-typed-for-the-new-server-0123')
      expect(await page.getByTestId('connect-btcpay').isEnabled()).toBe(true)
      expect(await page.getByTestId('load-stores-btcpay').isEnabled()).toBe(true)

      // Back to the key's own server (spelled with a trailing slash): the stored key serves again.
      await key.fill('')
      await url.fill(`${sim.url}/`)
      await expect.poll(() => page.getByTestId('key-required-btcpay').count()).toBe(0)
      expect(await page.getByTestId('connect-btcpay').isEnabled()).toBe(true)
      await page.getByTestId('edit-btcpay').click()
      expect(await page.getByTestId('form-btcpay').count()).toBe(0)
      expect(await text('config-server-url-btcpay')).toBe(sim.url)
    })
  })

  it('charges 13.00 USD, the customer pays, and a RateThen refund gives back the BTC paid through a claim QR', async () => {
    await withScreenshot(page, 'btcpay-ratethen', async () => {
      await paidSale('1300', '$13.00')
      await openRefund('$13.00')
      await page.getByTestId('refund-variant-RateThen').click()
      const rateThen = page.getByTestId('refund-preview-RateThen')
      // 13.00 USD at 65 000 USD/BTC.
      await expect.poll(() => rateThen.getByTestId('refund-preview-crypto').textContent()).toContain('0.0002')
      expect(await rateThen.getByTestId('refund-preview-fiat').textContent()).toContain('$13.00')
      const review = await confirmClaim()
      expect(review).toContain('Crypto at the sale’s rate')
      expect(review).toContain('0 %')
      expect(await text('refund-result-amount')).toBe('0.00020000 BTC ($13.00)')

      await page.getByTestId('refund-done').click()
      await page.getByTestId('receipt').waitFor()
      const rows = page.getByTestId('receipt-refund')
      await expect.poll(() => rows.count()).toBe(1)
      expect(await rows.first().textContent()).toContain('Refund claim · Crypto at the sale’s rate')
      expect(await rows.first().textContent()).toContain('0.00020000 BTC ($13.00)')
      expect(await text('receipt-refund-state')).toBe('Waiting for the customer to claim')
      expect(await text('receipt-refunded')).toBe('$13.00')
      // Nothing is left to refund: asked for another, the screen says so instead of offering a form.
      await page.getByTestId('refund-sale').click()
      await expect.poll(() => text('refund-left')).toBe('$0.00')
      await page.getByTestId('refund-another').click()
      expect(await text('refund-blocked')).toBe('This sale is already fully refunded')
      expect(await page.getByTestId('refund-confirm').count()).toBe(0)
    })
  })

  it('refunds a second sale in fiat minus 10 %: previews 90 %, the customer claims, the receipt prints it', async () => {
    await withScreenshot(page, 'btcpay-fiat', async () => {
      await paidSale('2000', '$20.00')
      await openRefund('$20.00')
      await page.getByTestId('refund-variant-Fiat').click()
      await page.getByTestId('refund-subtract').fill('10')
      const fiat = page.getByTestId('refund-preview-Fiat')
      await expect.poll(() => fiat.getByTestId('refund-preview-fiat').textContent()).toContain('$18.00')
      // 18.00 USD at 65 000 USD/BTC, as BTCPay prices it.
      expect(await fiat.getByTestId('refund-preview-crypto').textContent()).toContain('0.00027692 BTC')
      const review = await confirmClaim()
      expect(review).toContain('The fiat amount')
      expect(review).toContain('10 %')
      expect(review).toContain('$18.00')
      expect(await text('refund-result-amount')).toBe('$18.00')

      // The customer scans the QR and claims: the payout then waits for the owner's approval.
      const link = (await page.getByTestId('refund-claim-qr').getAttribute('data-link')) ?? ''
      sim.control.claim(link.split('/').pop() ?? '')
      await page.getByTestId('refund-refresh').click()
      await expect
        .poll(() => page.getByTestId('refund-state').getAttribute('data-state'), { timeout: STATUS_MS })
        .toBe('awaiting-approval')
      expect(await text('refund-state')).toBe('Waiting for approval')

      await page.getByTestId('refund-done').click()
      await page.getByTestId('receipt').waitFor()
      const rows = page.getByTestId('receipt-refund')
      await expect.poll(() => rows.count()).toBe(1)
      expect(await rows.first().textContent()).toContain('Refund claim · The fiat amount')
      expect(await rows.first().textContent()).toContain('$18.00')
      expect(await text('receipt-refund-state')).toBe('Waiting for approval')
      expect(await text('receipt-refunded')).toBe('$18.00')
      expect(await text('receipt-total')).toBe('$20.00')
    })
  })
})
