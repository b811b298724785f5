import type { AgentRequestView } from '@shared/agents'
import type { RefundView } from '@shared/contract'
import { KassaError, type KassaErrorData } from '@shared/errors'
import type { RecoveryItemView } from '@shared/recovery'
import { inTransaction } from '../ledger/database'
import type { AuditActor, Ledger } from '../ledger/ledger'
import type { Logger } from '../log/logger'
import { ProcessorError } from '../processors/errors'
import type { CreateRefundInput } from '../refunds/refund-service'
import type { WithdrawInput } from '../refunds/strategies/withdrawal'
import { redactSecrets } from '../secrets/redact'
import type { AgentClient } from './agent-access'
import { AgentRequestStore, type AgentRequestRecord, type StoredAsk } from './agent-request-store'
import { newRequestId } from './agent-tokens'
import type { PreviewedRefund } from './refund-ask'

/** A pending request expires this long after it was made: 24 h, in ms. */
export const AGENT_REQUEST_TTL_MS = 86_400_000

/** What carrying a request out needs of the core. */
export interface ApprovalDeps {
  ledger: Ledger
  /** ms since the epoch. */
  now(): number
  log: Logger
  /** Every change of a request, for the till (`agent:request`). */
  emit(view: AgentRequestView): void
  /** `refund:create` and `refund:withdraw` as the till makes them, with the approving caller's owner session. */
  createRefund(input: CreateRefundInput, ownerSession: string | null): Promise<RefundView>
  withdrawRefund(input: WithdrawInput, ownerSession: string | null): Promise<RefundView>
  /** `recovery:request`: a payment request for what is due on a Recovery item. */
  requestPayment(itemId: string): Promise<RecoveryItemView>
  /** The owner gate's rule (`RefundServiceDeps.ownerApproval`): `owner`, `no-pin`, or null (ask for the PIN). */
  ownerApproval(ownerSession: string | null): 'owner' | 'no-pin' | null
}

type Settled = AgentRequestView['state']
const OPEN: readonly Settled[] = ['pending', 'approving']
/** The longest delay `setTimeout` takes (ms). */
const MAX_TIMER_MS = 2_147_483_647

/** The idempotency key a request's refund is made with: the same for every attempt, so it is made once. */
export function refundKeyOf(requestId: string): string {
  return `agent-${requestId}`
}

/**
 * Requests agents made that wait for a person (`agent_requests`), and carrying them out exactly once.
 *
 * A request is stored `pending` (nothing sent). Approving moves it `pending` → `approving` in one UPDATE that checks
 * the state, so of two approvals (or an approval and a decline) racing, exactly one wins; the owner's session is
 * checked before that move when the refund policy's triage needs the owner (always for a payment request, once a
 * PIN is set), so a refused approval changes nothing. It is then carried out through the refund service with an
 * idempotency key derived from the request id (`refundKeyOf`): a retry or a restart returns the same refund. A
 * request left `approving` by a crash is carried on at `start`; one the processor could not be asked about is
 * tried again by the timer. Pending requests expire after 24 h (checked at every read and every minute).
 * Every change is audited and told (`emit`, `onChange`).
 */
