import { shallowRef } from 'vue'
import type { PairedDevice } from '@shared/devices'
import type { KassaErrorData } from '@shared/errors'
import { UNREACHABLE, resultFromResponse } from './result'
import { keepDeviceToken } from './token'

/** Why pairing this page failed (wrong, used or expired code, too many tries, till unreachable), or null. */
export const pairingFailure = shallowRef<KassaErrorData | null>(null)

/**
 * A device opened the pairing URL from the QR code in the till's Settings (`/#pair=<code>`): remove the code from
 * the URL at once (it is used up anyway), exchange it for the device's own token (`POST /api/pair`, no bearer
 * token), keep that token (`keepDeviceToken`, localStorage) and go to the role's screen (`#/display`, `#/kiosk`).
 * A refusal is kept in `pairingFailure` for the screen to explain. Does nothing without `#pair=`. Call before the
 * router is made and before any call is sent.
 */
export async function completePairing(): Promise<void> {
  const code = new URLSearchParams(window.location.hash.replace(/^#\/?\??/, '')).get('pair')
  if (!code) return
  window.history.replaceState(null, '', window.location.pathname + window.location.search)
  let response: Response
  try {
    response = await fetch('/api/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code })
    })
  } catch {
    pairingFailure.value = UNREACHABLE
    return
  }
  const result = await resultFromResponse(response)
  if (!result.ok) {
    pairingFailure.value = result.error
    return
  }
  const device = result.value as PairedDevice
  keepDeviceToken(device.token, device.role)
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${window.location.search}#/${device.role}`
  )
}
