import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { axeViolations, describeViolations } from './axe'
import { ownerUnlock } from './owner'
import {
  launchBrowser,
  removeDir,
  settle,
  startTill,
  tillCall,
  watchCalls,
  withScreenshot,
  type Till
} from './harness'

// A customer display paired through Settings → Paired devices, against the real web host (Demo processor): the
// owner makes a code, a second browser (its own storage, like a tablet) opens the pairing URL and lands on the
// display; the till's sale shows there with its amount and QR, then Thank you; unpaired, it says so.
const RESULTS = resolve(__dirname, '../../test-results')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
]
let till: Till
let browser: Browser
let owner: Page
let deviceContext: BrowserContext | null = null

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  ;[till, browser] = await Promise.all([startTill({ KASSA_DEMO_CONFIRM_MS: '300' }), launchBrowser()])
  owner = await browser.newPage({ viewport: SIZES[0] })
  watchCalls(owner)
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

/**
 * Screenshot `page` as `devices-<name>.png` once it is settled (the owner's Settings: just the Paired devices panel,
 * which is far down a long page), and check the whole page with axe.
 */
async function shoot(page: Page, name: string, viewport = false): Promise<void> {
  await settle(page)
  const path = join(RESULTS, `devices-${name}.png`)
  if (page === owner && !viewport) await owner.getByTestId('settings-devices').screenshot({ path })
  else await page.screenshot({ path })
  expect(describeViolations(await axeViolations(page)), name).toBe('')
}

/** At every screen size: `page` resized, then shot as `devices-<name>-<w>x<h>.png` (and checked with axe). */
async function shootSizes(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size)
    await shoot(page, `${name}-${size.width}x${size.height}`)
  }
  await page.setViewportSize(SIZES[0]!)
}

describe('pairing a customer display', () => {
  for (const lang of ['en', 'de'] as const) {
    it(`pairs in Settings, shows the sale and Thank you, and says when it was unpaired (${lang})`, async () => {
      const words =
        lang === 'en'
          ? {
              thanks: 'Thank you!',
              unpaired: 'This device was unpaired',
              pair: 'Pair a device',
              due: 'Amount due'
            }
          : {
              thanks: 'Vielen Dank!',
              unpaired: 'Dieses Gerät wurde entkoppelt',
              pair: 'Gerät koppeln',
              due: 'Zu zahlen'
            }
      const name = lang === 'en' ? 'Counter display' : 'Kundenanzeige Theke'
      let pairingUrl = ''
      await withScreenshot(owner, `devices-pair-${lang}`, async () => {
        if (lang === 'de') await tillCall(till, 'settings:update', { locale: 'de' })
        await owner.goto(lang === 'en' ? till.url : `${till.origin}/#/settings`)
        if (lang === 'en') await owner.goto(`${till.origin}/#/settings`)
        else await owner.reload()
        await ownerUnlock(owner)
        const panel = owner.getByTestId('settings-devices')
        await panel.scrollIntoViewIfNeeded()
        expect(await owner.getByTestId('device-pair').textContent()).toContain(words.pair)
        await owner.getByTestId('device-name').fill(name)
        await owner.getByTestId('device-role-display').check()
        await owner.getByTestId('device-pair').click()
        await owner.getByTestId('pairing-qr').waitFor()
        pairingUrl = (await owner.getByTestId('pairing-url').textContent())!.trim()
        expect(pairingUrl).toMatch(new RegExp(`^${till.origin}/#pair=[A-Za-z0-9_-]{22}$`))
        expect(await owner.getByTestId('pairing-qr').getAttribute('data-value')).toBe(pairingUrl)
        expect(await owner.getByTestId('pairing-countdown').textContent()).toMatch(/[45]:\d\d/)
        // The till listens on 127.0.0.1 here: the panel says a tablet cannot reach it.
        await owner.getByTestId('pairing-loopback').waitFor()
        await owner.getByTestId('device-pairing').scrollIntoViewIfNeeded()
        await shootSizes(owner, `pair-${lang}`)
      })

      // The "tablet": a browser context of its own (no sessionStorage, no till token).
      deviceContext = await browser.newContext({ viewport: SIZES[0] })
      const display = await deviceContext.newPage()
      watchCalls(display)
      await withScreenshot(display, `devices-display-${lang}`, async () => {
        await display.goto(pairingUrl)
        await display.waitForURL(/#\/display$/)
        await display.locator('[data-testid="display"][data-phase="welcome"]').waitFor()
        expect(display.url()).not.toContain('pair=')
        const kept = await display.evaluate(() => window.localStorage.getItem('kassa.device'))
        expect(JSON.parse(kept!)).toMatchObject({ role: 'display' })
        expect(await display.locator('header').count()).toBe(0)
        await shoot(display, `display-welcome-${lang}`)

        // The code was used up: opening it again elsewhere is refused with a clear page.
        const other = await browser.newPage()
        await other.goto(pairingUrl)
        await other.getByTestId('pairing-failed').waitFor()
        expect(await other.getByTestId('pairing-failed').textContent()).toMatch(
          /used already|bereits verwendet/
        )
        await shoot(other, `pairing-used-${lang}`)
        await other.close()

        const sale = await tillCall<{ id: string; amount: string }>(till, 'sale:charge', {
          amount: '12.50',
          currency: 'USD'
        })
        await display.locator('[data-testid="display"][data-phase="sale"]').waitFor()
        await display.getByTestId('display-qr').waitFor()
        expect(await display.getByTestId('display-amount').textContent()).toContain(
          lang === 'en' ? '12.50' : '12,50'
        )
        expect(await display.getByTestId('display-qr').getAttribute('data-value')).toMatch(/^bitcoin:/i)
        expect(await display.getByTestId('display-method').textContent()).toBeTruthy()
        expect(await display.textContent('body')).toContain(words.due)
        await shootSizes(display, `display-sale-${lang}`)

        await tillCall(till, 'demo:simulate', { saleId: sale.id, kind: 'full' })
        await tillCall(till, 'invoice:focus', { saleId: sale.id })
        await display.getByTestId('display-thanks').waitFor({ timeout: 15_000 })
        expect(await display.getByTestId('display-thanks').textContent()).toBe(words.thanks)
        await tillCall(till, 'invoice:focus', { saleId: null })
        await shoot(display, `display-thanks-${lang}`)

        // A reload (the tablet restarting its browser) keeps the pairing.
        await display.reload()
        await display.locator('[data-testid="display"]').waitFor()
        expect(display.url()).toMatch(/#\/display$/)
      })

      await withScreenshot(owner, `devices-revoke-${lang}`, async () => {
        await owner.getByTestId('pairing-done').click()
        const row = owner.locator('[data-testid="device"]', { hasText: name })
        await row.waitFor()
        await row.getByTestId('device-revoke').click()
        await owner.getByTestId('device-revoke-confirm').waitFor()
        await shoot(owner, `revoke-confirm-${lang}`, true)
        await owner.getByTestId('device-revoke-confirm-button').click()
        await row.locator('[data-testid="device-revoked"]').waitFor()
        await owner.getByTestId('settings-devices').scrollIntoViewIfNeeded()
        await shoot(owner, `list-${lang}`)
      })

      await withScreenshot(display, `devices-unpaired-${lang}`, async () => {
        await display.getByTestId('device-unpaired').waitFor({ timeout: 10_000 })
        expect(await display.textContent('body')).toContain(words.unpaired)
        await shootSizes(display, `unpaired-${lang}`)
      })
      await deviceContext.close()
      deviceContext = null
    })
  }
})
