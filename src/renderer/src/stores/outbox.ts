import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SaleView } from '@shared/contract'
import { kassa } from '../api/client'

/**
 * The sales waiting in the outbox for their processor (`sale:outbox`, oldest first), for the header's "2 waiting"
 * chip. Read at start, when main is back, on `connectivity:changed` (a processor returning drains the outbox) and
 * on a `sale:updated` of a sale that waits or waited. A failed read (a paired device may not ask) keeps the list.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const sales = ref<SaleView[]>([])
  const count = computed(() => sales.value.length)
  let running: Promise<void> | null = null
  let again = false

  async function read(): Promise<void> {
    const result = await kassa.sale.outbox({})
    if (result.ok) sales.value = result.value
  }

  /** Read the outbox from main; a call while one runs reads once more after it (never two at once). */
  function load(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await read()
        } while (again)
      } finally {
        running = null
      }
    })()
    return running
  }

  /** A sale changed: read the outbox again when it waits, or waited until now. */
  function apply(sale: SaleView): void {
    if (sale.outbox !== null || sales.value.some((s) => s.id === sale.id)) void load()
  }

  return { sales, count, load, apply }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOutboxStore, import.meta.hot))
