import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startBtcpaySimulator, type BtcpaySimulator } from '../simulators/btcpay'
import { axeViolations, describeViolations } from './axe'
import {
  launchBrowser,
  payingSaleId,
  removeDir,
  startTill,
  tillCall,
  withScreenshot,
  type Till
} from './harness'
import { ownerUnlock } from './owner'

// Selling through an outage, in Debian's Chromium against the real web host: BTCPay (the simulator, checked every
// 500 ms) goes down; Charge offers the Demo and the outbox; an outbox sale waits with its countdown and the
// header's chip, and gets its QR by itself, with exactly one invoice at the simulator, when BTCPay is back.
const RESULTS = resolve(__dirname, '../../test-results')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
]
const WAIT_MS = 20_000
let sim: BtcpaySimulator
let till: Till
let browser: Browser
let page: Page

interface Sale {
  id: string
  state: string
  processor: string
  invoice: { id: string } | null
  outbox: { until: string } | null
}
interface Settings {
  offline: { mode: string; perSaleMax: string; totalMax: string; maxHours: number }
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  ;[sim, till, browser] = await Promise.all([
    startBtcpaySimulator(),
    startTill({ KASSA_HEALTH_INTERVAL_MS: '500' }),
    launchBrowser()
  ])
  await tillCall(till, 'settings:update', { currency: 'USD' })
  await tillCall(till, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: sim.url,
    storeId: sim.storeId,
    apiKey: sim.apiKey
  })
  await tillCall(till, 'settings:update', { processor: 'btcpay' })
  page = await browser.newPage({ viewport: SIZES[0], locale: 'en-US' })
  await page.goto(till.url)
  await page.getByTestId('amount-display').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  await sim?.close()
  if (till) removeDir(till.dataDir)
})

const health = (p: Page = page) => p.getByTestId('connectivity').getAttribute('data-state')

async function down(p: Page = page): Promise<void> {
  sim.control.setDown(true)
  await expect.poll(() => health(p), { timeout: WAIT_MS, interval: 50 }).toBe('offline')
}

async function up(p: Page = page): Promise<void> {
  sim.control.setDown(false)
  await expect.poll(() => health(p), { timeout: WAIT_MS, interval: 50 }).toBe('online')
}

/** Type an amount on the keyboard (the keypad's keys) and press Enter: Charge. */
async function ringUp(p: Page, digits: string): Promise<void> {
  await p.getByTestId('nav-till').click()
  await p.getByTestId('amount-display').waitFor()
  // Off the header's link, which keeps its own Enter; then the keyboard is the keypad.
  await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await p.keyboard.type(digits)
  await p.keyboard.press('Enter')
}

async function axeClean(p: Page): Promise<void> {
  expect(describeViolations(await axeViolations(p))).toBe('')
}

