import { randomBytes } from 'node:crypto'
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

/**
 * What a browser till needs to find the same till again after a restart: the bearer token and the port. Kept in
 * `<dataDir>/web-host.json`, created with mode 0600 (owner read/write only).
 *
 * Why a file in the data folder and not the OS keychain (where API keys live): the token opens only this data
 * folder's till, on loopback, and the folder already holds that till's whole ledger under the same OS-user
 * protection, so the file adds no exposure the ledger does not have; it binds the token to its till (two data folders
 * on one computer never share one, whereas a keychain entry is per service name); and `npm run web` is what runs on
 * a headless or kiosk machine at boot, where a Secret Service is often missing or locked, so the page would fall back
 * to a new token per start — the defect this fixes. The keychain stays reserved for secrets that reach a third party.
 */
export interface WebIdentity {
  /** 32 random bytes, base64url (43 characters). */
  token: string
  /** The port the host last listened on, tried first next time; null before the first start. */
  port: number | null
}

const FILE = 'web-host.json'
const TOKEN = /^[A-Za-z0-9_-]{43}$/
const Stored = z.object({
  token: z.string().regex(TOKEN),
  port: z.int().min(1).max(65_535).nullable()
})

/** Where the identity lives in `dataDir`. */
export function webIdentityPath(dataDir: string): string {
  return join(dataDir, FILE)
}

/**
 * The web host's identity for `dataDir`: the stored one, or a new token (port unknown) written on first use. A file
 * that is missing, unreadable as JSON or of another shape is replaced; one readable by others is narrowed to 0600.
 * @param options.rotate make a new token (the old one is refused from then on), keeping the port
 * @throws the file system's error when the data folder cannot be written
 */
export async function loadWebIdentity(
  dataDir: string,
  options: { rotate?: boolean } = {}
): Promise<WebIdentity> {
  const path = webIdentityPath(dataDir)
  const stored = await readIdentity(path)
  if (stored && !options.rotate) return stored
  const identity = { token: newToken(), port: stored?.port ?? null }
  await writeIdentity(path, identity)
  return identity
}

/**
 * Make a new token for `dataDir` now (`npm run web -- --new-token` does it at start): every page holding the old one
 * is refused (401) and shows how to get in with the new link.
 * @returns the new token
 */
export async function rotateWebToken(dataDir: string): Promise<string> {
  return (await loadWebIdentity(dataDir, { rotate: true })).token
}

/** Remember the port the host listens on, so a restart reopens the same origin (the page's sessionStorage is per origin). */
export async function rememberWebPort(dataDir: string, identity: WebIdentity, port: number): Promise<void> {
  if (identity.port === port) return
  await writeIdentity(webIdentityPath(dataDir), { token: identity.token, port })
}

function newToken(): string {
  return randomBytes(32).toString('base64url')
}

async function readIdentity(path: string): Promise<WebIdentity | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  const result = Stored.safeParse(parsed)
  if (!result.success) return null
  // Copied or restored with looser permissions: narrow it again before trusting it.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600)
  return result.data
}

/** Write to a new 0600 file, then rename over the old one: a crash never leaves half a token. */
async function writeIdentity(path: string, identity: WebIdentity): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  await writeFile(temporary, JSON.stringify(identity) + '\n', { mode: 0o600, flag: 'wx' })
  await rename(temporary, path)
}
