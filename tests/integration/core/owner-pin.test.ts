import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OWNER_CALLS } from '@shared/contract'
import type { Result } from '@shared/errors'
import type { Core } from '../../../src/main/core'
import { startWebHost, type WebHost } from '../../../src/main/web/server'
import { memoryLog } from '../../fixtures/memory-log'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from './helpers'

// The owner PIN through the real web host: once a PIN is set, every owner-only call needs the owner's session.

const PIN = '591370'
let dir: ReturnType<typeof tempDir>
let core: Core
let web: WebHost
let clock = Date.UTC(2025, 5, 1, 12)
const logged = memoryLog()

/** `POST /api/call/<name>` as the renderer sends it, with the owner session header when given. */
async function call<T = unknown>(name: string, input: unknown, session?: string): Promise<Result<T>> {
  const response = await fetch(`${web.origin}/api/call/${name}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${web.token}`,
      'content-type': 'application/json',
      ...(session ? { 'x-kassa-owner': session } : {})
    },
    body: JSON.stringify(input)
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Result<T>
}

async function value<T>(name: string, input: unknown, session?: string): Promise<T> {
  const result = await call<T>(name, input, session)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** Every audit row of the owner PIN, oldest first. */
function ownerAudit(): { actor: string; action: string; details_json: string }[] {
  return core.ledger.database
    .prepare(`SELECT actor, action, details_json FROM audit_log WHERE action LIKE 'owner.%' ORDER BY seq`)
    .all() as never
}

function settingsRows(): { key: string; value: string }[] {
  return core.ledger.database.prepare('SELECT key, value FROM settings ORDER BY key').all() as never
}

beforeAll(async () => {
  dir = tempDir()
  const rendererDir = join(dir.path, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
  core = testCore(join(dir.path, 'data'), { now: () => clock, log: logged.log })
  await core.start()
  web = await startWebHost({ handlers: core.handlers, events: core.events, rendererDir, port: 0 })
})

afterAll(async () => {
  await web.close()
  await core.stop()
  dir.remove()
})

describe('owner PIN over the web host', () => {
  let session = ''

  it('leaves owner calls open until a PIN is set, then sets one', async () => {
    expect(await value('owner:pinStatus', {})).toEqual({
      pinSet: false,
      unlocked: false,
      lockedUntil: null,
      failedAttempts: 0
    })
    expect(await call('settings:update', { taxRate: '7' })).toMatchObject({ ok: true })
    expect(await call('owner:unlock', { pin: PIN })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const opened = await value<{ session: string; expiresAt: string }>('owner:setPin', { pin: PIN })
    expect(opened.session).toMatch(/^[\w-]{43}$/)
    expect(opened.expiresAt).toBe(new Date(clock + 10 * 60_000).toISOString())
    session = opened.session
    expect(await value('owner:pinStatus', {}, session)).toMatchObject({ pinSet: true, unlocked: true })
    expect(await value('owner:pinStatus', {})).toMatchObject({ pinSet: true, unlocked: false })
  })

  it('refuses every owner-only call without the session, and changes nothing', async () => {
    const before = settingsRows()
    const catalogBefore = await value<unknown[]>('catalog:list', { includeDisabled: true })
    for (const name of OWNER_CALLS) {
      const result = await call(name, {})
      expect(result, name).toMatchObject({
        ok: false,
        error: { code: 'owner-required', params: { call: name } }
      })
      // A session that is not one is no better than none.
      const forged = await call(name, {}, 'A'.repeat(43))
      expect(forged, name).toMatchObject({ ok: false, error: { code: 'owner-required' } })
    }
    // Inputs that would change things are refused as well.
    expect(await call('settings:update', { taxRate: '19' })).toMatchObject({
      error: { code: 'owner-required' }
    })
    expect(await call('catalog:save', { item: { title: 'Tea', price: '2.00' } })).toMatchObject({
      error: { code: 'owner-required' }
    })
    expect(settingsRows()).toEqual(before)
    expect(await value('catalog:list', { includeDisabled: true })).toEqual(catalogBefore)
  })

  it('lets every owner-only call past the gate with the session', async () => {
    for (const name of OWNER_CALLS) {
      const result = await call(name, {}, session)
      if (!result.ok) expect(result.error.code, name).not.toBe('owner-required')
    }
    expect(await call('settings:update', { taxRate: '19' }, session)).toMatchObject({ ok: true })
  })

  it('keeps the cashier calls open without a session', async () => {
    expect(await call('sale:list', {})).toMatchObject({ ok: true })
    expect(await call('settings:get', {})).toMatchObject({ ok: true, value: { taxRate: '19' } })
    expect(await call('app:info', {})).toMatchObject({ ok: true })
  })

  it('expires an idle session, and an owner call keeps it alive', async () => {
    clock += 9 * 60_000
    expect(await call('catalog:exportCsv', {}, session)).toMatchObject({ ok: true })
    clock += 9 * 60_000
    expect(await value('owner:pinStatus', {}, session)).toMatchObject({ unlocked: true })
    clock += 60_001
    expect(await call('catalog:exportCsv', {}, session)).toMatchObject({ error: { code: 'owner-required' } })
    session = (await value<{ session: string }>('owner:unlock', { pin: PIN })).session
  })

  it('ends the session on owner:lock', async () => {
    expect(await value('owner:lock', {}, session)).toMatchObject({ pinSet: true, unlocked: false })
    expect(await call('catalog:exportCsv', {}, session)).toMatchObject({ error: { code: 'owner-required' } })
  })

  it('locks out after 3 wrong PINs, longer each time, and refuses the right PIN meanwhile', async () => {
    const wrong = async () => (await call('owner:unlock', { pin: '000000' })) as Result<never>
    expect(await wrong()).toMatchObject({ error: { code: 'owner-pin-wrong', params: { attemptsLeft: '2' } } })
    expect(await wrong()).toMatchObject({ error: { code: 'owner-pin-wrong', params: { attemptsLeft: '1' } } })
    expect(await wrong()).toMatchObject({
      error: {
        code: 'owner-locked-out',
        params: { seconds: '30', until: new Date(clock + 30_000).toISOString() }
      }
    })
    expect(await call('owner:unlock', { pin: PIN })).toMatchObject({ error: { code: 'owner-locked-out' } })
    expect(await value('owner:pinStatus', {})).toMatchObject({
      lockedUntil: new Date(clock + 30_000).toISOString(),
      failedAttempts: 3
    })
    clock += 30_000
    await wrong()
    await wrong()
    expect(await wrong()).toMatchObject({ error: { code: 'owner-locked-out', params: { seconds: '60' } } })
    clock += 60_000
    await wrong()
    await wrong()
    expect(await wrong()).toMatchObject({ error: { code: 'owner-locked-out', params: { seconds: '120' } } })
    clock += 120_000
    session = (await value<{ session: string }>('owner:unlock', { pin: PIN })).session
    expect(await value('owner:pinStatus', {}, session)).toMatchObject({
      failedAttempts: 0,
      lockedUntil: null
    })
  })

  it('changes the PIN only with the current one', async () => {
    expect(await call('owner:setPin', { pin: '2468' })).toMatchObject({ error: { code: 'invalid-input' } })
    const changed = await value<{ session: string }>('owner:setPin', { pin: '2468', currentPin: PIN })
    expect(await call('catalog:exportCsv', {}, session)).toMatchObject({ error: { code: 'owner-required' } })
    expect(await call('catalog:exportCsv', {}, changed.session)).toMatchObject({ ok: true })
    expect(
      (await value<{ session: string }>('owner:setPin', { pin: PIN, currentPin: '2468' })).session
    ).toBeTruthy()
  })

  it('audits without the PIN, keeps only a hash, and logs neither PIN nor session', () => {
    const audit = ownerAudit()
    const actions = audit.map((row) => row.action)
    expect(actions[0]).toBe('owner.pin-set')
    for (const action of ['owner.unlocked', 'owner.unlock-failed', 'owner.locked-out', 'owner.pin-changed']) {
      expect(actions).toContain(action)
    }
    expect(actions.filter((a) => a === 'owner.locked-out')).toHaveLength(3)
    const everything = JSON.stringify(audit) + JSON.stringify(settingsRows()) + logged.text()
    for (const secret of [PIN, '2468', session]) expect(everything).not.toContain(secret)
    expect(settingsRows().find((row) => row.key === 'owner:pinHash')?.value).toMatch(/^\$argon2id\$/)
  })
})
