import './assets/main.css'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { i18n, setLocale } from './i18n'
import App from './App.vue'
import { setupEvents } from './events'
import { createKassaRouter, prefetchViews } from './router'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
setupEvents()
const router = createKassaRouter()
app.use(router)
// The OS language's messages first (the owner's choice follows when the settings load), then the screen.
void setLocale(null)
  .catch(() => undefined)
  .finally(() => {
    app.mount('#app')
    void router.isReady().then(prefetchViews)
  })
