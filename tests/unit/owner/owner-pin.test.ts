import { describe, expect, it } from 'vitest'
import { KassaError } from '@shared/errors'
import { OWNER_CALLS } from '@shared/contract'
import { OwnerPin, PIN_HASH_KEY, type OwnerPinStore } from '../../../src/main/owner/owner-pin'
import { PIN_GUARD_KEY, PinGuard, lockoutSeconds } from '../../../src/main/owner/pin-guard'
import { OwnerSessions } from '../../../src/main/owner/owner-sessions'

/** The settings table and audit log as plain memory, like the ledger's. */
class MemoryStore implements OwnerPinStore {
  readonly rows = new Map<string, string>()
  readonly audits: { actor: string; action: string; details: Record<string, unknown> }[] = []
  getSetting(key: string): string | null {
    return this.rows.get(key) ?? null
  }
  setSetting(key: string, value: string | null): void {
    if (value === null) this.rows.delete(key)
    else this.rows.set(key, value)
  }
  audit(actor: string, action: string, _saleId: string | null, details: Record<string, unknown> = {}): void {
    this.audits.push({ actor, action, details })
  }
}

function fakeClock(start = Date.UTC(2025, 0, 1)) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

async function refusal(promise: Promise<unknown>): Promise<KassaError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof KassaError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('lock-out length', () => {
  it('is 30 s, then doubles, and stops at one hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map(lockoutSeconds)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600
    ])
  })
})

describe('PinGuard', () => {
  it('locks out after 3 wrong in a row, each lock-out longer, and a right PIN resets', () => {
    const store = new MemoryStore()
    const clock = fakeClock()
    const guard = new PinGuard(store, clock.now)
    expect(guard.recordWrong()).toEqual({ lockedOut: false, attemptsLeft: 2 })
    expect(guard.recordWrong()).toEqual({ lockedOut: false, attemptsLeft: 1 })
    expect(guard.recordWrong()).toMatchObject({ lockedOut: true, seconds: 30 })
    expect(() => guard.assertOpen()).toThrow(KassaError)
    clock.advance(29_000)
    expect(() => guard.assertOpen()).toThrow(/1 s/)
    clock.advance(1_000)
    guard.assertOpen()
    guard.recordWrong()
    guard.recordWrong()
    expect(guard.recordWrong()).toMatchObject({ lockedOut: true, seconds: 60 })
    clock.advance(60_000)
    guard.recordWrong()
    guard.recordWrong()
    expect(guard.recordWrong()).toMatchObject({ lockedOut: true, seconds: 120 })
    clock.advance(120_000)
    guard.recordRight()
    expect(guard.state()).toEqual({ failed: 0, lockedUntilMs: null })
    guard.recordWrong()
    guard.recordWrong()
    expect(guard.recordWrong()).toMatchObject({ lockedOut: true, seconds: 30 })
  })

  it('survives a new instance over the same store (a restart)', () => {
    const store = new MemoryStore()
    const clock = fakeClock()
    const first = new PinGuard(store, clock.now)
    for (let i = 0; i < 5; i++) first.recordWrong()
    const again = new PinGuard(store, clock.now)
    expect(() => again.assertOpen()).toThrow(KassaError)
    expect(again.state().failed).toBe(5)
    clock.advance(30_000)
    expect(again.recordWrong()).toMatchObject({ lockedOut: true, seconds: 60 })
  })
})

describe('OwnerSessions', () => {
  it('expires after the idle time, and a use pushes the expiry out', () => {
    const clock = fakeClock()
    const sessions = new OwnerSessions(clock.now, 1000)
    const { token } = sessions.open()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    clock.advance(900)
    expect(sessions.touch(token)).toBe(true)
    clock.advance(900)
    expect(sessions.isValid(token)).toBe(true)
    clock.advance(100)
    expect(sessions.isValid(token)).toBe(false)
    expect(sessions.touch(token)).toBe(false)
    expect(sessions.isValid('x'.repeat(43))).toBe(false)
    expect(sessions.isValid(null)).toBe(false)
  })

  it('close ends only that session', () => {
    const sessions = new OwnerSessions(Date.now)
    const a = sessions.open().token
    const b = sessions.open().token
    sessions.close(a)
    expect(sessions.isValid(a)).toBe(false)
    expect(sessions.isValid(b)).toBe(true)
  })
})