export class AgentApprovals {
  readonly store: AgentRequestStore
  private readonly listeners = new Set<(view: AgentRequestView) => void>()
  private readonly inFlight = new Map<string, Promise<AgentRequestView>>()
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly deps: ApprovalDeps) {
    this.store = new AgentRequestStore(deps.ledger.database)
  }

  /**
   * Keep a previewed refund ask as a pending request. Audited `agent.requested` (actor `agent`).
   * @throws KassaError `conflict` (`reason: 'already-pending'`, `requestId`) while the sale has an open refund request
   */
  addRefund(client: AgentClient, previewed: PreviewedRefund): AgentRequestView {
    const open = this.store.openFor('refund', previewed.ask.saleId, null)
    if (open) {
      throw new KassaError('conflict', 'A refund of this sale already waits for a person', {
        reason: 'already-pending',
        requestId: open
      })
    }
    return this.add(client, {
      kind: 'refund',
      saleId: previewed.ask.saleId,
      itemId: null,
      amount: previewed.amount,
      currency: previewed.currency,
      ask: previewed.ask,
      triage: previewed.triage
    })
  }

  /** Keep a payment request above the limit as pending; an open one for the item is returned instead. */
  addPayment(client: AgentClient, item: RecoveryItemView): AgentRequestView {
    const open = this.store.openFor('payment-request', item.saleId, item.id)
    if (open) return this.store.view(open) as AgentRequestView
    return this.add(client, {
      kind: 'payment-request',
      saleId: item.saleId,
      itemId: item.id,
      amount: item.due,
      currency: item.currency,
      ask: { kind: 'payment-request', itemId: item.id, reason: null },
      triage: null
    })
  }

  /**
   * Approve a pending request and carry it out once.
   * @param ownerSession the approving caller's (the owner gate's rule decides whether it is the owner)
   * @returns the request after carrying it out: `approved` with `result`, or `failed` with `error` (the processor or
   *   the policy refused it)
   * @throws KassaError `not-found`; `conflict` (`reason: 'not-pending'`, `state`) when it is no longer pending (a
   *   second approval, a decline first, expired); `owner-required` (`call: 'agent:approve'`) when the owner's PIN is
   *   needed and missing — nothing changed; a processor that cannot be asked now (retryable) or an owner approval
   *   the refund needs only now: the request is back to `pending` and the error thrown
   */
  async approve(requestId: string, ownerSession: string | null): Promise<AgentRequestView> {
    const request = this.requirePending(requestId)
    const approval = this.approval(request, ownerSession)
    const decidedBy = approval === 'owner' ? 'owner' : 'cashier'
    const moved = inTransaction(this.deps.ledger.database, () => {
      const done = this.store.move(requestId, ['pending'], 'approving', { decidedAt: this.iso(), decidedBy })
      if (done) this.audit(decidedBy, 'agent.approved', request, { approvedBy: approval ?? 'cashier' })
      return done
    })
    if (!moved) throw this.notPending(requestId)
    this.changed(requestId)
    return this.carry(requestId, ownerSession, true)
  }

  /**
   * Decline a pending request; the agent's tool result says so, with `note`. Audited `agent.declined`.
   * @throws KassaError `not-found`; `conflict` (`reason: 'not-pending'`) when it is no longer pending
   */
  decline(requestId: string, note: string | undefined, ownerSession: string | null): AgentRequestView {
    const request = this.requirePending(requestId)
    // Only to say who declined: declining needs nobody's PIN (nothing moves).
    const decidedBy =
      ownerSession !== null && this.deps.ownerApproval(ownerSession) === 'owner' ? 'owner' : 'cashier'
    const said = note?.trim() || null
    const text = said ? `Declined at the till: ${said}` : 'Declined at the till'
    const moved = inTransaction(this.deps.ledger.database, () => {
      const done = this.store.move(requestId, ['pending'], 'declined', {
        decidedAt: this.iso(),
        decidedBy,
        error: {
          code: 'conflict',
          message: text,
          params: { reason: 'declined', ...(said && { note: said }) }
        }
      })
      if (done) this.audit(decidedBy, 'agent.declined', request, { note: said })
      return done
    })
    if (!moved) throw this.notPending(requestId)
    return this.changed(requestId)
  }

  /**
   * Decline every pending request of a revoked client; runs inside the revocation's transaction. The views are told
   * by `announce` once it committed.
   * @returns the requests declined
   */
  declineAllOf(clientId: string): string[] {
    const ids = this.store.pendingOf(clientId)
    for (const id of ids) {
      const request = this.store.get(id)
      const moved = this.store.move(id, ['pending'], 'declined', {
        decidedAt: this.iso(),
        decidedBy: 'owner',
        error: {
          code: 'conflict',
          message: 'Declined: the agent client was revoked',
          params: { reason: 'client-revoked' }
        }
      })
      if (moved && request) this.audit('owner', 'agent.declined', request, { because: 'client-revoked' })
    }
    return ids
  }

  /** Tell the till and waiting agents about requests changed in a transaction that committed. */
  announce(ids: readonly string[]): void {
    for (const id of ids) this.changed(id)
  }

  /** Pending requests (oldest first), or the last 100 of every state (newest first). Expires what is due first. */
  list(filter: 'pending' | 'all'): AgentRequestView[] {
    this.expireDue()
    return this.store.list(filter, filter === 'pending' ? 500 : 100)
  }

  /** A request `clientId` made, or null (unknown, or another client's). */
  requestOf(clientId: string, requestId: string): AgentRequestView | null {
    this.expireDue()
    const view = this.store.view(requestId)
    return view && view.clientId === clientId ? view : null
  }

  /**
   * Resolve with the request once it leaves `pending`/`approving`, or as it is after `timeoutMs` or when `signal`
   * aborts (the request itself goes on). Listens to this service's own changes; does not poll.
   * @throws KassaError `not-found` for an unknown id
   */
  waitForDecision(requestId: string, timeoutMs: number, signal?: AbortSignal): Promise<AgentRequestView> {
    this.expireDue()
    const first = this.store.view(requestId)
    if (!first) throw new KassaError('not-found', `No agent request ${requestId}`, { id: requestId })
    if (!OPEN.includes(first.state) || signal?.aborted) return Promise.resolve(first)
    return new Promise((resolve) => {
      // Every listener and timer below fires later than this function body, so `finish` sees them all set.
      const finish = (): void => {
        clearTimeout(timeout)
        clearTimeout(expiry)
        unsubscribe()
        signal?.removeEventListener('abort', finish)
        resolve(this.store.view(requestId) as AgentRequestView)
      }
      const unsubscribe = this.onChange((view) => {
        if (view.id === requestId && !OPEN.includes(view.state)) finish()
      })
      const timeout = setTimeout(finish, Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS))
      // Its expiry may come first: expire it then (the change above ends the wait).
      const untilExpiry = Math.max(0, Date.parse(first.expiresAt) - this.deps.now())
      const expiry = setTimeout(() => this.expireDue(), Math.min(untilExpiry + 1, MAX_TIMER_MS))
      signal?.addEventListener('abort', finish, { once: true })
    })
  }

  /** Run `listener` with every changed request. @returns unsubscribe */
  onChange(listener: (view: AgentRequestView) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Expire pending requests whose 24 h ran out (audited `agent.expired`, told). */
  expireDue(): void {
    const at = this.iso()
    const ids = this.store.expiredBy(at)
    if (!ids.length) return
    const expired = inTransaction(this.deps.ledger.database, () =>
      ids.filter((id) => {
        const request = this.store.get(id)
        const moved = this.store.move(id, ['pending'], 'expired', {
          decidedAt: at,
          error: {
            code: 'conflict',
            message: 'Nobody at the till decided within 24 hours',
            params: { reason: 'expired' }
          }
        })
        if (moved && request) this.audit('system', 'agent.expired', request, {})
        return moved
      })
    )
    this.announce(expired)
  }

  /**
   * Carry on requests left `approving` (a crash, a processor that could not be asked), then every `everyMs`
   * expire what is due and try those again.
   */
  start(everyMs = 60_000): void {
    this.tick()
    this.timer ??= setInterval(() => this.tick(), everyMs)
    this.timer.unref?.()
  }

  /** Stop the timer and wait for requests being carried out. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await Promise.allSettled([...this.inFlight.values()])
  }

  private tick(): void {
    try {
      this.expireDue()
      for (const id of this.store.approving()) void this.carry(id, null, false).catch(() => undefined)
    } catch (error) {
      this.deps.log.error({ err: error }, 'agent requests could not be checked')
    }
  }

  private add(
    client: AgentClient,
    fields: Pick<AgentRequestRecord, 'kind' | 'saleId' | 'itemId' | 'amount' | 'currency' | 'ask' | 'triage'>
  ): AgentRequestView {
    const now = this.deps.now()
    const record: AgentRequestRecord = {
      id: newRequestId(),
      state: 'pending',
      clientId: client.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + AGENT_REQUEST_TTL_MS).toISOString(),
      decidedAt: null,
      decidedBy: null,
      result: null,
      error: null,
      ...fields
    }
    inTransaction(this.deps.ledger.database, () => {
      this.store.insert(record)
      this.audit('agent', 'agent.requested', record, {
        clientId: client.id,
        clientName: client.name,
        amount: record.amount,
        currency: record.currency,
        decision: record.triage?.decision ?? null
      })
    })
    return this.changed(record.id)
  }

  /**
   * Carry out an `approving` request once (one attempt in flight per request). `approving`: the caller waits and
   * hears the errors the brief says it should; resumed by the timer or at start, nobody waits.
   */
  private carry(
    requestId: string,
    ownerSession: string | null,
    approving: boolean
  ): Promise<AgentRequestView> {
    const running = this.inFlight.get(requestId)
    if (running) return running
    const attempt = this.attempt(requestId, ownerSession, approving).finally(() =>
      this.inFlight.delete(requestId)
    )
    this.inFlight.set(requestId, attempt)
    return attempt
  }

  private async attempt(
    requestId: string,
    ownerSession: string | null,
    approving: boolean
  ): Promise<AgentRequestView> {
    const request = this.store.get(requestId)
    if (!request || request.state !== 'approving') return this.store.view(requestId) as AgentRequestView
    let result: AgentRequestView['result']
    try {
      result = await this.carryOut(request.id, request.ask, ownerSession)
    } catch (error) {
      return this.carryFailed(request, error, approving)
    }
    inTransaction(this.deps.ledger.database, () => {
      if (this.store.move(requestId, ['approving'], 'approved', { result, error: null })) {
        this.audit('system', 'agent.carried-out', request, { ...result })
      }
    })
    return this.changed(requestId)
  }

  /** Make what the request asked for: the refund (with its idempotency key) or the payment request. */
  private async carryOut(
    requestId: string,
    ask: StoredAsk,
    ownerSession: string | null
  ): Promise<NonNullable<AgentRequestView['result']>> {
    const idempotencyKey = refundKeyOf(requestId)
    if (ask.kind === 'pull-payment') {
      const refund = await this.deps.createRefund(
        {
          saleId: ask.saleId,
          variant: ask.variant,
          ...(ask.subtractPercentage !== undefined && { subtractPercentage: ask.subtractPercentage }),
          ...(ask.customAmount !== undefined && { customAmount: ask.customAmount }),
          ...(ask.customCurrency !== undefined && { customCurrency: ask.customCurrency }),
          ...(ask.reason && { reason: ask.reason }),
          idempotencyKey
        },
        ownerSession
      )
      return { refundId: refund.id }
    }
    if (ask.kind === 'withdrawal') {
      const refund = await this.deps.withdrawRefund(
        {
          saleId: ask.saleId,
          address: ask.address,
          amount: ask.amount,
          ...(ask.reason && { reason: ask.reason }),
          idempotencyKey
        },
        ownerSession
      )
      return { refundId: refund.id }
    }
    const item = await this.deps.requestPayment(ask.itemId)
    const made = item.paymentRequest
    return {
      ...(made && { paymentRequestId: made.id ?? made.orderId }),
      ...(made?.link && { link: made.link })
    }
  }

  /**
   * An attempt that threw. Nothing was made when the refund service or the processor refused (`failed`, with the
   * error); when the owner's PIN turned out to be needed, or the processor could not be asked now, the request
   * goes back to `pending` for the approver (thrown to them) — resumed without anyone waiting, a retryable failure
   * stays `approving` for the next tick and an owner requirement goes back to `pending`.
   */
  private carryFailed(request: AgentRequestRecord, error: unknown, approving: boolean): AgentRequestView {
    const ownerNeeded = error instanceof KassaError && error.code === 'owner-required'
    const retryable = error instanceof ProcessorError && error.retryable
    if (retryable && !approving) {
      this.deps.log.warn(
        { err: error, requestId: request.id },
        'an approved agent request waits for its processor'
      )
      return this.store.view(request.id) as AgentRequestView
    }
    if (ownerNeeded || retryable) {
      inTransaction(this.deps.ledger.database, () => {
        if (this.store.move(request.id, ['approving'], 'pending', { decidedAt: null, decidedBy: null })) {
          this.audit('system', 'agent.back-to-pending', request, { error: errorData(error) })
        }
      })
      this.changed(request.id)
      if (approving) throw error
      return this.store.view(request.id) as AgentRequestView
    }
    if (!(error instanceof KassaError)) {
      this.deps.log.error({ err: error, requestId: request.id }, 'an approved agent request failed')
    }
    const data = errorData(error)
    inTransaction(this.deps.ledger.database, () => {
      if (this.store.move(request.id, ['approving'], 'failed', { error: data })) {
        this.audit('system', 'agent.failed', request, { error: data })
      }
    })
    return this.changed(request.id)
  }

  /** Who may approve: the owner's session when the policy's triage needs the owner, or for a payment request. */
  private approval(request: AgentRequestRecord, ownerSession: string | null): 'owner' | 'no-pin' | null {
    const approval = this.deps.ownerApproval(ownerSession)
    if (request.kind === 'payment-request' && approval === null) {
      throw new KassaError('owner-required', "A payment request an agent asked for needs the owner's PIN", {
        reason: 'agent-payment-request',
        call: 'agent:approve'
      })
    }
    const triage = request.triage
    if (triage?.decision === 'needs-owner' && approval === null) {
      throw new KassaError('owner-required', "The refund policy needs the owner's PIN for this refund", {
        ...triage.values,
        reason: `policy-${triage.rule ?? 'unknown'}`,
        call: 'agent:approve'
      })
    }
    return approval
  }

  private requirePending(requestId: string): AgentRequestRecord {
    this.expireDue()
    const request = this.store.get(requestId)
    if (!request) throw new KassaError('not-found', `No agent request ${requestId}`, { id: requestId })
    if (request.state !== 'pending') throw this.notPending(requestId)
    return request
  }

  private notPending(requestId: string): KassaError {
    const state = this.store.get(requestId)?.state ?? 'gone'
    return new KassaError('conflict', `This request is ${state} already`, { reason: 'not-pending', state })
  }

  private audit(
    actor: AuditActor,
    action: string,
    request: Pick<AgentRequestRecord, 'id' | 'kind' | 'saleId' | 'itemId'>,
    details: Record<string, unknown>
  ): void {
    this.deps.ledger.audit(actor, action, request.saleId, {
      requestId: request.id,
      kind: request.kind,
      ...(request.itemId && { itemId: request.itemId }),
      ...details
    })
  }

  /** The request as it is now, told to the till and to waiting agents. */
  private changed(requestId: string): AgentRequestView {
    const view = this.store.view(requestId) as AgentRequestView
    this.deps.emit(view)
    for (const listener of this.listeners) {
      try {
        listener(view)
      } catch (error) {
        this.deps.log.error({ err: error }, 'an agent request listener failed')
      }
    }
    return view
  }

  private iso(): string {
    return new Date(this.deps.now()).toISOString()
  }
}

/** An error as a request keeps it: a `KassaError`'s code, message and params (redacted), else `internal`. */
function errorData(error: unknown): KassaErrorData {
  if (error instanceof KassaError) {
    return {
      code: error.code,
      message: redactSecrets(error.message),
      ...(error.params && {
        params: Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, redactSecrets(v)]))
      })
    }
  }
  return { code: 'internal', message: 'Something went wrong in the till; it has been logged' }
}
