import { watch } from 'vue'
import type { Router } from 'vue-router'
import { ownerUnlocked } from '../../api/owner-session'
import { useSettingsStore } from '../../stores/settings'

/**
 * Whether kiosk mode keeps this screen on the customer flow: kiosk on (Settings → Kiosk, as main last said) and no
 * owner session. Never waits: main.ts reads the settings before the router starts, and `followKioskMode` sends the
 * screen to the kiosk when they arrive later. (A guard that awaited a call on the first navigation would make the
 * router miss a hash change meanwhile: vue-router listens for them only once that navigation ends.) A page that
 * cannot read the settings (no token) is not held here: it shows the sign-in instead.
 */
export function kioskLocks(): boolean {
  const settings = useSettingsStore()
  return settings.settings?.kiosk.enabled === true && !ownerUnlocked.value
}

/**
 * Follow kiosk mode while the app runs: turned on (here or elsewhere), or the owner's session ended (Lock, or
 * its idle expiry) while it is on, the screen goes to `#/kiosk`.
 */
export function followKioskMode(router: Router): void {
  const settings = useSettingsStore()
  watch(
    () => settings.settings?.kiosk.enabled === true && !ownerUnlocked.value,
    (locked) => {
      if (locked && router.currentRoute.value.name !== 'kiosk') void router.replace({ name: 'kiosk' })
    }
  )
}
