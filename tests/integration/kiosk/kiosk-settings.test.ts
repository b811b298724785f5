import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallName, SettingsView } from '@shared/contract'
import type { Result } from '@shared/errors'
import type { KioskSettingsView } from '@shared/kiosk'
import type { Core } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'

// Settings → Kiosk through the contract over a real ledger: an owner PIN first, owner-only, audited, kept across a
// restart, and the core's hook tells the Electron shell.

const PIN = '7315'
let dir: ReturnType<typeof tempDir>
let core: Core

beforeEach(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

function send(name: CallName, input: unknown, ownerSession: string | null = null): Promise<Result<unknown>> {
  return dispatch(core.handlers, name, input, { ownerSession })
}
async function ok<T>(name: CallName, input: unknown, ownerSession: string | null = null): Promise<T> {
  const result = await send(name, input, ownerSession)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}
function kioskAudit(): { actor: string; details: { kiosk?: Partial<KioskSettingsView> } }[] {
  const rows = core.ledger.database
    .prepare(`SELECT actor, details_json FROM audit_log WHERE action = 'settings.updated' ORDER BY seq`)
    .all() as { actor: string; details_json: string }[]
  return rows
    .map((row) => ({ actor: row.actor, details: JSON.parse(row.details_json) as { kiosk?: object } }))
    .filter((row) => row.details.kiosk !== undefined)
}

describe('settings:update {kiosk}', () => {
  it('is off by default and cannot be turned on before an owner PIN exists; nothing is stored', async () => {
    const seen: boolean[] = []
    core.kiosk.onChanged((view) => seen.push(view.enabled))
    expect((await ok<SettingsView>('settings:get', {})).kiosk).toEqual({
      enabled: false,
      idleSeconds: 60,
      startAtLogin: false,
      mode: 'both',
      tips: true
    })
    const refused = await send('settings:update', { kiosk: { enabled: true, idleSeconds: 30 }, taxRate: '7' })
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'Set an owner PIN first: it is the only way out of kiosk mode',
        params: { reason: 'kiosk-pin-first' }
      }
    })
    const after = await ok<SettingsView>('settings:get', {})
    expect(after.kiosk.enabled).toBe(false)
    expect(after.kiosk.idleSeconds).toBe(60)
    expect(after.taxRate).toBe('0') // the whole update was refused, not just the kiosk part
    expect(kioskAudit()).toEqual([])
    expect(seen).toEqual([])
  })

  it('with a PIN: owner-only, audited, told to the shell, and kept across a restart', async () => {
    const { session } = await ok<{ session: string }>('owner:setPin', { pin: PIN })
    const seen: KioskSettingsView[] = []
    core.kiosk.onChanged((view) => seen.push(view))

    // A cashier (no session) cannot turn it on or off.
    expect(await send('settings:update', { kiosk: { enabled: true } })).toMatchObject({
      error: { code: 'owner-required' }
    })
    const on = await ok<SettingsView>(
      'settings:update',
      { kiosk: { enabled: true, idleSeconds: 15, mode: 'catalog', tips: false, startAtLogin: true } },
      session
    )
    expect(on.kiosk).toEqual({
      enabled: true,
      idleSeconds: 15,
      mode: 'catalog',
      tips: false,
      startAtLogin: true
    })
    expect(core.kiosk.settings()).toEqual(on.kiosk)
    expect(seen).toEqual([on.kiosk])
    expect(kioskAudit()).toEqual([
      {
        actor: 'owner',
        details: {
          kiosk: { enabled: true, idleSeconds: 15, mode: 'catalog', tips: false, startAtLogin: true }
        }
      }
    ])

    // Bad values are refused by the schema, before anything is stored.
    for (const kiosk of [{ idleSeconds: 10 }, { idleSeconds: 601 }, { mode: 'menu' }, { locked: true }]) {
      expect(await send('settings:update', { kiosk }, session)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' }
      })
    }
    expect(core.kiosk.settings().idleSeconds).toBe(15)

    await core.stop()
    core = testCore(dir.path)
    await core.start()
    expect(core.kiosk.settings()).toEqual(on.kiosk)
    const unlocked = await ok<{ session: string }>('owner:unlock', { pin: PIN })
    const off = await ok<SettingsView>('settings:update', { kiosk: { enabled: false } }, unlocked.session)
    expect(off.kiosk).toEqual({ ...on.kiosk, enabled: false })
  })
})
