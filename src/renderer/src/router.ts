import { createRouter, createWebHashHistory, type Router } from 'vue-router'
import PaymentView from './views/PaymentView.vue'
import TillView from './views/TillView.vue'
import { ensureAllMessages } from './i18n'
import { recoverFromFailedLoad, settleLoadRecovery } from './router-recovery'
import { ownerPinStore } from './api/owner-session'
import { deviceRole } from './api/token'
import { kioskLocks } from './components/kiosk/kiosk-lock'

declare module 'vue-router' {
  interface RouteMeta {
    /** An owner screen: the owner PIN is asked for (or set, the first time) before it opens. */
    owner?: boolean
    /** A screen without the till's header (the customer display): nothing on it leads elsewhere. */
    bare?: boolean
  }
}

/**
 * The screens a sale does not pass through, each its own chunk: kept out of the till's first load (keypad, cart,
 * payment screen) so the till opens fast. `prefetchViews` loads them once the till is idle, so a later tap does
 * not wait on one; a chunk that still fails to load reloads the page once (`router-recovery.ts`).
 */
export const LAZY_VIEWS = {
  receipt: () => import('./views/ReceiptView.vue'),
  recent: () => import('./views/RecentView.vue'),
  refund: () => import('./views/RefundView.vue'),
  settings: () => import('./views/SettingsView.vue'),
  catalog: () => import('./views/CatalogView.vue'),
  day: () => import('./views/DayView.vue'),
  customers: () => import('./views/CustomersView.vue'),
  recovery: () => import('./views/RecoveryView.vue'),
  display: () => import('./views/DisplayView.vue'),
  kiosk: () => import('./views/KioskView.vue')
}

/**
 * Hash history: works from `file://` in Electron and from the loopback web host alike.
 * Created by a function so it reads `location.hash` only after the web transport has taken its token out.
 * The till and payment screens are bundled; the others are `LAZY_VIEWS`. Routes with `meta.owner` ask for the
 * owner PIN first; cancelled, the till is shown instead.
 */
export function createKassaRouter(): Router {
  const router = createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', name: 'till', component: TillView },
      { path: '/pay/:saleId', name: 'pay', component: PaymentView },
      { path: '/receipt/:saleId', name: 'receipt', component: LAZY_VIEWS.receipt },
      { path: '/recent', name: 'recent', component: LAZY_VIEWS.recent },
      { path: '/refund/:saleId', name: 'refund', component: LAZY_VIEWS.refund },
      { path: '/settings', name: 'settings', component: LAZY_VIEWS.settings, meta: { owner: true } },
      { path: '/catalog', name: 'catalog', component: LAZY_VIEWS.catalog, meta: { owner: true } },
      // The owner's day close and reconciliation; `owner` routes ask for the owner PIN first.
      { path: '/day', name: 'day', component: LAZY_VIEWS.day, meta: { owner: true } },
      // The owner's customers (look up, correct, erase) and churn signals.
      { path: '/customers', name: 'customers', component: LAZY_VIEWS.customers, meta: { owner: true } },
      // The owner's failed charges: payment links, messages to the customer, the recovery rate.
      { path: '/recovery', name: 'recovery', component: LAZY_VIEWS.recovery, meta: { owner: true } },
      // The customer display a paired second screen shows (role `display`, src/shared/devices.ts).
      { path: '/display', name: 'display', component: LAZY_VIEWS.display, meta: { bare: true } },
      // Kiosk mode: the customer's self-service flow (and a paired kiosk tablet's only screen).
      { path: '/kiosk', name: 'kiosk', component: LAZY_VIEWS.kiosk },
      { path: '/:rest(.*)*', redirect: '/' }
    ]
  })
  // A paired device has one screen, its role's (`#/display`, `#/kiosk`): its token may make no other screen's calls.
  router.beforeEach((to) => {
    const role = deviceRole()
    if (!role || to.name === role || !router.hasRoute(role)) return true
    return { name: role, replace: true }
  })
  // The owner's screens use message areas the till does not: load them (once) before showing one. A failed load
  // is a chunk that did not arrive, recovered like a lazy screen's below.
  router.beforeEach(async (to) => {
    if (to.name !== 'till' && to.name !== 'pay') await ensureAllMessages()
  })
  // Kiosk mode on: every screen but the customer flow is the owner's, reached only with the owner's session.
  router.beforeEach((to) => {
    if (to.name === 'kiosk' || deviceRole() !== null) return true
    return kioskLocks() ? { name: 'kiosk' } : true
  })
  router.beforeEach(async (to) => {
    if (!to.meta.owner) return true
    return (await (await ownerPinStore()).ensureUnlocked()) ? true : { name: 'till' }
  })
  // No guard here throws but the first above on a chunk that did not load, like a lazy screen's.
  router.onError((error, to) => {
    if (!recoverFromFailedLoad(to.fullPath, window.sessionStorage, window.location)) throw error
  })
  router.afterEach((_to, _from, failure) => {
    if (!failure) settleLoadRecovery(window.sessionStorage)
  })
  return router
}

/**
 * Load every lazy screen in the background once the browser is idle (the till is drawn by then). A failure is
 * left for the navigation that needs the screen to meet, and recover from.
 */
export function prefetchViews(): void {
  const load = (): void => {
    for (const load of Object.values(LAZY_VIEWS)) load().catch(() => undefined)
    ensureAllMessages().catch(() => undefined)
  }
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 3000 })
  else setTimeout(load, 1000)
}
