import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { KassaErrorData, SaleView } from '@shared/contract'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

/** How many sales the Recent sales screen shows. */
export const RECENT_LIMIT = 50

/** The latest sales, newest first, kept current by `sale:updated` events (`apply`). */
export const useRecentStore = defineStore('recent', () => {
  const sales = ref<SaleView[]>([])
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)

  /** Read the latest sales from main. */
  async function load(): Promise<void> {
    state.value = 'loading'
    error.value = null
    const result = await kassa.sale.list({ limit: RECENT_LIMIT })
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return
    }
    sales.value = result.value
    state.value = 'done'
  }

  /** Replace a listed sale with its update, or put a new one on top. */
  function apply(update: SaleView): void {
    const index = sales.value.findIndex((s) => s.id === update.id)
    if (index === -1) sales.value = [update, ...sales.value].slice(0, RECENT_LIMIT)
    else sales.value.splice(index, 1, update)
  }

  return { sales, state, error, load, apply }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRecentStore, import.meta.hot))