describe('selling through an outage', () => {
  it('offers the Demo and the outbox; an outbox sale waits, then gets its QR by itself, invoiced once', async () => {
    await withScreenshot(page, 'outbox-main', async () => {
      await expect.poll(() => health(), { timeout: WAIT_MS, interval: 50 }).toBe('online')
      await down()
      await ringUp(page, '1250')
      const dialog = page.getByTestId('offline-refusal')
      await dialog.waitFor()
      expect(await dialog.getAttribute('data-reason')).toBe('outbox-confirm')
      expect(await dialog.getAttribute('aria-modal')).toBe('true')
      expect(await dialog.textContent()).toContain('BTCPay Server cannot be reached right now.')
      expect(await page.getByTestId('offline-other-demo').textContent()).toContain('Charge with Demo')
      expect(await page.getByTestId('offline-wait').textContent()).toContain('(within 24 h)')
      // The first choice has the focus: Enter would take it; Escape is Cancel, the cart kept.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'offline-other-demo'
      )
      await axeClean(page)
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      expect(await page.getByTestId('amount-display').textContent()).toContain('12.50')
      expect(await tillCall<Sale[]>(till, 'sale:list', {})).toHaveLength(0)

      await page.keyboard.press('Enter')
      await dialog.waitFor()
      await page.getByTestId('offline-wait').click()
      await page.getByTestId('outbox-waiting').waitFor()
      const saleId = await payingSaleId(page)
      expect(await page.getByTestId('qr').count()).toBe(0)
      expect(await page.getByTestId('outbox-countdown').textContent()).toMatch(
        /^\s*(23 h 59|24 h 00) min\s*$/
      )
      expect(await page.getByTestId('outbox-waiting').textContent()).toContain(
        'This sale is charged by itself when BTCPay Server is reachable again.'
      )
      await page.getByTestId('outbox-chip-label').waitFor()
      expect((await page.getByTestId('outbox-chip-label').textContent())?.trim()).toBe('1 waiting')
      await axeClean(page)
      // The header's list: the sale with its amount, opened from there.
      await page.getByTestId('outbox-chip-label').click()
      const item = page.getByTestId(`outbox-item-${saleId}`)
      await item.waitFor()
      expect(await item.textContent()).toContain('$12.50')
      expect(await item.textContent()).toContain('BTCPay Server')
      await axeClean(page)
      await page.screenshot({ path: join(RESULTS, 'outbox-chip-en-1280x800.png') })
      await item.click()
      expect(sim.control.invoices(saleId)).toHaveLength(0)

      // Day close refuses while it waits, and says which sale.
      await page.getByTestId('nav-day').click()
      await ownerUnlock(page)
      await page.getByTestId('day-close').click()
      await page.getByTestId('day-close-dialog').waitFor()
      await page.getByTestId('day-close-confirm').click()
      const refused = page.getByTestId('day-close-error')
      await refused.waitFor()
      expect(await refused.textContent()).toContain(`offline queue (waiting: 1; ${saleId})`)
      await axeClean(page)
      await page.screenshot({ path: join(RESULTS, 'outbox-day-close-en-1280x800.png') })
      await page.getByTestId('day-close-cancel').click()
      await page.getByTestId('outbox-chip-label').click()
      await page.getByTestId(`outbox-item-${saleId}`).click()
      await page.getByTestId('outbox-waiting').waitFor()

      await up()
      await page.getByTestId('qr').waitFor({ timeout: WAIT_MS })
      await page.getByTestId('outbox-waiting').waitFor({ state: 'detached' })
      await page.getByTestId('outbox-chip').waitFor({ state: 'detached', timeout: WAIT_MS })
      expect(sim.control.invoices(saleId)).toHaveLength(1)
      const sale = await tillCall<Sale>(till, 'sale:get', { saleId })
      expect(sale.state).toBe('awaiting')
      expect(sale.outbox).toBeNull()
      expect(sale.invoice?.id).toBe(sim.control.invoices(saleId)[0]!.id)
    })
  })

  it('charges with the Demo instead, from the dialog and from the waiting screen', async () => {
    await withScreenshot(page, 'outbox-demo', async () => {
      await down()
      await ringUp(page, '300')
      await page.getByTestId('offline-other-demo').click()
      await page.getByTestId('qr').waitFor({ timeout: WAIT_MS })
      const demoSale = await tillCall<Sale>(till, 'sale:get', { saleId: await payingSaleId(page) })
      expect(demoSale.processor).toBe('demo')
      expect(demoSale.state).toBe('awaiting')

      // A sale already waiting goes to the Demo: it is cancelled, the same amount charged there.
      await ringUp(page, '450')
      await page.getByTestId('offline-wait').click()
      await page.getByTestId('outbox-waiting').waitFor()
      const waitingId = await payingSaleId(page)
      await page.getByTestId('outbox-other-demo').click()
      await page.getByTestId('qr').waitFor({ timeout: WAIT_MS })
      const moved = await tillCall<Sale>(till, 'sale:get', { saleId: await payingSaleId(page) })
      expect(moved.id).not.toBe(waitingId)
      expect(moved.processor).toBe('demo')
      expect((await tillCall<Sale>(till, 'sale:get', { saleId: waitingId })).state).toBe('cancelled')
      await up()
      expect(sim.control.invoices(waitingId)).toHaveLength(0)
    })
  })

  it('saves Settings → Offline sales with caps, and a sale above the per-sale cap is refused with the limit', async () => {
    await withScreenshot(page, 'outbox-settings', async () => {
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      const panel = page.getByTestId('offline-settings')
      await panel.waitFor()
      await page.getByTestId('offline-mode-capped').check()
      await page.getByTestId('offline-per-sale').fill('0')
      await page.getByTestId('offline-save').click()
      expect(await page.getByTestId('offline-per-sale').getAttribute('aria-invalid')).toBe('true')
      await page.getByTestId('offline-per-sale').fill('5')
      await page.getByTestId('offline-total').fill('50')
      await page.getByTestId('offline-hours').fill('12')
      await page.getByTestId('offline-save').click()
      await expect
        .poll(async () => (await tillCall<Settings>(till, 'settings:get', {})).offline)
        .toEqual({ mode: 'capped', perSaleMax: '5.00', totalMax: '50.00', maxHours: 12 })
      await axeClean(page)

      await down()
      await ringUp(page, '1250')
      const dialog = page.getByTestId('offline-refusal')
      await dialog.waitFor()
      expect(await dialog.getAttribute('data-reason')).toBe('outbox-per-sale-cap')
      expect(await page.getByTestId('offline-reason').textContent()).toContain('($5.00)')
      expect(await page.getByTestId('offline-wait').count()).toBe(0)
      await axeClean(page)
      await page.screenshot({ path: join(RESULTS, 'outbox-dialog-cap-en-1280x800.png') })
      await page.getByTestId('offline-cancel').click()
      await dialog.waitFor({ state: 'detached' })
      await up()
      await tillCall(till, 'settings:update', { offline: { mode: 'outbox', maxHours: 24 } })
    })
  })

  it(
    'shows the dialog, the waiting screen and Settings at three sizes in English and German, axe clean',
    { timeout: 300_000 },
    async () => {
      await down()
      try {
        for (const locale of ['en', 'de'] as const) {
          for (const size of SIZES) {
            const name = `${locale}-${size.width}x${size.height}`
            const context = await browser.newContext({
              viewport: size,
              locale: locale === 'de' ? 'de-DE' : 'en-US'
            })
            const shown = await context.newPage()
            await withScreenshot(shown, `outbox-${name}`, async () => {
              await shown.goto(till.url)
              await expect.poll(() => health(shown), { timeout: WAIT_MS, interval: 50 }).toBe('offline')
              await ringUp(shown, '1999')
              await shown.getByTestId('offline-refusal').waitFor()
              expect(await shown.getByTestId('offline-wait').textContent()).toContain(
                locale === 'en' ? 'charged by itself' : 'automatisch berechnet'
              )
              await axeClean(shown)
              await shown.screenshot({ path: join(RESULTS, `outbox-dialog-${name}.png`) })

              await shown.getByTestId('offline-wait').click()
              await shown.getByTestId('outbox-waiting').waitFor()
              await shown.getByTestId('outbox-chip-label').waitFor()
              expect(await shown.getByTestId('outbox-waiting').textContent()).toContain(
                locale === 'en' ? 'Waiting for BTCPay Server' : 'Warten auf BTCPay Server'
              )
              await axeClean(shown)
              await shown.screenshot({ path: join(RESULTS, `outbox-waiting-${name}.png`) })
              const saleId = await payingSaleId(shown)
              await shown.getByTestId('outbox-cancel').click()
              await shown.getByTestId('cancel-sale-confirm').click()
              await expect
                .poll(async () => (await tillCall<Sale>(till, 'sale:get', { saleId })).state)
                .toBe('cancelled')

              await shown.getByTestId('nav-settings').click()
              await ownerUnlock(shown)
              await shown.getByTestId('offline-settings').waitFor()
              await shown.getByTestId('offline-mode-capped').check()
              await axeClean(shown)
              await shown.getByTestId('offline-settings').scrollIntoViewIfNeeded()
              await shown.screenshot({ path: join(RESULTS, `outbox-settings-${name}.png`) })
            })
            await context.close()
          }
        }
      } finally {
        await up()
      }
    }
  )
})
