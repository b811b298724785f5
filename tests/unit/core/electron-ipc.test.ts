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
