import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { CatalogImportResult, CatalogItemInput, CatalogItemView } from '@shared/catalog'
import type { KassaErrorData } from '@shared/contract'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

export { filterCatalog, searchFold } from '../catalog/filter'

/**
 * The catalog (`catalog:*` calls). `load()` reads the items the till offers (enabled ones); the owner's screen
 * calls `load(true)` for every item. Edits, imports and exports answer main's result and reload the list; a failed
 * call keeps what was shown and puts main's error in `error`.
 */
export const useCatalogStore = defineStore('catalog', () => {
  const items = ref<CatalogItemView[]>([])
  const categories = ref<string[]>([])
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  /** Whether the list shown holds disabled items too (the owner's screen). */
  const withDisabled = ref(false)
  /** What the last import did, for the import panel. */
  const lastImport = ref<CatalogImportResult | null>(null)
  const importing = ref(false)

  let sequence = 0
  /** Read the catalog: enabled items only, or every item with `includeDisabled`. */
  async function load(includeDisabled = false): Promise<void> {
    const mine = ++sequence
    state.value = 'loading'
    error.value = null
    const result = await kassa.catalog.list({ includeDisabled })
    if (mine !== sequence) return
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      return
    }
    withDisabled.value = includeDisabled
    items.value = result.value.items
    categories.value = result.value.categories
    state.value = 'done'
  }

  const reload = (): Promise<void> => load(withDisabled.value)

  /** Create or update an item. @returns the saved item, or null with `error` set */
  async function save(input: CatalogItemInput): Promise<CatalogItemView | null> {
    error.value = null
    const result = await kassa.catalog.save(input)
    if (!result.ok) {
      error.value = result.error
      return null
    }
    await reload()
    return result.value
  }

  /** Delete an item. @returns whether it was deleted */
  async function remove(id: string): Promise<boolean> {
    error.value = null
    const result = await kassa.catalog.delete({ id })
    if (!result.ok) error.value = result.error
    await reload()
    return result.ok
  }

  /** Offer an item at the till or not. */
  async function setEnabled(id: string, enabled: boolean): Promise<void> {
    error.value = null
    const result = await kassa.catalog.setEnabled({ id, enabled })
    if (!result.ok) error.value = result.error
    else items.value = items.value.map((item) => (item.id === id ? result.value : item))
  }

  async function runImport(call: () => ReturnType<typeof kassa.catalog.importCsv>): Promise<void> {
    importing.value = true
    error.value = null
    lastImport.value = null
    try {
      const result = await call()
      if (!result.ok) error.value = result.error
      else lastImport.value = result.value
      await reload()
    } finally {
      importing.value = false
    }
  }

  /** Import a CSV's text; `lastImport` says what was taken and refused. */
  const importCsv = (csv: string): Promise<void> => runImport(() => kassa.catalog.importCsv({ csv }))
  /** Import the active processor's point-of-sale items (BTCPay: the store's first PoS app). */
  const importProcessor = (): Promise<void> => runImport(() => kassa.catalog.importProcessor({}))

  /** The catalog as CSV text, or null with `error` set. */
  async function exportCsv(): Promise<string | null> {
    error.value = null
    const result = await kassa.catalog.exportCsv({})
    if (!result.ok) {
      error.value = result.error
      return null
    }
    return result.value.csv
  }

  return {
    items,
    categories,
    state,
    error,
    lastImport,
    importing,
    load,
    save,
    remove,
    setEnabled,
    importCsv,
    importProcessor,
    exportCsv
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCatalogStore, import.meta.hot))
