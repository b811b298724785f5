import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page, Route } from 'playwright-core'
import type { ReconcileRunView } from '../../src/shared/day'
import { axeViolations, describeViolations } from './axe'
import {
  RUN_ID,
  TODAY,
  YESTERDAY,
  charts,
  closedReport,
  dayList,
  doneRun,
  openReport,
  run,
  todayClosed
} from '../fixtures/day-views'
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

// The owner's Day screen against `npm run web`, with the day, export, reconcile and owner-PIN calls answered by
// fixtures (tests/fixtures/day-views.ts) through Playwright's routing, so the screen is checked before its main side exists:
// the X report with corrections, the close dialog (keyboard, refusal, the Z report after), files, charts, and a
// reconciliation with progress and every kind of difference. English and German, three sizes, light and dark:
// axe finds nothing, nothing overflows sideways, screenshots under test-results/day-*.png. Settings → Business day
// runs against the real main (settings:update {businessDay}).

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
] as const
const RESULTS = resolve(__dirname, '../../test-results')
/** The renderer names a call with encodeURIComponent: `day:report` arrives as `day%3Areport`. */
const MOCKED = /\/api\/call\/((?:day|export|reconcile|owner)(?::|%3A)\w+)$/

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

/** What the intercepted calls answer; a test changes it as its story goes on. */
interface Fixture {
  calls: { name: string; input: Record<string, unknown> }[]
  todayState: 'open' | 'closed'
  /** Answers of `day:close`, in turn (the last one repeats). */
  closeAnswers: unknown[]
  /** Answers of `reconcile:get`, in turn (the last one repeats). */
  runAnswers: ReconcileRunView[]
  current: ReconcileRunView | null
}

function fixture(): Fixture {
  return { calls: [], todayState: 'open', closeAnswers: [], runAnswers: [], current: null }
}

const ok = (value: unknown) => ({ ok: true, value })

function answer(f: Fixture, name: string, input: Record<string, unknown>): unknown {
  switch (name) {
    case 'owner:pinStatus':
      return ok({ pinSet: true, unlocked: true, lockedUntil: null, failedAttempts: 0 })
    case 'day:list':
      return ok(dayList(f.todayState))
    case 'day:report': {
      const day = (input.day as string | undefined) ?? TODAY
      if (day === TODAY) return ok(f.todayState === 'closed' ? todayClosed() : openReport())
      return ok(closedReport(day))
    }
    case 'day:charts':
      return ok(charts((input.day as string | undefined) ?? TODAY))
    case 'day:close': {
      const next = f.closeAnswers.length > 1 ? f.closeAnswers.shift() : f.closeAnswers[0]
      if ((next as { ok: boolean }).ok) f.todayState = 'closed'
      return next
    }
    case 'day:pdf':
      return ok({
        fileName: `kassa-day-${String(input.day)}.pdf`,
        mimeType: 'application/pdf',
        content: Buffer.from('%PDF-1.4\n%day close\n').toString('base64'),
        count: 2
      })
    case 'day:print':
      return ok({ bytes: 1834 })
    case 'export:csv':
      return ok({
        fileName: `kassa-${String(input.kind)}-${String(input.fromDay)}-${String(input.toDay)}.csv`,
        mimeType: 'text/csv',
        content: 'invoice,amount\nA1,12.50\nA2,7.00\n',
        count: 2
      })
    case 'reconcile:start':
      f.current = run({ processor: String(input.processor) as never })
      return ok(f.current)
    case 'reconcile:get': {
      f.current = (f.runAnswers.length > 1 ? f.runAnswers.shift() : f.runAnswers[0]) ?? f.current
      return ok(f.current)
    }
    case 'reconcile:cancel':
      f.current = { ...f.current!, state: 'cancelled', finishedAt: '2025-03-14T20:00:05.000Z' }
      return ok(f.current)
    case 'reconcile:review': {
      const difference = f.current!.differences.find((d) => d.key === input.key)!
      const reviewed = {
        ...difference,
        reviewed: { note: String(input.note), at: '2025-03-14T20:01:00.000Z', by: 'owner' }
      }
      f.current = {
        ...f.current!,
        differences: f.current!.differences.map((d) => (d.key === input.key ? reviewed : d))
      }
      return ok(reviewed)
    }
    case 'reconcile:import':
    case 'reconcile:recheck':
      f.current = { ...f.current!, differences: f.current!.differences.filter((d) => d.key !== input.key) }
      if (name === 'reconcile:import') f.current.matched += 1
      return ok(f.current)
    default:
      return { ok: false, error: { code: 'internal', message: `no fixture for ${name}` } }
  }
}