describe('OwnerPin', () => {
  it('keeps an argon2id hash and never the PIN in the settings', async () => {
    const store = new MemoryStore()
    const pin = new OwnerPin({ store, now: Date.now })
    await pin.setPin('482915')
    const hash = store.getSetting(PIN_HASH_KEY)
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/)
    await refusal(pin.unlock('000000'))
    for (const [key, value] of store.rows) {
      expect(key).not.toContain('482915')
      expect(value).not.toContain('482915')
    }
    expect(JSON.stringify(store.audits)).not.toContain('482915')
    expect(store.audits.map((a) => a.action)).toEqual(['owner.pin-set', 'owner.unlock-failed'])
  })

  it('unlocks with the right PIN; wrong ones count down, lock out, and refuse even the right PIN meanwhile', async () => {
    const store = new MemoryStore()
    const clock = fakeClock()
    const pin = new OwnerPin({ store, now: clock.now })
    expect((await refusal(pin.unlock('1234'))).code).toBe('conflict')
    await pin.setPin('1234')
    const wrong = await refusal(pin.unlock('9999'))
    expect(wrong.code).toBe('owner-pin-wrong')
    expect(wrong.params).toEqual({ attemptsLeft: '2' })
    expect((await refusal(pin.unlock('9999'))).params).toEqual({ attemptsLeft: '1' })
    const locked = await refusal(pin.unlock('9999'))
    expect(locked.code).toBe('owner-locked-out')
    expect(locked.params).toEqual({ until: new Date(clock.now() + 30_000).toISOString(), seconds: '30' })
    expect((await refusal(pin.unlock('1234'))).code).toBe('owner-locked-out')
    expect(pin.status().lockedUntil).toBe(locked.params?.until)
    clock.advance(30_000)
    const session = await pin.unlock('1234')
    expect(pin.status({ ownerSession: session.session })).toEqual({
      pinSet: true,
      unlocked: true,
      lockedUntil: null,
      failedAttempts: 0
    })
    expect(store.getSetting(PIN_GUARD_KEY)).toBeNull()
    expect(store.audits.map((a) => a.action)).toEqual([
      'owner.pin-set',
      'owner.unlock-failed',
      'owner.unlock-failed',
      'owner.unlock-failed',
      'owner.locked-out',
      'owner.unlocked'
    ])
  })

  it('counts parallel guesses one by one', async () => {
    const store = new MemoryStore()
    const pin = new OwnerPin({ store, now: Date.now })
    await pin.setPin('1234')
    const codes = (await Promise.all(Array.from({ length: 5 }, () => refusal(pin.unlock('0000'))))).map(
      (e) => e.code
    )
    expect(codes).toEqual([
      'owner-pin-wrong',
      'owner-pin-wrong',
      'owner-locked-out',
      'owner-locked-out',
      'owner-locked-out'
    ])
    expect(pin.status().failedAttempts).toBe(3)
  })

  it('gates owner calls once a PIN is set, and a use keeps the session alive', async () => {
    const clock = fakeClock()
    const pin = new OwnerPin({ store: new MemoryStore(), now: clock.now, idleMs: 1000 })
    const call = OWNER_CALLS[0]
    pin.admit(call, { ownerSession: null })
    const { session } = await pin.setPin('1234')
    expect(() => pin.admit(call, { ownerSession: null })).toThrow(
      expect.objectContaining({ code: 'owner-required' })
    )
    pin.admit('sale:list', { ownerSession: null })
    clock.advance(900)
    pin.admit(call, { ownerSession: session })
    clock.advance(900)
    pin.admit(call, { ownerSession: session })
    clock.advance(1000)
    expect(() => pin.admit(call, { ownerSession: session })).toThrow(/owner PIN/)
  })

  it('changes the PIN only with the current one, and ends other sessions', async () => {
    const store = new MemoryStore()
    const pin = new OwnerPin({ store, now: Date.now })
    const first = await pin.setPin('1234')
    expect((await refusal(pin.setPin('5678'))).code).toBe('invalid-input')
    expect((await refusal(pin.setPin('5678', '0000'))).code).toBe('owner-pin-wrong')
    const second = await pin.setPin('5678', '1234')
    expect(pin.sessions.isValid(first.session)).toBe(false)
    expect(pin.sessions.isValid(second.session)).toBe(true)
    await pin.unlock('5678')
    expect((await refusal(pin.unlock('1234'))).code).toBe('owner-pin-wrong')
    expect(store.audits.map((a) => a.action)).toContain('owner.pin-changed')
  })

  it('lock ends the caller session', async () => {
    const pin = new OwnerPin({ store: new MemoryStore(), now: Date.now })
    const { session } = await pin.setPin('1234')
    expect(pin.lock({ ownerSession: session }).unlocked).toBe(false)
    expect(pin.sessions.isValid(session)).toBe(false)
  })
})
