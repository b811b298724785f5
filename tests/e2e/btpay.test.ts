import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startBtpaySimulator, type BtpaySimulator } from '../simulators/btpay'
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

// A cashier with a BTPay server (the simulator), in Debian's Chromium, against the real main-process code behind
// `npm run web`. BTPay never calls the till back: the tracker reads the open invoice instead.
const STATUS_MS = 15_000
let sim: BtpaySimulator
let till: Till
let browser: Browser
let page: Page

beforeAll(async () => {
  ;[sim, till, browser] = await Promise.all([startBtpaySimulator(), startTill(), launchBrowser()])
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

/** Type a price on the keypad, name it, and put it in the cart. */
async function addItem(digits: string, name: string): Promise<void> {
  await typeOnKeypad(page, digits)
  await page.getByTestId('memo').fill(name)
  await page.getByTestId('add-item').click()
  await page.locator(`[data-testid="cart-line"][data-name="${name}"]`).waitFor()
}

describe('BTPay (simulated) at the till', () => {
  it('sets a 10 % sales tax and connects BTPay, whose notes say why it cannot call the till back', async () => {
    await withScreenshot(page, 'btpay-connect', async () => {
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      await page.getByTestId('tax-rate').fill('10')
      await page.getByTestId('save-tax-rate').click()
      await expect.poll(() => page.getByTestId('save-tax-rate').isDisabled()).toBe(true)
      expect(await page.getByTestId('tax-rate').inputValue()).toBe('10')

      const notes = await page.getByTestId('notes-btpay').locator('li').allTextContents()
      expect(notes[0]).toContain('BTPay cannot call back this till')
      expect(notes[0]).toContain('loopback and private-network addresses')
      expect(notes[1]).toContain('BTPay has no refund API')

      await page.getByTestId('server-url-btpay').fill(sim.url)
      await page.getByTestId('api-key-btpay').fill(sim.apiKey)
      await page.getByTestId('activate-btpay').check()
      await page.getByTestId('connect-btpay').click()
      await page.getByTestId('connection-btpay').waitFor({ timeout: STATUS_MS })
      await expect
        .poll(() => page.getByTestId('active-processor').getAttribute('data-processor'))
        .toBe('btpay')
      await page.getByTestId('active-badge-btpay').waitFor()
      expect(await text('config-base-url-btpay')).toBe(sim.url)
      // The notes stay once connected.
      expect(await text('notes-btpay')).toContain('BTPay cannot call back this till')

      expect(await keychainKey(till, 'btpay')).toBe(sim.apiKey)
      expect(filesContaining(till.dataDir, sim.apiKey)).toEqual([])
    })
  })

  it('charges a two-line sale with 10 % tax, paid at 0 conf then confirmed; records a cash refund', async () => {
    await withScreenshot(page, 'btpay-charge-refund', async () => {
      await page.getByTestId('nav-till').click()
      await addItem('1250', 'Coffee beans')
      await page
        .locator('[data-testid="cart-line"][data-name="Coffee beans"]')
        .getByTestId('cart-line-plus')
        .click()
      await addItem('320', 'Croissant')

      const lines = page.getByTestId('cart-line')
      expect(await lines.count()).toBe(2)
      const beans = page.locator('[data-testid="cart-line"][data-name="Coffee beans"]')
      expect(await beans.getAttribute('data-quantity')).toBe('2')
      expect(await beans.getByTestId('cart-line-total').textContent()).toBe('$25.00')
      expect(
        await page
          .locator('[data-testid="cart-line"][data-name="Croissant"]')
          .getByTestId('cart-line-total')
          .textContent()
      ).toBe('$3.20')
      // 2 × 12.50 + 3.20 = 28.20; 10 % tax = 2.82; total 31.02.
      expect(await text('cart-subtotal')).toBe('$28.20')
      expect(await text('cart-tax')).toBe('$2.82')
      expect(await text('cart-total')).toBe('$31.02')
      expect(await text('charge')).toBe('Charge $31.02')
      await page.getByTestId('charge').click()

      await page.getByTestId('qr').waitFor({ timeout: STATUS_MS })
      expect(await text('fiat-amount')).toBe('$31.02')
      expect(await page.getByTestId('qr').getAttribute('data-link')).toMatch(/^bitcoin:/i)
      expect(await text('payment-uri')).toMatch(/^bitcoin:/i)
      const status = page.getByTestId('status')
      await expect.poll(() => status.getAttribute('data-status')).toBe('New')
      const invoiceNumber = await payingInvoiceId(till, page)
      // BTPay got the lines and the tax, not just a total: the tax as a line of its own (docs/processors/btpay.md),
      // so BTPay's total is Kassa's whatever the cart's discount, rates or tip.
      const stored = sim.control.invoices().find((i) => i.invoice_number === invoiceNumber)
      expect(stored?.lines.map((line) => [line.description, line.quantity, line.unit_price])).toEqual([
        ['Coffee beans', '2', '12.50'],
        ['Croissant', '1', '3.20'],
        ['Tax 10 %', '1', '2.82']
      ])
      expect(stored).toMatchObject({ total: '31.02' })

      sim.control.pay(invoiceNumber) // seen at 0 confirmations: BTPay says `paid`
      await expect.poll(() => status.getAttribute('data-status'), { timeout: STATUS_MS }).toBe('Processing')
      expect(await status.textContent()).toBe('Payment seen — waiting for confirmation')
      expect(page.url()).toContain('/pay/')

      sim.control.confirm(invoiceNumber) // `confirmed`
      await page.getByTestId('receipt').waitFor({ timeout: STATUS_MS })
      const receipt = page.getByTestId('receipt')
      const rows = await receipt.locator('table.lines tbody tr').allInnerTexts()
      expect(rows.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
        'Coffee beans $25.00',
        '2 × $12.50',
        'Croissant $3.20'
      ])
      const shown = (await receipt.innerText()).replace(/\s+/g, ' ')
      expect(shown).toContain('Subtotal $28.20')
      expect(shown).toContain('Tax 10 % on $28.20 $2.82')
      expect(await text('receipt-total')).toBe('$31.02')
      expect(await text('receipt-status')).toBe('Paid')
      expect(await text('receipt-invoice-id')).toBe(invoiceNumber)

      // BTPay has no refund API: the refund screen only records one paid outside Kassa, with a reason.
      await page.getByTestId('refund-sale').click()
      await expect.poll(() => text('refund-paid')).toBe('$31.02')
      expect(await page.getByTestId('refund-mode-processor').count()).toBe(0)
      await page.getByTestId('refund-record-amount').fill('3.20')
      await page.getByTestId('refund-record-method').selectOption('cash')
      await page.getByTestId('refund-record').click()
      expect(await text('refund-error')).toBe('Say why the refund was made')
      await page.getByTestId('refund-reason').fill('Stale croissant')
      await page.getByTestId('refund-record').click()

      const result = page.getByTestId('refund-result')
      await result.waitFor({ timeout: STATUS_MS })
      expect(await result.locator('h2').textContent()).toBe('Refund paid outside Kassa · Cash')
      expect(await text('refund-result-amount')).toBe('$3.20')
      expect(await page.getByTestId('refund-state').getAttribute('data-state')).toBe('completed')
      expect(await result.textContent()).toContain('Stale croissant')
      await expect.poll(() => text('refund-left')).toBe('$27.82')

      await page.getByTestId('refund-done').click()
      await page.getByTestId('receipt').waitFor()
      const refunds = page.getByTestId('receipt-refund')
      await expect.poll(() => refunds.count()).toBe(1)
      expect(await refunds.first().textContent()).toContain('Refund paid outside Kassa · Cash')
      expect(await refunds.first().textContent()).toContain('$3.20')
      expect(await text('receipt-refund-state')).toBe('Completed')
      expect(await text('receipt-refunded')).toBe('$3.20')
    })
  })
})
