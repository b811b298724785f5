import { ref } from 'vue'
import type { DeviceRole } from '@shared/devices'

const STORAGE_KEY = 'kassa.token'
/** localStorage: a paired device's token and role (`{token, role}`), kept across the tablet's restarts. */
const DEVICE_KEY = 'kassa.device'

/**
 * The token this page sends: the till's own per-run token, or a paired device's. The till's page is opened at
 * `/#token=<token>`: take it from the hash, keep it in sessionStorage (so a reload still works) and remove it from
 * the visible URL, so it is neither shown, bookmarked nor sent on in a Referer. A paired device (`./pairing`) keeps
 * its token in localStorage instead, because a tablet must find it again after it restarts; the till's token
 * (hash or this tab's sessionStorage) wins over it. Call before the router reads the hash.
 * @returns the token, or `''` when there is none (every call then answers `unauthorized`)
 */
export function takeToken(): string {
  taken ??= readToken()
  return taken.token
}

/** The role of the paired device this page is, or null for the till's own page (or no token at all). */
export function deviceRole(): DeviceRole | null {
  takeToken()
  return taken?.role ?? null
}

/**
 * True once the till refused this page's token (HTTP 401: a revoked device, or the till's token renewed); the app
 * then shows how to get in (`AppSignIn.vue`) instead of failing calls.
 */
export const tokenRefused = ref(false)

/**
 * Keep a paired device's token (`./pairing` got it for a pairing code): in localStorage, in place of any till token
 * this tab held, and as this page's token from now on.
 */
export function keepDeviceToken(token: string, role: DeviceRole): void {
  try {
    window.localStorage.setItem(DEVICE_KEY, JSON.stringify({ token, role }))
    window.sessionStorage.removeItem(STORAGE_KEY)
  } catch {
    // Storage can be disabled; the token then lives only in this page's memory (pair again after a restart).
  }
  taken = { token, role }
  tokenRefused.value = false
}

/** The token of this page, once read (the hash is gone after the first read, and storage may be off). */
let taken: { token: string; role: DeviceRole | null } | undefined

function readToken(): { token: string; role: DeviceRole | null } {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#\/?\??/, '')).get('token')
  if (fromHash) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, fromHash)
    } catch {
      // Storage can be disabled; the token then lives only in this page's memory.
    }
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
    return { token: fromHash, role: null }
  }
  try {
    const till = window.sessionStorage.getItem(STORAGE_KEY)
    if (till) return { token: till, role: null }
    return storedDevice() ?? { token: '', role: null }
  } catch {
    return { token: '', role: null }
  }
}

function storedDevice(): { token: string; role: DeviceRole } | null {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(DEVICE_KEY) ?? 'null') as unknown
    if (typeof parsed !== 'object' || parsed === null) return null
    const { token, role } = parsed as { token?: unknown; role?: unknown }
    if (typeof token !== 'string' || (role !== 'display' && role !== 'kiosk')) return null
    return { token, role }
  } catch {
    return null
  }
}
