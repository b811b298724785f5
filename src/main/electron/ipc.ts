import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { CALL_NAMES } from '@shared/contract'
import type { Core } from '../core'
import { dispatch } from '../dispatch'
import { isAllowedSender } from './policy'

/**
 * One `ipcMain.handle` per contract call (channel = call name). Each checks the sender frame (item 17) and goes
 * through the same `dispatch` as the web host: schema-parsed input, `Result` out.
 */
export function setupIpc(core: Core, devServerUrl?: string): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isAllowedSender(event.senderFrame?.url, devServerUrl)) {
        return { ok: false, error: { code: 'unauthorized', message: 'IPC from a foreign frame refused' } }
      }
      return dispatch(core.handlers, name, input)
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
