import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import {
  loadWebIdentity,
  rememberWebPort,
  rotateWebToken,
  webIdentityPath
} from '../../../src/main/web/web-identity'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from './helpers'

let dir: ReturnType<typeof tempDir>
let dataDir: string
let rendererDir: string
let core: Core

beforeAll(async () => {
  dir = tempDir()
  dataDir = join(dir.path, 'data')
  rendererDir = join(dir.path, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kassa</title>')
  core = testCore(dataDir)
  await core.start()
})
afterAll(async () => {
  await core.stop()
  dir.remove()
})

/** Start a web host on `dataDir` as `npm run web` does: its stored token, its last port, remembered after. */
async function startLikeNpmRunWeb(options: { rotate?: boolean } = {}): Promise<WebHost> {
  const identity = await loadWebIdentity(dataDir, options)
  const web = await startWebHost({
    handlers: core.handlers,
    events: core.events,
    rendererDir,
    token: identity.token,
    port: identity.port ?? 0
  })
  await rememberWebPort(dataDir, identity, Number(new URL(web.origin).port))
  return web
}

async function appInfo(web: WebHost, token: string): Promise<number> {
  const response = await fetch(`${web.origin}/api/call/app:info`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}'
  })
  return response.status
}

describe('the web host’s token across restarts', () => {
  it('keeps token and address for the same data folder, in a 0600 file, and refuses the old token after rotation', async () => {
    const first = await startLikeNpmRunWeb()
    const { token, origin } = first
    expect(await appInfo(first, token)).toBe(200)
    await first.close()
    expect(statSync(webIdentityPath(dataDir)).mode & 0o777).toBe(0o600)

    const second = await startLikeNpmRunWeb()
    try {
      expect(second.token).toBe(token)
      expect(second.origin).toBe(origin)
      expect(await appInfo(second, token)).toBe(200)
    } finally {
      await second.close()
    }

    const rotated = await rotateWebToken(dataDir)
    expect(rotated).not.toBe(token)
    const third = await startLikeNpmRunWeb()
    try {
      expect(third.origin).toBe(origin)
      expect(await appInfo(third, token)).toBe(401)
      expect(await appInfo(third, rotated)).toBe(200)
    } finally {
      await third.close()
    }
  })

  it('narrows a token file others may read back to 0600, and replaces one that is not a token', async () => {
    const path = webIdentityPath(dataDir)
    const { token } = await loadWebIdentity(dataDir)
    chmodSync(path, 0o644)
    expect((await loadWebIdentity(dataDir)).token).toBe(token)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    writeFileSync(path, '{"token":"short","port":null}')
    const replaced = await loadWebIdentity(dataDir)
    expect(replaced.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })
})
