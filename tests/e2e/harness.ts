import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page, type Request } from 'playwright-core'
import { KeyringSecretStore } from '../../src/main/secrets/keyring-store'
import { keyAccount } from '../../src/main/settings/settings-service'

/** Debian's Chromium; override with KASSA_CHROMIUM. */
export const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium'
const ROOT = resolve(__dirname, '../..')

/** A running `npm run web` till (the built `out/main/web.js`) on a fresh data folder. */
export interface Till {
  url: string
  origin: string
  token: string
  dataDir: string
  /** The OS keychain service the till keeps its API keys under (accounts `processor:<id>`). */
  keychainService: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Start the built web host as a child process, exactly as `npm run web` does after building, and wait for its
 * one-line address. Extra env (e.g. KASSA_DEMO_CONFIRM_MS) is passed through.
 */
export async function startTill(env: Record<string, string> = {}, dataDir?: string): Promise<Till> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'kassa-e2e-'))
  const keychainService = env.KASSA_KEYCHAIN_SERVICE ?? `KassaE2E-${process.pid}`
  const child = spawn(process.execPath, [join(ROOT, 'out/main/web.js')], {
    env: { ...process.env, KASSA_DATA_DIR: dir, KASSA_KEYCHAIN_SERVICE: keychainService, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${output}`)), 20_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Kassa till: (http:\/\/\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}: ${output}`)))
  })
  const origin = url.split('/#')[0] as string
  return {
    url,
    origin,
    token: url.split('#token=')[1] as string,
    dataDir: dir,
    keychainService,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      })
  }
}

/** Launch Debian's Chromium headless with the flags this machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** Run a test body; on failure save a screenshot under test-results/ and rethrow. */
export async function withScreenshot(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (error) {
    const dir = join(ROOT, 'test-results')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`)
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined)
    console.error(`screenshot saved: ${file}`)
    throw error
  }
}

/** Remove a data folder. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Type an amount on the on-screen keypad, digit by digit (`"1234"` → 12.34 in USD). */
export async function typeOnKeypad(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await page.getByTestId(`key-${digit}`).click()
}

/** The owner PIN every e2e test sets and unlocks with (`tests/e2e/owner.ts` `ownerUnlock`, and `tillCall`). */
export const E2E_OWNER_PIN = '2468'

/** An owner session `tillCall` opened per till (owner-only calls need one once a PIN is set). */
const ownerSessions = new WeakMap<Till, string>()

/**
 * Call the till's contract over its web API (`POST /api/call/<name>` with the session token), as the renderer does;
 * for looking up what the screen does not print (a sale's invoice id). An owner-only call refused for want of
 * the owner's session is retried once after `owner:unlock` with `E2E_OWNER_PIN`. Throws with main's message on
 * failure.
 */
export async function tillCall<T>(till: Till, name: string, input: Record<string, unknown>): Promise<T> {
  type Answer = { ok: boolean; value?: T; error?: { code: string; message: string } }
  const send = async (callName: string, body: Record<string, unknown>): Promise<Answer> => {
    const session = ownerSessions.get(till)
    const response = await fetch(`${till.origin}/api/call/${callName}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${till.token}`,
        'content-type': 'application/json',
        ...(session ? { 'x-kassa-owner': session } : {})
      },
      body: JSON.stringify(body)
    })
    return (await response.json()) as Answer
  }
  let result = await send(name, input)
  if (!result.ok && result.error?.code === 'owner-required') {
    const unlocked = (await send('owner:unlock', { pin: E2E_OWNER_PIN })) as Answer & {
      value?: { session: string }
    }
    if (unlocked.ok && unlocked.value)
      ownerSessions.set(till, (unlocked.value as { session: string }).session)
    result = await send(name, input)
  }
  if (!result.ok) throw new Error(`${name} failed: ${result.error?.code}: ${result.error?.message}`)
  return result.value as T
}

/** The sale id of the payment screen the page shows (`#/pay/<saleId>`). */
export async function payingSaleId(page: Page): Promise<string> {
  await page.waitForURL(/\/pay\/sale_[0-9a-z]+/)
  const saleId = /\/pay\/(sale_[0-9a-z]+)/.exec(page.url())?.[1]
  if (!saleId) throw new Error(`not on a payment screen: ${page.url()}`)
  return saleId
}

/** The processor's invoice id of the sale on the page's payment screen (what a simulator's control API takes). */
export async function payingInvoiceId(till: Till, page: Page): Promise<string> {
  const saleId = await payingSaleId(page)
  const sale = await tillCall<{ invoice: { id: string } | null }>(till, 'sale:get', { saleId })
  if (!sale.invoice) throw new Error(`sale ${saleId} has no invoice`)
  return sale.invoice.id
}

/** The names of the files under `dir` (recursively) whose bytes contain `needle`; [] when none does. */
export function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    if (readFileSync(path).includes(needle)) found.push(path)
  }
  return found
}

