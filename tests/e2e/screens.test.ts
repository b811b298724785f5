import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startBtcpaySimulator, type BtcpaySimulator } from '../simulators/btcpay'
import { startBtpaySimulator, type BtpaySimulator } from '../simulators/btpay'
import { startPlisioSimulator, type PlisioSimulator } from '../simulators/plisio'
import { axeViolations, describeViolations } from './axe'
import {
  launchBrowser,
  removeDir,
  settle,
  startTill,
  tillCall,
  waitPaid,
  watchCalls,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// Recent sales, Refund and Settings (every processor panel) in English and German, at the three screen sizes and
// in the OS's dark mode: each screen saved under test-results/screens-*.png and checked by axe (0 violations of
// any impact). Also the page opened without its token, and Settings on a computer without a keychain.

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
] as const
const RESULTS = resolve(__dirname, '../../test-results')

let till: Till
let browser: Browser
let saleId: string

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  till = await startTill({ KASSA_DEMO_CONFIRM_MS: '100' })
  browser = await launchBrowser()
  const sale = await tillCall<{ id: string }>(till, 'sale:charge', {
    amount: '1234.50',
    currency: 'USD',
    memo: 'Espresso machine'
  })
  saleId = sale.id
  await tillCall(till, 'demo:simulate', { saleId, kind: 'full' })
  await waitPaid(till, saleId)
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

/** The screens to check: route, what shows it is drawn, file name. */
const screens = (): { name: string; hash: string; ready: string; owner?: boolean }[] => [
  { name: 'recent', hash: '#/recent', ready: 'sale-row' },
  { name: 'refund', hash: `#/refund/${saleId}`, ready: 'refund-paid' },
  { name: 'settings', hash: '#/settings', ready: 'processor-panel-btpay', owner: true }
]

async function openTill(size: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport: size })
  const page = await context.newPage()
  watchCalls(page)
  await page.goto(till.url)
  await page.getByTestId('nav-recent').waitFor()
  return page
}

/** Show the screen at `hash` and wait for `ready` (and the owner's PIN on an owner screen). */
async function show(page: Page, screen: { hash: string; ready: string; owner?: boolean }): Promise<void> {
  await page.goto(`${till.origin}/${screen.hash}`)
  if (screen.owner) await ownerUnlock(page)
  await page.getByTestId(screen.ready).first().waitFor()
}

/** Save the screenshot of the page as it is now, and assert axe finds nothing. */
async function check(page: Page, file: string) {
  // Lazy panels (webhooks, the owner's account) and fonts; the event stream never lets the network idle.
  await settle(page)
  await page.screenshot({ path: join(RESULTS, `${file}.png`), fullPage: true })
  const violations = await axeViolations(page)
  expect(violations, `${file}:\n${describeViolations(violations)}`).toEqual([])
}

describe.each(['en', 'de'] as const)('screens in %s', (locale) => {
  // One page per language: each screen is shown once, then checked at each size and in the OS's dark mode.
  it('each screen drawn and axe-clean at 1280×800, 1024×600, 800×1280 and in the OS’s dark mode', async () => {
    await tillCall(till, 'settings:update', { locale })
    const page = await openTill(SIZES[0])
    await withScreenshot(page, `screens-${locale}-failed`, async () => {
      // The owner's language applies once the settings have loaded (and its messages with them).
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale)
      for (const screen of screens()) {
        await show(page, screen)
        for (const size of SIZES) {
          await page.setViewportSize(size)
          await check(page, `screens-${locale}-${size.width}x${size.height}-${screen.name}`)
        }
        await page.setViewportSize(SIZES[0])
        await page.emulateMedia({ colorScheme: 'dark' })
        const background = await page.evaluate(
          () => getComputedStyle(document.documentElement).backgroundColor
        )
        expect(background).toBe('rgb(17, 19, 23)')
        await check(page, `screens-${locale}-dark-${screen.name}`)
        await page.emulateMedia({ colorScheme: 'light' })
      }
    })
    await page.context().close()
  })
})