async function openPage(f: Fixture, size: { width: number; height: number }, dark = false): Promise<Page> {
  const context = await browser.newContext({
    viewport: size,
    colorScheme: dark ? 'dark' : 'light',
    acceptDownloads: true
  })
  const page = await context.newPage()
  watchCalls(page)
  await page.route(MOCKED, async (route: Route) => {
    const name = decodeURIComponent(MOCKED.exec(route.request().url())![1]!)
    const input = (route.request().postDataJSON() ?? {}) as Record<string, unknown>
    f.calls.push({ name, input })
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(answer(f, name, input))
    })
  })
  await page.goto(till.url)
  await page.getByTestId('nav-day').waitFor()
  return page
}

/** Screenshot under test-results/, axe finds nothing, the page does not scroll sideways. */
async function check(page: Page, file: string): Promise<void> {
  await settle(page)
  await page.screenshot({ path: join(RESULTS, `${file}.png`), fullPage: true })
  const violations = await axeViolations(page)
  expect(violations, `${file}:\n${describeViolations(violations)}`).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  if (overflow > 0)
    console.error(
      await page.evaluate(() =>
        Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth)
          .slice(0, 8)
          .map((el) => `${el.tagName}.${el.className} ${el.getBoundingClientRect().right}`)
          .join('\n')
      )
    )
  expect(overflow, `${file} overflows sideways by ${overflow}px`).toBeLessThanOrEqual(0)
}

async function openDay(page: Page): Promise<void> {
  await page.getByTestId('nav-day').click()
  await page.waitForURL(/#\/day$/)
  await page.getByTestId('day-report').waitFor()
  await page.getByTestId('day-charts').waitFor()
}

/**
 * Start a reconciliation and wait until it is done. With `progress` main answers two running reads first (each a
 * poll of the screen, 1.5 s apart); without, the first read is the finished run (for the screen checks, which look
 * at the finished run only).
 */
async function reconcileToEnd(page: Page, f: Fixture, progress = true): Promise<void> {
  f.runAnswers = [
    ...(progress
      ? [
          run({ progress: { pages: 2, invoices: 100, requests: 2, estimatedPages: 4 } }),
          run({ progress: { pages: 3, invoices: 150, requests: 3, estimatedPages: 4 } })
        ]
      : []),
    doneRun()
  ]
  await page.getByTestId('reconcile-start').click()
  await page.getByTestId('reconcile-progress').waitFor()
  await page.getByTestId('reconcile-cancel').waitFor()
  await page.locator('[data-testid="reconcile-run"][data-state="done"]').waitFor({ timeout: 15_000 })
}

describe.each(['en', 'de'] as const)('the Day screen in %s', (locale) => {
  beforeAll(async () => {
    await tillCall(till, 'settings:update', { locale })
  })

  // One page and one reconciliation per language; each state of the screen is then checked at the three sizes and
  // in the OS's dark mode by resizing the page and switching its colour scheme.
  it('the X report, the close dialog, the reconciliation and the Z report axe-clean at every size, light and dark', async () => {
    const f = fixture()
    const page = await openPage(f, SIZES[0])
    const atEverySize = async (state: string, scroll?: () => Promise<void>): Promise<void> => {
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await scroll?.()
        await check(page, `day-${locale}-${size.width}x${size.height}-${state}`)
      }
      await page.setViewportSize(SIZES[0])
    }
    const dark = async (body: () => Promise<void>): Promise<void> => {
      await page.emulateMedia({ colorScheme: 'dark' })
      await body()
      await page.emulateMedia({ colorScheme: 'light' })
    }
    await withScreenshot(page, `day-${locale}-failed`, async () => {
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale)
      await openDay(page)
      expect(await page.getByTestId('day-report').getAttribute('data-state')).toBe('open')
      await atEverySize('x-report')
      await dark(async () => {
        await check(page, `day-${locale}-dark-x-report`)
        await page.getByTestId('day-close').click()
        await page.getByTestId('day-close-dialog').waitFor()
        await check(page, `day-${locale}-dark-close-dialog`)
        await page.keyboard.press('Escape')
        await page.getByTestId('day-close-dialog').waitFor({ state: 'detached' })
      })
      await reconcileToEnd(page, f, false)
      const toReconcile = () => page.getByTestId('reconcile').scrollIntoViewIfNeeded()
      await atEverySize('reconciled', toReconcile)
      await dark(() => check(page, `day-${locale}-dark-reconciled`))
      await page.getByTestId('day-picker').selectOption(YESTERDAY)
      await page.locator(`[data-testid="day-report"][data-day="${YESTERDAY}"]`).waitFor()
      await atEverySize('z-report')
    })
    await page.context().close()
  })
})

