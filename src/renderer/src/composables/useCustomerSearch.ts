import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { CustomerView } from '@shared/customers'
import type { KassaErrorData } from '@shared/errors'
import { kassa } from '../api/client'

/**
 * Search customers as the user types (`customer:search`): from 2 characters, 200 ms after the last key; an answer
 * to an earlier query that arrives late is dropped. A failed search puts its error in `error` (the caller's, so a
 * screen shows one error line for all it does); a good one clears it.
 */
export function useCustomerSearch(error: Ref<KassaErrorData | null> = ref(null)): {
  query: Ref<string>
  found: Ref<CustomerView[]>
  /** A search is on its way. */
  searching: Ref<boolean>
  /** A search for the current text has answered (so "nobody found" may be said). */
  searched: Ref<boolean>
  error: Ref<KassaErrorData | null>
} {
  const query = ref('')
  const found = ref<CustomerView[]>([])
  const searching = ref(false)
  const searched = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0

  watch(query, (text) => {
    clearTimeout(timer)
    if (text.trim().length < 2) {
      asked++
      found.value = []
      searching.value = false
      searched.value = false
      return
    }
    timer = setTimeout(() => void search(text), 200)
  })
  onBeforeUnmount(() => clearTimeout(timer))

  async function search(text: string): Promise<void> {
    const mine = ++asked
    searching.value = true
    const result = await kassa.customer.search({ query: text })
    if (mine !== asked) return
    searching.value = false
    searched.value = true
    if (result.ok) {
      found.value = result.value
      error.value = null
    } else error.value = result.error
  }

  return { query, found, searching, searched, error }
}
