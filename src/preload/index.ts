/**
 * The preload exposes exactly one object, `window.kassa`: one named function per contract call and `on` for
 * events. Never `ipcRenderer` itself, and listeners never see the IPC event (it would leak `sender`).
 */
import { contextBridge, ipcRenderer } from 'electron'
import { EVENT_NAMES, createKassaApi, isCallName, type Transport } from '@shared/contract'

const eventNames = new Set<string>(EVENT_NAMES)

const transport: Transport = {
  invoke: (name, input, options) => {
    if (!isCallName(name)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown-call', message: `Unknown call ${String(name)}` }
      })
    }
    // The owner session rides as the invoke's extra argument (main: `setupIpc`); absent, none is sent.
    const session = options?.ownerSession
    return typeof session === 'string'
      ? ipcRenderer.invoke(name, input, session)
      : ipcRenderer.invoke(name, input)
  },
  subscribe: (name, listener, signal) => {
    if (!eventNames.has(name)) throw new Error(`Unknown event ${String(name)}`)
    const wrapped = (_event: unknown, payload: unknown) => listener(payload as never)
    ipcRenderer.on(name, wrapped)
    signal?.addEventListener('abort', () => ipcRenderer.removeListener(name, wrapped), { once: true })
  }
}

contextBridge.exposeInMainWorld('kassa', createKassaApi(transport))
