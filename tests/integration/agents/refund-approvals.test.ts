import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AgentRequestView } from '@shared/agents'
import { KassaError } from '@shared/errors'
import { RefundBook } from '../../../src/main/ledger/refund-book'
import { ProcessorError } from '../../../src/main/processors/errors'
import { agentHarness, PIN, type AgentHarness } from './agent-fixture'

let h: AgentHarness
beforeEach(async () => {
  h = await agentHarness()
})
afterEach(async () => {
  await h.close()
})

const access = () => h.core.agentTools.access
const refundsOf = (saleId: string) => new RefundBook(h.core.ledger.database).forSale(saleId)
/** `agent:request` events the till heard, by request id and state. */
function heard(): { id: string; state: string }[] {
  const seen: { id: string; state: string }[] = []
  h.core.events.subscribe((name, payload) => {
    if (name === 'agent:request') {
      const view = payload as AgentRequestView
      seen.push({ id: view.id, state: view.state })
    }
  })
  return seen
}
async function rejection(promise: Promise<unknown>): Promise<KassaError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof KassaError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('a refund an agent asks for waits for a person', () => {
  it('pending until approved through the contract, then reaches the Demo exactly once', async () => {
    const events = heard()
    const { client } = await h.client()
    const sale = await h.paidSale('80.00')
    const asked = await access().requestRefund(client, {
      saleId: sale.id,
      variant: 'Fiat',
      reason: 'Wrong size'
    })
    expect(asked).toMatchObject({
      kind: 'refund',
      state: 'pending',
      clientId: client.id,
      clientName: 'Claude Desktop',
      saleId: sale.id,
      itemId: null,
      amount: '80.00',
      currency: 'USD',
      variant: 'Fiat',
      subtractPercentage: '0',
      reason: 'Wrong size',
      triage: { decision: 'allowed', rule: null },
      decidedAt: null,
      result: null,
      error: null
    })
    expect(asked.id).toMatch(/^agr_[0-9a-f]{32}$/)
    expect(Date.parse(asked.expiresAt) - Date.parse(asked.createdAt)).toBe(86_400_000)
    expect(h.pullCreates()).toBe(0)
    expect(refundsOf(sale.id)).toEqual([])
    expect(await h.ok<AgentRequestView[]>('agent:requests', {})).toEqual([asked])

    const waiting = access().waitForDecision(asked.id, 10_000)
    const approved = await h.ok<AgentRequestView>('agent:approve', { requestId: asked.id })
    expect(approved).toMatchObject({ state: 'approved', decidedBy: 'cashier', error: null })
    const refundId = approved.result?.refundId
    expect(refundId).toMatch(/^rfd_/)
    expect(h.pullCreates()).toBe(1)
    expect(refundsOf(sale.id).map((r) => r.id)).toEqual([refundId])
    expect(await waiting).toMatchObject({ id: asked.id, state: 'approved', result: { refundId } })
    expect(access().request(client, asked.id)?.state).toBe('approved')
    expect(events.filter((e) => e.id === asked.id).map((e) => e.state)).toEqual([
      'pending',
      'approving',
      'approved'
    ])
    expect(await h.ok<AgentRequestView[]>('agent:requests', {})).toEqual([])
    expect(await h.ok<AgentRequestView[]>('agent:requests', { filter: 'all' })).toHaveLength(1)
    const audit = h.core.ledger.auditFor(sale.id).filter((a) => a.action.startsWith('agent.'))
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['agent', 'agent.requested'],
      ['cashier', 'agent.approved'],
      ['system', 'agent.carried-out']
    ])
  })

  it('of two approvals racing, or an approval and a decline, exactly one wins', async () => {
    const { client } = await h.client()
    const first = await access().requestRefund(client, {
      saleId: (await h.paidSale()).id,
      variant: 'Fiat',
      reason: 'x'
    })
    const both = await Promise.all([
      h.send('agent:approve', { requestId: first.id }),
      h.send('agent:approve', { requestId: first.id })
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    expect(both.find((r) => !r.ok)).toMatchObject({
      error: { code: 'conflict', params: { reason: 'not-pending' } }
    })
    expect(h.pullCreates()).toBe(1)

    const second = await access().requestRefund(client, {
      saleId: (await h.paidSale()).id,
      variant: 'Fiat',
      reason: 'x'
    })
    const race = await Promise.all([
      h.send('agent:approve', { requestId: second.id }),
      h.send('agent:decline', { requestId: second.id, note: 'No' })
    ])
    expect(race.filter((r) => r.ok)).toHaveLength(1)
    const final = access().request(client, second.id)
    expect(['approved', 'declined']).toContain(final?.state)
    expect(h.pullCreates()).toBe(final?.state === 'approved' ? 2 : 1)
  })

  it('a declined refund never reaches the processor, and the agent hears why', async () => {
    const { client } = await h.client()
    const sale = await h.paidSale()
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'RateThen', reason: 'x' })
    const waiting = access().waitForDecision(asked.id, 10_000)
    const declined = await h.ok<AgentRequestView>('agent:decline', {
      requestId: asked.id,
      note: 'Customer took store credit'
    })
    expect(declined).toMatchObject({
      state: 'declined',
      decidedBy: 'cashier',
      error: { code: 'conflict', params: { reason: 'declined', note: 'Customer took store credit' } }
    })
    expect((await waiting).state).toBe('declined')
    const late = await h.send('agent:approve', { requestId: asked.id })
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', params: { state: 'declined' } } })
    expect(h.pullCreates()).toBe(0)
    expect(refundsOf(sale.id)).toEqual([])
  })

  it("needs-owner by the policy: approving without the owner's session changes nothing; with it, made once", async () => {
    const { session } = await h.ok<{ session: string }>('owner:setPin', { pin: PIN })
    await h.ok('settings:update', { refundPolicy: { cashierLimit: '50' } }, session)
    await h.ok('owner:lock', {}, session)
    const { client } = await h.client(undefined, undefined, await unlocked())
    const sale = await h.paidSale('80.00')
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    expect(asked.triage).toMatchObject({ decision: 'needs-owner', rule: 'cashier-limit' })

    const refused = await h.send('agent:approve', { requestId: asked.id })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'owner-required', params: { reason: 'policy-cashier-limit', call: 'agent:approve' } }
    })
    expect(access().request(client, asked.id)).toMatchObject({ state: 'pending', decidedAt: null })
    expect(h.pullCreates()).toBe(0)

    const owner = await unlocked()
    const approved = await h.ok<AgentRequestView>('agent:approve', { requestId: asked.id }, owner)
    expect(approved).toMatchObject({ state: 'approved', decidedBy: 'owner' })
    expect(refundsOf(sale.id)[0]?.policy).toMatchObject({ decision: 'needs-owner', approvedBy: 'owner' })
    expect(h.pullCreates()).toBe(1)
  })

  it('refused by the policy: a conflict naming the rule, and nothing is stored', async () => {
    await h.ok('settings:update', {
      refundPolicy: {
        allowedVariants: ['Fiat'],
        defaultVariant: 'Fiat',
        reasons: ['Damaged'],
        allowOtherReason: false
      }
    })
    const { client } = await h.client()
    const sale = await h.paidSale()
    const variant = await rejection(
      access().requestRefund(client, { saleId: sale.id, variant: 'RateThen', reason: 'Damaged' })
    )
    expect(variant).toMatchObject({ code: 'conflict', params: { reason: 'policy', rule: 'variant' } })
    const reason = await rejection(
      access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'Bored' })
    )
    expect(reason).toMatchObject({ code: 'conflict', params: { reason: 'policy', rule: 'reason' } })
    expect(await h.ok<AgentRequestView[]>('agent:requests', { filter: 'all' })).toEqual([])
    // Within the policy it is kept.
    const fine = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'Damaged' })
    expect(fine.state).toBe('pending')
  })

  it('refuses what could never be made: unknown sale, unpaid sale, no form, a missing scope, a second open ask', async () => {
    const { client } = await h.client()
    const readOnly = await h.client(['read'], 'reader')
    const sale = await h.paidSale()
    await expect(
      access().requestRefund(client, { saleId: `sale_${'0'.repeat(20)}`, variant: 'Fiat', reason: 'x' })
    ).rejects.toMatchObject({ code: 'not-found' })
    const unpaid = await h.ok<{ id: string }>('sale:charge', { amount: '5.00', currency: 'USD' })
    await expect(
      access().requestRefund(client, { saleId: unpaid.id, variant: 'Fiat', reason: 'x' })
    ).rejects.toMatchObject({ code: 'conflict' })
    await expect(access().requestRefund(client, { saleId: sale.id, reason: 'x' })).rejects.toMatchObject({
      code: 'invalid-input'
    })
    await expect(
      access().requestRefund(client, { saleId: 'nope', variant: 'Fiat', reason: 'x' })
    ).rejects.toMatchObject({ code: 'invalid-input', params: { field: 'saleId' } })
    await expect(
      access().requestRefund(client, {
        saleId: sale.id,
        variant: 'Fiat',
        subtractPercentage: '120',
        reason: 'x'
      })
    ).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(
      access().requestRefund(client, {
        saleId: sale.id,
        address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
        amount: '0.001',
        reason: 'x'
      })
    ).rejects.toMatchObject({ code: 'conflict', params: { reason: 'refund-mode' } })
    await expect(
      access().requestRefund(readOnly.client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    ).rejects.toMatchObject({ code: 'unauthorized', params: { scope: 'refunds' } })
    const first = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    await expect(
      access().requestRefund(client, { saleId: sale.id, variant: 'RateThen', reason: 'x' })
    ).rejects.toMatchObject({ code: 'conflict', params: { reason: 'already-pending', requestId: first.id } })
    // Fully refunded: the screen would refuse, so does the agent's ask.
    await h.ok<AgentRequestView>('agent:approve', { requestId: first.id })
    await expect(
      access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    ).rejects.toMatchObject({ code: 'conflict', params: { reason: 'not-refundable' } })
  })

  it('expires after 24 h: no longer pending, cannot be approved, the waiting agent hears it', async () => {
    const { client } = await h.client()
    const sale = await h.paidSale()
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    h.skip(86_400_000 - 1000)
    expect(await h.ok<AgentRequestView[]>('agent:requests', {})).toHaveLength(1)
    // An agent waiting hears the expiry when it comes (a timer at the request's expiry, no polling).
    h.skip(950)
    const started = Date.now()
    expect(await access().waitForDecision(asked.id, 10_000)).toMatchObject({ state: 'expired' })
    expect(Date.now() - started).toBeLessThan(5000)
    h.skip(50)
    expect(await h.ok<AgentRequestView[]>('agent:requests', {})).toEqual([])
    expect(access().request(client, asked.id)).toMatchObject({
      state: 'expired',
      error: { params: { reason: 'expired' } }
    })
    const late = await h.send('agent:approve', { requestId: asked.id })
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', params: { state: 'expired' } } })
    expect(h.pullCreates()).toBe(0)
  })

  it('revoking the client declines its pending requests, audited', async () => {
    const { client } = await h.client()
    const sale = await h.paidSale()
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    const waiting = access().waitForDecision(asked.id, 10_000)
    await h.ok('agent:revokeClient', { clientId: client.id })
    expect(await waiting).toMatchObject({
      state: 'declined',
      decidedBy: 'owner',
      error: { params: { reason: 'client-revoked' } }
    })
    expect(h.core.ledger.auditFor(sale.id).map((a) => a.action)).toContain('agent.declined')
    expect(h.pullCreates()).toBe(0)
  })

  it('waiting ends at the timeout (still pending) or when the agent goes away', async () => {
    const { client } = await h.client()
    const asked = await access().requestRefund(client, {
      saleId: (await h.paidSale()).id,
      variant: 'Fiat',
      reason: 'x'
    })
    expect((await access().waitForDecision(asked.id, 30)).state).toBe('pending')
    const gone = new AbortController()
    const waiting = access().waitForDecision(asked.id, 60_000, gone.signal)
    gone.abort()
    expect((await waiting).state).toBe('pending')
    expect(access().request({ ...client, id: `agc_${'1'.repeat(32)}` }, asked.id)).toBeNull()
  })
})