describe('the Day screen at work (English, 1280×800)', () => {
  beforeAll(async () => {
    await tillCall(till, 'settings:update', { locale: 'en' })
  })

  it('shows the X report figures as main sends them, money in the locale, corrections marked', async () => {
    const f = fixture()
    const page = await openPage(f, SIZES[0])
    await withScreenshot(page, 'day-figures-failed', async () => {
      await openDay(page)
      const text = async (id: string): Promise<string> =>
        ((await page.getByTestId(id).first().textContent()) ?? '').trim()
      expect(await text('day-report-kind')).toBe('X report')
      expect(await text('day-total-sales')).toBe('14')
      expect(await text('day-total-gross')).toBe('€412.50')
      expect(await text('day-total-discounts')).toBe('−\u00a0€12.50')
      expect(await text('day-total-net')).toBe('€458.00')
      expect(await text('day-total-average')).toBe('€34.50')
      const methods = await page.getByTestId('day-by-method').locator('tbody th').allTextContents()
      expect(methods).toEqual(['Bitcoin on-chain', 'Bitcoin Lightning', 'LTC'])
      const crypto = page.locator('[data-testid="day-crypto"] tr[data-coin="BTC"]')
      expect(await crypto.getByTestId('crypto-amount').textContent()).toBe('0.00712345\u00a0BTC')
      expect(await crypto.getByTestId('crypto-smallest').textContent()).toBe('712,345 sats')
      const corrections = page.getByTestId('day-correction')
      expect(await corrections.count()).toBe(2)
      expect(await corrections.first().getAttribute('data-belongs-to')).toBe(YESTERDAY)
      expect(await corrections.first().textContent()).toContain('Late payment')
      expect(await corrections.first().textContent()).toContain('+\u00a0€12.34')
      expect(await corrections.nth(1).textContent()).toContain('−\u00a0€5.00')
      // The charts carry their figures as text for screen readers.
      expect(await page.getByTestId('chart-method-mix').locator('table tbody tr').count()).toBe(3)
      expect(await page.getByTestId('chart-by-hour').locator('canvas').getAttribute('aria-label')).toContain(
        'busiest hour starts at 13:00'
      )
    })
    await page.context().close()
  })

  it('closes the day by keyboard: Enter opens, Escape closes with focus back; a refusal is worded; then the Z report', async () => {
    const f = fixture()
    f.closeAnswers = [
      {
        ok: false,
        error: {
          code: 'conflict',
          message: 'Sales are being created',
          params: { reason: 'creating', sales: '2' }
        }
      },
      ok(todayClosed())
    ]
    const page = await openPage(f, SIZES[0])
    await withScreenshot(page, 'day-close-failed', async () => {
      await openDay(page)
      await page.getByTestId('day-close').focus()
      await page.keyboard.press('Enter')
      const dialog = page.getByTestId('day-close-dialog')
      await dialog.waitFor()
      expect(await page.getByTestId('day-close-sales').textContent()).toBe('Sales: 14')
      expect(await page.getByTestId('day-close-net').textContent()).toContain('Net in EUR: €458.00')
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'day-close-cancel'
      )
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('day-close')
      expect(f.calls.some((c) => c.name === 'day:close')).toBe(false)

      await page.keyboard.press('Enter')
      await dialog.waitFor()
      await page.getByTestId('day-close-confirm').click()
      await expect
        .poll(() => page.getByTestId('day-close-refusal').textContent())
        .toBe(
          'This day cannot be closed yet: 2 sales are still being created. Wait until they have their invoices, then close again.'
        )
      await page.screenshot({ path: join(RESULTS, 'day-en-close-refused.png') })
      await page.getByTestId('day-close-confirm').click()
      await dialog.waitFor({ state: 'detached' })
      await page.locator('[data-testid="day-report"][data-state="closed"]').waitFor()
      expect(await page.getByTestId('day-report-kind').textContent()).toBe('Z report')
      expect(await page.getByTestId('day-closed-by').textContent()).toContain('by Owner')
      expect(await page.getByTestId('day-closed-notice').textContent()).toBe('The day is closed.')
      expect(f.calls.filter((c) => c.name === 'day:close').map((c) => c.input)).toEqual([
        { day: TODAY },
        { day: TODAY }
      ])
      await page.getByTestId('day-close').waitFor({ state: 'detached' })
      await check(page, 'day-en-closed')
    })
    await page.context().close()
  })

  it('prints, saves the PDF and exports CSV under main’s file names', async () => {
    const f = fixture()
    const page = await openPage(f, SIZES[0])
    await withScreenshot(page, 'day-files-failed', async () => {
      await openDay(page)
      await page.getByTestId('day-print').click()
      await expect
        .poll(() => page.getByTestId('day-file-notice').textContent())
        .toBe('Sent to the receipt printer.')
      expect(f.calls.find((c) => c.name === 'day:print')?.input).toEqual({ day: TODAY, locale: 'en-US' })

      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('day-pdf').click()])
      expect(pdf.suggestedFilename()).toBe(`kassa-day-${TODAY}.pdf`)
      await expect
        .poll(() => page.getByTestId('day-file-notice').textContent())
        .toBe(`Saved kassa-day-${TODAY}.pdf.`)

      await page.getByTestId('day-export-kind').selectOption('refunds')
      await page.getByTestId('day-export-from').fill(YESTERDAY)
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('day-export-csv').click()
      ])
      expect(csv.suggestedFilename()).toBe(`kassa-refunds-${YESTERDAY}-${TODAY}.csv`)
      expect(f.calls.find((c) => c.name === 'export:csv')?.input).toEqual({
        kind: 'refunds',
        fromDay: YESTERDAY,
        toDay: TODAY
      })
      // A range backwards is refused on screen.
      await page.getByTestId('day-export-from').fill('2025-03-20')
      await page.getByTestId('day-export-range').waitFor()
      expect(await page.getByTestId('day-export-csv').isDisabled()).toBe(true)
    })
    await page.context().close()
  })

  it('reconciles: progress, cancel, then every kind of difference with what to do', async () => {
    const f = fixture()
    const page = await openPage(f, SIZES[0])
    await withScreenshot(page, 'day-reconcile-failed', async () => {
      await openDay(page)
      // Cancel while running keeps what was compared.
      f.runAnswers = [run({ progress: { pages: 2, invoices: 100, requests: 2, estimatedPages: 4 } })]
      await page.getByTestId('reconcile-start').click()
      await page.getByTestId('reconcile-progress').waitFor()
      await expect
        .poll(() => page.getByTestId('reconcile-state').textContent(), { timeout: 10_000 })
        .toContain('2 pages read, 100 invoices, 2 requests')
      await page.screenshot({ path: join(RESULTS, 'day-en-reconcile-running.png') })
      await page.getByTestId('reconcile-cancel').click()
      await page.locator('[data-testid="reconcile-run"][data-state="cancelled"]').waitFor()
      expect(f.calls.find((c) => c.name === 'reconcile:cancel')?.input).toEqual({ runId: RUN_ID })

      await reconcileToEnd(page, f)
      expect(f.calls.find((c) => c.name === 'reconcile:start')?.input).toEqual({
        processor: 'demo',
        fromDay: TODAY,
        toDay: TODAY
      })
      for (const kind of ['missing-in-kassa', 'missing-at-processor', 'status-differs', 'amount-differs'])
        await page.getByTestId(`reconcile-group-${kind}`).waitFor()
      expect(await page.getByTestId('reconcile-other-tills').textContent()).toContain('6 made by other tills')
      expect(await page.getByTestId('difference-origin').first().textContent()).toBe('Made outside Kassa')
      expect(
        await page.locator('[data-reviewed="true"] [data-testid="difference-reviewed"]').textContent()
      ).toContain('Tip added at the counter after the invoice')

      // Mark one reviewed with a note, by keyboard.
      const missing = page.getByTestId('reconcile-group-missing-at-processor').getByTestId('difference')
      await missing.getByTestId('difference-review').click()
      await page.keyboard.type('Never reached BTCPay: the network was down')
      await page.keyboard.press('Enter')
      await missing.getByTestId('difference-reviewed').waitFor()
      expect(f.calls.find((c) => c.name === 'reconcile:review')?.input).toEqual({
        runId: RUN_ID,
        key: 'missing-at-processor:btcpay:sale_5k4j3h2g1f',
        note: 'Never reached BTCPay: the network was down'
      })
      // Import the one made outside Kassa: it leaves the list.
      await page.getByTestId('difference-import').click()
      await page.getByTestId('reconcile-group-missing-in-kassa').waitFor({ state: 'detached' })
      await page.getByTestId('difference-recheck').click()
      await page.getByTestId('reconcile-group-status-differs').waitFor({ state: 'detached' })
      await check(page, 'day-en-reconcile-acted')
    })
    await page.context().close()
  })
})

