import { app, BrowserWindow, Menu, powerSaveBlocker } from 'electron'
import type { KioskSettingsView } from '@shared/kiosk'
import { isKioskBlockedKey } from '../kiosk/blocked-keys'
import { RendererWatchdog } from '../kiosk/renderer-watchdog'
import { APP_ORIGIN, isAllowedNavigation } from './policy'

/** A plain page shown when the renderer cannot be brought back (no script, nothing to click). */
const ERROR_PAGE =
  'data:text/html;charset=utf-8,' +
  encodeURIComponent(
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Kassa</title>' +
      '<body style="font:1.5rem system-ui;display:grid;place-items:center;height:90vh;text-align:center">' +
      '<p>This screen could not be restored.<br>Please ask a member of staff.</p>' +
      '<p lang="de">Dieser Bildschirm konnte nicht wiederhergestellt werden.<br>Bitte wenden Sie sich an das Personal.</p>'
  )

/**
 * Kiosk mode in the window (issue 15), following Settings → Kiosk at start and on every change: locked full
 * screen, no menu, not closable, dev tools closed as soon as they open, the keys of `isKioskBlockedKey` swallowed,
 * the display kept awake (`powerSaveBlocker`), and start at login as the owner chose. The renderer watchdog
 * (reload a crashed or hung page to where it was) runs whether or not the kiosk is on.
 */
export class KioskShell {
  private enabled = false
  private blocker: number | null = null
  private quitting = false
  private readonly watchdog: RendererWatchdog

  constructor(
    private readonly window: BrowserWindow,
    private readonly devServerUrl?: string
  ) {
    const contents = window.webContents
    this.watchdog = new RendererWatchdog(
      {
        clock: {
          now: Date.now,
          setTimeout: (run, ms) => setTimeout(run, ms),
          clearTimeout: (h) => clearTimeout(h as never)
        },
        actions: {
          reload: (url) => void window.loadURL(url).catch(() => undefined),
          showError: () => void window.loadURL(ERROR_PAGE).catch(() => undefined)
        }
      },
      devServerUrl ?? `${APP_ORIGIN}/index.html`
    )
    // Only the app's own pages are remembered: a reload never lands anywhere else (item 13).
    const remember = (url: string): void => {
      if (isAllowedNavigation(url, this.devServerUrl)) this.watchdog.navigated(url)
    }
    contents.on('did-navigate', (_event, url) => remember(url))
    contents.on('did-navigate-in-page', (_event, url) => remember(url))
    contents.on('render-process-gone', () => this.watchdog.crashed())
    window.on('unresponsive', () => this.watchdog.unresponsive())
    window.on('responsive', () => this.watchdog.responsive())
    contents.on('devtools-opened', () => {
      if (this.enabled) contents.closeDevTools()
    })
    contents.on('before-input-event', (event, input) => {
      if (this.enabled && isKioskBlockedKey(input)) event.preventDefault()
    })
    window.on('close', (event) => {
      // The OS may still ask the window to close (a window manager's shortcut); only quitting the app closes it.
      if (this.enabled && !this.quitting) event.preventDefault()
    })
    window.on('closed', () => {
      this.watchdog.stop()
      this.stopBlocker()
    })
    app.on('before-quit', () => {
      this.quitting = true
    })
  }

  /** Follow Settings → Kiosk: lock or free the window, keep the display awake or not, start at login or not. */
  apply(view: KioskSettingsView): void {
    if (this.window.isDestroyed()) return
    this.enabled = view.enabled
    app.setLoginItemSettings({ openAtLogin: view.enabled && view.startAtLogin })
    if (view.enabled) {
      this.window.setMenu(null)
      this.window.setClosable(false)
      this.window.setFullScreen(true)
      this.window.setKiosk(true)
      this.window.webContents.closeDevTools()
      if (this.blocker === null) this.blocker = powerSaveBlocker.start('prevent-display-sleep')
    } else {
      this.window.setKiosk(false)
      this.window.setFullScreen(false)
      this.window.setClosable(true)
      this.window.setMenu(Menu.getApplicationMenu())
      this.stopBlocker()
    }
  }

  private stopBlocker(): void {
    if (this.blocker !== null && powerSaveBlocker.isStarted(this.blocker)) powerSaveBlocker.stop(this.blocker)
    this.blocker = null
  }
}
