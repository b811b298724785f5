import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startBtpaySimulator } from '../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../simulators/plisio'
import { axeViolations, describeViolations } from './axe'
import { launchBrowser, removeDir, startTill, tillCall, withScreenshot, type Till } from './harness'

// The header badge against the real web host and a Plisio simulator checked every 500 ms: Online after start,
// Offline when the simulator stops answering, Online when it is back; the open page survives a restart of the host.
const RESULTS = resolve(__dirname, '../../test-results')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 }
]
let sim: PlisioSimulator
let till: Till
let browser: Browser
let page: Page
let env: Record<string, string>

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  sim = await startPlisioSimulator()
  env = { KASSA_PLISIO_API_URL: sim.url, KASSA_HEALTH_INTERVAL_MS: '500' }
  ;[till, browser] = await Promise.all([startTill(env), launchBrowser()])
  await tillCall(till, 'processor:connect', { processor: 'plisio', apiKey: sim.apiKey })
  // A start with the processor already connected: the badge must know its state without a sale.
  await till.stop()
  till = await startTill(env, till.dataDir)
  page = await browser.newPage({ viewport: SIZES[0] })
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  await sim?.close()
  if (till) removeDir(till.dataDir)
})

const badge = (p: Page = page) => p.getByTestId('connectivity')
const stateOf = async (p: Page = page) => badge(p).getAttribute('data-state')