describe('Settings with every processor connected', () => {
  let btcpay: BtcpaySimulator
  let btpay: BtpaySimulator
  let plisio: PlisioSimulator
  let connected: Till

  beforeAll(async () => {
    ;[btcpay, btpay, plisio] = await Promise.all([
      startBtcpaySimulator(),
      startBtpaySimulator(),
      startPlisioSimulator()
    ])
    connected = await startTill({ KASSA_PLISIO_API_URL: plisio.url })
    await tillCall(connected, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey,
      activate: false
    })
    await tillCall(connected, 'processor:connect', {
      processor: 'btpay',
      baseUrl: btpay.url,
      apiKey: btpay.apiKey,
      activate: false
    })
    // Plisio takes the sales, so its panel shows the owner's account (balances, operations) too.
    await tillCall(connected, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
  })

  afterAll(async () => {
    await connected?.stop()
    await Promise.all([btcpay?.close(), btpay?.close(), plisio?.close()])
    if (connected) removeDir(connected.dataDir)
  })

  it.each(['en', 'de'] as const)(
    'in %s: each connected panel drawn and axe-clean, light and dark',
    async (locale) => {
      await tillCall(connected, 'settings:update', { locale })
      const context = await browser.newContext({ viewport: SIZES[0] })
      const page = await context.newPage()
      watchCalls(page)
      await withScreenshot(page, `screens-${locale}-connected-failed`, async () => {
        await page.goto(connected.url)
        await page.goto(`${connected.origin}/#/settings`)
        await ownerUnlock(page)
        for (const id of ['btcpay', 'btpay', 'plisio']) await page.getByTestId(`connection-${id}`).waitFor()
        await page.getByTestId('owner-operations').waitFor()
        await page.getByTestId('webhook-message-btcpay').waitFor()
        for (const [size, dark] of [
          [SIZES[0], false],
          [SIZES[2], false],
          [SIZES[1], true]
        ] as const) {
          await page.setViewportSize(size)
          await page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' })
          await settle(page)
          const file = `screens-${locale}-${size.width}x${size.height}${dark ? '-dark' : ''}-settings-connected`
          await page.screenshot({ path: join(RESULTS, `${file}.png`), fullPage: true })
          const violations = await axeViolations(page)
          expect(violations, `${file}:\n${describeViolations(violations)}`).toEqual([])
        }
      })
      await context.close()
    }
  )
})

describe('German end to end', () => {
  it('switches language in Settings, shows money the German way and takes a refund typed with a comma', async () => {
    await tillCall(till, 'settings:update', { locale: null })
    const page = await openTill(SIZES[0])
    await withScreenshot(page, 'screens-german-failed', async () => {
      await page.goto(`${till.origin}/#/settings`)
      await ownerUnlock(page)
      await page.getByTestId('locale').selectOption('de')
      await expect.poll(() => page.locator('h1').textContent()).toBe('Einstellungen')
      expect(await page.getByTestId('nav-recent').textContent()).toContain('Letzte Verkäufe')

      await page.goto(`${till.origin}/#/refund/${saleId}`)
      await expect.poll(() => page.getByTestId('refund-paid').textContent()).toBe('1.234,50\u00a0$')
      await page.getByTestId('refund-mode-record').click()
      await page.getByTestId('refund-record-amount').fill('4,50')
      await page.getByTestId('refund-reason').fill('Falsche Größe')
      await page.getByTestId('refund-record').click()
      await page.getByTestId('refund-result').waitFor()
      expect(await page.getByTestId('refund-result-amount').textContent()).toBe('4,50\u00a0$')
      const sale = await tillCall<{ refunded: string }>(till, 'sale:get', { saleId })
      expect(sale.refunded).toBe('4.50')
      await page.screenshot({ path: join(RESULTS, 'screens-de-refund-recorded.png'), fullPage: true })
      expect(describeViolations(await axeViolations(page))).toBe('')

      // A refused amount is worded in German and nothing is recorded.
      await page.getByTestId('refund-another').click()
      await page.getByTestId('refund-mode-record').click()
      await page.getByTestId('refund-record-amount').fill('5000')
      await page.getByTestId('refund-reason').fill('Zu viel')
      await page.getByTestId('refund-record').click()
      await expect
        .poll(() => page.getByTestId('refund-error').textContent())
        .toMatch(/mehr, als noch erstattet werden kann \(1\.230,00\s\$\)/)
      expect((await tillCall<{ refunded: string }>(till, 'sale:get', { saleId })).refunded).toBe('4.50')
    })
    await page.context().close()
    await tillCall(till, 'settings:update', { locale: 'en' })
  })
})

