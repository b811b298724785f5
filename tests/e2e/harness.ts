import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's Chromium; override with KASSA_CHROMIUM. */
export const CHROMIUM = process.env.KASSA_CHROMIUM ?? '/usr/bin/chromium'
const ROOT = resolve(__dirname, '../..')

/** A running `npm run web` till (the built `out/main/web.js`) on a fresh data folder. */
export interface Till {
  url: string
  origin: string
  token: string
  dataDir: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Start the built web host as a child process, exactly as `npm run web` does after building, and wait for its
 * one-line address. Extra env (e.g. KASSA_DEMO_CONFIRM_MS) is passed through.
 */
export async function startTill(env: Record<string, string> = {}, dataDir?: string): Promise<Till> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'kassa-e2e-'))
  const child = spawn(process.execPath, [join(ROOT, 'out/main/web.js')], {
    env: { ...process.env, KASSA_DATA_DIR: dir, KASSA_KEYCHAIN_SERVICE: `KassaE2E-${process.pid}`, ...env },
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
