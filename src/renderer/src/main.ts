import './assets/main.css'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { i18n } from './i18n'
import App from './App.vue'
import { setupEvents } from './events'
import { createKassaRouter, prefetchViews } from './router'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
setupEvents()
const router = createKassaRouter()
app.use(router)
app.mount('#app')
void router.isReady().then(prefetchViews)
