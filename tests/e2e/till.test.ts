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

// A cashier's whole flow, in Debian's Chromium, against the real main-process code behind `npm run web`.
let till: Till
let browser: Browser

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

async function charge(page: Page, digits: string): Promise<void> {
  await page.getByTestId('nav-till').click()
  await typeOnKeypad(page, digits)
  await page.getByTestId('charge').click()
  await page.getByTestId('qr').waitFor()
}

describe('a cashier at the till (Demo processor)', () => {
  it('charges 12.34 USD, the customer pays in full, and the receipt shows the sale', async () => {
    const page = await openTill()
    await withScreenshot(page, 'charge-full', async () => {
      await typeOnKeypad(page, '1234')
      await expect.poll(() => page.getByTestId('amount-display').textContent()).toContain('12.34')
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
      expect(await page.getByTestId('fiat-amount').textContent()).toContain('$12.34')
      expect(await page.getByTestId('crypto-amount').textContent()).toMatch(/0\.000\d+ BTC/)
      expect(await page.getByTestId('rate').textContent()).toContain('Demo rate')
      await expect.poll(() => page.getByTestId('status').getAttribute('data-status')).toBe('New')
      await page.getByTestId('simulate-full').click()
      await page.getByTestId('receipt').waitFor({ timeout: 10_000 })
      expect(await page.getByTestId('receipt-total').textContent()).toContain('$12.34')
      const invoiceId = await page.getByTestId('receipt-invoice-id').textContent()
      expect(invoiceId).toMatch(/demo_/)
      await page.getByTestId('nav-recent').click()
      const row = page.getByTestId('sale-row').first()
      await row.waitFor()
      expect(await row.textContent()).toContain('12.34')
    })
    await page.close()
  })

  it('shows what is still due after a partial payment, then settles when the rest is paid', async () => {
    const page = await openTill()
    await withScreenshot(page, 'charge-partial', async () => {
      await charge(page, '2500')
      await page.getByTestId('simulate-partial').click()
      await page.getByTestId('still-due').waitFor()
      expect(await page.getByTestId('status').getAttribute('data-additional')).toBe('PaidPartial')
      expect(await page.getByTestId('status').getAttribute('data-status')).toBe('New')
      await page.getByTestId('simulate-full').click()
      await page.getByTestId('receipt').waitFor({ timeout: 10_000 })
      expect(await page.getByTestId('receipt-total').textContent()).toContain('$25.00')
    })
    await page.close()
  })

  it('ends an expired invoice with a clear next step', async () => {
    const page = await openTill()
    await withScreenshot(page, 'charge-expire', async () => {
      await charge(page, '500')
      await page.getByTestId('simulate-expire').click()
      await expect.poll(() => page.getByTestId('status').getAttribute('data-status')).toBe('Expired')
      expect(await page.getByTestId('status').textContent()).toMatch(/expired/i)
      await page.getByTestId('new-sale').click()
      await expect.poll(() => page.getByTestId('amount-display').textContent()).toMatch(/0\.00/)
    })
    await page.close()
  })

  it('lets the cashier cancel an unpaid sale', async () => {
    const page = await openTill()
    await withScreenshot(page, 'cancel', async () => {
      await charge(page, '999')
      await page.getByTestId('cancel-sale').click()
      await page.getByTestId('cancel-sale-confirm').click()
      await page.getByTestId('amount-display').waitFor()
      await page.getByTestId('nav-recent').click()
      await page.getByTestId('sale-row').first().waitFor()
      expect(await page.getByTestId('sale-row').first().textContent()).toMatch(/cancel/i)
    })
    await page.close()
  })

  it('refunds a custom 4.00 minus 10 %: the confirmation says $3.60 and the refund made is $3.60', async () => {
    const page = await openTill()
    const text = async (testid: string): Promise<string> =>
      ((await page.getByTestId(testid).first().textContent()) ?? '').trim()
    await withScreenshot(page, 'refund-custom', async () => {
      await charge(page, '1234')
      const saleId = await payingSaleId(page)
      await page.getByTestId('simulate-full').click()
      await page.getByTestId('receipt').waitFor({ timeout: 10_000 })
      await page.getByTestId('refund-sale').click()
      await expect.poll(() => text('refund-paid')).toBe('$12.34')
      await page.getByTestId('refund-variant-Custom').click()
      await page.getByTestId('refund-custom-amount').fill('4.00')
      expect(await page.getByTestId('refund-custom-currency').inputValue()).toBe('USD')
      await page.getByTestId('refund-subtract').fill('10')
      const custom = page.getByTestId('refund-preview-Custom')
      await expect.poll(() => custom.getByTestId('refund-preview-fiat').textContent()).toContain('$3.60')

      await page.getByTestId('refund-confirm').click()
      const step = page.getByTestId('refund-confirm-step')
      await step.waitFor()
      expect(await step.textContent()).not.toContain('4.00 USD')
      expect(await text('refund-confirm-pays')).toBe('$3.60')
      // 3.60 USD at the Demo's 65 000 USD/BTC.
      expect(await text('refund-confirm-about')).toBe('0.00005538 BTC at today’s rate')

      await page.getByTestId('refund-confirm-final').click()
      await page.getByTestId('refund-result').waitFor({ timeout: 10_000 })
      expect(await text('refund-result-amount')).toBe('$3.60')
      const sale = await tillCall<{ refunded: string; refunds: { amount: string; currency: string }[] }>(
        till,
        'sale:get',
        { saleId }
      )
      expect(sale.refunded).toBe('3.60')
      expect(sale.refunds.map((r) => `${r.amount} ${r.currency}`)).toEqual(['3.60 USD'])
    })
    await page.close()
  })
})