/** The API key the till keeps in the OS keychain for `processor`, read back through the same keychain; null if none. */
export function keychainKey(till: Till, processor: 'btcpay' | 'plisio' | 'btpay'): Promise<string | null> {
  return new KeyringSecretStore(till.keychainService).get(keyAccount(processor))
}

/** The `/api/call/` requests each watched page has in flight (`watchCalls`). */
const callsInFlight = new WeakMap<Page, Set<Request>>()

/**
 * Count the page's `/api/call/` requests from now on, for `settle`. Call it right after creating the page, before
 * its first `goto`, so no request goes unseen; idempotent.
 */
export function watchCalls(page: Page): void {
  if (callsInFlight.has(page)) return
  const pending = new Set<Request>()
  callsInFlight.set(page, pending)
  const isCall = (request: Request): boolean => request.url().includes('/api/call/')
  page.on('request', (request) => {
    if (isCall(request)) pending.add(request)
  })
  page.on('requestfinished', (request) => pending.delete(request))
  page.on('requestfailed', (request) => pending.delete(request))
}

/**
 * Wait until the page shows what it is going to (instead of a fixed sleep): its fonts are loaded, no `/api/call/`
 * request has been in flight for `quietMs` (lazy panels load after the screen's first element; the event stream
 * never ends, so Playwright's network idle never comes), and two animation frames have been drawn since.
 * @param quietMs how long (ms) the page must have had no call in flight; the page should be `watchCalls`ed
 * @throws after `timeoutMs` (ms) of calls never quieting down
 */
export async function settle(page: Page, quietMs = 150, timeoutMs = 10_000): Promise<void> {
  watchCalls(page)
  const pending = callsInFlight.get(page)!
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  const until = Date.now() + timeoutMs
  let quietSince = Date.now()
  for (;;) {
    if (pending.size > 0) quietSince = Date.now()
    else if (Date.now() - quietSince >= quietMs) break
    if (Date.now() > until) throw new Error(`${pending.size} calls still in flight after ${timeoutMs} ms`)
    await new Promise((done) => setTimeout(done, 25))
  }
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())))
  )
}

/**
 * Wait until the sale is paid. Its invoice is focused (`invoice:focus`, as the payment screen does), so the till
 * reads it every second or so instead of in its 10 s background round, then unfocused again.
 * @param timeoutMs how long (ms) to wait before throwing with the sale's state
 */
export async function waitPaid(till: Till, saleId: string, timeoutMs = 30_000): Promise<void> {
  await tillCall(till, 'invoice:focus', { saleId })
  let state = ''
  try {
    for (const until = Date.now() + timeoutMs; Date.now() < until;) {
      state = (await tillCall<{ state: string }>(till, 'sale:get', { saleId })).state
      if (state === 'paid') return
      await new Promise((done) => setTimeout(done, 100))
    }
  } finally {
    await tillCall(till, 'invoice:focus', { saleId: null })
  }
  throw new Error(`sale ${saleId} is ${state}, not paid, after ${timeoutMs} ms`)
}
