import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations } from './axe'
import {
  E2E_OWNER_PIN,
  launchBrowser,
  removeDir,
  startTill,
  tillCall,
  waitPaid,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// The refund policy end to end: the owner sets a cashier limit in Settings → Refund policy; a cashier's refund
// above it shows "needs the owner's PIN" before confirming, confirming asks for the PIN and the refund is then
// made once; a refund under the limit needs no PIN. Screens in English and German at three sizes, axe clean.

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
] as const
const RESULTS = resolve(__dirname, '../../test-results')

let till: Till
let browser: Browser

interface SaleWithRefunds {
  id: string
  state: string
  refunded: string
  refunds: { policy: { decision: string; rule: string | null; approvedBy: string | null } | null }[]
}

async function paidSale(amount: string): Promise<string> {
  const sale = await tillCall<{ id: string }>(till, 'sale:charge', { amount, currency: 'USD' })
  await tillCall(till, 'demo:simulate', { saleId: sale.id, kind: 'full' })
  await waitPaid(till, sale.id)
  return sale.id
}

const saleOf = (saleId: string) => tillCall<SaleWithRefunds>(till, 'sale:get', { saleId })

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  till = await startTill({ KASSA_DEMO_CONFIRM_MS: '100' })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

async function openTill(size: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport: size })
  const page = await context.newPage()
  await page.goto(till.url)
  await page.getByTestId('nav-recent').waitFor()
  return page
}

/** Screenshot the page as it is and assert axe finds nothing. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true })
  const violations = await axeViolations(page)
  expect(violations, describeViolations(violations)).toEqual([])
}

describe('refund policy', () => {
  it('the owner sets a cashier limit; above it the refund asks for the owner PIN and is made once', async () => {
    const page = await openTill(SIZES[0])
    await withScreenshot(page, 'refund-policy-failed', async () => {
      await page.goto(`${till.origin}/#/settings`)
      await ownerUnlock(page)
      const panel = page.getByTestId('refund-policy-settings')
      await panel.scrollIntoViewIfNeeded()
      await page.getByTestId('policy-limit').fill('50')
      await page.getByTestId('policy-save').click()
      await expect
        .poll(
          async () =>
            (await tillCall<{ refundPolicy: { cashierLimit: string | null } }>(till, 'settings:get', {}))
              .refundPolicy.cashierLimit
        )
        .toBe('50.00')
      await panel.screenshot({ path: join(RESULTS, 'refund-policy-settings-en.png') })
      expect(describeViolations(await axeViolations(page))).toBe(describeViolations([]))
      // The cashier's till again: no owner session on this page.
      await page.getByTestId('owner-lock').click()
      await page.getByTestId('owner-lock').waitFor({ state: 'detached' })

      const above = await paidSale('80.00')
      await page.goto(`${till.origin}/#/refund/${above}`)
      await page.getByTestId('refund-variant-Fiat').click()
      const note = page.getByTestId('refund-policy')
      await expect.poll(() => note.getAttribute('data-decision')).toBe('needs-owner')
      expect(await note.getAttribute('data-rule')).toBe('cashier-limit')
      expect(await note.textContent()).toContain(
        'Needs the owner’s PIN: $80.00 is above the cashier’s limit of $50.00'
      )
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shoot(page, `refund-policy-en-${size.width}x${size.height}`)
      }
      await page.setViewportSize(SIZES[0])

      await page.getByTestId('refund-confirm').click()
      await page.getByTestId('refund-confirm-final').click()
      // owner-required: the PIN dialog; after the PIN the same request goes once more and the refund is made.
      const dialog = page.getByTestId('owner-pin-dialog')
      await dialog.waitFor()
      await page.screenshot({ path: join(RESULTS, 'refund-policy-en-pin.png') })
      await page.getByTestId('owner-pin-input').fill(E2E_OWNER_PIN)
      await page.getByTestId('owner-pin-input').press('Enter')
      await page.getByTestId('refund-result').waitFor()
      const sale = await saleOf(above)
      expect(sale.refunds).toHaveLength(1)
      expect(sale.refunds[0]?.policy).toEqual({
        decision: 'needs-owner',
        rule: 'cashier-limit',
        approvedBy: 'owner'
      })
      expect(sale.refunded).toBe('80.00')

      // Under the limit: no PIN asked, even without an owner session.
      await page.getByTestId('owner-lock').click()
      await page.getByTestId('owner-lock').waitFor({ state: 'detached' })
      const under = await paidSale('40.00')
      await page.goto(`${till.origin}/#/refund/${under}`)
      await page.getByTestId('refund-variant-Fiat').click()
      await expect.poll(() => note.getAttribute('data-decision')).toBe('allowed')
      await page.getByTestId('refund-confirm').click()
      await page.getByTestId('refund-confirm-final').click()
      await page.getByTestId('refund-result').waitFor()
      expect(await dialog.count()).toBe(0)
      expect((await saleOf(under)).refunds[0]?.policy).toEqual({
        decision: 'allowed',
        rule: null,
        approvedBy: null
      })
    })
  })

  it('shows the triage in German at every size, axe clean', async () => {
    await tillCall(till, 'settings:update', { locale: 'de' })
    const saleId = await paidSale('80.00')
    const page = await openTill(SIZES[0])
    await withScreenshot(page, 'refund-policy-de-failed', async () => {
      await page.goto(`${till.origin}/#/refund/${saleId}`)
      await page.getByTestId('refund-variant-Fiat').click()
      const note = page.getByTestId('refund-policy')
      await expect.poll(() => note.getAttribute('data-decision')).toBe('needs-owner')
      expect(await note.textContent()).toContain(
        'Inhaber-PIN erforderlich: 80,00\u00a0$ liegt über dem Höchstbetrag'
      )
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shoot(page, `refund-policy-de-${size.width}x${size.height}`)
      }
      await page.goto(`${till.origin}/#/settings`)
      await ownerUnlock(page)
      const panel = page.getByTestId('refund-policy-settings')
      await panel.scrollIntoViewIfNeeded()
      await panel.screenshot({ path: join(RESULTS, 'refund-policy-settings-de.png') })
      expect(describeViolations(await axeViolations(page))).toBe(describeViolations([]))
    })
  })
})
