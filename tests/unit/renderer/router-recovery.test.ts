import { describe, expect, it } from 'vitest'
import {
  recoverFromFailedLoad,
  settleLoadRecovery,
  type RecoveryLocation,
  type RecoveryStorage
} from '../../../src/renderer/src/router-recovery'

function memoryStorage(): RecoveryStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key)
  }
}

function fakeLocation(): RecoveryLocation & { reloads: string[] } {
  const location = {
    hash: '#/',
    reloads: [] as string[],
    reload: () => void location.reloads.push(location.hash)
  }
  return location
}

describe('router recovery: a lazy screen whose chunk did not load', () => {
  it('reloads the page at the screen it was going to', () => {
    const storage = memoryStorage()
    const location = fakeLocation()
    expect(recoverFromFailedLoad('/refund/sale_0123456789abc', storage, location)).toBe(true)
    expect(location.reloads).toEqual(['#/refund/sale_0123456789abc'])
  })

  it('reloads only once for the same screen, so a missing chunk cannot loop', () => {
    const storage = memoryStorage()
    const location = fakeLocation()
    recoverFromFailedLoad('/settings', storage, location)
    // The reloaded page fails again for the same screen: the caller reports the error instead.
    expect(recoverFromFailedLoad('/settings', storage, location)).toBe(false)
    expect(location.reloads).toHaveLength(1)
  })

  it('may reload again after a navigation succeeded, or for another screen', () => {
    const storage = memoryStorage()
    const location = fakeLocation()
    recoverFromFailedLoad('/settings', storage, location)
    expect(recoverFromFailedLoad('/recent', storage, location)).toBe(true)
    settleLoadRecovery(storage)
    expect(recoverFromFailedLoad('/recent', storage, location)).toBe(true)
    expect(location.reloads).toEqual(['#/settings', '#/recent', '#/recent'])
  })

  it('does not reload when storage is disabled (no guard against a loop could be kept)', () => {
    const throwing: RecoveryStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('SecurityError')
      },
      removeItem: () => {
        throw new Error('SecurityError')
      }
    }
    const location = fakeLocation()
    expect(recoverFromFailedLoad('/settings', throwing, location)).toBe(false)
    expect(() => settleLoadRecovery(throwing)).not.toThrow()
    expect(location.reloads).toEqual([])
  })
})
