import { createKassaApi, type KassaApi } from '@shared/contract'
import { transportOf, withOwnerSession } from './owner-session'
import { takeToken } from './token'
import { createWebTransport } from './web-transport'

/**
 * The till's API: the preload's `window.kassa` inside Electron, else the same contract over the loopback
 * web host, with the owner session attached to every call (`./owner-session`). Every call answers a `Result`;
 * stores unwrap it and never throw.
 */
export const kassa: KassaApi = createKassaApi(
  withOwnerSession(window.kassa ? transportOf(window.kassa) : createWebTransport())
)

/**
 * False for a browser page opened without the web host's token (the link `npm start` prints ends in `#token=…`)
 * or a paired device's: every call would be refused, so the app shows how to get in instead of a screen of errors.
 * A function: a device gets its token only once it has paired (`./pairing`, before the app mounts).
 */
export function hasToken(): boolean {
  return window.kassa !== undefined || takeToken() !== ''
}
