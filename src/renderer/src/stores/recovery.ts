import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { KassaErrorData, Result } from '@shared/contract'
import type { RecoveryDetailView, RecoveryFilter, RecoveryItemView, RecoveryRateView } from '@shared/recovery'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

/** Items per page of the queue (`recovery:list` takes 1–200). */
export const RECOVERY_PAGE = 50
/** Days the recovery rate looks back over. */
export const RECOVERY_RATE_DAYS = 30
/** Quiet time after the last `recovery:updated` before the list (and its rate) is read again. */
export const RECOVERY_REFRESH_MS = 400

/** An action on the selected item under way. */
export type RecoveryAction = 'request' | 'refresh' | 'simulate' | 'abandon'

/**
 * The owner's Recovery screen: the queue of failed charges (a filter, pages by cursor), the recovery rate, the
 * selected item with its context, and what can be done with it (payment link, check, the Demo's payment, abandon).
 * Talks only through `kassa.recovery.*` and `kassa.demo.simulateRequest`; while `follow` runs, `recovery:updated`
 * moves an item at once and reads the list and the selected item again once events are quiet.
 */
export const useRecoveryStore = defineStore('recovery', () => {
  const filter = ref<RecoveryFilter>('active')
  const items = ref<RecoveryItemView[]>([])
  const rate = ref<RecoveryRateView | null>(null)
  const nextCursor = ref<string | null>(null)
  const listState = ref<AsyncState>('idle')
  const listError = ref<KassaErrorData | null>(null)
  const moreState = ref<AsyncState>('idle')

  const selectedId = ref<string | null>(null)
  const detail = ref<RecoveryDetailView | null>(null)
  const detailState = ref<AsyncState>('idle')
  const detailError = ref<KassaErrorData | null>(null)

  const busy = ref<RecoveryAction | null>(null)
  const actionError = ref<KassaErrorData | null>(null)

  let listSequence = 0
  /**
   * Read the first page of the queue under `filter` (at least as many items as are shown, so a refresh does not
   * take away pages the owner loaded). A failure keeps what is shown.
   */
  async function load(): Promise<void> {
    const mine = ++listSequence
    listState.value = 'loading'
    const limit = Math.min(200, Math.max(RECOVERY_PAGE, items.value.length))
    const result = await kassa.recovery.list({ filter: filter.value, limit, days: RECOVERY_RATE_DAYS })
    if (mine !== listSequence) return
    if (!result.ok) {
      listError.value = result.error
      listState.value = 'error'
      return
    }
    listError.value = null
    items.value = result.value.items
    rate.value = result.value.rate
    nextCursor.value = result.value.nextCursor
    listState.value = 'done'
  }

  /** Read the next page after the cursor and add it below. */
  async function loadMore(): Promise<void> {
    const before = nextCursor.value
    if (!before || moreState.value === 'loading') return
    const mine = listSequence
    moreState.value = 'loading'
    const result = await kassa.recovery.list({
      filter: filter.value,
      before,
      limit: RECOVERY_PAGE,
      days: RECOVERY_RATE_DAYS
    })
    if (mine !== listSequence) return void (moreState.value = 'idle')
    if (!result.ok) {
      listError.value = result.error
      moreState.value = 'error'
      return
    }
    const known = new Set(items.value.map((item) => item.id))
    items.value = [...items.value, ...result.value.items.filter((item) => !known.has(item.id))]
    rate.value = result.value.rate
    nextCursor.value = result.value.nextCursor
    moreState.value = 'done'
  }

  /** Show another part of the queue (from its first page). */
  async function setFilter(next: RecoveryFilter): Promise<void> {
    if (next === filter.value && listState.value !== 'error') return
    filter.value = next
    items.value = []
    nextCursor.value = null
    await load()
  }

  let detailSequence = 0
  /** Open an item with its context (`recovery:get`); null closes the detail. */
  async function select(itemId: string | null): Promise<void> {
    const mine = ++detailSequence
    actionError.value = null
    if (selectedId.value !== itemId) detail.value = null
    selectedId.value = itemId
    if (!itemId) return
    detailState.value = 'loading'
    const result = await kassa.recovery.get({ itemId })
    if (mine !== detailSequence) return
    if (!result.ok) {
      detailError.value = result.error
      detailState.value = 'error'
      return
    }
    detailError.value = null
    detail.value = result.value
    detailState.value = 'done'
  }

  /** Read the selected item again (its messages, its request's state). */
  function reloadDetail(): Promise<void> {
    return select(selectedId.value)
  }

  /** An item as main now has it: in the list and in the detail at once (the detail's context is kept). */
  function take(item: RecoveryItemView): void {
    items.value = items.value.map((shown) => (shown.id === item.id ? item : shown))
    if (detail.value?.id === item.id) detail.value = { ...detail.value, ...item }
  }

  /** Run one action on the selected item; its answer is taken, its failure lands in `actionError`. */
  async function act(
    action: RecoveryAction,
    call: (itemId: string) => Promise<Result<RecoveryItemView>>
  ): Promise<boolean> {
    const itemId = selectedId.value
    if (!itemId || busy.value) return false
    busy.value = action
    actionError.value = null
    try {
      const result = await call(itemId)
      if (!result.ok) {
        actionError.value = result.error
        return false
      }
      take(result.value)
      scheduleRefresh()
      return true
    } finally {
      busy.value = null
    }
  }

  /** Make a payment request for exactly what is still due (a live one comes back as is). */
  const request = (): Promise<boolean> => act('request', (itemId) => kassa.recovery.request({ itemId }))
  /** Ask the processor about the item's payment request now (paid → recovered). */
  const refresh = (): Promise<boolean> => act('refresh', (itemId) => kassa.recovery.refresh({ itemId }))
  /** Demo only: the customer pays the open payment request in full. */
  const simulatePaid = (): Promise<boolean> =>
    act('simulate', (itemId) => kassa.demo.simulateRequest({ itemId }))
  /** Give up on the item, with the owner's note (blank = none). */
  const abandon = (note: string): Promise<boolean> =>
    act('abandon', (itemId) =>
      kassa.recovery.abandon(note.trim() ? { itemId, note: note.trim() } : { itemId })
    )

  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  /** Read the list and the selected item again once changes are quiet for `RECOVERY_REFRESH_MS`. */
  function scheduleRefresh(): void {
    clearTimeout(refreshTimer)
    refreshTimer = setTimeout(() => {
      void load()
      if (selectedId.value) void reloadDetail()
    }, RECOVERY_REFRESH_MS)
  }

  /** Keep the screen current while `signal` is not aborted: each `recovery:updated` moves its item. */
  function follow(signal: AbortSignal): void {
    kassa.on(
      'recovery:updated',
      (item) => {
        if (signal.aborted) return
        take(item)
        scheduleRefresh()
      },
      signal
    )
    signal.addEventListener('abort', () => clearTimeout(refreshTimer), { once: true })
  }

  return {
    filter,
    items,
    rate,
    nextCursor,
    listState,
    listError,
    moreState,
    selectedId,
    detail,
    detailState,
    detailError,
    busy,
    actionError,
    load,
    loadMore,
    setFilter,
    select,
    reloadDetail,
    take,
    request,
    refresh,
    simulatePaid,
    abandon,
    follow
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRecoveryStore, import.meta.hot))
