import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import QRCode from 'qrcode'
import type { PrintJobView } from '@shared/receipt'
import { LoopbackPrinter } from '../simulators/printer'
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
import { ownerUnlock } from './owner'

// Receipts in Chromium against `npm run web`: a paid Demo sale's receipt with the shop's details and number,
// printed through the queue to a loopback ESC/POS printer; axe on the receipt screen and Settings → Receipt.
const RESULTS = resolve(__dirname, '../../test-results')
const AXE = resolve(__dirname, '../../node_modules/axe-core/axe.min.js')

let till: Till
let browser: Browser
let printer: LoopbackPrinter

beforeAll(async () => {
  printer = await LoopbackPrinter.start()
  till = await startTill({ KASSA_DEMO_CONFIRM_MS: '300' })
  browser = await launchBrowser()
  await tillCall(till, 'settings:update', {
    receipt: {
      shop: {
        name: 'Café Morgenrot',
        address: 'Hauptstraße 1\n10115 Berlin',
        taxId: 'DE123456789',
        footer: 'Thank you for your visit!',
        logo: await QRCode.toDataURL('Café Morgenrot', { width: 96, margin: 1 })
      },
      printer: { host: '127.0.0.1', port: printer.port, paperWidth: 80 }
    }
  })
  mkdirSync(RESULTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  await printer?.close()
  if (till) removeDir(till.dataDir)
})

/** axe's violations on the page, or inside `selector`. */
async function axeViolations(page: Page, selector?: string): Promise<{ id: string; nodes: unknown[] }[]> {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async (context) => {
    const axe = (
      window as unknown as {
        axe: { run(c?: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> }
      }
    ).axe
    const result = await axe.run(context ?? document)
    return result.violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.map((n) => (n as { target: unknown }).target)
    }))
  }, selector)
}

describe('receipts', () => {
  it('a paid Demo sale: the receipt shows the shop and its number, prints to the network printer, passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true })
    await page.goto(till.url)
    await page.getByTestId('amount-display').waitFor()
    await withScreenshot(page, 'receipt-print', async () => {
      await typeOnKeypad(page, '1250')
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
      const saleId = await payingSaleId(page)
      await page.getByTestId('simulate-full').click()
      await page.getByTestId('receipt').waitFor({ timeout: 10_000 })
      await expect.poll(() => page.getByTestId('receipt-shop-name').textContent()).toBe('Café Morgenrot')
      const number = (await page.getByTestId('receipt-number').textContent())?.trim() ?? ''
      expect(number).toMatch(/^T1-\d{8}-1$/)
      expect(await page.getByTestId('receipt-total').textContent()).toContain('$12.50')
      expect(await page.getByTestId('receipt-method').textContent()).toMatch(/Bitcoin/)

      await page.getByTestId('print').click()
      await expect
        .poll(() => page.getByTestId('print-job').first().getAttribute('data-state'), { timeout: 10_000 })
        .toBe('printed')
      expect(printer.prints).toHaveLength(1)
      const printed = printer.texts[0] ?? ''
      expect(printed).toContain(number)
      expect(printed).toContain('\x1d(k')
      expect(printed).toContain('\x1dV')
      const jobs = await tillCall<PrintJobView[]>(till, 'receipt:printQueue', { saleId })
      expect(jobs.map((job) => job.state)).toEqual(['printed'])

      await page.screenshot({ path: join(RESULTS, 'receipt-1280x800.png'), fullPage: true })
      expect(await axeViolations(page)).toEqual([])
      await page.setViewportSize({ width: 800, height: 1280 })
      await page.screenshot({ path: join(RESULTS, 'receipt-800x1280.png'), fullPage: true })
      expect(await axeViolations(page)).toEqual([])
    })
    await page.close()
  })

  it('Settings → Receipt shows the shop details and passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true })
    await page.goto(till.url)
    await page.getByTestId('amount-display').waitFor()
    await withScreenshot(page, 'settings-receipt', async () => {
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      const section = page.getByTestId('settings-receipt')
      await section.waitFor()
      expect(await page.getByTestId('receipt-shop-name-input').inputValue()).toBe('Café Morgenrot')
      expect(await page.getByTestId('receipt-printer-port').inputValue()).toBe(String(printer.port))
      await section.screenshot({ path: join(RESULTS, 'settings-receipt-1280x800.png') })
      expect(await axeViolations(page, '[data-testid="settings-receipt"]')).toEqual([])
      await page.setViewportSize({ width: 800, height: 1280 })
      await section.screenshot({ path: join(RESULTS, 'settings-receipt-800x1280.png') })
    })
    await page.close()
  })
})
