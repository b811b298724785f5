import './assets/main.css'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { i18n, rememberedLocale, setLocale } from './i18n'
import App from './App.vue'
import { setupEvents } from './events'
import { createKassaRouter, prefetchViews } from './router'
import { completePairing } from './api/pairing'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
// A device opened the pairing link (`#pair=…`): its token first, before any call or the router reads the hash.
void completePairing().finally(() => {
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
