import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { DayReportView } from '../../src/shared/day'
import { startBtcpaySimulator, type BtcpaySimulator } from '../simulators/btcpay'
import { launchBrowser, removeDir, startTill, tillCall, waitPaid, withScreenshot, type Till } from './harness'
import { ownerUnlock } from './owner'

// An owner closes the day in Chromium against `npm run web` with the real main side: sales on the Demo and on a
// BTCPay store (the simulator), a refund, and a payment after the Demo invoice expired; the X report's figures,
// the close through the dialog, the PDF read back with pdftotext, and the frozen Z report.
// Amounts in USD, no tax, tips or discounts: gross 20.00 + 7.50 + 30.00 = 57.50, refunds 5.00, net 52.50.
const RESULTS = resolve(__dirname, '../../test-results')
let sim: BtcpaySimulator
let till: Till
let browser: Browser
let page: Page
const downloads = mkdtempSync(join(tmpdir(), 'kassa-day-pdf-'))

interface Sale {
  id: string
  state: string
  invoice: { id: string } | null
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  ;[sim, till, browser] = await Promise.all([
    startBtcpaySimulator(),
    startTill({ KASSA_DEMO_CONFIRM_MS: '100' }),
    launchBrowser()
  ])
  await tillCall(till, 'settings:update', { locale: 'en', currency: 'USD' })
  await tillCall(till, 'processor:connect', {
    processor: 'btcpay',
    serverUrl: sim.url,
    storeId: sim.storeId,
    apiKey: sim.apiKey,
    activate: false
  })

  // The Demo: one sale paid in full, one paid after its invoice expired.
  const paid = await tillCall<Sale>(till, 'sale:charge', { amount: '20.00', currency: 'USD', memo: 'Lunch' })
  await tillCall(till, 'demo:simulate', { saleId: paid.id, kind: 'full' })
  await waitPaid(till, paid.id)
  const late = await tillCall<Sale>(till, 'sale:charge', { amount: '7.50', currency: 'USD', memo: 'Coffee' })
  await tillCall(till, 'demo:simulate', { saleId: late.id, kind: 'late' })
  await waitPaid(till, late.id)
  // A refund given at the counter.
  await tillCall(till, 'refund:record', {
    saleId: paid.id,
    amount: '5.00',
    method: 'cash',
    reason: 'Cold soup'
  })

  // BTCPay: one sale, paid and settled at the (simulated) server.
  await tillCall(till, 'settings:update', { processor: 'btcpay' })
  const btcpay = await tillCall<Sale>(till, 'sale:charge', {
    amount: '30.00',
    currency: 'USD',
    memo: 'Dinner'
  })
  const invoiceId = (await tillCall<Sale>(till, 'sale:get', { saleId: btcpay.id })).invoice!.id
  sim.control.pay(invoiceId)
  sim.control.settle(invoiceId)
  await waitPaid(till, btcpay.id)

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
  page = await context.newPage()
  await page.goto(till.url)
  await page.getByTestId('nav-day').waitFor()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  await sim?.close()
  if (till) removeDir(till.dataDir)
  removeDir(downloads)
})

const text = async (testid: string): Promise<string> =>
  ((await page.getByTestId(testid).first().textContent()) ?? '').trim()

describe('the owner closes the day', () => {
  it('the X report counts both processors, the refund and the late payment', async () => {
    await withScreenshot(page, 'day-close-x-report', async () => {
      await page.getByTestId('nav-day').click()
      await ownerUnlock(page)
      await page.getByTestId('day-report').waitFor()
      expect(await page.getByTestId('day-report').getAttribute('data-state')).toBe('open')
      expect(await text('day-report-kind')).toBe('X report')
      expect(await text('day-total-sales')).toBe('3')
      expect(await text('day-total-gross')).toBe('$57.50')
      expect(await text('day-total-refunds')).toBe('−\u00a0$5.00')
      expect(await text('day-total-net')).toBe('$52.50')
      const processors = page.getByTestId('day-by-processor')
      expect(await processors.locator('tr[data-key="demo"] [data-testid="slice-net"]').textContent()).toBe(
        '$22.50'
      )
      expect(await processors.locator('tr[data-key="btcpay"] [data-testid="slice-net"]').textContent()).toBe(
        '$30.00'
      )
      // Outcomes are by invoice status: the late payment's invoice stays Expired (PaidLate) though its sale is paid.
      expect(await text('day-outcome-settled')).toMatch(/\D2$/)
      expect(await text('day-outcome-expired')).toMatch(/\D1$/)
      expect(await page.getByTestId('day-refunds-actor').locator('tbody tr').count()).toBeGreaterThan(0)
      await page.screenshot({ path: join(RESULTS, 'day-close-x-report.png'), fullPage: true })
    })
  })

  it('closes it through the dialog, which names what is frozen; the Z report follows', async () => {
    await withScreenshot(page, 'day-close-z-report', async () => {
      const day = (await page.getByTestId('day-report').getAttribute('data-day'))!
      await page.getByTestId('day-close').click()
      await page.getByTestId('day-close-dialog').waitFor()
      expect(await text('day-close-sales')).toBe('Sales: 3')
      expect(await text('day-close-net')).toBe('Net in USD: $52.50')
      await page.getByTestId('day-close-confirm').click()
      await page.getByTestId('day-close-dialog').waitFor({ state: 'detached' })
      await page.locator('[data-testid="day-report"][data-state="closed"]').waitFor()
      expect(await text('day-report-kind')).toBe('Z report')
      expect(await text('day-closed-by')).toMatch(/^Closed on .+ by Owner$/)
      expect(await text('day-total-net')).toBe('$52.50')

      const report = await tillCall<DayReportView>(till, 'day:report', { day })
      expect(report.state).toBe('closed')
      expect(report.closedBy).toBe('owner')
      expect(report.figures.totals).toEqual([
        expect.objectContaining({ currency: 'USD', sales: 3, gross: '57.50', refunds: '5.00', net: '52.50' })
      ])
      await page.screenshot({ path: join(RESULTS, 'day-close-z-report.png'), fullPage: true })
    })
  })

  it('saves the Z report as a PDF that reads back with the day’s net', async () => {
    await withScreenshot(page, 'day-close-pdf', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('day-pdf').click()
      ])
      expect(download.suggestedFilename()).toMatch(/\.pdf$/)
      const file = join(downloads, download.suggestedFilename())
      await download.saveAs(file)
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
      const pdf = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      expect(pdf).toContain('52.50')
      expect(pdf).toContain('57.50')
      expect(pdf).toContain('5.00')
      expect(await text('day-file-notice')).toBe(`Saved ${download.suggestedFilename()}.`)
    })
  })
})
