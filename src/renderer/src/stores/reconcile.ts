import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Events, KassaErrorData, Result } from '@shared/contract'
import type { BusinessDayId, DifferenceKind, DifferenceView, ReconcileRunView } from '@shared/day'
import type { ProcessorId } from '@shared/invoice'
import { kassa } from '../api/client'
import type { AsyncState } from './async-state'

/** How often a running reconciliation is read again besides its `reconcile:progress` events (a missed event). */
export const RECONCILE_POLL_MS = 1500

/** The kinds of difference in the order the panel lists them. */
export const DIFFERENCE_KINDS: readonly DifferenceKind[] = [
  'missing-in-kassa',
  'missing-at-processor',
  'status-differs',
  'amount-differs'
]

/** The differences of one kind, for the panel's groups. */
export interface DifferenceGroup {
  kind: DifferenceKind
  differences: DifferenceView[]
}

/** A `reconcile:progress` event. */
export type ReconcileProgress = Events['reconcile:progress']

/** The differences grouped by kind in `DIFFERENCE_KINDS` order; empty kinds left out. */
export function groupDifferences(differences: readonly DifferenceView[]): DifferenceGroup[] {
  return DIFFERENCE_KINDS.map((kind) => ({
    kind,
    differences: differences.filter((d) => d.kind === kind)
  })).filter((group) => group.differences.length > 0)
}

/**
 * A reconciliation of the owner's ledger against one processor's own invoices: start, progress (from
 * `reconcile:progress` events while `follow` runs, and a read every `RECONCILE_POLL_MS` in case one is missed),
 * cancel, then act on each difference (import, re-check, mark reviewed with a note). One run at a time.
 */
export const useReconcileStore = defineStore('reconcile', () => {
  const run = ref<ReconcileRunView | null>(null)
  const state = ref<AsyncState>('idle')
  const error = ref<KassaErrorData | null>(null)
  /** The difference whose action is under way (its key), and the last failed action per difference key. */
  const busyKey = ref<string | null>(null)
  const differenceErrors = ref<Record<string, KassaErrorData>>({})

  const running = computed(() => run.value?.state === 'running')
  const groups = computed(() => groupDifferences(run.value?.differences ?? []))
  /** Share of the pages read, 0–1, when the processor told how many there are; null otherwise. */
  const fraction = computed<number | null>(() => {
    const progress = run.value?.progress
    if (!progress?.estimatedPages) return null
    return Math.min(1, progress.pages / progress.estimatedPages)
  })

  /** Progress events that came before `reconcile:start` answered with their run's id. */
  const early = new Map<string, ReconcileProgress>()
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  /** Panels following the run (`follow`); without one nothing is polled. */
  let followers = 0

  /**
   * Take a progress event: it moves the run on (never back: an older event after a newer read is ignored); when it
   * says the run ended, the run is read once more for its differences.
   */
  function applyProgress(event: ReconcileProgress): void {
    const current = run.value
    if (!current || current.id !== event.id) {
      if (!current || state.value === 'loading') early.set(event.id, event)
      return
    }
    if (current.state !== 'running') return
    const older =
      event.progress.requests < current.progress.requests || event.progress.pages < current.progress.pages
    if (older && event.state === 'running') return
    run.value = { ...current, state: event.state, progress: { ...event.progress } }
    if (event.state !== 'running') void refresh()
  }

  /** Take a run as main answered it, with any progress that came early, and keep reading it while it runs. */
  function take(value: ReconcileRunView): void {
    run.value = value
    const pending = early.get(value.id)
    early.clear()
    if (pending) applyProgress(pending)
    schedulePoll()
  }

  function schedulePoll(): void {
    clearTimeout(pollTimer)
    if (followers === 0 || run.value?.state !== 'running') return
    pollTimer = setTimeout(() => void refresh(), RECONCILE_POLL_MS)
  }

  /**
   * Start reconciling `processor` over the business days [fromDay, toDay].
   * @returns true when main started it (`run` then shows its progress)
   */
  async function start(
    processor: ProcessorId,
    fromDay: BusinessDayId,
    toDay: BusinessDayId
  ): Promise<boolean> {
    state.value = 'loading'
    error.value = null
    differenceErrors.value = {}
    run.value = null
    const result = await kassa.reconcile.start({ processor, fromDay, toDay })
    if (!result.ok) {
      error.value = result.error
      state.value = 'error'
      early.clear()
      return false
    }
    state.value = 'done'
    take(result.value)
    return true
  }

  /** Read the run again (its differences once it ended). A failure keeps the run shown. */
  async function refresh(): Promise<void> {
    const current = run.value
    if (!current) return
    const result = await kassa.reconcile.get({ runId: current.id })
    if (run.value?.id !== current.id) return
    if (!result.ok) {
      error.value = result.error
      schedulePoll()
      return
    }
    take(result.value)
  }

  /** Stop the running reconciliation; what was compared so far stays shown. */
  async function cancel(): Promise<void> {
    const current = run.value
    if (!current || current.state !== 'running') return
    error.value = null
    const result = await kassa.reconcile.cancel({ runId: current.id })
    if (run.value?.id !== current.id) return
    if (!result.ok) {
      error.value = result.error
      return
    }
    take(result.value)
  }

  /** Run an action on one difference; its failure shows next to it. */
  async function act<T>(key: string, call: () => Promise<Result<T>>): Promise<T | null> {
    busyKey.value = key
    delete differenceErrors.value[key]
    try {
      const result = await call()
      if (!result.ok) {
        differenceErrors.value[key] = result.error
        return null
      }
      return result.value
    } finally {
      if (busyKey.value === key) busyKey.value = null
    }
  }

  /** Mark a difference reviewed with the owner's note (trimmed; main refuses an empty one). */
  async function review(key: string, note: string): Promise<boolean> {
    const runId = run.value?.id
    if (!runId) return false
    const reviewed = await act(key, () => kassa.reconcile.review({ runId, key, note: note.trim() }))
    if (!reviewed || run.value?.id !== runId) return false
    run.value = {
      ...run.value,
      differences: run.value.differences.map((d) => (d.key === reviewed.key ? reviewed : d))
    }
    return true
  }

  /** Read a difference's invoice from the processor again and compare once more. */
  async function recheck(key: string): Promise<boolean> {
    const runId = run.value?.id
    if (!runId) return false
    const value = await act(key, () => kassa.reconcile.recheck({ runId, key }))
    if (value && run.value?.id === runId) take(value)
    return value !== null
  }

  /** Import an invoice made outside Kassa into the ledger, so the day close counts it. */
  async function importInvoice(key: string): Promise<boolean> {
    const runId = run.value?.id
    if (!runId) return false
    const value = await act(key, () => kassa.reconcile.import({ runId, key }))
    if (value && run.value?.id === runId) take(value)
    return value !== null
  }

  /** Listen to `reconcile:progress` until `signal` aborts (the panel's lifetime); the polling stops with it. */
  function follow(signal: AbortSignal): void {
    kassa.on('reconcile:progress', applyProgress, signal)
    followers += 1
    signal.addEventListener(
      'abort',
      () => {
        followers -= 1
        if (followers === 0) clearTimeout(pollTimer)
      },
      { once: true }
    )
    schedulePoll()
  }

  return {
    run,
    state,
    error,
    busyKey,
    differenceErrors,
    running,
    groups,
    fraction,
    applyProgress,
    start,
    refresh,
    cancel,
    review,
    recheck,
    importInvoice,
    follow
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useReconcileStore, import.meta.hot))
