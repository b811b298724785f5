import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations } from './axe'
import {
  E2E_OWNER_PIN,
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

// Kiosk mode through the browser till (issue 15): the owner turns it on (an owner PIN first), the page becomes the
// customer flow at #/kiosk and no other screen can be reached; a customer picks items and an amount, tips, pays on
// the Demo and is thanked; an idle kiosk starts over and cancels the open sale; the owner leaves with the PIN.
// Screens at three sizes in English and German, axe-clean, touch targets of at least 44 px.

const RESULTS = resolve(__dirname, '../../test-results')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
]
let till: Till
let browser: Browser

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  till = await startTill({ KASSA_DEMO_CONFIRM_MS: '300' })
  browser = await launchBrowser()
  const save = (title: string, price: string, category: string): Promise<unknown> =>
    tillCall(till, 'catalog:save', {
      title,
      price,
      priceType: 'fixed',
      sku: null,
      barcode: null,
      image: null,
      category,
      taxRate: null,
      inventory: null,
      enabled: true
    })
  await save('Flat white', '3.80', 'Coffee')
  await save('Espresso', '2.40', 'Coffee')
  await save('Blueberry muffin', '2.90', 'Bakery')
  await save('Sourdough loaf', '6.50', 'Bakery')
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

const hash = (page: Page): string => new URL(page.url()).hash
const step = (page: Page, name: string) => page.locator(`[data-testid="kiosk"][data-step="${name}"]`)

async function newPage(size = SIZES[0]!): Promise<Page> {
  const page = await browser.newPage({ viewport: size })
  watchCalls(page)
  return page
}

async function shot(page: Page, name: string): Promise<void> {
  await settle(page)
  await page.screenshot({ path: join(RESULTS, `${name}.png`) })
}

