import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { AgentRequestView } from '../../src/shared/agents'
import { axeViolations, describeViolations } from './axe'
import { ownerUnlock } from './owner'
import {
  E2E_OWNER_PIN,
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

// Agent access end to end, against the real web host, its MCP listener and the SDK's own client (Demo processor):
// the owner turns the MCP server on in Settings → Agent access, makes a client (its token shown once, with the
// configs to paste), revokes another; an agent with that token asks for two refunds over MCP; the till's header
// shows "2 agent requests"; the one above the cashier's limit is approved with the owner's PIN (the refund is made,
// its claim link shown), the other declined with a note (nothing reaches the processor). en + de, three sizes,
// keyboard and touch targets, axe clean.

const RESULTS = resolve(__dirname, '../../test-results')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 600 },
  { width: 800, height: 1280 }
] as const

let till: Till
let browser: Browser
let page: Page
let agent: Client | null = null

/** A port nothing listens on now (the MCP server's; Node's fetch refuses some ports, so not a fixed one). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function paidSale(amount: string): Promise<string> {
  const sale = await tillCall<{ id: string }>(till, 'sale:charge', { amount, currency: 'USD' })
  await tillCall(till, 'demo:simulate', { saleId: sale.id, kind: 'full' })
  await waitPaid(till, sale.id)
  return sale.id
}

/** Screenshot `target` as `agents-<name>.png` once the page is settled; axe must find nothing on the page. */
async function shoot(name: string, target: 'page' | 'panel' | 'dialog' = 'page'): Promise<void> {
  await settle(page)
  const path = join(RESULTS, `agents-${name}.png`)
  if (target === 'panel') await page.getByTestId('settings-agents').screenshot({ path })
  else if (target === 'dialog') await page.locator('dialog[open]').last().screenshot({ path })
  else await page.screenshot({ path })
  expect(describeViolations(await axeViolations(page)), name).toBe('')
}

/** Every visible button and field inside `selector` is at least 44 px high (touch). */
async function touchTargets(selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const small: string[] = []
    for (const el of Array.from(
      document.querySelectorAll<HTMLElement>(`${sel} button, ${sel} input, ${sel} select`)
    )) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0) continue
      const input = el as HTMLInputElement
      // A checkbox sits in a label of full height: the label is the target.
      const target = input.type === 'checkbox' ? (el.closest('label') ?? el) : el
      if (target.getBoundingClientRect().height < 44)
        small.push(el.dataset.testid ?? el.outerHTML.slice(0, 60))
    }
    return small
  }, selector)
}

beforeAll(async () => {
  mkdirSync(RESULTS, { recursive: true })
  ;[till, browser] = await Promise.all([startTill({ KASSA_DEMO_CONFIRM_MS: '100' }), launchBrowser()])
  page = await browser.newPage({ viewport: SIZES[0] })
  watchCalls(page)
})

afterAll(async () => {
  await agent?.close().catch(() => undefined)
  await browser?.close()
  await till?.stop()
  if (till) removeDir(till.dataDir)
})

