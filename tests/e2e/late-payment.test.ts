import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import {
  launchBrowser,
  payingSaleId,
  removeDir,
  startTill,
  tillCall,
  typeOnKeypad,
  withScreenshot,
  type Till
} from './harness'

// A payment that arrives after the invoice expired, with the Demo processor's "Pay after expiry" control:
// the cashier sees it on the payment screen, the owner in Recent sales.
let till: Till
let browser: Browser

const RESULTS = join(__dirname, '..', '..', 'test-results')

beforeAll(async () => {
  till = await startTill({ KASSA_DEMO_CONFIRM_MS: '300' })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

async function openTill(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(till.url)
  await page.getByTestId('amount-display').waitFor()
  return page
}

async function charge(page: Page, digits: string): Promise<string> {
  await page.getByTestId('nav-till').click()
  await typeOnKeypad(page, digits)
  await page.getByTestId('charge').click()
  await page.getByTestId('qr').waitFor()
  return payingSaleId(page)
}

/** Keep a picture of the screen under test-results/ (for people to look at, not compared). */
async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true })
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true })
}

describe('a payment after expiry (Demo processor)', () => {
  it('shows the cashier "Paid late" with the amount on the payment screen, with receipt and refund at hand', async () => {
    const page = await openTill()
    await withScreenshot(page, 'late-payment-cashier', async () => {
      await charge(page, '1234')
      await page.getByTestId('simulate-late').click()
      const status = page.getByTestId('status')
      await expect.poll(() => status.getAttribute('data-additional')).toBe('PaidLate')
      expect(await status.getAttribute('data-status')).toBe('Expired')
      // Confirmed after 300 ms: the sale is paid, and the screen stays so the cashier can decide.
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 10_000 }).toBe('paid')
      expect(await status.textContent()).toBe('Paid late — $12.34 paid after the invoice expired')
      expect(await page.getByTestId('late-paid').textContent()).toBe('$12.34')
      expect(page.url()).toMatch(/\/pay\//)
      await page.getByTestId('late-note').waitFor()
      await page.getByTestId('refund-sale').waitFor()
      await keepScreenshot(page, 'late-payment-cashier')
      await page.getByTestId('open-receipt').click()
      await page.getByTestId('receipt').waitFor()
      expect(await page.getByTestId('receipt-status').textContent()).toContain('Paid late')
      expect(await page.getByTestId('receipt-total').textContent()).toContain('$12.34')
    })
    await page.close()
  })

  it('shows the owner "Paid after expiry" in Recent sales when the sale is no longer on screen', async () => {
    const page = await openTill()
    await withScreenshot(page, 'late-payment-owner', async () => {
      const saleId = await charge(page, '800')
      await page.getByTestId('simulate-expire').click()
      await expect.poll(() => page.getByTestId('status').getAttribute('data-status')).toBe('Expired')
      await page.getByTestId('nav-recent').click()
      const row = page.locator(`[data-testid="sale-row"][data-sale-id="${saleId}"]`)
      await expect.poll(() => row.getByTestId('sale-status').textContent()).toBe('Expired')
      // The customer pays later, while the till shows something else.
      await tillCall(till, 'demo:simulate', { saleId, kind: 'late' })
      await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000, interval: 250 }).toBe('paid')
      expect(await row.getByTestId('sale-status').textContent()).toBe('Paid after expiry')
      expect(await row.getAttribute('data-late')).toBe('true')
      await row.getByTestId('refund-sale').waitFor()
      await keepScreenshot(page, 'late-payment-owner')
    })
    await page.close()
  })
})