/** axe finds nothing, every visible control in the kiosk is at least 44 × 44 px, and (when `fits`) no scrolling. */
async function checkScreen(page: Page, what: string, fits = true): Promise<void> {
  const violations = await axeViolations(page)
  expect(violations, `${what}: ${describeViolations(violations)}`).toEqual([])
  const small = await page.evaluate(() =>
    Array.from(
      document.querySelectorAll<HTMLElement>('[data-testid="kiosk"] :is(button, input, select, a[href])')
    )
      .filter((el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
      .map(({ el, box }) => `${el.dataset.testid ?? el.textContent?.trim()} ${box.width}×${box.height}`)
  )
  expect(small, `${what}: touch targets under 44 px`).toEqual([])
  // The screen fits: nothing to scroll to (a customer does not know to). The QR screen may scroll to its
  // amounts and the Demo's buttons on a short screen; the QR itself is at the top.
  if (!fits) return
  const [scrollHeight, screenHeight] = await page.evaluate((): [number, number] => [
    document.documentElement.scrollHeight,
    window.innerHeight
  ])
  expect(scrollHeight, `${what}: page taller than the screen`).toBeLessThanOrEqual(screenHeight)
}

/** From the start screen: two items (one twice, one taken back), an amount, to the tip step. */
async function fillCart(page: Page): Promise<void> {
  await page.getByTestId('kiosk-tap').click()
  await step(page, 'shop').waitFor()
  await page.locator('[data-testid="kiosk-tile"][data-item="Flat white"]').click()
  await page.locator('[data-testid="kiosk-tile"][data-item="Blueberry muffin"]').click()
  await page.getByTestId('kiosk-more-1').click()
  await page.locator('[data-testid="kiosk-tile"][data-item="Espresso"]').click()
  await page.getByTestId('kiosk-fewer-2').click() // one Espresso: − takes it out
  await typeOnKeypad(page, '500')
  await page.getByTestId('kiosk-add-amount').click()
}

describe('kiosk mode', () => {
  it('cannot be turned on before an owner PIN exists; the owner turns it on and the page becomes #/kiosk', async () => {
    await expect(tillCall(till, 'settings:update', { kiosk: { enabled: true } })).rejects.toThrow(
      /only way out of kiosk mode/
    )
    const page = await newPage()
    await withScreenshot(page, 'kiosk-enable', async () => {
      await page.goto(till.url)
      await page.getByTestId('amount-display').waitFor()
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      const panel = page.getByTestId('settings-kiosk')
      await panel.scrollIntoViewIfNeeded()
      await settle(page)
      await panel.screenshot({ path: join(RESULTS, 'kiosk-en-settings-1280x800.png') })
      const violations = await axeViolations(page)
      expect(violations, describeViolations(violations)).toEqual([])
      await page.getByTestId('kiosk-enabled').check()
      await page.getByTestId('kiosk-save').click()
      await step(page, 'start').waitFor()
      expect(hash(page)).toBe('#/kiosk')
      // No header, no way to the till's screens: every route leads back here without the owner's session.
      expect(await page.getByTestId('nav-settings').count()).toBe(0)
      for (const route of ['#/', '#/settings', '#/recent', '#/day']) {
        await page.evaluate((h) => (window.location.hash = h), route)
        await page.waitForFunction(() => window.location.hash === '#/kiosk')
        await step(page, 'start').waitFor()
      }
      // A fresh page (a restart of the browser or the app) starts in the kiosk too.
      await page.goto(till.url)
      await step(page, 'start').waitFor()
      expect(hash(page)).toBe('#/kiosk')
    })
    await page.close()
    const settings = await tillCall<{ kiosk: { enabled: boolean } }>(till, 'settings:get', {})
    expect(settings.kiosk.enabled).toBe(true)
  })

  it('a customer picks items and an amount, tips, pays on the Demo, is thanked and back at the start', async () => {
    const page = await newPage()
    await withScreenshot(page, 'kiosk-sale', async () => {
      await page.goto(till.url)
      await step(page, 'start').waitFor()
      await fillCart(page)
      const lines = page.getByTestId('kiosk-line')
      expect(await lines.count()).toBe(3)
      expect(await page.getByTestId('kiosk-qty').allTextContents()).toEqual(['1', '2', '1'])
      // 3.80 + 2 × 2.90 + 5.00
      expect(await page.getByTestId('kiosk-total').textContent()).toBe('$14.60')
      await page.getByTestId('kiosk-pay').click()
      await page.getByTestId('tip-step').waitFor()
      await page.getByTestId('tip-preset').first().click() // 10 %
      expect(await page.getByTestId('tip-total').textContent()).toBe('$16.06')
      await page.getByTestId('tip-continue').click()
      await page.getByTestId('qr').waitFor()
      expect(await page.getByTestId('fiat-amount').textContent()).toContain('$16.06')
      const sales = await tillCall<{ id: string; state: string; amount: string; lines: unknown[] }[]>(
        till,
        'sale:list',
        {}
      )
      expect(sales[0]).toMatchObject({ state: 'awaiting', amount: '16.06' })
      expect(sales[0]!.lines).toHaveLength(3)
      await page.getByTestId('simulate-full').click()
      await page.getByTestId('kiosk-thanks').waitFor({ timeout: 20_000 })
      expect(await page.getByTestId('kiosk-thanks').textContent()).toContain('Thank you!')
      expect((await tillCall<{ state: string }>(till, 'sale:get', { saleId: sales[0]!.id })).state).toBe(
        'paid'
      )
      await page.getByTestId('kiosk-finish').click()
      await step(page, 'start').waitFor()
    })
    await page.close()
  }, 60_000)

  it('an idle kiosk warns, then starts over and cancels the open sale; a touch keeps the customer’s place', async () => {
    await tillCall(till, 'settings:update', { kiosk: { idleSeconds: 15 } })
    const page = await newPage()
    await withScreenshot(page, 'kiosk-idle', async () => {
      await page.goto(till.url)
      await step(page, 'start').waitFor()
      await page.getByTestId('kiosk-tap').click()
      await page.locator('[data-testid="kiosk-tile"][data-item="Sourdough loaf"]').click()
      await page.getByTestId('kiosk-pay').click()
      await page.getByTestId('tip-none').click()
      await page.getByTestId('tip-continue').click()
      await page.getByTestId('qr').waitFor()
      const saleId = (await tillCall<{ id: string }[]>(till, 'sale:list', {}))[0]!.id
      // The warning shows for the last 10 s; "Yes" keeps the sale.
      await page.getByTestId('kiosk-idle').waitFor({ timeout: 10_000 })
      await shot(page, 'kiosk-en-idle-1280x800')
      expect(await axeViolations(page)).toEqual([])
      await page.getByTestId('kiosk-stay').click()
      await page.getByTestId('kiosk-idle').waitFor({ state: 'detached' })
      expect((await tillCall<{ state: string }>(till, 'sale:get', { saleId })).state).toBe('awaiting')
      // Left alone now: back to the start screen after 15 s, the unpaid sale cancelled.
      const left = Date.now()
      await step(page, 'start').waitFor({ timeout: 25_000 })
      expect(Date.now() - left).toBeGreaterThanOrEqual(13_000)
      expect((await tillCall<{ state: string }>(till, 'sale:get', { saleId })).state).toBe('cancelled')
    })
    await page.close()
    await tillCall(till, 'settings:update', { kiosk: { idleSeconds: 60 } })
  }, 90_000)

  for (const language of ['en', 'de'] as const) {
    it(`looks right in ${language} at three sizes: start, cart, pay, thank you (axe-clean, 44 px targets)`, async () => {
      await tillCall(till, 'settings:update', { locale: language })
      for (const size of SIZES) {
        const tag = `${language}-${size.width}x${size.height}`
        const page = await newPage(size)
        await withScreenshot(page, `kiosk-${tag}`, async () => {
          await page.goto(till.url)
          await step(page, 'start').waitFor()
          await shot(page, `kiosk-${tag}-start`)
          await checkScreen(page, `start ${tag}`)
          if (language === 'de') {
            expect(await page.getByTestId('kiosk-tap').textContent()).toContain('Zum Starten tippen')
          }
          await fillCart(page)
          await shot(page, `kiosk-${tag}-cart`)
          await checkScreen(page, `cart ${tag}`)
          await page.getByTestId('kiosk-pay').click()
          await page.getByTestId('tip-step').waitFor()
          await shot(page, `kiosk-${tag}-tip`)
          await page.getByTestId('tip-none').click()
          await page.getByTestId('tip-continue').click()
          await page.getByTestId('qr').waitFor()
          await shot(page, `kiosk-${tag}-pay`)
          await checkScreen(page, `pay ${tag}`, false)
          await page.getByTestId('simulate-full').click()
          await page.getByTestId('kiosk-thanks').waitFor({ timeout: 20_000 })
          await shot(page, `kiosk-${tag}-thanks`)
          await checkScreen(page, `thanks ${tag}`)
          await page.getByTestId('kiosk-finish').click()
          await step(page, 'start').waitFor()
        })
        await page.close()
      }
    }, 180_000)
  }

  it('the owner leaves with the PIN only: a long press on the corner or Ctrl+Alt+K, then the till is back', async () => {
    await tillCall(till, 'settings:update', { locale: 'en' })
    const page = await newPage()
    await withScreenshot(page, 'kiosk-exit', async () => {
      await page.goto(till.url)
      await step(page, 'start').waitFor()
      // A tap on the corner does nothing; a 3 s press asks for the PIN; cancelled, the kiosk stays.
      const corner = await page.getByTestId('kiosk-exit-corner').boundingBox()
      await page.mouse.click(corner!.x + 10, corner!.y + 10)
      await page.waitForTimeout(500)
      expect(await page.getByTestId('owner-pin-dialog').count()).toBe(0)
      await page.mouse.move(corner!.x + 10, corner!.y + 10)
      await page.mouse.down()
      await page.getByTestId('owner-pin-dialog').waitFor({ timeout: 6_000 })
      await page.mouse.up()
      expect(await page.getByTestId('owner-pin-dialog').getAttribute('data-mode')).toBe('unlock')
      await page.getByTestId('owner-pin-cancel').click()
      await page.getByTestId('owner-pin-dialog').waitFor({ state: 'detached' })
      expect(hash(page)).toBe('#/kiosk')
      // A wrong PIN does not get out.
      await page.keyboard.press('Control+Alt+KeyK')
      await page.getByTestId('owner-pin-dialog').waitFor()
      await page.getByTestId('owner-pin-input').fill('1111')
      await page.getByTestId('owner-pin-input').press('Enter')
      await page.getByTestId('owner-pin-error').waitFor()
      expect(hash(page)).toBe('#/kiosk')
      await page.getByTestId('owner-pin-input').fill(E2E_OWNER_PIN)
      await page.getByTestId('owner-pin-input').press('Enter')
      await page.getByTestId('amount-display').waitFor()
      expect(hash(page)).toBe('#/')
      expect(await page.getByTestId('nav-settings').count()).toBe(1)
    })
    await page.close()
    const settings = await tillCall<{ kiosk: { enabled: boolean } }>(till, 'settings:get', {})
    expect(settings.kiosk.enabled).toBe(false)
  }, 60_000)
})
