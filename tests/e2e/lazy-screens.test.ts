import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, removeDir, startTill, withScreenshot, type Till } from './harness'
import { ownerUnlock } from './owner'

// The screens a sale does not pass through are chunks loaded on demand (src/renderer/src/router.ts).
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

/** Every JS file the page asks the web host for, in order, as `assets/<name>`. */
function scriptsFetched(page: Page): string[] {
  const fetched: string[] = []
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.endsWith('.js')) fetched.push(path.replace(/^\//, ''))
  })
  return fetched
}

describe('lazy screens', () => {
  it('draws the till from its first chunk, then fetches the other screens in the background', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const fetched = scriptsFetched(page)
    await withScreenshot(page, 'lazy-prefetch', async () => {
      await page.goto(till.url)
      await page.getByTestId('amount-display').waitFor()
      expect(fetched[0]).toMatch(/^assets\/index-[\w-]+\.js$/)
      // Prefetched once the till is idle, before anyone opens them.
      for (const view of ['SettingsView', 'RefundView', 'RecentView', 'ReceiptView']) {
        await expect
          .poll(() => fetched.some((path) => path.startsWith(`assets/${view}-`)), { message: view })
          .toBe(true)
      }
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      await page.getByTestId('active-processor').waitFor()
    })
    await page.close()
  })

  it('reloads once at the screen when its chunk cannot be fetched (files replaced under an open page)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // Documents requested: the first load, then the reload (counted at its request, before any of its chunks).
    let documents = 0
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.resourceType() === 'document') documents += 1
    })
    // Until the page reloads, the Settings chunk is gone, as after a rebuild of out/renderer.
    await page.route(/\/assets\/SettingsView-[\w-]+\.js$/, (route) =>
      documents < 2 ? route.fulfill({ status: 404, body: 'Not found' }) : route.continue()
    )
    await withScreenshot(page, 'lazy-reload', async () => {
      await page.goto(till.url)
      await page.getByTestId('amount-display').waitFor()
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      // The reload starts a new page: no owner session any more, so the PIN is asked for again.
      await expect.poll(() => documents).toBe(2)
      await ownerUnlock(page)
      await page.getByTestId('active-processor').waitFor()
      expect(documents).toBe(2)
      expect(new URL(page.url()).hash).toBe('#/settings')
    })
    await page.close()
  })
})