describe('agent access', () => {
  let token = ''
  let clientId = ''

  it('the owner turns the MCP server on, makes a client (token shown once) and revokes another', async () => {
    await withScreenshot(page, 'agents-settings-failed', async () => {
      await page.goto(till.url)
      await page.getByTestId('nav-settings').click()
      await ownerUnlock(page)
      const panel = page.getByTestId('settings-agents')
      await panel.scrollIntoViewIfNeeded()
      await expect
        .poll(() => page.getByTestId('agent-server-state').getAttribute('data-running'))
        .toBe('false')

      // Bad input is named under its field and nothing is sent.
      await page.getByTestId('agent-port').fill('80')
      await page.getByTestId('agent-save').click()
      await expect.poll(() => page.getByTestId('agent-port').getAttribute('aria-invalid')).toBe('true')

      const port = await freePort()
      await page.getByTestId('agent-enabled').check()
      await page.getByTestId('agent-port').fill(String(port))
      await page.getByTestId('agent-limit').fill('25.50')
      await page.getByTestId('agent-per-minute').fill('120')
      await page.getByTestId('agent-save').click()
      await expect
        .poll(() => page.getByTestId('agent-server-state').textContent())
        .toContain(`http://127.0.0.1:${port}/mcp`)
      const access = await tillCall<{ settings: { paymentRequestLimit: string; callsPerMinute: number } }>(
        till,
        'agent:status',
        {}
      )
      expect(access.settings).toMatchObject({ paymentRequestLimit: '25.50', callsPerMinute: 120 })

      // A client that will be revoked.
      await page.getByTestId('agent-client-name').fill('Old script')
      await page.getByTestId('agent-client-create').click()
      await page.getByTestId('agent-token-done').click()
      await page.getByTestId('agent-token-dialog').waitFor({ state: 'detached' })

      // The agent's client: read and refunds, by keyboard (Space toggles a checkbox, Enter submits).
      await page.getByTestId('agent-client-name').fill('Claude Desktop')
      await page.getByTestId('agent-scope-refunds').focus()
      await page.keyboard.press('Space')
      await page.getByTestId('agent-client-name').press('Enter')
      const dialog = page.getByTestId('agent-token-dialog')
      await dialog.waitFor()
      token = (await page.getByTestId('agent-token').textContent())?.trim() ?? ''
      expect(token).toMatch(/^kag_[A-Za-z0-9_-]{43}$/)
      expect(await page.getByTestId('agent-snippet-stdio').textContent()).toContain(
        `"KASSA_MCP_TOKEN": "${token}"`
      )
      expect(await page.getByTestId('agent-snippet-header').textContent()).toBe(
        `Authorization: Bearer ${token}`
      )
      expect(await page.getByTestId('agent-snippet-url').textContent()).toBe(`http://127.0.0.1:${port}/mcp`)
      expect(await dialog.textContent()).toContain('shown only this once')
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shoot(`token-en-${size.width}x${size.height}`, 'dialog')
      }
      await page.setViewportSize(SIZES[0])
      // Escape closes it like Done; the token is gone from the page for good.
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      expect(await page.content()).not.toContain(token)

      const clients = page.getByTestId('agent-client')
      await expect.poll(() => clients.count()).toBe(2)
      const claude = page.locator('[data-testid="agent-client"]', { hasText: 'Claude Desktop' })
      clientId = (await claude.getAttribute('data-client-id')) ?? ''
      expect(await claude.getByTestId('agent-client-scopes').textContent()).toContain('Read, Refunds')
      expect(await claude.getByTestId('agent-client-last-used').textContent()).toContain('never')

      // Revoke the other, after a confirmation naming it.
      const old = page.locator('[data-testid="agent-client"]', { hasText: 'Old script' })
      await old.getByTestId('agent-client-revoke').click()
      const confirm = page.getByTestId('agent-revoke-confirm')
      expect(await confirm.textContent()).toContain('Revoke “Old script”?')
      await page.getByTestId('agent-revoke-confirm-button').click()
      await expect.poll(() => old.getAttribute('data-revoked')).toBe('true')
      expect(await touchTargets('[data-testid="settings-agents"]')).toEqual([])
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shoot(`settings-en-${size.width}x${size.height}`, 'panel')
      }
      await page.setViewportSize(SIZES[0])
    })
  })

  it('an agent asks for two refunds over MCP; at the till one is approved with the owner PIN, one declined', async () => {
    await withScreenshot(page, 'agents-till-failed', async () => {
      await tillCall(till, 'settings:update', { refundPolicy: { cashierLimit: '50' } })
      const [above, under] = [await paidSale('80.00'), await paidSale('20.00')]
      const { url } = await tillCall<{ url: string }>(till, 'agent:status', {})
      agent = new Client({ name: 'e2e-agent', version: '1.0.0' })
      await agent.connect(
        new StreamableHTTPClientTransport(new URL(url), {
          requestInit: { headers: { Authorization: `Bearer ${token}` } }
        })
      )
      for (const [saleId, reason] of [
        [above, 'Customer returned the espresso machine'],
        [under, 'Mug arrived chipped']
      ] as const) {
        const result = await agent.callTool({
          name: 'request_refund',
          arguments: { sale_id: saleId, variant: 'Fiat', reason }
        })
        expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false)
        expect(JSON.stringify(result.structuredContent ?? result.content)).toContain('pending')
      }

      // The cashier's till, without the owner's session: the header shows both, live.
      await page.getByTestId('owner-lock').click()
      await page.getByTestId('owner-lock').waitFor({ state: 'detached' })
      await page.getByTestId('nav-till').click()
      const chip = page.getByTestId('agent-requests-chip')
      await expect.poll(() => chip.getAttribute('data-count'), { timeout: 10_000 }).toBe('2')
      expect(await chip.textContent()).toContain('2 agent requests')
      await chip.focus()
      await page.keyboard.press('Enter')
      const list = page.getByTestId('agent-requests')
      await list.waitFor()
      // Focus starts on the first request itself, so Enter alone approves nothing.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('agent-request')
      const card = (amount: string) => page.getByTestId('agent-request').filter({ hasText: amount })
      const big = card('$80.00')
      const small = card('$20.00')
      expect(await big.textContent()).toContain('Refund of $80.00 for sale')
      expect(await big.textContent()).toContain('Customer returned the espresso machine')
      expect(await big.getByTestId('agent-request-triage').getAttribute('data-decision')).toBe('needs-owner')
      expect(await small.getByTestId('agent-request-triage').getAttribute('data-decision')).toBe('allowed')
      expect(await big.getByTestId('agent-request-left').textContent()).toMatch(/2[34] h \d\d min left/)
      expect(await touchTargets('[data-testid="agent-requests"]')).toEqual([])
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shoot(`requests-en-${size.width}x${size.height}`)
      }
      await page.setViewportSize(SIZES[0])

      // Decline the small one with a note: nothing reaches the processor.
      await small.getByTestId('agent-decline').click()
      await small.getByTestId('agent-decline-note').fill('Ask the customer to bring the mug back first')
      await small.getByTestId('agent-decline-note').press('Enter')
      await expect
        .poll(() => small.getByTestId('agent-request-outcome').getAttribute('data-state'))
        .toBe('declined')

      // Approve the big one: the owner's PIN is asked on the way, then the refund is made once with its claim link.
      await big.getByTestId('agent-approve').click()
      await page.getByTestId('owner-pin-dialog').waitFor()
      await page.getByTestId('owner-pin-input').fill(E2E_OWNER_PIN)
      await page.getByTestId('owner-pin-input').press('Enter')
      const outcome = big.getByTestId('agent-request-outcome')
      await expect.poll(() => outcome.getAttribute('data-state'), { timeout: 15_000 }).toBe('approved')
      const link = await big.getByTestId('agent-request-link').textContent()
      expect(link).toMatch(/^https?:\/\//)
      await shoot('approved-en')
      expect(await chip.getAttribute('data-count')).toBe('0')

      const sale = (saleId: string) =>
        tillCall<{ refunded: string; refunds: { claimLink: string | null }[] }>(till, 'sale:get', { saleId })
      const [refunded, untouched] = [await sale(above), await sale(under)]
      expect(refunded.refunds).toHaveLength(1)
      expect(refunded.refunds[0]?.claimLink).toBe(link)
      expect(untouched.refunds).toHaveLength(0)
      const all = await tillCall<AgentRequestView[]>(till, 'agent:requests', { filter: 'all' })
      expect(all.map((r) => [r.saleId, r.state, r.decidedBy]).sort()).toEqual(
        [
          [above, 'approved', 'owner'],
          [under, 'declined', 'cashier']
        ].sort()
      )

      // Closing the panel drops the outcomes; with nothing waiting the chip goes away.
      await page.getByTestId('agent-requests-close').click()
      await chip.waitFor({ state: 'detached' })
    })
  })

  it('shows the agent activity, and the request screens in German', async () => {
    await withScreenshot(page, 'agents-de-failed', async () => {
      // Two more requests to show in German (one of them declined at "another till": it leaves the list live).
      const [first, second] = [await paidSale('12.00'), await paidSale('60.00')]
      for (const saleId of [first, second]) {
        await agent!.callTool({
          name: 'request_refund',
          arguments: { sale_id: saleId, variant: 'Fiat', subtract_percentage: '2.5', reason: 'Falsche Größe' }
        })
      }
      await tillCall(till, 'settings:update', { locale: 'de' })
      await page.reload()
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('de')
      const chip = page.getByTestId('agent-requests-chip')
      await expect.poll(() => chip.textContent()).toContain('2 Agentenanfragen')
      await chip.click()
      const cards = page.getByTestId('agent-request')
      await expect.poll(() => cards.count()).toBe(2)
      expect(await cards.first().textContent()).toContain('Rückerstattung von 11,70')
      expect(await cards.first().textContent()).toContain('Abzüglich 2,5 % Gebühr')
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shoot(`requests-de-${size.width}x${size.height}`)
      }
      await page.setViewportSize(SIZES[0])
      const pending = await tillCall<AgentRequestView[]>(till, 'agent:requests', {})
      const other = pending.find((r) => r.saleId === second)!
      await tillCall(till, 'agent:decline', { requestId: other.id, note: 'Andere Kasse' })
      await expect.poll(() => cards.count()).toBe(1)
      await page.keyboard.press('Escape')

      await page.goto(`${till.origin}/#/settings`)
      await ownerUnlock(page)
      const activity = page.getByTestId('agent-activity')
      await activity.scrollIntoViewIfNeeded()
      await page.getByTestId('agent-activity-client').selectOption(clientId)
      const calls = page.getByTestId('agent-call')
      await expect.poll(() => calls.count()).toBeGreaterThanOrEqual(4)
      expect(await calls.first().getAttribute('data-tool')).toBe('request_refund')
      const claude = page.locator('[data-testid="agent-client"]', { hasText: 'Claude Desktop' })
      expect(await claude.getByTestId('agent-client-last-used').textContent()).not.toContain('nie')
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await shoot(`settings-de-${size.width}x${size.height}`, 'panel')
      }
    })
  })
})
