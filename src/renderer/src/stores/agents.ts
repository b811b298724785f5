import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { AgentRequestView } from '@shared/agents'
import type { KassaErrorData } from '@shared/errors'
import { kassa } from '../api/client'
import { agentRequestsShown } from '../components/agents/shown-count'

/**
 * The requests agents made that wait for a person at the till (`agent:requests`, `agent:request`), for the header's
 * "2 agent requests" chip and its panel. `requests` holds the pending ones plus those decided at this till since
 * the panel last closed (so their outcome stays on screen); a request another till or a timeout moved on leaves
 * the list at once. A failed read keeps the list (before agent access exists main answers `not-configured`).
 */
export const useAgentsStore = defineStore('agents', () => {
  const requests = ref<AgentRequestView[]>([])
  const count = computed(() => requests.value.filter((r) => r.state === 'pending').length)
  /** Ids decided (or being decided) at this till: kept in the list with their outcome until `forget`. */
  const decidedHere = reactive(new Set<string>())
  /** The request a call runs for now (approve or decline), or null. */
  const busy = ref<string | null>(null)
  /** Per request: the last approve/decline refusal (`owner-required` when the PIN was not given). */
  const errors = ref<Record<string, KassaErrorData>>({})
  /** Receipt numbers of the sales asked about (`sale:get`), null while unknown or without one. */
  const receipts = ref<Record<string, string | null>>({})
  /** Claim links of refunds approved here whose request carries none, by request id (from the sale's refunds). */
  const claimLinks = ref<Record<string, string>>({})
  let running: Promise<void> | null = null
  let again = false

  function keep(view: AgentRequestView): boolean {
    return view.state === 'pending' || decidedHere.has(view.id)
  }

  /** Look up the receipt numbers of sales not asked about yet (once each; a failure leaves the short id). */
  function lookUpSales(views: AgentRequestView[]): void {
    for (const id of new Set(views.map((v) => v.saleId))) {
      if (id in receipts.value) continue
      receipts.value[id] = null
      void kassa.sale.get({ saleId: id }).then((result) => {
        if (result.ok) receipts.value[id] = result.value.receiptNumber
      })
    }
  }

  /** An approved refund's claim link, as the refund screen shows it: read from its sale when the request has none. */
  function lookUpClaim(view: AgentRequestView): void {
    const refundId = view.result?.refundId
    if (view.state !== 'approved' || !refundId || view.result?.link || view.id in claimLinks.value) return
    void kassa.sale.get({ saleId: view.saleId }).then((result) => {
      const link = result.ok ? result.value.refunds.find((r) => r.id === refundId)?.claimLink : null
      if (link) claimLinks.value[view.id] = link
    })
  }

  async function read(): Promise<void> {
    const result = await kassa.agent.requests({ filter: 'pending' })
    if (!result.ok) return
    const here = requests.value.filter((r) => r.state !== 'pending' && decidedHere.has(r.id))
    const fresh = result.value.filter((r) => !here.some((h) => h.id === r.id))
    requests.value = [...fresh, ...here].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    lookUpSales(result.value)
  }

  /** Read the pending requests; a call while one runs reads once more after it (never two at once). */
  function load(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await read()
        } while (again)
      } finally {
        running = null
      }
    })()
    return running
  }

  /** An `agent:request` event: a request was made or moved on (here, at another till, or by its expiry). */
  function apply(view: AgentRequestView): void {
    const at = requests.value.findIndex((r) => r.id === view.id)
    if (!keep(view)) {
      if (at >= 0) requests.value.splice(at, 1)
      return
    }
    lookUpClaim(view)
    if (at >= 0) requests.value.splice(at, 1, view)
    else {
      requests.value.push(view)
      lookUpSales([view])
    }
  }

  async function decide(
    requestId: string,
    call: () => Promise<{ ok: true; value: AgentRequestView } | { ok: false; error: KassaErrorData }>
  ): Promise<boolean> {
    busy.value = requestId
    delete errors.value[requestId]
    decidedHere.add(requestId)
    try {
      const result = await call()
      if (!result.ok) {
        // Still pending (PIN cancelled, processor down …): it stays, decidable, with the refusal under it; one no
        // longer pending (`conflict`: decided elsewhere) is read again.
        errors.value[requestId] = result.error
        if (result.error.code === 'conflict') void load()
        return false
      }
      apply(result.value)
      return true
    } finally {
      busy.value = null
    }
  }

  /**
   * Approve a pending request (the till carries it out once). A refund the policy says `needs-owner`, and every
   * payment request, ask for the owner's PIN on the way (the transport's `owner-required` → PIN dialog → retry).
   * @returns whether main accepted the approval (the outcome is then the request's state)
   */
  function approve(requestId: string): Promise<boolean> {
    return decide(requestId, () => kassa.agent.approve({ requestId }))
  }

  /** Decline a pending request, with an optional note for the agent (≤ 200 characters). */
  function decline(requestId: string, note?: string): Promise<boolean> {
    const text = note?.trim()
    return decide(requestId, () =>
      kassa.agent.decline(text ? { requestId, note: text.slice(0, 200) } : { requestId })
    )
  }

  /** The panel closed: drop the outcomes shown there, keep what still waits. */
  function forget(): void {
    decidedHere.clear()
    errors.value = {}
    claimLinks.value = {}
    requests.value = requests.value.filter((r) => r.state === 'pending')
  }

  watch(
    () => requests.value.length,
    (shown) => (agentRequestsShown.value = shown),
    { immediate: true }
  )

  return { requests, count, busy, errors, receipts, claimLinks, load, apply, approve, decline, forget }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAgentsStore, import.meta.hot))
