import { acceptHMRUpdate, defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import type { BalanceView, CallInput, KassaErrorData, OperationPageView } from '@shared/contract'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

/** How many operations one page of the owner's list holds (`owner:operations` accepts 1–100). */
export const OWNER_PAGE_LIMIT = 20

/** The operation types Plisio filters on; `''` means any type. */
export const OPERATION_TYPES = ['invoice', 'cash_in', 'cash_out', 'mass_cash_out'] as const

/** One of Plisio's operation types. */
export type OperationType = (typeof OPERATION_TYPES)[number]

/** The owner's filters as typed in the form; empty strings mean "no filter". */
export interface OperationFilters {
  type: OperationType | ''
  status: string
  currency: string
  search: string
}

/** What `owner:operations` takes. */
export type OperationQuery = CallInput<'owner:operations'>

/**
 * Turn the form's filters and a page into an `owner:operations` input: trimmed, empty ones left out, the status
 * lowercased (Plisio's statuses are lowercase words). Money never passes through here.
 */
export function operationQuery(filters: OperationFilters, page: number): OperationQuery {
  const query: OperationQuery = { page, limit: OWNER_PAGE_LIMIT }
  const status = filters.status.trim().toLowerCase()
  const currency = filters.currency.trim()
  const search = filters.search.trim()
  if (filters.type) query.type = filters.type
  if (status) query.status = status
  if (currency) query.currency = currency
  if (search) query.search = search
  return query
}

/**
 * The owner's view of the active processor's account (Plisio): balances per coin and the processor's own
 * operations list with filters and pages. A failed call keeps what was shown before and exposes the processor's
 * message unchanged in `balancesError` / `operationsError` (e.g. Plisio's "Request IP" refusal).
 */
export const useOwnerStore = defineStore('owner', () => {
  const balances = ref<BalanceView[]>([])
  const balancesState = ref<AsyncState>('idle')
  const balancesError = ref<KassaErrorData | null>(null)

  /** What the owner typed; only `apply` sends it. */
  const filters = reactive<OperationFilters>({ type: '', status: '', currency: '', search: '' })
  /** The filters of the list shown, so Previous/Next page through the same list whatever is typed since. */
  const applied = ref<OperationFilters>({ ...filters })
  const operations = ref<OperationPageView | null>(null)
  const operationsState = ref<AsyncState>('idle')
  const operationsError = ref<KassaErrorData | null>(null)

  let balancesSequence = 0
  /** Read the balances per coin; on failure the previous balances stay. */
  async function loadBalances(): Promise<void> {
    const mine = ++balancesSequence
    balancesState.value = 'loading'
    balancesError.value = null
    const result = await kassa.owner.balances({})
    if (mine !== balancesSequence) return
    if (!result.ok) {
      balancesError.value = result.error
      balancesState.value = 'error'
      return
    }
    balances.value = result.value
    balancesState.value = 'done'
  }

  let operationsSequence = 0
  /** Read one page of operations with the applied filters; on failure the previous page stays. */
  async function loadPage(page: number, chosen: OperationFilters = applied.value): Promise<void> {
    const mine = ++operationsSequence
    operationsState.value = 'loading'
    operationsError.value = null
    const result = await kassa.owner.operations(operationQuery(chosen, page))
    if (mine !== operationsSequence) return
    if (!result.ok) {
      operationsError.value = result.error
      operationsState.value = 'error'
      return
    }
    applied.value = { ...chosen }
    operations.value = result.value
    operationsState.value = 'done'
  }

  /** Send the typed filters, from the first page. */
  const apply = (): Promise<void> => loadPage(1, { ...filters })
  /** The next page, when there is one. */
  async function next(): Promise<void> {
    const nextPage = operations.value?.nextPage
    if (nextPage) await loadPage(nextPage)
  }
  /** The previous page, when not on the first. */
  async function previous(): Promise<void> {
    const page = operations.value?.page ?? 1
    if (page > 1) await loadPage(page - 1)
  }
  /** Re-read the balances and the page shown. */
  async function refresh(): Promise<void> {
    await Promise.all([loadBalances(), loadPage(operations.value?.page ?? 1)])
  }

  return {
    balances,
    balancesState,
    balancesError,
    filters,
    applied,
    operations,
    operationsState,
    operationsError,
    loadBalances,
    loadPage,
    apply,
    next,
    previous,
    refresh
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOwnerStore, import.meta.hot))
