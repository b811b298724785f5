/**
 * Paired devices (issue 15): a second screen or tablet the owner pairs with the till once, by scanning a QR code
 * in Settings → Paired devices. The device gets a long-lived token of its own (only its SHA-256 hash is in the
 * ledger), which the owner can revoke; with it the device may make only its role's calls (`DEVICE_CALLS`).
 * Plain types, shared by main and the renderer (no zod here: the schemas are in `./call-schemas`).
 */
import type { CallName, EventName } from './contract'

/**
 * What a paired device is for:
 * - `display`: the customer display (`#/display`): reads the sale on screen and the events, nothing else.
 * - `kiosk`: the self-service flow in a browser (`#/kiosk`): the display's calls plus picking, paying, receipts.
 */
export type DeviceRole = 'display' | 'kiosk'

export const DEVICE_ROLES = ['display', 'kiosk'] as const satisfies readonly DeviceRole[]

const DISPLAY_CALLS = [
  'app:info',
  'settings:get',
  'processor:health',
  'sale:get'
] as const satisfies readonly CallName[]

/**
 * The calls each role's token may make; every other call (owner calls too, whatever owner session is sent) is
 * refused `unauthorized` by the web host. Both roles may also open the event stream (`GET /api/events`), which
 * carries them only `DEVICE_EVENTS`.
 */
export const DEVICE_CALLS: Record<DeviceRole, readonly CallName[]> = {
  display: DISPLAY_CALLS,
  kiosk: [
    ...DISPLAY_CALLS,
    'catalog:list',
    'catalog:byCode',
    'sale:payOptions',
    'sale:charge',
    'sale:cancel',
    'invoice:focus',
    'demo:simulate',
    'receipt:get',
    'receipt:email'
  ]
}

/**
 * The events a paired device's stream carries: the sale on screen and the processors' health. Not the owner's
 * (`recovery:updated` names customers who did not pay, `reconcile:progress` the books).
 */
export const DEVICE_EVENTS = ['sale:updated', 'connectivity:changed'] as const satisfies readonly EventName[]

/** True when a device of `role` may make `call`. */
export function deviceMayCall(role: DeviceRole, call: string): boolean {
  return (DEVICE_CALLS[role] as readonly string[]).includes(call)
}

/** Minutes a pairing code stays valid: 5. */
export const PAIRING_CODE_TTL_MS = 5 * 60_000

/** `device:pairStart`'s answer: what the owner's screen shows (the QR of `url`, the countdown to `expiresAt`). */
export interface PairingView {
  /** The one-time code: 16 random bytes (128 bits), base64url (22 characters). */
  code: string
  /** `<the till's address>/#pair=<code>`: what the device opens (the QR code's content). */
  url: string
  /** ISO 8601: when the code stops working (5 minutes after it was made). */
  expiresAt: string
  /**
   * True when the till listens on this computer only (127.0.0.1): a tablet cannot reach `url`; the till must be
   * started with `KASSA_HOST=0.0.0.0` (or its LAN address) first.
   */
  loopbackOnly: boolean
}

/** A paired device as the owner sees it (`device:list`). */
export interface DeviceView {
  /** `dev_` + 32 hex characters. */
  id: string
  name: string
  role: DeviceRole
  /** ISO 8601. */
  pairedAt: string
  /** ISO 8601 of its last request (kept to the minute), or null before its first. */
  lastSeenAt: string | null
  revoked: boolean
}

/** `POST /api/pair`'s answer: the device's own token (shown once, kept by the device only). */
export interface PairedDevice {
  /** 32 random bytes, base64url (43 characters). */
  token: string
  deviceId: string
  role: DeviceRole
}