describe('Settings → Business day (the real main)', () => {
  it.each(['en', 'de'] as const)(
    'in %s: shows the zone in effect, saves a zone and start hour, axe-clean',
    async (locale) => {
      await tillCall(till, 'settings:update', { locale, businessDay: { timeZone: null, startHour: 0 } })
      const page = await openPage(fixture(), SIZES[2])
      await withScreenshot(page, `day-settings-${locale}-failed`, async () => {
        await page.goto(`${till.origin}/#/settings`)
        const card = page.getByTestId('business-day')
        await card.waitFor()
        const effective = await page.getByTestId('business-day-effective').textContent()
        expect(effective).toMatch(/[A-Za-z_]+(\/[A-Za-z_]+)*|UTC/)
        await page.getByTestId('business-day-zone').selectOption('America/New_York')
        await page.getByTestId('business-day-hour').selectOption('3')
        await page.getByTestId('business-day-save').click()
        await expect
          .poll(() => page.getByTestId('business-day-effective').textContent())
          .toContain('America/New_York')
        const settings = await tillCall<{ businessDay: { timeZone: string | null; startHour: number } }>(
          till,
          'settings:get',
          {}
        )
        expect(settings.businessDay).toMatchObject({ timeZone: 'America/New_York', startHour: 3 })
        await card.scrollIntoViewIfNeeded()
        await check(page, `day-settings-${locale}-800x1280`)
      })
      await page.context().close()
    }
  )
})
