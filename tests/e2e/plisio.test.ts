import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { IP_NOT_WHITELISTED_MESSAGE } from '../../src/main/processors/plisio/client'
import type { SaleView } from '@shared/contract'
import { startPlisioSimulator, type PlisioSimulator } from '../simulators/plisio'
import {
  filesContaining,
  keychainKey,
  tillCall,
  launchBrowser,
  payingInvoiceId,
  removeDir,
  startTill,
  typeOnKeypad,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// A cashier with a Plisio shop (the simulator: 60 000 EUR/BTC, LTC in maintenance), in Debian's Chromium,
// against the real main-process code behind `npm run web`, which reaches Plisio only through KASSA_PLISIO_API_URL.
const STATUS_MS = 15_000
/** BIP173's example P2WPKH address: what a customer's wallet would show. */
const CUSTOMER_ADDRESS = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
let sim: PlisioSimulator
let till: Till
let browser: Browser
let page: Page

beforeAll(async () => {
  sim = await startPlisioSimulator()
  ;[till, browser] = await Promise.all([startTill({ KASSA_PLISIO_API_URL: sim.url }), launchBrowser()])
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

describe('Plisio (simulated) at the till', () => {
  it('sets the store currency to EUR and connects Plisio with its secret key, then uses it for sales', async () => {
    await withScreenshot(page, 'plisio-connect', async () => {
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      await page.getByTestId('currency').selectOption('EUR')
      await expect.poll(() => page.getByTestId('currency').inputValue()).toBe('EUR')
      expect(await text('notes-plisio')).toContain('Request IP')

      await page.getByTestId('api-key-plisio').fill(sim.apiKey)
      await page.getByTestId('connect-plisio').click()
      await page.getByTestId('connection-plisio').waitFor({ timeout: STATUS_MS })
      expect(await page.getByTestId('processor-panel-plisio').getAttribute('data-connected')).toBe('true')
      expect(await page.getByTestId('api-key-plisio').count()).toBe(0) // the form closed, the key field with it
      expect(await page.getByTestId('active-processor').getAttribute('data-processor')).toBe('demo')
      await page.getByTestId('use-plisio').click()
      await expect
        .poll(() => page.getByTestId('active-processor').getAttribute('data-processor'))
        .toBe('plisio')

      expect(await keychainKey(till, 'plisio')).toBe(sim.apiKey)
      expect(filesContaining(till.dataDir, sim.apiKey)).toEqual([])
    })
  })

  it('charges 25.00 EUR in BTC: partly paid shows what is still due, then paid in full; refunds by withdrawal', async () => {
    await withScreenshot(page, 'plisio-charge-refund', async () => {
      await page.getByTestId('nav-till').click()
      await typeOnKeypad(page, '2500')
      await expect.poll(() => text('amount-display')).toContain('€25.00')
      await page.getByTestId('charge').click()

      // The coin picker: BTC can be picked, LTC is listed with why it cannot.
      const picker = page.getByTestId('pay-options')
      await picker.waitFor({ timeout: STATUS_MS })
      expect(await picker.locator('h2').textContent()).toBe('Pay €25.00 with…')
      expect(await page.getByTestId('pay-option-BTC').isEnabled()).toBe(true)
      expect(await page.getByTestId('pay-option-BTC').textContent()).toContain('1 BTC = €60,000.00')
      expect(await page.getByTestId('pay-option-LTC').isDisabled()).toBe(true)
      expect(await text('pay-option-reason-LTC')).toMatch(/maintenance/i)
      await page.getByTestId('pay-option-BTC').click()

      await page.getByTestId('qr').waitFor({ timeout: STATUS_MS })
      expect(await text('fiat-amount')).toBe('€25.00')
      // 25.00 EUR at 60 000 EUR/BTC, rounded up to the satoshi.
      expect(await text('crypto-amount')).toBe('0.00041667 BTC')
      const status = page.getByTestId('status')
      await expect.poll(() => status.getAttribute('data-status')).toBe('New')
      const txnId = await payingInvoiceId(till, page)

      sim.control.payPartial(txnId) // half the BTC: Plisio says `pending`
      await expect
        .poll(() => status.getAttribute('data-additional'), { timeout: STATUS_MS })
        .toBe('PaidPartial')
      expect(await text('still-due')).toBe('€12.50')
      expect(await status.textContent()).toBe('Partially paid — €12.50 still due')
      // The QR and the link ask only for the BTC still due, not the whole amount again.
      const rest = `bitcoin:${sim.control.invoice(txnId)?.walletHash}?amount=0.00020834`
      await expect.poll(() => page.getByTestId('qr').getAttribute('data-link')).toBe(rest)
      expect(await text('payment-uri')).toBe(rest)
      expect(page.url()).toContain('/pay/')

      sim.control.payFull(txnId) // the rest: `completed`
      await page.getByTestId('receipt').waitFor({ timeout: STATUS_MS })
      expect(await text('receipt-total')).toBe('€25.00')
      expect(await text('receipt-status')).toBe('Paid')
      expect(await text('receipt-crypto')).toBe('0.00041667 BTC')

      // Refund by a withdrawal from the shop balance to the customer's address.
      await page.getByTestId('refund-sale').click()
      await expect.poll(() => text('refund-paid')).toBe('€25.00')
      expect(await text('refund-coin')).toContain('The customer paid 0.00041667 BTC')
      expect(await page.getByTestId('refund-amount').inputValue()).toBe('0.00041667')
      await page.getByTestId('refund-address').fill(CUSTOMER_ADDRESS)
      await page.getByTestId('refund-reason').fill('Returned unopened')

      // Plisio refuses balance and withdrawal calls from an IP not under Request IP: the cashier reads why.
      sim.control.setIpAllowed(false)
      try {
        await page.getByTestId('refund-estimate').click()
        await expect.poll(() => text('refund-error')).toBe(IP_NOT_WHITELISTED_MESSAGE)
        expect(await page.getByTestId('refund-withdraw').isDisabled()).toBe(true)
      } finally {
        sim.control.setIpAllowed(true)
      }

      await page.getByTestId('refund-estimate').click()
      const estimate = page.getByTestId('refund-estimate-result')
      await estimate.waitFor({ timeout: STATUS_MS })
      expect(await page.getByTestId('refund-error').count()).toBe(0)
      expect(await text('refund-estimate-fee')).toBe('0.00001500 BTC')
      expect(await text('refund-estimate-commission')).toMatch(/^0\.\d+ BTC$/)
      expect(await text('refund-estimate-balance')).toBe('0.05000000 BTC')
      const total = await text('refund-estimate-total')
      expect(total).toMatch(/^0\.\d+ BTC$/)

      await page.getByTestId('refund-withdraw').click()
      const step = page.getByTestId('refund-confirm-step')
      await step.waitFor()
      const review = (await step.textContent()) ?? ''
      expect(review).toContain('0.00041667 BTC')
      expect(review).toContain(CUSTOMER_ADDRESS)
      expect(review).toContain(total)
      await page.getByTestId('refund-confirm-final').click()

      const result = page.getByTestId('refund-result')
      await result.waitFor({ timeout: STATUS_MS })
      expect(await result.locator('h2').textContent()).toBe('Refund to address')
      expect(await text('refund-result-amount')).toBe('0.00041667 BTC (€25.00)')
      expect(await result.textContent()).toContain(CUSTOMER_ADDRESS)
      expect(await result.textContent()).toContain('Returned unopened')
      expect(await page.getByTestId('refund-state').getAttribute('data-state')).toBe('in-progress')

      await page.getByTestId('refund-done').click()
      await page.getByTestId('receipt').waitFor()
      const rows = page.getByTestId('receipt-refund')
      await expect.poll(() => rows.count()).toBe(1)
      expect(await rows.first().textContent()).toContain('Refund to address')
      expect(await rows.first().textContent()).toContain('0.00041667 BTC (€25.00)')
      expect(await text('receipt-refund-state')).toBe('Being paid')
      expect(await text('receipt-refunded')).toBe('€25.00')
    })
  })

  it('a withdrawal whose answer was lost is "unknown", never sent again, until the owner releases it', async () => {
    await withScreenshot(page, 'plisio-unknown-withdrawal', async () => {
      const sale = await tillCall<SaleView>(till, 'sale:charge', {
        amount: '10.00',
        currency: 'EUR',
        paymentMethod: 'BTC'
      })
      sim.control.payFull(sale.invoice!.id)
      await tillCall(till, 'invoice:focus', { saleId: sale.id })
      await expect
        .poll(async () => (await tillCall<SaleView>(till, 'sale:get', { saleId: sale.id })).state, {
          timeout: STATUS_MS
        })
        .toBe('paid')
      await page.getByTestId('nav-recent').click()
      const row = page.locator(`[data-testid="sale-row"][data-sale-id="${sale.id}"]`)
      await row.getByTestId('refund-sale').click()
      await expect.poll(() => text('refund-paid')).toBe('€10.00')
      await page.getByTestId('refund-address').fill(CUSTOMER_ADDRESS)
      await page.getByTestId('refund-estimate').click()
      await page.getByTestId('refund-estimate-result').waitFor({ timeout: STATUS_MS })
      await page.getByTestId('refund-withdraw').click()
      await page.getByTestId('refund-confirm-step').waitFor()
      const before = sim.control.withdrawals().length
      sim.control.failNext({ status: 502 }) // a proxy drops Plisio's answer: did it pay or not?
      await page.getByTestId('refund-confirm-final').click()

      await page.getByTestId('refund-result').waitFor({ timeout: STATUS_MS })
      expect(await page.getByTestId('refund-state').getAttribute('data-state')).toBe('unknown')
      expect(await text('refund-state')).toBe('Unknown — check before retrying')
      expect(await text('refund-note')).toContain('Check the Plisio account before retrying')
      expect(sim.control.withdrawals()).toHaveLength(before)
      await page.screenshot({ path: 'test-results/plisio-unknown-withdrawal.png', fullPage: true })

      // The owner sees it in Recent sales too.
      await page.getByTestId('refund-done').click()
      await page.getByTestId('nav-recent').click()
      await expect.poll(() => row.getByTestId('sale-refund-unknown').count()).toBe(1)

      // Checked in Plisio: nothing was sent. Release frees the amount; nothing was sent meanwhile.
      await row.getByTestId('refund-sale').click()
      await page.getByTestId('refund-history-row').first().waitFor({ timeout: STATUS_MS })
      // The refund screen may still show it; else it is opened from the sale's refund history.
      if ((await page.getByTestId('refund-release').count()) === 0) {
        await page.getByTestId('refund-open').first().click()
      }
      await page.getByTestId('refund-release').click()
      await expect.poll(() => page.getByTestId('refund-state').getAttribute('data-state')).toBe('failed')
      expect(sim.control.withdrawals()).toHaveLength(before)
      await page.getByTestId('refund-another').click()
      await expect.poll(() => text('refund-paid')).toBe('€10.00')
    })
  })
})
