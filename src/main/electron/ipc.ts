import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { CALL_NAMES } from '@shared/contract'
import type { Core } from '../core'
import { dispatch, ownerSessionOf } from '../dispatch'
import { isAllowedSender } from './policy'

/**
 * One `ipcMain.handle` per contract call (channel = call name). Each checks the sender frame (item 17) and goes
 * through the same `dispatch` as the web host: owner gate, schema-parsed input, `Result` out. The renderer's owner
 * session, if any, is the invoke's extra argument (`ipcRenderer.invoke(name, input, session)`).
 */
export function setupIpc(core: Core, devServerUrl?: string): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, input: unknown, session?: unknown) => {
      if (!isAllowedSender(event.senderFrame?.url, devServerUrl)) {
        return { ok: false, error: { code: 'unauthorized', message: 'IPC from a foreign frame refused' } }
      }
      return dispatch(core.handlers, name, input, { ownerSession: ownerSessionOf(session) })
    })
  }
}

/** Forward main's events to every app window, on a channel named after the event. */
export function setupEventForwarding(core: Core): void {
  core.events.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(name, payload)
    }
  })
}