describe('first start', () => {
  it('a page opened without its token says how to get in', async () => {
    for (const locale of ['en', 'de'] as const) {
      const context = await browser.newContext({
        viewport: SIZES[0],
        locale: locale === 'de' ? 'de-DE' : 'en-US'
      })
      const page = await context.newPage()
      await page.goto(`${till.origin}/`)
      await page.getByTestId('sign-in').waitFor()
      const text = (await page.getByTestId('sign-in').textContent()) ?? ''
      expect(text).toContain('#token=')
      expect(text).toContain('npm start')
      expect(await page.getByTestId('error').count()).toBe(0)
      await page.screenshot({ path: join(RESULTS, `screens-${locale}-no-token.png`), fullPage: true })
      expect(describeViolations(await axeViolations(page))).toBe('')
      // The key of an earlier start (kept for reloads) is refused: the same way in, said as such.
      await page.evaluate(() => sessionStorage.setItem('kassa.token', 'from-an-earlier-start'))
      await page.reload()
      await page.getByTestId('sign-in').waitFor()
      expect(await page.getByTestId('sign-in').textContent()).toMatch(
        locale === 'en' ? /an earlier start of Kassa/ : /eines früheren Starts von Kassa/
      )
      await context.close()
    }
  })

  it('without an OS keychain, Settings explains it once in plain words and Connect stays disabled', async () => {
    // No session bus: the Secret Service cannot be reached, as on a server or a bare container.
    const bare = await startTill({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/kassa-bus' })
    await tillCall(bare, 'settings:update', { locale: 'en' })
    // One page: English first, then German chosen on the same Settings screen (it applies at once).
    const page = await browser.newPage({ viewport: SIZES[1] })
    watchCalls(page)
    try {
      await page.goto(bare.url)
      await page.goto(`${bare.origin}/#/settings`)
      await ownerUnlock(page)
      for (const locale of ['en', 'de'] as const) {
        await withScreenshot(page, `screens-${locale}-no-keychain-failed`, async () => {
          if (locale === 'de') {
            await page.getByTestId('locale').selectOption('de')
            await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('de')
          }
          await page.getByTestId('keychain-note').waitFor()
          expect(await page.getByTestId('keychain-note').count()).toBe(1)
          const note = (await page.getByTestId('keychain-note').innerText()) ?? ''
          expect(note).toMatch(locale === 'en' ? /install gnome-keyring/ : /Installieren Sie gnome-keyring/)
          expect(note).toContain('scripts/with-keyring.sh')
          // The keychain's own error is folded away, not repeated on each panel.
          const visible = await page.locator('main').innerText()
          expect(visible).not.toMatch(/DBus|org\.freedesktop|Detail:/i)
          for (const id of ['btcpay', 'plisio', 'btpay']) {
            expect(await page.getByTestId(`connect-${id}`).isDisabled(), id).toBe(true)
          }
          await page.evaluate(() => window.scrollTo(0, 0))
          await settle(page)
          await page.screenshot({ path: join(RESULTS, `screens-${locale}-no-keychain.png`), fullPage: true })
          expect(describeViolations(await axeViolations(page))).toBe('')
        })
      }
    } finally {
      await page.close()
      await bare.stop()
      removeDir(bare.dataDir)
    }
  })
})
