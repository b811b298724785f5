import { createRouter, createWebHashHistory, type Router } from 'vue-router'
import PaymentView from './views/PaymentView.vue'
import ReceiptView from './views/ReceiptView.vue'
import RecentView from './views/RecentView.vue'
import RefundView from './views/RefundView.vue'
import SettingsView from './views/SettingsView.vue'
import TillView from './views/TillView.vue'

/**
 * Hash history: works from `file://` in Electron and from the loopback web host alike.
 * Created by a function so it reads `location.hash` only after the web transport has taken its token out.
 * Views are bundled, not lazy: a till must not fail to open a screen because a chunk did not load.
 */
export function createKassaRouter(): Router {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', name: 'till', component: TillView },
      { path: '/pay/:saleId', name: 'pay', component: PaymentView },
      { path: '/receipt/:saleId', name: 'receipt', component: ReceiptView },
      { path: '/recent', name: 'recent', component: RecentView },
      { path: '/refund/:saleId', name: 'refund', component: RefundView },
      { path: '/settings', name: 'settings', component: SettingsView },
      { path: '/:rest(.*)*', redirect: '/' }
    ]
  })
}
