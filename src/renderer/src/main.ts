import './assets/main.css'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { setupEvents } from './events'
import { createKassaRouter } from './router'

const app = createApp(App)
app.use(createPinia())
setupEvents()
app.use(createKassaRouter())
app.mount('#app')
