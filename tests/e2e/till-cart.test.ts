import { join, resolve } from 'node:path'
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { LoopbackPrinter } from '../simulators/printer'
import { axeViolations as violationsOf } from './axe'
import {
  launchBrowser,
  removeDir,
  startTill,
  tillCall,
  typeOnKeypad,
  withScreenshot,
  type Till
} from './harness'

// The cashier's screens of issue 12 (catalog grid, cart, scanner, discount, tip, payment fixes) in Chromium against
// the built web host on the Demo processor, at the three screen sizes, with axe and in German.
const ROOT = resolve(__dirname, '../..')
const SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '1024x600', width: 1024, height: 600 },
  { name: '800x1280', width: 800, height: 1280 }
] as const

let till: Till
let browser: Browser

beforeAll(async () => {
  till = await startTill({ KASSA_DEMO_CONFIRM_MS: '300' })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

/** Turn the tip step on (Settings → Till) for `body`, and off again after it. */
async function withTips(body: () => Promise<void>): Promise<void> {
  await tillCall(till, 'settings:update', { till: { tipsEnabled: true } })
  try {
    await body()
  } finally {
    await tillCall(till, 'settings:update', { till: { tipsEnabled: false } })
  }
}

async function openTill(size: { width: number; height: number } = SIZES[0], locale?: string): Promise<Page> {
  // bypassCSP: the till's CSP (script-src 'self') would refuse axe's injected script.
  const page = await browser.newPage({
    viewport: { width: size.width, height: size.height },
    locale,
    bypassCSP: true
  })
  await page.goto(till.url)
  await page.getByTestId('amount-display').waitFor()
  return page
}

async function shot(page: Page, name: string): Promise<void> {
  const dir = join(ROOT, 'test-results')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`) })
}

/**
 * A keyboard-wedge scan: the code's characters and Enter as key events dispatched in one go inside the page, as a
 * scanner types them (a few ms apart at most), rather than through the test driver's slower round trips.
 */
async function scan(page: Page, code: string): Promise<void> {
  await page.evaluate(`(() => {
    const keys = [...${JSON.stringify(code)}, 'Enter']
    for (const key of keys) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
  })()`)
}

/** axe-core's violations on the page as it is now, as `id: nodes` strings (empty when clean). */
async function axeViolations(page: Page): Promise<string[]> {
  return (await violationsOf(page)).map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
  )
}

/** True when the element is wholly inside the viewport (no scrolling needed to see it). */
async function onScreen(page: Page, testid: string): Promise<boolean> {
  const box = await page.getByTestId(testid).first().boundingBox()
  const viewport = page.viewportSize()
  return (
    !!box &&
    !!viewport &&
    box.y >= 0 &&
    box.y + box.height <= viewport.height &&
    box.x + box.width <= viewport.width
  )
}

/** The sale id in a payment screen's address (`…#/pay/sale_…`), or '' elsewhere. */
const oldId = (url: string): string => /\/pay\/(sale_[0-9a-z]+)/.exec(url)?.[1] ?? ''

/** Type a price on the keypad, name it, and put it in the cart (works without a catalog). */
async function addKeypadLine(page: Page, digits: string, name: string): Promise<void> {
  if (await page.getByTestId('tab-keypad').isVisible()) await page.getByTestId('tab-keypad').click()
  await typeOnKeypad(page, digits)
  await page.getByTestId('memo').fill(name)
  await page.getByTestId('add-item').click()
  await page.locator(`[data-testid="cart-line"][data-name="${name}"]`).waitFor()
}

describe('the till with a cart, on any screen', () => {
  it('turns a scan of an unknown code into a message, never into an amount or a charge', async () => {
    const page = await openTill()
    await withScreenshot(page, 'till-cart-unknown-scan', async () => {
      await typeOnKeypad(page, '5')
      await scan(page, '4006381333931')
      const notice = page.getByTestId('scan-notice')
      await notice.waitFor()
      expect(await notice.textContent()).toContain('Unknown code 4006381333931')
      // The digits the scanner typed are taken back; the 5 typed by hand stays; nothing was charged.
      expect(await page.getByTestId('amount-display').textContent()).toContain('$0.05')
      expect(page.url()).not.toMatch(/\/pay\//)
      const sales = await tillCall<{ items?: unknown[] } | unknown[]>(till, 'sale:list', {}).catch(() => [])
      expect(Array.isArray(sales) ? sales : (sales.items ?? [])).toHaveLength(0)
    })
    await page.close()
  })

  it('shows what is due, keeps names readable and Charge on screen, at 1280×800, 1024×600 and 800×1280', async () => {
    // The cart is filled and charged once; the cart, the payment screen and the cancel question are each checked
    // at the three sizes by resizing the page.
    const page = await openTill(SIZES[0])
    await withScreenshot(page, 'till-cart-layout', async () => {
      await addKeypadLine(page, '1250', 'Organic fair-trade coffee beans, 500 g')
      await addKeypadLine(page, '643', 'Croissant')
      await addKeypadLine(page, '1', 'Sparkling water')
      for (const size of SIZES) {
        await page.setViewportSize(size)
        // 12.50 + 6.43 + 0.01 = 18.94: the big display says what is due, not the empty keypad entry.
        expect(await page.getByTestId('amount-display').textContent()).toContain('$18.94')
        expect(await page.getByTestId('amount-display').getAttribute('data-kind')).toBe('due')
        await expect.poll(() => onScreen(page, 'charge'), { message: size.name }).toBe(true)
        expect(await onScreen(page, 'cart-total'), size.name).toBe(true)
        // A long name wraps by words: its button is wide, not a column of single letters.
        const name = await page.getByTestId('cart-line-edit').first().boundingBox()
        expect(name?.width ?? 0, size.name).toBeGreaterThan(120)
        await shot(page, `till-cart-${size.name}`)
        expect(await axeViolations(page)).toEqual([])
      }

      await page.setViewportSize(SIZES[0])
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
      expect(await page.getByTestId('fiat-amount').textContent()).toContain('$18.94')
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shot(page, `payment-${size.name}`)
        expect(await axeViolations(page)).toEqual([])
      }
      await page.getByTestId('cancel-sale').click()
      await page.getByTestId('cancel-confirm').waitFor()
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shot(page, `payment-cancel-${size.name}`)
      }
      await page.getByTestId('cancel-sale-confirm').click()
      await page.waitForURL(/#\/$/)
    })
    await page.close()
  })

  it('edits a line, takes a 10 % discount, and asks before charging a large amount', async () => {
    const page = await openTill()
    await withScreenshot(page, 'till-cart-edit', async () => {
      await addKeypadLine(page, '2000', 'Cake')
      await page.getByTestId('cart-line-edit').first().click()
      await page.getByTestId('line-quantity').fill('3')
      await page.getByTestId('line-save').click()
      await expect.poll(() => page.getByTestId('cart-line').first().getAttribute('data-quantity')).toBe('3')
      expect(await page.getByTestId('cart-total').textContent()).toBe('$60.00')
      await page.getByTestId('discount-open').click()
      await page.getByTestId('discount-value').fill('10')
      await page.getByTestId('discount-save').click()
      await expect.poll(() => page.getByTestId('cart-discount').textContent()).toBe('−$6.00')
      expect(await page.getByTestId('cart-total').textContent()).toBe('$54.00')
      // Far above the 5,000 maximum: the amount in large type first; "No" keeps the cart.
      await page.getByTestId('cart-line-edit').first().click()
      await page.getByTestId('line-price').fill('4006381333.93')
      await page.getByTestId('line-quantity').fill('1')
      await page.getByTestId('line-save').click()
      await page.getByTestId('charge').click()
      await page.getByTestId('large-confirm').waitFor()
      expect(await page.getByTestId('large-amount').textContent()).toContain('$')
      await shot(page, 'till-large-confirm')
      await page.getByTestId('large-cancel').click()
      expect(await page.getByTestId('cart-line').count()).toBe(1)
      expect(page.url()).not.toMatch(/\/pay\//)
    })
    await page.close()
  })

  it('asks the remainder after a partial payment, and charges an expired cart again with the same lines', async () => {
    const page = await openTill()
    await withScreenshot(page, 'till-cart-remainder', async () => {
      await addKeypadLine(page, '1500', 'Lunch menu')
      await addKeypadLine(page, '1100', 'Dessert')
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
      const first = oldId(page.url())
      const fullCrypto = await page.getByTestId('crypto-amount').textContent()
      await page.getByTestId('simulate-partial').click()
      await page.getByTestId('customer-pays-fiat').waitFor()
      // The Demo's "Pay part" pays half: the customer still pays 13.00 of 26.00, and the coin amount is the rest.
      expect(await page.getByTestId('customer-pays-fiat').textContent()).toContain('$13.00 of $26.00')
      expect(await page.getByTestId('crypto-amount').getAttribute('data-remainder')).toBe('true')
      expect(await page.getByTestId('crypto-amount').textContent()).not.toBe(fullCrypto)
      await shot(page, 'payment-partial')
      await page.getByTestId('simulate-expire').click()
      await page.getByTestId('charge-again').click()
      await page.waitForURL((url) => oldId(url.toString()) !== '' && oldId(url.toString()) !== first)
      await page.getByTestId('qr').waitFor()
      const saleId = /\/pay\/(sale_[0-9a-z]+)/.exec(page.url())?.[1] ?? ''
      const again = await tillCall<{ amount: string; lines: { name: string; quantity: number }[] }>(
        till,
        'sale:get',
        { saleId }
      )
      expect(again.amount).toBe('26.00')
      expect(again.lines.map((l) => `${l.quantity} × ${l.name}`)).toEqual(['1 × Lunch menu', '1 × Dessert'])
      await page.getByTestId('cancel-sale').click()
      await page.getByTestId('cancel-sale-confirm').click()
    })
    await page.close()
  })

  it('hides the QR and the countdown once the payment is seen', async () => {
    // A slow Demo block time keeps the invoice "Processing" long enough to look at.
    const slow = await startTill({ KASSA_DEMO_CONFIRM_MS: '60000' })
    const page = await browser.newPage({ viewport: { width: 1024, height: 600 } })
    try {
      await page.goto(slow.url)
      await typeOnKeypad(page, '700')
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
      await page.getByTestId('simulate-full').click()
      await page.getByTestId('payment-seen').waitFor()
      expect(await page.getByTestId('qr').count()).toBe(0)
      expect(await page.getByTestId('countdown').count()).toBe(0)
      expect(await page.getByTestId('cancel-sale').count()).toBe(0)
      expect(await page.getByTestId('status').getAttribute('data-status')).toBe('Processing')
      await shot(page, 'payment-seen-1024x600')
    } finally {
      await page.close()
      await slow.stop()
      removeDir(slow.dataDir)
    }
  })

  it('asks for the tip before making the invoice, and shows what the QR will ask', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true })
    await tillCall(till, 'settings:update', { till: { tipsEnabled: true } })
    await page.goto(till.url)
    await page.getByTestId('amount-display').waitFor()
    await withScreenshot(page, 'till-cart-tip', async () => {
      const salesBefore = (await tillCall<unknown[]>(till, 'sale:list', {})).length
      await typeOnKeypad(page, '1000')
      await page.getByTestId('charge').click()
      await page.getByTestId('tip-step').waitFor()
      expect(page.url()).toMatch(/#\/pay\/new$/)
      const presets = await page.getByTestId('tip-preset').allInnerTexts()
      expect(presets.map((p) => p.replace(/\s+/g, ' ').trim())).toEqual([
        '10 % $1.00',
        '15 % $1.50',
        '20 % $2.00'
      ])
      await page.locator('[data-testid="tip-preset"][data-percent="15"]').click()
      expect(await page.getByTestId('tip-total').textContent()).toBe('$11.50')
      await page.getByTestId('tip-custom').click()
      await page.getByTestId('tip-custom-value').fill('18')
      await page.getByTestId('tip-custom-apply').click()
      await expect.poll(() => page.getByTestId('tip-total').textContent()).toBe('$11.80')
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height })
        await shot(page, `payment-tip-${size.name}`)
      }
      await page.setViewportSize({ width: 1280, height: 800 })
      expect(await axeViolations(page)).toEqual([])
      // No invoice exists yet; "No tip" then makes it for the bare amount.
      expect((await tillCall<unknown[]>(till, 'sale:list', {})).length).toBe(salesBefore)
      await page.getByTestId('tip-none').click()
      expect(await page.getByTestId('tip-total').textContent()).toBe('$10.00')
      await page.getByTestId('tip-continue').click()
      await page.getByTestId('qr').waitFor()
      expect(await page.getByTestId('fiat-amount').textContent()).toContain('$10.00')
    }).finally(() => tillCall(till, 'settings:update', { till: { tipsEnabled: false } }))
    await page.close()
  })

  it('three items from the grid and a scanned one, 10 % discount, 18 % tip, charged on Demo, paid, auto-printed and e-mailed', async () => {
    const save = (title: string, price: string, barcode: string | null): Promise<unknown> =>
      tillCall(till, 'catalog:save', {
        title,
        price,
        priceType: 'fixed',
        sku: null,
        barcode,
        image: null,
        category: 'Café',
        taxRate: null,
        inventory: null,
        enabled: true
      })
    await save('Flat white', '3.80', null)
    await save('Blueberry muffin', '2.90', null)
    await save('Sourdough loaf', '6.50', null)
    await save('Coffee beans 250 g', '9.90', '4006381333931')
    // The shop's loopback printer prints every paid sale by itself; its SMTP server takes the e-mailed receipt.
    const printer = await LoopbackPrinter.start()
    const mails: ParsedMail[] = []
    const smtp = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => mails.push(mail))
          .then(() => callback(), callback)
      }
    })
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done))
    await tillCall(till, 'settings:update', {
      receipt: {
        shop: { name: 'Café Morgenrot', address: 'Hauptstraße 1' },
        printer: { host: '127.0.0.1', port: printer.port, paperWidth: 80, autoPrint: true },
        email: {
          host: '127.0.0.1',
          port: (smtp.server.address() as { port: number }).port,
          security: 'none',
          from: 'Café Morgenrot <shop@morgenrot.example>'
        }
      }
    })

    await tillCall(till, 'settings:update', { till: { tipsEnabled: true } })
    const page = await openTill()
    await withTips(() =>
      withScreenshot(page, 'till-cart-full-flow', async () => {
        for (const title of ['Flat white', 'Blueberry muffin', 'Sourdough loaf']) {
          await page.getByTestId('catalog-search').fill(title.split(' ')[0]!)
          await page.locator(`[data-testid="catalog-tile"][data-title="${title}"]`).click()
        }
        await page.getByTestId('catalog-search').fill('')
        await page.locator('body').click({ position: { x: 5, y: 5 } })
        await scan(page, '4006381333931')
        await page.locator('[data-testid="cart-line"][data-name="Coffee beans 250 g"]').waitFor()
        expect(await page.getByTestId('cart-line').count()).toBe(4)
        await page.getByTestId('discount-open').click()
        await page.getByTestId('discount-value').fill('10')
        await page.getByTestId('discount-save').click()
        // 3.80 + 2.90 + 6.50 + 9.90 = 23.10; −10 % = 20.79
        await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('$20.79')
        await page.getByTestId('charge').click()
        await page.getByTestId('tip-step').waitFor()
        await shot(page, 'payment-tip-step')
        expect(await axeViolations(page)).toEqual([])
        await page.getByTestId('tip-custom').click()
        await page.getByTestId('tip-custom-percent').click()
        await page.getByTestId('tip-custom-value').fill('18')
        await page.getByTestId('tip-custom-apply').click()
        // 18 % of 20.79 = 3.7422 → 3.74; total 24.53: what the QR will ask.
        await expect.poll(() => page.getByTestId('tip-total').textContent()).toBe('$24.53')
        await page.getByTestId('tip-continue').click()
        await page.getByTestId('qr').waitFor()
        expect(await page.getByTestId('fiat-amount').textContent()).toContain('$24.53')
        await page.getByTestId('simulate-full').click()
        await page.getByTestId('receipt').waitFor({ timeout: 10_000 })
        // Printed once by itself on settlement, with the items and the total.
        await expect.poll(() => printer.prints.length, { timeout: 10_000 }).toBe(1)
        expect(printer.texts[0]).toContain('Flat white')
        expect(printer.texts[0]).toContain('24.53')
        // E-mailed from the receipt screen through the shop's SMTP server, with its number and the PDF.
        const receiptNumber = (
          await tillCall<{ receiptNumber: string }[]>(till, 'sale:list', { limit: 1 })
        )[0]!.receiptNumber
        await page.getByTestId('receipt-email').click()
        await page.getByTestId('receipt-email-to').fill('kunde@example.com')
        await page.getByTestId('receipt-email-send').click()
        await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(1)
        expect(mails[0]!.subject).toContain(receiptNumber)
        expect(mails[0]!.text).toContain('24.53')
        expect(mails[0]!.attachments[0]?.contentType).toBe('application/pdf')
        await new Promise((done) => setTimeout(done, 1_000))
        expect(printer.prints).toHaveLength(1) // never twice
      })
    ).finally(async () => {
      await printer.close()
      await new Promise<void>((done) => smtp.close(() => done()))
      await tillCall(till, 'settings:update', { receipt: { printer: { autoPrint: false } } }).catch(
        () => undefined
      )
    })
    await page.close()
  })

  it('speaks German with German money when the browser is German', async () => {
    await tillCall(till, 'settings:update', { currency: 'EUR' })
    const page = await openTill(SIZES[0], 'de-DE')
    await withScreenshot(page, 'till-cart-german', async () => {
      expect(await page.locator('h1').textContent()).toBe('Kasse')
      await typeOnKeypad(page, '123456')
      const text = async (testid: string): Promise<string> =>
        ((await page.getByTestId(testid).textContent()) ?? '').replace(/\s+/g, ' ').trim()
      await expect.poll(() => text('amount-display')).toBe('1.234,56 €')
      expect(await text('charge')).toBe('1.234,56 € kassieren')
      await shot(page, 'till-de')
      await page.getByTestId('charge').click()
      await page.getByTestId('qr').waitFor()
      expect(await text('fiat-amount')).toBe('1.234,56 €')
      expect(await page.getByTestId('cancel-sale').textContent()).toContain('Verkauf stornieren')
      expect(await page.locator('.invoice-amounts').textContent()).toContain('Kunde zahlt')
      await shot(page, 'payment-de')
      expect(await axeViolations(page)).toEqual([])
    })
    await page.close()
  })
})
