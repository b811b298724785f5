import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, removeDir, startTill, tillCall, withScreenshot, type Till } from './harness'
import { ownerUnlock } from './owner'

// The owner's catalog screen (#/catalog): add an item, import a CSV with a bad row, see why it was refused.
const ROOT = resolve(__dirname, '../..')
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js')
/** A 4×4 red PNG. */
const PNG_4PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGM4IScHRwzEcQCxYxBBO0tjggAAAABJRU5ErkJggg=='
let till: Till
let browser: Browser

beforeAll(async () => {
  till = await startTill()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(join(ROOT, 'test-results'), { recursive: true })
  await page.screenshot({ path: join(ROOT, 'test-results', `${name}.png`), fullPage: true })
}

/** axe's violations on the page as `rule: targets`, [] when none. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe.run()
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  return violations
}

describe('catalog screen', () => {
  it('the owner adds an item, imports a CSV with a bad row and sees why it was refused', async () => {
    // bypassCSP only lets axe's script in; the till's own CSP is checked by the web-host tests.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true })
    await withScreenshot(page, 'catalog-flow', async () => {
      await page.goto(till.url)
      await page.getByTestId('nav-catalog').click()
      await ownerUnlock(page)
      await page.getByTestId('catalog-empty').waitFor()

      await page.getByTestId('catalog-add').click()
      const form = page.getByTestId('catalog-form')
      await form.waitFor()
      await page.getByTestId('catalog-title').fill('Flat white')
      await page.getByTestId('catalog-price').fill('3.80')
      await page.getByTestId('catalog-sku').fill('FW-1')
      await page.getByTestId('catalog-barcode').fill('4006381333931')
      await page.getByTestId('catalog-category').fill('Coffee')
      await page.getByTestId('catalog-tracked').check()
      await page.getByTestId('catalog-inventory').fill('20')
      await page.getByTestId('catalog-image').setInputFiles({
        name: 'cup.png',
        mimeType: 'image/png',
        buffer: Buffer.from(PNG_4PX, 'base64')
      })
      await page.getByTestId('catalog-image-preview').waitFor()
      await screenshot(page, 'catalog-form-1280x800')
      expect(await axeViolations(page), 'axe on the item form').toEqual([])
      await page.getByTestId('catalog-save').click()
      await form.waitFor({ state: 'detached' })
      const row = page.getByTestId('catalog-row').filter({ hasText: 'Flat white' })
      await expect.poll(() => row.textContent()).toContain('$3.80')
      expect(await row.textContent()).toContain('FW-1')
      const saved = await tillCall<{ title: string; image: string | null } | null>(till, 'catalog:byCode', {
        code: '4006381333931'
      })
      expect(saved).toMatchObject({ title: 'Flat white', inventory: 20 })
      // The upload was redrawn small and sent as a data URL (WebP where Chromium writes it).
      expect(saved?.image).toMatch(/^data:image\/(webp|jpeg);base64,/)
      expect(await row.locator('img').count()).toBe(1)

      const csv = [
        'title,price,price_type,sku,barcode,category,tax_rate,inventory,enabled',
        'Croissant,2.40,fixed,CR-1,,Bakery,7,,true',
        'Broken muffin,-1.00,fixed,MU-1,,Bakery,,,true',
        'Donation,,custom,DON,,,,,true'
      ].join('\n')
      await page.getByTestId('catalog-csv').setInputFiles({
        name: 'items.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv)
      })
      await expect.poll(() => page.getByTestId('catalog-import-result').textContent()).toContain('2 new')
      const refused = await page.getByTestId('catalog-import-refused').textContent()
      expect(refused).toContain('Row 3')
      expect(refused).toContain('The price is negative')
      await expect.poll(() => page.getByTestId('catalog-row').count()).toBe(3)

      await page.getByTestId('catalog-search').fill('crois')
      await expect.poll(() => page.getByTestId('catalog-row').count()).toBe(1)
      await page.getByTestId('catalog-search').fill('')
      await page.getByTestId('catalog-category-filter').selectOption('Coffee')
      await expect.poll(() => page.getByTestId('catalog-row').count()).toBe(1)
      await page.getByTestId('catalog-category-filter').selectOption('')

      await screenshot(page, 'catalog-1280x800')
      expect(await axeViolations(page), 'axe on the catalog screen').toEqual([])

      await page.setViewportSize({ width: 800, height: 1280 })
      await screenshot(page, 'catalog-800x1280')
      expect(await axeViolations(page), 'axe on the catalog screen, portrait').toEqual([])

      // Delete asks first; Cancel keeps the item.
      const donation = page.getByTestId('catalog-row').filter({ hasText: 'Donation' })
      await donation.getByTestId('catalog-row-delete').click()
      await page.getByTestId('catalog-delete-confirm').waitFor()
      await page.keyboard.press('Escape')
      await page.getByTestId('catalog-delete-confirm').waitFor({ state: 'detached' })
      expect(await page.getByTestId('catalog-row').count()).toBe(3)
      await donation.getByTestId('catalog-row-delete').click()
      await page.getByTestId('catalog-delete-yes').click()
      await expect.poll(() => page.getByTestId('catalog-row').count()).toBe(2)
    })
    await page.close()
  })
})
