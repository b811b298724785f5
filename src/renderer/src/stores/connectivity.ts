import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ProcessorHealthView } from '@shared/contract'
import type { ProcessorId } from '@shared/invoice'
import { kassa } from '../api/client'
import { useSettingsStore } from './settings'

/**
 * Each connected processor's health as main's health monitor reports it: read with `processor:health` at start and
 * whenever main is back, kept current by `connectivity:changed` events (`apply`).
 */
export const useConnectivityStore = defineStore('connectivity', () => {
  const byProcessor = ref<Record<ProcessorId, ProcessorHealthView>>({})
  /** Main's order: the till's processor first. */
  const order = ref<ProcessorId[]>([])
  const settings = useSettingsStore()

  /** Every connected processor's health, the till's own first. */
  const all = computed(() =>
    order.value.map((id) => byProcessor.value[id]).filter((view): view is ProcessorHealthView => !!view)
  )
  /** The till's processor's health; null until main has said (the badge then shows "Checking…"). */
  const current = computed<ProcessorHealthView | null>(() => {
    const id = settings.settings?.processor
    return id ? (byProcessor.value[id] ?? null) : null
  })

  /** Read every processor's health from main (a failure keeps what is shown; events still come). */
  async function load(): Promise<void> {
    const result = await kassa.processor.health({})
    if (!result.ok) return
    byProcessor.value = Object.fromEntries(result.value.map((view) => [view.processor, view]))
    order.value = result.value.map((view) => view.processor)
  }

  /** Take one processor's newer health. */
  function apply(update: ProcessorHealthView): void {
    byProcessor.value = { ...byProcessor.value, [update.processor]: update }
    if (!order.value.includes(update.processor)) order.value = [...order.value, update.processor]
  }

  return { all, current, load, apply }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useConnectivityStore, import.meta.hot))