describe('approving when the refund cannot be made now', () => {
  it('a processor that does not answer: the approver hears it, the request is pending again, nothing recorded', async () => {
    const { client } = await h.client()
    const sale = await h.paidSale()
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    const demo = h.core.processors.get('demo')!
    const getRates = demo.getRates.bind(demo)
    demo.getRates = async () => {
      throw new ProcessorError('processor-unavailable', 'The Demo did not answer')
    }
    const down = await h.send('agent:approve', { requestId: asked.id })
    expect(down).toMatchObject({ ok: false, error: { code: 'processor-unavailable' } })
    expect(access().request(client, asked.id)).toMatchObject({ state: 'pending', decidedBy: null })
    expect(refundsOf(sale.id)).toEqual([])
    demo.getRates = getRates
    const approved = await h.ok<AgentRequestView>('agent:approve', { requestId: asked.id })
    expect(approved.state).toBe('approved')
    expect(h.pullCreates()).toBe(1)
  })

  it('refused by the processor or the ledger at approval: failed with the error, nothing made', async () => {
    const { client } = await h.client()
    const sale = await h.paidSale()
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    // The cashier refunded it in full at the counter meanwhile.
    await h.ok('refund:create', { saleId: sale.id, variant: 'Fiat' })
    const failed = await h.ok<AgentRequestView>('agent:approve', { requestId: asked.id })
    expect(failed).toMatchObject({ state: 'failed', result: null, error: { code: 'conflict' } })
    expect(h.pullCreates()).toBe(1)
    expect(refundsOf(sale.id)).toHaveLength(1)
  })
})

