import { computed, ref, shallowRef } from 'vue'
import type { KassaErrorData } from '@shared/contract'
import { filterCatalog, indexCatalog, type IndexedItem } from '../till/catalog-filter'
import { listCatalog } from '../till/catalog-source'

// One copy for the whole till: reopening the till screen shows the grid at once and re-reads it behind.
const index = shallowRef<IndexedItem[]>([])
const categories = shallowRef<string[]>([])
const loaded = ref(false)
const error = ref<KassaErrorData | null>(null)

/**
 * The till's catalog grid: the enabled items (`catalog:list`), a search query and a category, and the page of
 * matches to draw (`filterCatalog`: in memory, capped, so 5 000 items stay fast).
 */
export function useCatalog() {
  const query = ref('')
  const category = ref<string | null>(null)

  async function load(): Promise<void> {
    const result = await listCatalog()
    if (!result.ok) {
      error.value = result.error
    } else {
      error.value = null
      index.value = indexCatalog(result.value.items)
      categories.value = result.value.categories
    }
    loaded.value = true
  }

  const page = computed(() => filterCatalog(index.value, query.value, category.value))
  const empty = computed(() => loaded.value && index.value.length === 0)

  return { query, category, categories, page, empty, loaded, error, load }
}
