import { describe, expect, it } from 'vitest'
import { DEFAULT_KIOSK_SETTINGS } from '@shared/kiosk'
import { KioskSettingsPatchSchema } from '@shared/kiosk-schema'
import { KassaError } from '@shared/errors'
import { applyKioskPatch, KioskSettingsHook, readKioskSettings } from '../../../src/main/kiosk/kiosk-settings'

describe('kiosk settings', () => {
  it('reads defaults for a missing, unreadable or damaged row, field by field', () => {
    expect(readKioskSettings(null)).toEqual(DEFAULT_KIOSK_SETTINGS)
    expect(readKioskSettings('{not json')).toEqual(DEFAULT_KIOSK_SETTINGS)
    expect(readKioskSettings('[]')).toEqual(DEFAULT_KIOSK_SETTINGS)
    expect(
      readKioskSettings(JSON.stringify({ enabled: 'yes', idleSeconds: 5, mode: 'amount', tips: false }))
    ).toEqual({ ...DEFAULT_KIOSK_SETTINGS, mode: 'amount', tips: false })
    expect(readKioskSettings(JSON.stringify({ enabled: true, idleSeconds: 120 }))).toMatchObject({
      enabled: true,
      idleSeconds: 120
    })
  })

  it('the patch schema takes 15–600 whole seconds, the three modes, and nothing unknown', () => {
    const ok = (v: unknown) => KioskSettingsPatchSchema.safeParse(v).success
    expect(ok({ idleSeconds: 15 })).toBe(true)
    expect(ok({ idleSeconds: 600 })).toBe(true)
    expect(ok({ idleSeconds: 14 })).toBe(false)
    expect(ok({ idleSeconds: 601 })).toBe(false)
    expect(ok({ idleSeconds: 30.5 })).toBe(false)
    expect(ok({ idleSeconds: '60' })).toBe(false)
    expect(ok({ mode: 'catalog' })).toBe(true)
    expect(ok({ mode: 'both' })).toBe(true)
    expect(ok({ mode: 'items' })).toBe(false)
    expect(ok({ enabled: 'true' })).toBe(false)
    expect(ok({ fullscreen: true })).toBe(false)
    expect(ok({})).toBe(true)
  })

  it('changes only the fields given', () => {
    const next = applyKioskPatch(DEFAULT_KIOSK_SETTINGS, { idleSeconds: 30, tips: false }, false)
    expect(next).toEqual({ ...DEFAULT_KIOSK_SETTINGS, idleSeconds: 30, tips: false })
  })

  it('refuses to turn on without an owner PIN: the PIN is the only way out', () => {
    let caught: unknown
    try {
      applyKioskPatch(DEFAULT_KIOSK_SETTINGS, { enabled: true }, false)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(KassaError)
    expect(caught).toMatchObject({ code: 'conflict', params: { reason: 'kiosk-pin-first' } })
    expect((caught as Error).message).toMatch(/only way out of kiosk mode/)
    expect(applyKioskPatch(DEFAULT_KIOSK_SETTINGS, { enabled: true }, true).enabled).toBe(true)
    // Turning it off, or changing another field while on, never needs the check.
    const on = { ...DEFAULT_KIOSK_SETTINGS, enabled: true }
    expect(applyKioskPatch(on, { enabled: false }, false).enabled).toBe(false)
    expect(applyKioskPatch(on, { idleSeconds: 90 }, false).idleSeconds).toBe(90)
  })

  it('the hook tells every listener, also after one throws, and unsubscribes', () => {
    const hook = new KioskSettingsHook()
    const seen: boolean[] = []
    hook.onChanged(() => {
      throw new Error('shell failed')
    })
    const off = hook.onChanged((view) => seen.push(view.enabled))
    hook.emit({ ...DEFAULT_KIOSK_SETTINGS, enabled: true })
    off()
    hook.emit(DEFAULT_KIOSK_SETTINGS)
    expect(seen).toEqual([true])
  })
})
