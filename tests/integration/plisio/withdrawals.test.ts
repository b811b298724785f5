import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlisioProcessor } from '../../../src/main/processors/plisio'
import type { PlisioSimulator } from '../../simulators/plisio'
import { setup } from './helpers'

let sim: PlisioSimulator
let plisio: PlisioProcessor

beforeEach(async () => {
  ;({ sim, plisio } = await setup())
})
afterEach(async () => {
  await sim.close()
})

describe('Plisio withdrawals (refunds from the balance) against the simulator', () => {
  it('refunds by withdrawal: fee plans, fee and commission estimates, then the payout lowers the balance', async () => {
    const plans = await plisio.getFeePlans('BTC')
    expect(plans.map((p) => p.name)).toEqual(['normal', 'priority', 'economy'])
    const request = { psysCid: 'BTC', to: 'bc1qcustomer0000000000000000000000000000', amount: '0.00041667' }
    const estimate = await plisio.estimateWithdrawal(request)
    expect(estimate.fee).toMatchObject({ fee: '0.00001500', plan: 'normal' })
    expect(estimate.commission.commission).toBe('0.00000209')
    expect(estimate.total).toBe('0.00043376')
    const withdrawal = await plisio.withdraw(request)
    expect(withdrawal).toMatchObject({
      type: 'cash_out',
      status: 'pending',
      psysCid: 'BTC',
      fee: '0.00001500'
    })
    expect(withdrawal.destination).toBe(request.to)
    const sent = sim.control.requests.find((r) => r.path === 'operations/withdraw')
    expect(sent?.query).toMatchObject({ psys_cid: 'BTC', currency: 'BTC', type: 'cash_out', to: request.to })
    expect((await plisio.getBalance('BTC')).balance).toBe('0.04956624')
  })

  it('refuses a withdrawal above the balance with the balance field error (code 116)', async () => {
    sim.control.setBalance('BTC', '0.00001000')
    const attempt = plisio.withdraw({ psysCid: 'BTC', to: 'bc1qcustomer', amount: '0.01' })
    await expect(attempt).rejects.toMatchObject({
      code: 'processor-invalid-request',
      fields: [{ field: 'balance', message: 'Insufficient funds on balance' }]
    })
  })

  it('says the IP is not whitelisted when a withdrawal comes from outside Request IP', async () => {
    sim.control.setIpAllowed(false)
    await expect(
      plisio.withdraw({ psysCid: 'BTC', to: 'bc1qcustomer', amount: '0.0001' })
    ).rejects.toMatchObject({
      code: 'processor-permission',
      permission: 'Request IP',
      message: expect.stringMatching(/IP address is not whitelisted/)
    })
    expect(sim.control.requests.filter((r) => r.path === 'operations/withdraw')).toHaveLength(1)
  })
})
