import { BrowserWindow, shell, session } from 'electron'
import { join } from 'node:path'
import {
  APP_ORIGIN,
  isAllowedNavigation,
  isAllowedPermission,
  isSafeExternalUrl,
  isSafeMailtoUrl,
  secureWebPreferences
} from './policy'

/** Deny every permission request and check (item 5). */
export function setupPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isAllowedPermission(permission))
  )
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isAllowedPermission(permission))
}

/**
 * Refuse <webview> (items 11, 12), navigation away from the app (item 13) and new windows (item 14); vetted https
 * links open in the system browser and vetted `mailto:` links in the mail client (item 15).
 */
export function hardenContents(window: BrowserWindow, devServerUrl?: string): void {
  const contents = window.webContents
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.on('will-navigate', (event, url) => {
    if (isAllowedNavigation(url, devServerUrl)) return
    event.preventDefault()
    // "Open in mail app" (Recovery): a vetted mailto: goes to the system mail client, the page stays.
    if (isSafeMailtoUrl(url)) void shell.openExternal(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url) || isSafeMailtoUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
}

/** The till window, loading `kassa://app/` (or the dev server in `npm run dev`). */
export function createMainWindow(devServerUrl?: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'Kassa',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.cjs'))
  })
  hardenContents(window, devServerUrl)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
  return window
}
