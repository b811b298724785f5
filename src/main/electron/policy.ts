/**
 * The Electron shell's security decisions as plain functions (no electron import), so tests can prove them.
 * Items refer to ../shared/reference/electron-security.md.
 */

/** The custom scheme the renderer is served from (item 18: not file://). */
export const APP_SCHEME = 'kassa'
/** The renderer's origin; the only one allowed to call IPC or be navigated to. */
export const APP_ORIGIN = `${APP_SCHEME}://app`

/**
 * webPreferences of every window (items 2, 3, 4, 6, 8, 9, 10, 11): no Node, isolated and sandboxed, web security
 * on, no insecure content, no experimental or Blink features, no <webview>.
 */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    contextIsolation: true,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false
  } as const
}

/** Item 17: an IPC sender is accepted only when its frame is the app's own page (compared as parsed URLs). */
export function isAllowedSender(frameUrl: string | undefined | null, devServerUrl?: string): boolean {
  if (!frameUrl) return false
  try {
    const origin = new URL(frameUrl).origin
    if (origin === APP_ORIGIN || frameUrl.startsWith(`${APP_ORIGIN}/`)) return true
    return Boolean(devServerUrl) && origin === new URL(devServerUrl as string).origin
  } catch {
    return false
  }
}

/** Item 13: navigation is allowed only within the app's origin (hash routes). */
export function isAllowedNavigation(url: string, devServerUrl?: string): boolean {
  return isAllowedSender(url, devServerUrl)
}

/**
 * Item 15: only https links (a processor's checkout page, a pull-payment claim page) may be opened in the
 * system browser; never file:, javascript:, custom schemes or plain http.
 */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password
  } catch {
    return false
  }
}

/** Longest `mailto:` URL handed to the mail client (a recovery message is at most ~5,200 characters, encoded ×3). */
export const MAILTO_MAX_LENGTH = 20_000

/**
 * Item 15: a `mailto:` link (the Recovery screen's "Open in mail app") may be handed to the system mail client:
 * exactly the `mailto:` scheme, one recipient address, only `subject` and `body` fields, no raw control characters,
 * bounded length. Nothing else that starts a program is let through.
 */
export function isSafeMailtoUrl(url: string): boolean {
  if (url.length > MAILTO_MAX_LENGTH || /[\p{Cc}\s]/u.test(url)) return false
  const match = /^mailto:([^?#]+)(?:\?([^#]*))?$/.exec(url)
  if (!match) return false
  let address: string
  try {
    address = decodeURIComponent(match[1]!)
  } catch {
    return false
  }
  if (!/^[^\s@,;:<>()"\\]+@[^\s@,;:<>()"\\]+$/.test(address)) return false
  const fields = match[2] ? match[2].split('&') : []
  return fields.every((field) => /^(subject|body)=[^=]*$/.test(field))
}

/** Item 5: permissions the renderer may be granted. Kassa needs none (clipboard writes need no permission). */
export function isAllowedPermission(_permission: string): boolean {
  return false
}
