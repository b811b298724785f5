import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser, removeDir, startTill, typeOnKeypad, withScreenshot } from './harness'

const dataDir = mkdtempSync(join(tmpdir(), 'kassa-restart-'))
afterAll(() => removeDir(dataDir))

describe('quitting with an invoice open', () => {
  it('keeps the sale and its one invoice, and tracks it to settlement after a restart', async () => {
    const browser = await launchBrowser()
    let till = await startTill({ KASSA_DEMO_CONFIRM_MS: '200' }, dataDir)
    let page = await browser.newPage()
    try {
      let invoiceLink = ''
      await withScreenshot(page, 'restart-before', async () => {
        await page.goto(till.url)
        await typeOnKeypad(page, '4200')
        await page.getByTestId('charge').click()
        await page.getByTestId('qr').waitFor()
        invoiceLink = page.url()
      })
      const saleId = /pay\/(sale_[0-9a-z]+)/.exec(invoiceLink)?.[1]
      expect(saleId).toBeTruthy()
      await page.close()
      await till.stop() // the till quits mid-invoice

      till = await startTill({ KASSA_DEMO_CONFIRM_MS: '200' }, dataDir)
      page = await browser.newPage()
      await withScreenshot(page, 'restart-after', async () => {
        await page.goto(till.url)
        await page.getByTestId('nav-recent').click()
        const rows = page.locator(`[data-testid="sale-row"][data-sale-id="${saleId}"]`)
        await rows.first().waitFor()
        expect(await rows.count()).toBe(1)
        await rows.first().click()
        await page.getByTestId('qr').waitFor()
        await page.getByTestId('simulate-full').click()
        await page.getByTestId('receipt').waitFor({ timeout: 10_000 })
      })
      const response = await fetch(`${till.origin}/api/call/sale:get`, {
        method: 'POST',
        headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ saleId })
      })
      const result = (await response.json()) as {
        ok: boolean
        value: { state: string; invoice: { id: string } }
      }
      expect(result.ok).toBe(true)
      expect(result.value.state).toBe('paid')
    } finally {
      await page.close().catch(() => {})
      await browser.close()
      await till.stop()
    }
  })
})
