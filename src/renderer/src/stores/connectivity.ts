import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { Events } from '@shared/contract'

/** Whether the current processor answered its last request, from `connectivity:changed` events. */
export const useConnectivityStore = defineStore('connectivity', () => {
  /** Null until main reports the first request's outcome. */
  const status = ref<Events['connectivity:changed'] | null>(null)

  /** Take the latest report. */
  function apply(update: Events['connectivity:changed']): void {
    status.value = update
  }

  return { status, apply }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useConnectivityStore, import.meta.hot))
