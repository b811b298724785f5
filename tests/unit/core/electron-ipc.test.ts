import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Core } from '../../../src/main/core'

// Electron cannot run here: `ipcMain.handle` is replaced by a recorder, so the real IPC handlers of `setupIpc`
// can be called as Electron would, with a sender frame and the renderer's input.
const handlers = new Map<string, (event: unknown, input: unknown) => unknown>()
vi.mock('electron', () => ({
  ipcMain: {
    handle: (name: string, handler: (event: unknown, input: unknown) => unknown) =>
      handlers.set(name, handler)
  },
  BrowserWindow: { getAllWindows: () => [] }
}))

const { setupIpc } = await import('../../../src/main/electron/ipc')

const received: { name: string; input: unknown }[] = []
const core = {
  handlers: new Proxy(
    {},
    {
      get:
        (_target, name: string) =>
        async (input: unknown): Promise<unknown> => {
          received.push({ name, input })
          return { focused: null }
        }
    }
  )
} as unknown as Core
const fromApp = { senderFrame: { url: 'kassa://app/index.html' } }

beforeEach(() => {
  handlers.clear()
  received.length = 0
  setupIpc(core)
})

describe('Electron IPC goes through the same dispatch as the web host', () => {
  it('refuses null as a call input, as the web host does', async () => {
    const invoke = handlers.get('app:info')
    expect(await invoke?.(fromApp, null)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(received).toEqual([])
  })

  it('parses the input with the call schema before the handler sees it', async () => {
    const invoke = handlers.get('invoice:focus')
    expect(await invoke?.(fromApp, { saleId: null })).toEqual({ ok: true, value: { focused: null } })
    expect(await invoke?.(fromApp, { saleId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' }
    })
    expect(received).toEqual([{ name: 'invoice:focus', input: { saleId: null } }])
  })

  it('refuses a foreign sender frame before dispatching', async () => {
    const invoke = handlers.get('app:info')
    expect(await invoke?.({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' }
    })
    expect(received).toEqual([])
  })
})

describe('Electron IPC carries the owner session to the gate', () => {
  it('refuses an owner call without the session and passes it with the session as the extra argument', async () => {
    const { CALL_NAMES } = await import('@shared/contract')
    const { withOwnerGate } = await import('../../../src/main/dispatch')
    const { OwnerPin } = await import('../../../src/main/owner/owner-pin')
    const rows = new Map<string, string>()
    const owner = new OwnerPin({
      store: {
        getSetting: (key) => rows.get(key) ?? null,
        setSetting: (key, value) => void (value === null ? rows.delete(key) : rows.set(key, value)),
        audit: () => undefined
      },
      now: Date.now
    })
    const plain = Object.fromEntries(
      CALL_NAMES.map((name) => [
        name,
        async (input: unknown) => {
          received.push({ name, input })
          return {}
        }
      ])
    ) as unknown as Core['handlers']
    handlers.clear()
    setupIpc({ handlers: withOwnerGate(plain, owner) } as unknown as Core)
    const { session } = await owner.setPin('1234')
    const exportCsv = handlers.get('catalog:exportCsv')
    expect(await exportCsv?.(fromApp, {})).toMatchObject({
      ok: false,
      error: { code: 'owner-required', params: { call: 'catalog:exportCsv' } }
    })
    const withSession = handlers.get('catalog:exportCsv') as (e: unknown, i: unknown, s: unknown) => unknown
    expect(await withSession(fromApp, {}, 'not-the-session')).toMatchObject({
      error: { code: 'owner-required' }
    })
    expect(await withSession(fromApp, {}, { session })).toMatchObject({ error: { code: 'owner-required' } })
    expect(await withSession(fromApp, {}, session)).toEqual({ ok: true, value: {} })
    expect(received).toEqual([{ name: 'catalog:exportCsv', input: {} }])
    // A cashier call needs none.
    expect(await handlers.get('sale:list')?.(fromApp, {})).toEqual({ ok: true, value: {} })
  })
})
