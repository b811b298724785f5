import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { KassaErrorData, SaleView } from '@shared/contract'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

/** How many sales the Recent sales screen shows. */
export const RECENT_LIMIT = 50
/** The shortest search `sale:find` accepts. */
export const SEARCH_MIN_LENGTH = 3

/**
 * The latest sales, newest first, kept current by `sale:updated` events (`apply`); and the sales found by a
 * search (sale id, processor invoice id or receipt number), kept current the same way.
 */
export const useRecentStore = defineStore('recent', () => {
  const sales = ref<SaleView[]>([])
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  /** What the cashier typed in the search box; `found` answers the last search sent. */
  const query = ref('')
  const found = ref<SaleView[] | null>(null)
  const searchState = ref<AsyncState>('idle')
  const searchError = ref<KassaErrorData | null>(null)

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

  let sequence = 0
  /**
   * Find sales matching `query` as typed now. Shorter than `SEARCH_MIN_LENGTH` clears the search, so the
   * list shows the latest sales again. Answers to an older query are dropped.
   */
  async function search(): Promise<void> {
    const q = query.value.trim()
    const mine = ++sequence
    searchError.value = null
    if (q.length < SEARCH_MIN_LENGTH) {
      found.value = null
      searchState.value = 'idle'
      return
    }
    searchState.value = 'loading'
    const result = await kassa.sale.find({ query: q })
    if (mine !== sequence) return
    if (!result.ok) {
      searchError.value = result.error
      searchState.value = 'error'
      return
    }
    found.value = result.value
    searchState.value = 'done'
  }

  /** Replace a listed or found sale with its update, or put a new one on top of the latest sales. */
  function apply(update: SaleView): void {
    const index = sales.value.findIndex((s) => s.id === update.id)
    if (index === -1) sales.value = [update, ...sales.value].slice(0, RECENT_LIMIT)
    else sales.value.splice(index, 1, update)
    const at = found.value?.findIndex((s) => s.id === update.id) ?? -1
    if (found.value && at !== -1) found.value.splice(at, 1, update)
  }

  return { sales, state, error, query, found, searchState, searchError, load, search, apply }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRecentStore, import.meta.hot))
