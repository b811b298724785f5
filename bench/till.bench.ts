import type { Page } from 'playwright-core'
import { launchBrowser, removeDir, startTill, typeOnKeypad } from '../tests/e2e/harness'
import { report } from './stats'

const ROUNDS = Number(process.env.KASSA_BENCH_ROUNDS ?? 20)

/** Milliseconds from a click on `clickId` to `selector` matching, measured inside the page. */
function timeClickUntil(page: Page, clickId: string, selector: string): Promise<number> {
  // Passed as source text: tsx's helpers (`__name`) do not exist inside the page.
  return page.evaluate(`new Promise((resolve) => {
    const start = performance.now()
    document.querySelector('[data-testid="${clickId}"]').click()
    const check = () => document.querySelector(${JSON.stringify(selector)}) ? resolve(performance.now() - start) : requestAnimationFrame(check)
    check()
  })`) as Promise<number>
}

/**
 * In Chromium, on the Demo processor: Charge pressed → QR visible, and payment simulated → "Settled" visible for
 * the invoice on screen. The Demo's simulated block time is set to 0 so the figure is Kassa's own latency
 * (processor → tracker push → ledger → SSE → screen); with the default 500 ms block time, add 500 ms.
 */
export async function benchTill(): Promise<void> {
  const till = await startTill({ KASSA_DEMO_CONFIRM_MS: '0' })
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const toQr: number[] = []
  const toSettled: number[] = []
  try {
    await page.goto(till.url)
    for (let round = 0; round < ROUNDS + 2; round++) {
      await page.getByTestId('nav-till').click()
      await page.getByTestId('amount-display').waitFor()
      await typeOnKeypad(page, String(100 + round))
      const qr = await timeClickUntil(page, 'charge', '[data-testid="qr"]')
      await page.waitForSelector('[data-testid="simulate-full"]')
      const settled = await timeClickUntil(
        page,
        'simulate-full',
        '[data-testid="status"][data-status="Settled"], [data-testid="receipt"]'
      )
      if (round >= 2) {
        // the first two rounds warm up caches and the JIT
        toQr.push(qr)
        toSettled.push(settled)
      }
    }
  } finally {
    await browser.close()
    await till.stop()
    removeDir(till.dataDir)
  }
  report('Charge pressed → QR visible (Chromium, Demo)', toQr, '≤ 100 ms median')
  report('Payment simulated → Settled visible (on screen)', toSettled, '≤ 1000 ms p95')
}
