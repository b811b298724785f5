import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AgentClientCreated, AgentRequestView } from '@shared/agents'
import type { SaleView } from '@shared/contract'
import type { AgentClient } from '../../../src/main/agents/agent-access'
import type { Core } from '../../../src/main/core'
import { dispatch } from '../../../src/main/dispatch'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore, waitForSale } from '../core/processor-helpers'

// A refund by withdrawal (Plisio) an agent asks for: previewed with Plisio's estimate, sent once when approved.

let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core
let client: AgentClient

beforeAll(async () => {
  plisio = await startPlisioSimulator()
})
afterAll(async () => {
  await plisio.close()
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), { connectors: { plisio: { baseUrl: plisio.url } } })
  await core.start()
  await ok(core, 'agent:configure', { enabled: true })
  const made = await ok<AgentClientCreated>(core, 'agent:createClient', {
    name: 'Refund bot',
    scopes: ['refunds']
  })
  client = core.agentTools.access.authenticate(made.token)!
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

const address = 'bc1qagentcustomer000000000000000000000000'
const withdrawalsTo = (to: string) => plisio.control.withdrawals().filter((w) => w.to === to)

async function paidPlisioSale(): Promise<SaleView> {
  await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })
  const sale = await ok<SaleView>(core, 'sale:charge', {
    amount: '10.00',
    currency: 'USD',
    paymentMethod: 'BTC'
  })
  plisio.control.payFull(sale.invoice!.id)
  plisio.control.setBalance('BTC', '1.00000000')
  await ok(core, 'invoice:focus', { saleId: sale.id })
  return waitForSale(core, sale.id, (s) => s.state === 'paid', 'paid')
}

describe('an agent asks for a Plisio withdrawal', () => {
  it('waits with the amount in the coin paid; approved, it is sent exactly once', async () => {
    const sale = await paidPlisioSale()
    const paid = sale.invoice!.paymentMethods[0]!.paid
    const asked = await core.agentTools.access.requestRefund(client, {
      saleId: sale.id,
      address,
      amount: paid,
      reason: 'Returned'
    })
    expect(asked).toMatchObject({ state: 'pending', currency: 'BTC', amount: paid, variant: null })
    expect(withdrawalsTo(address)).toHaveLength(0)
    await expect(
      core.agentTools.access.requestRefund(client, { saleId: sale.id, variant: 'Fiat', reason: 'x' })
    ).rejects.toMatchObject({ code: 'conflict', params: { reason: 'refund-mode' } })

    const [first, second] = await Promise.all([
      dispatch(core.handlers, 'agent:approve', { requestId: asked.id }),
      dispatch(core.handlers, 'agent:approve', { requestId: asked.id })
    ])
    expect([first, second].filter((r) => r.ok)).toHaveLength(1)
    const approved = (first.ok ? first.value : (second as { value: unknown }).value) as AgentRequestView
    expect(approved.state).toBe('approved')
    expect(approved.result?.refundId).toMatch(/^rfd_/)
    expect(withdrawalsTo(address)).toHaveLength(1)
  })
})
