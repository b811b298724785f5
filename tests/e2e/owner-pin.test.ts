import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { axeViolations } from './axe'
import {
  E2E_OWNER_PIN,
  launchBrowser,
  removeDir,
  settle,
  startTill,
  tillCall,
  watchCalls,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// The owner PIN on screen (issue 13): set at first use of an owner screen, asked for on Settings and Catalog,
// wrong PINs counted down, then a lock-out countdown; Lock in the header; axe-clean in both languages and sizes.

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
  till = await startTill()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

const dialog = (page: Page) => page.getByTestId('owner-pin-dialog')
const hash = (page: Page) => new URL(page.url()).hash

async function shot(page: Page, name: string): Promise<void> {
  await settle(page)
  await page.screenshot({ path: join(RESULTS, `${name}.png`) })
}

describe('owner PIN', () => {
  it('is set at first use by touch and keyboard, guards Settings and Catalog, and Lock closes them', async () => {
    const page = await browser.newPage({ viewport: SIZES[0] })
    await withScreenshot(page, 'owner-pin-first-use', async () => {
      await page.goto(till.url)
      await page.getByTestId('amount-display').waitFor()
      await page.getByTestId('nav-settings').click()
      await dialog(page).waitFor()
      expect(await dialog(page).getAttribute('data-mode')).toBe('set')
      expect(await page.getByTestId('owner-pin-title').textContent()).toBe('Set an owner PIN')
      // The settings are not shown behind the dialog.
      expect(await page.getByTestId('active-processor').count()).toBe(0)
      // Focus starts in the PIN field, so a keyboard can type at once.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('owner-pin-input')
      await shot(page, 'owner-pin-en-set-1280x800')
      expect(await axeViolations(page)).toEqual([])

      // Too short is refused on screen.
      await page.getByTestId('owner-pin-key-1').click()
      await page.getByTestId('owner-pin-submit').click()
      expect(await page.getByTestId('owner-pin-error').textContent()).toBe('The PIN is 4 to 12 digits.')
      await page.getByTestId('owner-pin-clear').click()
      // Touch: the digit pad.
      for (const digit of E2E_OWNER_PIN) await page.getByTestId(`owner-pin-key-${digit}`).click()
      await page.getByTestId('owner-pin-submit').click()
      await page.locator('[data-testid="owner-pin-step"][data-step="repeat"]').waitFor()
      // A different repeat starts the new PIN over.
      await page.keyboard.type('9999')
      await page.keyboard.press('Enter')
      expect(await page.getByTestId('owner-pin-error').textContent()).toMatch(/differ/)
      // Keyboard: typed digits, Enter.
      await page.keyboard.type(E2E_OWNER_PIN)
      await page.keyboard.press('Enter')
      await page.keyboard.type(E2E_OWNER_PIN)
      await page.keyboard.press('Enter')
      await dialog(page).waitFor({ state: 'detached' })
      await page.getByTestId('active-processor').waitFor()
      await page.getByTestId('settings-owner-pin').waitFor()
      expect(await tillCall(till, 'owner:pinStatus', {})).toMatchObject({ pinSet: true, unlocked: false })

      // With the session, Catalog opens without asking again.
      await page.getByTestId('nav-catalog').click()
      await page.getByTestId('catalog-add').waitFor()
      expect(await dialog(page).count()).toBe(0)

      // Lock: back to the till; the next owner screen asks again.
      await page.getByTestId('owner-lock').click()
      await expect.poll(() => hash(page)).toBe('#/')
      expect(await page.getByTestId('owner-lock').count()).toBe(0)
      await page.getByTestId('nav-catalog').click()
      await dialog(page).waitFor()
      expect(await dialog(page).getAttribute('data-mode')).toBe('unlock')

      // A wrong PIN says how many attempts are left; Escape goes back to the till.
      await page.getByTestId('owner-pin-input').fill('1111')
      await page.keyboard.press('Enter')
      await expect
        .poll(() => page.getByTestId('owner-pin-error').textContent())
        .toBe('Wrong PIN. 2 attempts left before a lock-out.')
      await shot(page, 'owner-pin-en-wrong-1280x800')
      expect(await axeViolations(page)).toEqual([])
      await page.keyboard.press('Escape')
      await dialog(page).waitFor({ state: 'detached' })
      await expect.poll(() => hash(page)).toBe('#/')
      expect(await page.getByTestId('catalog-add').count()).toBe(0)
      // Focus went back to the page, not lost.
      expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY')

      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      await page.getByTestId('settings-owner-pin').waitFor()
    })
    await page.close()
  })

  it('changes the PIN in Settings with the current one', async () => {
    const page = await browser.newPage({ viewport: SIZES[0] })
    await withScreenshot(page, 'owner-pin-change', async () => {
      await page.goto(till.url)
      await page.goto(`${till.origin}/#/settings`)
      await ownerUnlock(page)
      for (const [current, next] of [
        [E2E_OWNER_PIN, '13579'],
        ['13579', E2E_OWNER_PIN]
      ] as const) {
        await page.getByTestId('owner-pin-change').click()
        await dialog(page).waitFor()
        expect(await dialog(page).getAttribute('data-mode')).toBe('change')
        for (const pin of [current, next, next]) {
          await page.getByTestId('owner-pin-input').fill(pin)
          await page.keyboard.press('Enter')
        }
        await dialog(page).waitFor({ state: 'detached' })
        await page.getByTestId('owner-pin-changed').waitFor()
      }
    })
    await page.close()
  })

  for (const locale of ['en', 'de'] as const) {
    it(`in ${locale}: the unlock dialog and Settings → Owner PIN at every size are axe-clean`, async () => {
      await tillCall(till, 'settings:update', { locale })
      // One page: the dialog, then Settings after unlocking, each checked at the three sizes by resizing.
      const page = await browser.newPage({ viewport: SIZES[0] })
      watchCalls(page)
      await withScreenshot(page, `owner-pin-${locale}-failed`, async () => {
        await page.goto(till.url)
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale)
        await page.goto(`${till.origin}/#/settings`)
        await dialog(page).waitFor()
        expect(await page.getByTestId('owner-pin-title').textContent()).toBe(
          locale === 'en' ? 'Owner PIN' : 'Inhaber-PIN'
        )
        for (const size of SIZES) {
          await page.setViewportSize(size)
          // Every pad key is a touch target of at least 44 px.
          for (const key of await page.locator('.owner-pin__pad button').all()) {
            const box = await key.boundingBox()
            expect(box!.height).toBeGreaterThanOrEqual(44)
          }
          await shot(page, `owner-pin-${locale}-${size.width}x${size.height}-unlock`)
          expect(await axeViolations(page)).toEqual([])
        }
        await ownerUnlock(page)
        for (const size of SIZES) {
          await page.setViewportSize(size)
          await page.getByTestId('settings-owner-pin').scrollIntoViewIfNeeded()
          await shot(page, `owner-pin-${locale}-${size.width}x${size.height}-settings`)
          expect(await axeViolations(page)).toEqual([])
        }
      })
      await page.close()
    })
  }

  it('locks out after 3 wrong PINs with a countdown, refusing input meanwhile', async () => {
    // Also when run alone: a PIN to be wrong about.
    if (!(await tillCall<{ pinSet: boolean }>(till, 'owner:pinStatus', {})).pinSet) {
      await tillCall(till, 'owner:setPin', { pin: E2E_OWNER_PIN })
    }
    await tillCall(till, 'settings:update', { locale: 'de' })
    const page = await browser.newPage({ viewport: SIZES[1] })
    await withScreenshot(page, 'owner-pin-lockout', async () => {
      await page.goto(till.url)
      await page.goto(`${till.origin}/#/catalog`)
      await dialog(page).waitFor()
      for (const left of ['2', '1']) {
        await page.getByTestId('owner-pin-input').fill('0000')
        await page.keyboard.press('Enter')
        await expect
          .poll(() => page.getByTestId('owner-pin-error').textContent())
          .toContain(left === '2' ? '2 Versuche' : 'ein Versuch')
      }
      await page.getByTestId('owner-pin-input').fill('0000')
      await page.keyboard.press('Enter')
      await page.getByTestId('owner-pin-lockout').waitFor()
      expect(await page.getByTestId('owner-pin-lockout').textContent()).toMatch(/Neuer Versuch in 0:(30|29)/)
      expect(await page.getByTestId('owner-pin-submit').isDisabled()).toBe(true)
      expect(await page.getByTestId('owner-pin-key-1').isDisabled()).toBe(true)
      await shot(page, 'owner-pin-de-lockout-1024x600')
      expect(await axeViolations(page)).toEqual([])
      const status = await tillCall<{ lockedUntil: string | null; failedAttempts: number }>(
        till,
        'owner:pinStatus',
        {}
      )
      expect(status.failedAttempts).toBe(3)
      expect(Date.parse(status.lockedUntil!)).toBeGreaterThan(Date.now())
    })
    await page.close()
  })
})
