import './assets/main.css'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { i18n, rememberedLocale, setLocale } from './i18n'
import App from './App.vue'
import { setupEvents } from './events'
import { createKassaRouter, prefetchViews } from './router'
import { completePairing } from './api/pairing'
import { deviceRole, takeToken } from './api/token'
import { useSettingsStore } from './stores/settings'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
// A device opened the pairing link (`#pair=…`): its token first, before any call or the router reads the hash.
const pairing = completePairing()
// The till's token leaves the URL now, while the page loads, as the pairing code just did: read later, a hash the
// page moved to meanwhile (a link, a bookmark, a test's next `goto`) would be lost to its `replaceState`.
takeToken()
void pairing.finally(async () => {
  // The settings before the router: its kiosk guard reads them without waiting (a locked kiosk's first screen).
  // At most 3 s: a main that does not answer gets the screen and its banner, not a blank page.
  if (deviceRole() === null) {
    await Promise.race([useSettingsStore().load(), new Promise((resolve) => setTimeout(resolve, 3000))])
  }
  setupEvents()
  const router = createKassaRouter()
  app.use(router)
  // The language last shown (else the OS's) first, then the screen; the owner's choice follows with the settings.
  void setLocale(rememberedLocale())
    .catch(() => undefined)
    .finally(() => {
      app.mount('#app')
      void router.isReady().then(prefetchViews)
    })
})
