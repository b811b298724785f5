import { watch } from 'vue'
import { kassa } from './api/client'
import { onMainBack } from './api/main-link'
import { deviceRole } from './api/token'
import { useConnectivityStore } from './stores/connectivity'
import { useDisplayStore } from './stores/display'
import { useInvoiceStore } from './stores/invoice'
import { useOutboxStore } from './stores/outbox'
import { useRecentStore } from './stores/recent'
import { useSettingsStore } from './stores/settings'

/**
 * Subscribe once, for the app's lifetime, to main's events and route them to the stores that care.
 * Components read the stores; none subscribes on its own. When main is reachable again after a break (the web
 * till's host restarted), what events may have changed meanwhile is read again: settings, processor health, the sale
 * on screen.
 */
export function setupEvents(): void {
  const invoice = useInvoiceStore()
  const recent = useRecentStore()
  const connectivity = useConnectivityStore()
  const settings = useSettingsStore()
  const display = useDisplayStore()
  // A paired device (customer display, browser kiosk) may not read the outbox (DEVICE_CALLS); only the till does.
  const outbox = deviceRole() === null ? useOutboxStore() : null
  kassa.on('sale:updated', (sale) => {
    invoice.apply(sale)
    recent.apply(sale)
    outbox?.apply(sale)
    display.apply(sale)
  })
  kassa.on('connectivity:changed', (health) => {
    connectivity.apply(health)
    void outbox?.load()
  })
  void connectivity.load()
  void outbox?.load()
  // Agents' requests wait for a person at the till (a paired device neither sees nor decides them); their store is
  // its own chunk, kept out of the till's first load.
  if (deviceRole() === null)
    import('./stores/agents')
      .then(({ useAgentsStore }) => followAgents(useAgentsStore()))
      // A chunk that did not arrive (files replaced under an open page): the chip stays away until a reload.
      .catch(() => undefined)
  // A processor connected or disconnected (every settings answer is a new object): its health list changed too.
  watch(
    () => settings.settings,
    () => void connectivity.load()
  )
  onMainBack(() => {
    void settings.load()
    void connectivity.load()
    void invoice.refresh()
    void outbox?.load()
    void display.refresh()
  })
}

/** Route `agent:request` to the agents store, read the pending requests now and whenever main is back. */
function followAgents(agents: ReturnType<(typeof import('./stores/agents'))['useAgentsStore']>): void {
  kassa.on('agent:request', (request) => agents.apply(request))
  void agents.load()
  onMainBack(() => void agents.load())
}
