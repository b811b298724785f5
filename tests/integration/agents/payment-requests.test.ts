import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AgentRequestView } from '@shared/agents'
import type { RecoveryItemView } from '@shared/recovery'
import { demoDriver, itemOfSale } from '../recovery/recovery-drivers'
import { agentHarness, PIN, type AgentHarness } from './agent-fixture'

let h: AgentHarness
beforeEach(async () => {
  h = await agentHarness()
})
afterEach(async () => {
  await h.close()
})

const access = () => h.core.agentTools.access

/** A Demo sale of 20.00 USD that ended unpaid, as a Recovery queue item (20.00 due). */
async function failedCharge(): Promise<RecoveryItemView> {
  const driver = demoDriver()
  await driver.connect(h.core)
  const sale = await driver.fail(h.core, false)
  return itemOfSale(h.core, sale.id)
}

describe('payment requests an agent asks for', () => {
  it('at most the limit: made at once, no request waits', async () => {
    const { client } = await h.client()
    const item = await failedCharge()
    expect(item.due).toBe('20.00')
    expect(await access().requestPayment(client, item.id)).toBeNull()
    const after = await h.ok<RecoveryItemView>('recovery:get', { itemId: item.id })
    expect(after.paymentRequest).toMatchObject({ amount: '20.00', status: 'open' })
    expect(after.paymentRequest?.link).toBeTruthy()
    expect(await h.ok<AgentRequestView[]>('agent:requests', { filter: 'all' })).toEqual([])
    expect(h.core.ledger.auditFor(item.saleId).filter((a) => a.actor === 'agent')).toEqual([
      expect.objectContaining({ action: 'agent.payment-requested' })
    ])
  })

  it("above the limit: pending; approving needs the owner's session, then the request is made", async () => {
    const item = await failedCharge()
    const { session } = await h.ok<{ session: string }>('owner:setPin', { pin: PIN })
    await h.ok('agent:configure', { paymentRequestLimit: '19.99' }, session)
    const { client } = await h.client(['recovery'], 'Recovery bot', session)
    const asked = await access().requestPayment(client, item.id)
    expect(asked).toMatchObject({
      kind: 'payment-request',
      state: 'pending',
      itemId: item.id,
      saleId: item.saleId,
      amount: '20.00',
      currency: 'USD',
      variant: null,
      subtractPercentage: null,
      triage: null
    })
    // Asking again returns the same open request.
    expect((await access().requestPayment(client, item.id))?.id).toBe(asked?.id)
    expect(
      (await h.ok<RecoveryItemView>('recovery:get', { itemId: item.id }, session)).paymentRequest
    ).toBeNull()

    const cashier = await h.send('agent:approve', { requestId: asked!.id })
    expect(cashier).toMatchObject({
      ok: false,
      error: { code: 'owner-required', params: { call: 'agent:approve', reason: 'agent-payment-request' } }
    })
    expect(access().request(client, asked!.id)?.state).toBe('pending')

    const approved = await h.ok<AgentRequestView>('agent:approve', { requestId: asked!.id }, session)
    expect(approved).toMatchObject({ state: 'approved', decidedBy: 'owner' })
    const made = await h.ok<RecoveryItemView>('recovery:get', { itemId: item.id }, session)
    expect(made.paymentRequest).toMatchObject({ amount: '20.00', status: 'open' })
    expect(approved.result).toEqual({
      paymentRequestId: made.paymentRequest?.id,
      link: made.paymentRequest?.link
    })
  })

  it('"0": every one waits; without an owner PIN the cashier may approve', async () => {
    await h.ok('agent:configure', { paymentRequestLimit: '0' })
    const { client } = await h.client()
    const item = await failedCharge()
    const asked = await access().requestPayment(client, item.id)
    expect(asked?.state).toBe('pending')
    const approved = await h.ok<AgentRequestView>('agent:approve', { requestId: asked!.id })
    expect(approved.state).toBe('approved')
  })

  it('needs the recovery scope, and refuses an unknown item', async () => {
    const { client } = await h.client(['read'])
    const item = await failedCharge()
    await expect(access().requestPayment(client, item.id)).rejects.toMatchObject({
      code: 'unauthorized',
      params: { scope: 'recovery' }
    })
    const full = await h.client(['recovery'], 'bot')
    await expect(access().requestPayment(full.client, `rec_${'0'.repeat(32)}`)).rejects.toMatchObject({
      code: 'not-found'
    })
  })
})