describe('the health badge', () => {
  it('says Online after start, Offline with the last answer when the processor stops answering, Online when back', async () => {
    await withScreenshot(page, 'health-online', async () => {
      const opened = Date.now()
      await page.goto(till.url)
      await expect.poll(() => stateOf(), { timeout: 5_000, interval: 50 }).toBe('online')
      expect(Date.now() - opened).toBeLessThan(5_000)
      expect(await page.getByTestId('connectivity-state').textContent()).toBe('Online')
      expect(describeViolations(await axeViolations(page))).toBe('')
      await page.screenshot({ path: join(RESULTS, 'health-en-online.png') })
    })

    await withScreenshot(page, 'health-offline', async () => {
      sim.control.setDown(true)
      await expect.poll(() => stateOf(), { timeout: 5_000, interval: 50 }).toBe('offline')
      expect(await page.getByTestId('connectivity-state').textContent()).toBe('Offline')
      expect(await page.getByTestId('connectivity-last').textContent()).toMatch(/last answer \d{1,2}:\d{2}/)
      // The details: every connected processor's state, opened by keyboard.
      await page.locator('[data-testid="connectivity"] summary').focus()
      await page.keyboard.press('Enter')
      await page.getByTestId('health-plisio').waitFor()
      expect(await page.getByTestId('health-plisio').getAttribute('data-state')).toBe('offline')
      expect(await page.getByTestId('health-plisio').textContent()).toMatch(/127\.0\.0\.1/)
      expect(await page.getByTestId('health-demo').getAttribute('data-state')).toBe('online')
      expect(describeViolations(await axeViolations(page))).toBe('')
      await page.keyboard.press('Escape')
      expect(await page.getByTestId('health-plisio').isVisible()).toBe(false)
    })

    await withScreenshot(page, 'health-back', async () => {
      sim.control.setDown(false)
      await expect.poll(() => stateOf(), { timeout: 5_000, interval: 50 }).toBe('online')
      expect(await page.getByTestId('connectivity-last').count()).toBe(0)
    })
  })

  it('shows Offline in English and German, at 1280×800 and 800×1280', async () => {
    sim.control.setDown(true)
    try {
      for (const locale of ['en', 'de'] as const) {
        for (const size of SIZES) {
          const context = await browser.newContext({
            viewport: size,
            locale: locale === 'de' ? 'de-DE' : 'en-US'
          })
          const shown = await context.newPage()
          await withScreenshot(shown, `health-${locale}-${size.width}`, async () => {
            await shown.goto(till.url)
            await expect.poll(() => stateOf(shown), { timeout: 5_000, interval: 50 }).toBe('offline')
            expect(await shown.getByTestId('connectivity-state').textContent()).toBe('Offline')
            expect(await shown.getByTestId('connectivity-last').textContent()).toMatch(
              locale === 'en' ? /last answer/ : /letzte Antwort/
            )
            await shown.locator('[data-testid="connectivity"] summary').click()
            await shown.getByTestId('health-plisio').waitFor()
            await expect
              .poll(() => shown.getByTestId('health-demo').textContent())
              .toContain(locale === 'en' ? 'Demo (no account)' : 'Demo (ohne Konto)')
            expect(describeViolations(await axeViolations(shown))).toBe('')
            await shown.screenshot({
              path: join(RESULTS, `health-${locale}-${size.width}x${size.height}.png`)
            })
          })
          await context.close()
        }
      }
    } finally {
      sim.control.setDown(false)
    }
  })

  it('the open page says main is unreachable while the host restarts, then reconnects by itself with the same token', async () => {
    await withScreenshot(page, 'health-restart', async () => {
      await page.goto(till.url)
      await expect.poll(() => stateOf(), { timeout: 5_000, interval: 50 }).toBe('online')
      const { token, origin } = till
      await till.stop()
      await page.getByTestId('main-unreachable').waitFor({ timeout: 5_000 })
      expect(await page.getByTestId('main-unreachable').textContent()).toContain(
        'The till’s main process is not reachable'
      )
      // Main's last word on the processor is not shown as current while main is gone.
      expect(await stateOf()).toBe('unknown')
      expect(describeViolations(await axeViolations(page))).toBe('')
      await page.screenshot({ path: join(RESULTS, 'health-en-main-unreachable.png') })

      till = await startTill(env, till.dataDir)
      expect(till.token).toBe(token)
      expect(till.origin).toBe(origin)
      await page.getByTestId('main-unreachable').waitFor({ state: 'detached', timeout: 15_000 })
      // Re-subscribed: health comes back by itself, and calls work with the token the page already held.
      await expect.poll(() => stateOf(), { timeout: 5_000, interval: 50 }).toBe('online')
      expect(await page.getByTestId('sign-in').count()).toBe(0)
      await page.getByTestId('nav-recent').click()
      await page
        .getByTestId('error')
        .waitFor({ state: 'detached', timeout: 2_000 })
        .catch(() => undefined)
      expect(await page.getByTestId('error').count()).toBe(0)
    })
  })

  it('says Slow or limited, with the processor’s words, when BTPay is up without exchange rates', async () => {
    const btpay = await startBtpaySimulator()
    try {
      await tillCall(till, 'processor:connect', {
        processor: 'btpay',
        baseUrl: btpay.url,
        apiKey: btpay.apiKey
      })
      btpay.control.setRatesDown(true)
      for (const locale of ['en', 'de'] as const) {
        const context = await browser.newContext({
          viewport: SIZES[0],
          locale: locale === 'de' ? 'de-DE' : 'en-US'
        })
        const shown = await context.newPage()
        await withScreenshot(shown, `health-${locale}-degraded`, async () => {
          await shown.goto(till.url)
          await expect.poll(() => stateOf(shown), { timeout: 5_000, interval: 50 }).toBe('degraded')
          expect(await shown.getByTestId('connectivity-state').textContent()).toBe(
            locale === 'en' ? 'Slow or limited' : 'Langsam oder eingeschränkt'
          )
          const summary = shown.locator('[data-testid="connectivity"] summary')
          expect(await summary.getAttribute('title')).toMatch(/no exchange rates/)
          expect(await summary.textContent()).toMatch(/no exchange rates/)
          await summary.click()
          await shown.getByTestId('health-btpay').waitFor()
          expect(describeViolations(await axeViolations(shown))).toBe('')
          await shown.screenshot({ path: join(RESULTS, `health-${locale}-degraded.png`) })
        })
        await context.close()
      }
    } finally {
      await btpay.close()
    }
  })
})