describe('carrying out exactly once across a crash', () => {
  it("a needs-owner request left approving goes back to pending at start (no owner's session then)", async () => {
    const { session } = await h.ok<{ session: string }>('owner:setPin', { pin: PIN })
    await h.ok('settings:update', { refundPolicy: { cashierLimit: '50' } }, session)
    const { client } = await h.client(undefined, undefined, session)
    const sale = await h.paidSale('80.00')
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    h.core.ledger.database
      .prepare("UPDATE agent_requests SET state = 'approving', decided_by = 'owner' WHERE id = ?")
      .run(asked.id)
    await h.restart()
    const view = await waitState(asked.id, 'pending')
    expect(view.decidedBy).toBeNull()
    expect(h.pullCreates()).toBe(0)
    expect(refundsOf(sale.id)).toEqual([])
  })

  it('a request left approving before the refund was made is carried on at start, once', async () => {
    const { client } = await h.client()
    const sale = await h.paidSale()
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    // The crash: approved (the row moved) but the till stopped before the refund service was asked.
    h.core.ledger.database
      .prepare("UPDATE agent_requests SET state = 'approving', decided_by = 'cashier' WHERE id = ?")
      .run(asked.id)
    await h.restart()
    const view = await waitState(asked.id, 'approved')
    expect(view.result?.refundId).toMatch(/^rfd_/)
    expect(h.pullCreates()).toBe(1)
    expect(refundsOf(sale.id)).toHaveLength(1)
  })

  it('a request left approving after the refund was made returns that refund, never a second one', async () => {
    const { client } = await h.client()
    const sale = await h.paidSale()
    const asked = await access().requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    const approved = await h.ok<AgentRequestView>('agent:approve', { requestId: asked.id })
    expect(h.pullCreates()).toBe(1)
    // The crash came after the refund but before the request was marked approved.
    h.core.ledger.database
      .prepare("UPDATE agent_requests SET state = 'approving', result_json = NULL WHERE id = ?")
      .run(asked.id)
    await h.restart()
    const view = await waitState(asked.id, 'approved')
    expect(view.result?.refundId).toBe(approved.result?.refundId)
    expect(h.pullCreates()).toBe(1)
    expect(refundsOf(sale.id)).toHaveLength(1)
  })
})

/** A fresh owner session (the PIN is set by the test). */
async function unlocked(): Promise<string> {
  return (await h.ok<{ session: string }>('owner:unlock', { pin: PIN })).session
}

async function waitState(requestId: string, state: AgentRequestView['state']): Promise<AgentRequestView> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const all = await h.ok<AgentRequestView[]>('agent:requests', { filter: 'all' })
    const view = all.find((r) => r.id === requestId)
    if (view?.state === state) return view
    if (Date.now() > deadline) throw new Error(`request ${requestId} is ${view?.state}, not ${state}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
