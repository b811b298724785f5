import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations } from './axe'
import {
  launchBrowser,
  removeDir,
  settle,
  startTill,
  tillCall,
  typeOnKeypad,
  watchCalls,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// Customers against `npm run web` with the Demo: the cashier attaches a new customer at the till and charges, finds
// them again by three letters for the next sale; the owner looks them up on Customers, corrects and erases them.
// The till's customer dialog and the Customers screen (with its Signals) in English and German at three sizes:
// axe finds nothing, screenshots under test-results/customers-*.png.

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
] as const
const RESULTS = resolve(__dirname, '../../test-results')

let till: Till
let browser: Browser

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  till = await startTill({ KASSA_DEMO_CONFIRM_MS: '50' })
  browser = await launchBrowser()
  await tillCall(till, 'settings:update', { locale: 'en' })
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

async function openTill(size: { width: number; height: number } = SIZES[0]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: size })).newPage()
  watchCalls(page)
  await page.goto(till.url)
  await page.getByTestId('nav-customers').waitFor()
  return page
}

async function axeClean(page: Page, file: string): Promise<void> {
  await settle(page)
  await page.screenshot({ path: join(RESULTS, `${file}.png`), fullPage: true })
  const violations = await axeViolations(page)
  expect(violations, `${file}:\n${describeViolations(violations)}`).toEqual([])
}

describe('customers (Demo processor)', () => {
  it('attaches a new customer at the till, charges, and finds them again by three letters', async () => {
    const page = await openTill()
    await withScreenshot(page, 'customers-till-failed', async () => {
      await typeOnKeypad(page, '1250')
      await page.getByTestId('till-customer').click()
      await page.getByTestId('customer-dialog').waitFor()
      // A bad e-mail is refused on the spot and nothing is attached.
      await page.getByTestId('customer-new-name').fill('Quentin Adebayo')
      await page.getByTestId('customer-new-email').fill('quentin@')
      await page.getByTestId('customer-new-submit').click()
      await page.getByTestId('customer-new-problem').waitFor()
      await page.getByTestId('customer-new-email').fill('quentin.adebayo@example.org')
      await page.getByTestId('customer-new-phone').fill('+49 170 5550199')
      // Enter submits, as a keyboard would.
      await page.getByTestId('customer-new-phone').press('Enter')
      await page.getByTestId('customer-dialog').waitFor({ state: 'detached' })
      expect(await page.getByTestId('till-customer').textContent()).toContain('Quentin Adebayo')
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
      await page.getByTestId('simulate-full').click()
      await page.getByTestId('receipt').waitFor({ timeout: 10_000 })
      expect(await page.getByTestId('receipt-customer').textContent()).toContain('Quentin Adebayo')
      await axeClean(page, 'customers-en-1280x800-receipt')

      await page.getByTestId('new-sale').click()
      await typeOnKeypad(page, '300')
      // The customer is gone from the new sale until picked again, by three letters.
      expect(await page.getByTestId('till-customer').textContent()).not.toContain('Quentin')
      await page.getByTestId('till-customer').click()
      await page.getByTestId('customer-find').fill('ade')
      const match = page.getByTestId('customer-match')
      await match.first().waitFor()
      expect(await match.count()).toBe(1)
      await match.first().focus()
      await page.keyboard.press('Enter')
      await page.getByTestId('customer-dialog').waitFor({ state: 'detached' })
      expect(await page.getByTestId('till-customer').textContent()).toContain('Quentin Adebayo')
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
    })
    await page.close()
  })

  it('the owner looks the customer up, sees both sales, corrects and erases them', async () => {
    const page = await openTill()
    await withScreenshot(page, 'customers-owner-failed', async () => {
      await page.getByTestId('nav-customers').click()
      await ownerUnlock(page)
      await page.getByTestId('customers-screen').waitFor()
      await page.getByTestId('customers-find').fill('que')
      await page.getByTestId('customers-match').first().click()
      await page.getByTestId('customer-detail').waitFor()
      await expect.poll(() => page.getByTestId('customer-sale').count()).toBe(2)
      await page.getByTestId('customer-edit').click()
      await page.getByTestId('customer-edit-phone').fill('+49 171 4440123')
      await page.getByTestId('customer-edit-submit').click()
      await expect.poll(() => page.getByTestId('customer-detail-phone').textContent()).toBe('+49 171 4440123')
      await page.getByTestId('customer-erase').click()
      await page.getByTestId('customer-erase-dialog').waitFor()
      await axeClean(page, 'customers-en-1280x800-erase-dialog')
      await page.getByTestId('customer-erase-confirm').click()
      await expect.poll(() => page.getByTestId('customers-notice').textContent()).toContain('2 sales')
      const left = await tillCall<unknown[]>(till, 'customer:search', { query: 'quentin' })
      expect(left).toEqual([])
    })
    await page.close()
  })

  describe.each(['en', 'de'] as const)('screens in %s', (locale) => {
    beforeAll(async () => {
      await tillCall(till, 'settings:update', { locale })
      const sale = await tillCall<{ id: string }>(till, 'sale:charge', {
        amount: '4.20',
        currency: 'USD',
        customer: { name: `Zoë Brandt-${locale}`, email: `zoe.${locale}@example.org` }
      })
      await tillCall(till, 'demo:simulate', { saleId: sale.id, kind: 'full' })
    })

    // The flow once per language; each state is then checked at the three sizes by resizing the page.
    it('the till customer dialog and the Customers screen at 1280×800, 1024×600 and 800×1280', async () => {
      const page = await openTill(SIZES[0])
      const atEverySize = async (state: string, also?: () => Promise<void>): Promise<void> => {
        for (const size of SIZES) {
          await page.setViewportSize(size)
          await also?.()
          await axeClean(page, `customers-${locale}-${size.width}x${size.height}-${state}`)
        }
        await page.setViewportSize(SIZES[0])
      }
      await withScreenshot(page, `customers-${locale}-failed`, async () => {
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale)
        await page.getByTestId('till-customer').click()
        await page.getByTestId('customer-find').fill('zoë')
        await page.getByTestId('customer-match').first().waitFor()
        await atEverySize('till-dialog')
        await page.keyboard.press('Escape')
        await page.getByTestId('customer-dialog').waitFor({ state: 'detached' })
        // Picked by touch, with a sale on the keypad: the till shows who it is for.
        await page.getByTestId('till-customer').click()
        await page.getByTestId('customer-find').fill('brandt')
        await page.getByTestId('customer-match').first().click()
        await page.getByTestId('customer-dialog').waitFor({ state: 'detached' })
        await typeOnKeypad(page, '990')
        expect(await page.getByTestId('till-customer').textContent()).toContain('Brandt')
        await atEverySize('till-attached')

        await page.goto(`${till.origin}/#/customers`)
        await ownerUnlock(page)
        await page.getByTestId('customers-find').fill('brandt')
        await page.getByTestId('customers-match').first().click()
        await page.getByTestId('customer-sale').first().waitFor()
        await page.getByTestId('signals-failed').waitFor()
        await atEverySize('screen', async () => {
          await settle(page)
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
          expect(overflow, 'the page scrolls sideways').toBe(false)
        })
      })
      await page.context().close()
    })
  })
})
