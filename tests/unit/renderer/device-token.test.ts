import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// No DOM here: a minimal window (location, history, both storages) stands in for the browser; each test loads
// `token.ts` afresh (it keeps the page's token once read).
function storage() {
  const map = new Map<string, string>()
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key)
  }
}

function fakeWindow(hash: string) {
  return {
    location: { hash, pathname: '/', search: '' },
    history: { state: null, replaceState: vi.fn() },
    sessionStorage: storage(),
    localStorage: storage()
  }
}

let win: ReturnType<typeof fakeWindow>
const load = () => import('../../../src/renderer/src/api/token')

beforeEach(() => {
  vi.resetModules()
  win = fakeWindow('')
  vi.stubGlobal('window', win)
})
afterEach(() => vi.unstubAllGlobals())

describe('the page’s token: the till’s or a paired device’s', () => {
  it('keeps a device token in localStorage, so the tablet finds it after a restart', async () => {
    const first = await load()
    expect(first.takeToken()).toBe('')
    first.keepDeviceToken('device-token-1', 'display')
    expect(first.takeToken()).toBe('device-token-1')
    expect(first.deviceRole()).toBe('display')

    vi.resetModules()
    const afterRestart = await load()
    expect(afterRestart.takeToken()).toBe('device-token-1')
    expect(afterRestart.deviceRole()).toBe('display')
  })

  it('lets the till’s own token (hash or this tab’s sessionStorage) win over a device token', async () => {
    win.localStorage.setItem('kassa.device', JSON.stringify({ token: 'device-token-1', role: 'kiosk' }))
    win.location.hash = '#token=till-token-1'
    const module = await load()
    expect(module.takeToken()).toBe('till-token-1')
    expect(module.deviceRole()).toBeNull()
  })

  it('pairing in a till tab makes it the device: the till token leaves this tab', async () => {
    win.sessionStorage.setItem('kassa.token', 'till-token-1')
    const module = await load()
    module.keepDeviceToken('device-token-2', 'kiosk')
    expect(win.sessionStorage.getItem('kassa.token')).toBeNull()
    vi.resetModules()
    expect((await load()).takeToken()).toBe('device-token-2')
  })

  it('ignores a stored device entry of another shape', async () => {
    win.localStorage.setItem('kassa.device', JSON.stringify({ token: 'x', role: 'owner' }))
    const module = await load()
    expect(module.takeToken()).toBe('')
    expect(module.deviceRole()).toBeNull()
  })
})
