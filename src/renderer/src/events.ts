import { kassa } from './api/client'
import { useConnectivityStore } from './stores/connectivity'
import { useInvoiceStore } from './stores/invoice'
import { useRecentStore } from './stores/recent'

/**
 * Subscribe once, for the app's lifetime, to main's events and route them to the stores that care.
 * Components read the stores; none subscribes on its own.
 */
export function setupEvents(): void {
  const invoice = useInvoiceStore()
  const recent = useRecentStore()
  const connectivity = useConnectivityStore()
  kassa.on('sale:updated', (sale) => {
    invoice.apply(sale)
    recent.apply(sale)
  })
  kassa.on('connectivity:changed', (status) => connectivity.apply(status))
}
