import { acceptHMRUpdate, defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { SaleView } from '@shared/contract'
import { kassa } from '../api/client'
import { THANKS_MS, WELCOME, nextDisplay, type DisplayState } from '../components/devices/display-state'

/**
 * The customer display's state (`#/display`, `views/DisplayView.vue`), fed by `sale:updated` events (`apply`,
 * from `events.ts`): welcome, the sale awaiting payment, thank you (back to welcome after 10 s).
 */
export const useDisplayStore = defineStore('display', () => {
  const state = shallowRef<DisplayState>(WELCOME)
  let thanksTimer: ReturnType<typeof setTimeout> | undefined

  /** Take a sale's newer view. */
  function apply(sale: SaleView): void {
    const next = nextDisplay(state.value, sale)
    if (next === state.value) return
    clearTimeout(thanksTimer)
    state.value = next
    if (next.phase === 'thanks') {
      thanksTimer = setTimeout(() => {
        state.value = WELCOME
      }, THANKS_MS)
    }
  }

  /** Read the sale on screen again (main was unreachable for a while; events may have been missed). */
  async function refresh(): Promise<void> {
    const sale = state.value.sale
    if (!sale || state.value.phase !== 'sale') return
    const result = await kassa.sale.get({ saleId: sale.id })
    if (result.ok) apply(result.value)
  }

  return { state, apply, refresh }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDisplayStore, import.meta.hot))
