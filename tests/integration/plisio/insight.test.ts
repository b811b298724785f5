import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ProcessorError } from '../../../src/main/processors/errors'
import type { InsightQuery, InsightTopic } from '../../../src/main/processors/ports'
import type { PlisioProcessor } from '../../../src/main/processors/plisio'
import type { PlisioSimulator } from '../../simulators/plisio'
import { setup } from './helpers'

let sim: PlisioSimulator
let plisio: PlisioProcessor

beforeEach(async () => {
  ;({ sim, plisio } = await setup({ maxRetries: 0 }))
})
afterEach(async () => {
  await sim.close()
})

const insight = () => plisio.ports.insight!
const ADDRESS = 'bc1qcustomer0000000000000000000000000000'

/** The rejection of `promise` (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<ProcessorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ProcessorError)
  return error as ProcessorError
}

/** The key, as it would appear in an answer or an error. */
const leaks = (value: unknown): boolean => {
  const text = JSON.stringify(value) + (value instanceof Error ? value.message : '')
  return text.includes(sim.apiKey) || text.includes(sim.apiKey.slice(4))
}

describe('Plisio insight port (read-only views for agents) against the simulator', () => {
  it('answers the five Plisio topics', () => {
    expect(insight().topics).toEqual([
      'balances',
      'currencies',
      'fee-estimate',
      'commission-estimate',
      'fee-plans'
    ])
  })

  it('balances: every enabled coin (the account port), or one coin', async () => {
    expect(await insight().read('balances', { fiat: 'EUR' })).toEqual({
      balances: [
        { coin: 'BTC', currency: 'BTC', balance: '0.05000000' },
        { coin: 'LTC', currency: 'LTC', balance: '0' },
        { coin: 'ETH', currency: 'ETH', balance: '1.00000000' }
      ]
    })
    expect(sim.control.requests.map((r) => r.path)).toEqual([
      'currencies/EUR',
      'balances/BTC',
      'balances/LTC',
      'balances/ETH'
    ])
    expect(await insight().read('balances', { coin: 'eth' })).toEqual({
      balances: [{ coin: 'ETH', currency: 'ETH', balance: '1.00000000' }]
    })
    expect(sim.control.requests.at(-1)?.path).toBe('balances/ETH')
  })

  it('currencies: the enabled coins with rates, minimum (in the coin and the fiat), maintenance and commission', async () => {
    const answer = (await insight().read('currencies', { fiat: 'eur' })) as {
      fiat: string
      coins: Record<string, unknown>[]
    }
    expect(answer.fiat).toBe('EUR')
    expect(answer.coins.map((c) => c.coin)).toEqual(['BTC', 'LTC', 'ETH']) // USDT_TRX is not enabled
    expect(answer.coins[0]).toEqual({
      coin: 'BTC',
      currency: 'BTC',
      name: 'Bitcoin',
      fiatRate: '60000.00',
      rateUsd: '0.00001538',
      priceUsd: '65000.00',
      minSumIn: '0.00010000',
      minAmountFiat: '6.00',
      maintenance: false,
      commissionPercent: '0.5'
    })
    expect(answer.coins[1]).toMatchObject({ coin: 'LTC', maintenance: true })
    expect(sim.control.requests.map((r) => r.path)).toEqual(['currencies/EUR'])
    await insight().read('currencies', {})
    expect(sim.control.requests.at(-1)?.path).toBe('currencies/USD')
  })

  it('fee-estimate: the network fee of a withdrawal of amount to address under a fee plan, sending nothing', async () => {
    expect(
      await insight().read('fee-estimate', {
        coin: 'BTC',
        amount: '0.001',
        address: ADDRESS,
        feePlan: 'priority'
      })
    ).toEqual({ coin: 'BTC', amount: '0.001', feePlan: 'priority', fee: '0.00003000' })
    const request = sim.control.requests.at(-1)!
    expect(request.path).toBe('operations/fee/BTC')
    expect(request.query).toMatchObject({ addresses: ADDRESS, amounts: '0.001', feePlan: 'priority' })
    expect(sim.control.withdrawals()).toEqual([])
  })

  it('commission-estimate: for a withdrawal, or for the coin alone (the most the balance can send)', async () => {
    expect(
      await insight().read('commission-estimate', { coin: 'BTC', amount: '0.001', address: ADDRESS })
    ).toEqual({
      coin: 'BTC',
      amount: '0.001',
      feePlan: 'normal',
      commission: '0.00000500',
      fee: '0.00001500',
      maxAmount: '0.04998000'
    })
    expect(sim.control.requests.at(-1)?.query).toMatchObject({ addresses: ADDRESS, amounts: '0.001' })

    expect(await insight().read('commission-estimate', { coin: 'BTC' })).toEqual({
      coin: 'BTC',
      amount: null,
      feePlan: 'normal',
      commission: '0.00000000',
      fee: '0.00001500',
      // (0.05 − 0.000015) / 1.005, down to the satoshi.
      maxAmount: '0.04973631'
    })
    const alone = sim.control.requests.at(-1)!
    expect(alone.path).toBe('operations/commission/BTC')
    expect(Object.keys(alone.query)).not.toContain('amounts')
    expect(Object.keys(alone.query)).not.toContain('addresses')
    expect(sim.control.withdrawals()).toEqual([])
  })

  it('fee-plans: each plan with its rate and chain-specific fields', async () => {
    expect(await insight().read('fee-plans', { coin: 'BTC' })).toEqual({
      coin: 'BTC',
      plans: [
        { name: 'normal', value: '0.00001500', details: { conf_target: 1 } },
        { name: 'priority', value: '0.00003000', details: { conf_target: 2 } },
        { name: 'economy', value: '0.00000800', details: { conf_target: 3 } }
      ]
    })
    expect(sim.control.requests.at(-1)?.path).toBe('operations/fee-plan/BTC')
  })

  it('a query missing or mangling what the topic needs is processor-invalid-request, before any request', async () => {
    const cases: [InsightTopic, InsightQuery, string][] = [
      ['fee-estimate', {}, '"coin"'],
      ['fee-estimate', { coin: 'BTC', address: ADDRESS }, '"amount"'],
      ['fee-estimate', { coin: 'BTC', amount: '0.001' }, '"address"'],
      ['fee-estimate', { coin: '  ', amount: '0.001', address: ADDRESS }, '"coin"'],
      ['fee-estimate', { coin: 'BTC', amount: '-1', address: ADDRESS }, 'not a positive decimal'],
      ['fee-estimate', { coin: 'BTC', amount: '1e-3', address: ADDRESS }, 'not a positive decimal'],
      ['fee-estimate', { coin: 'BTC', amount: '0', address: ADDRESS }, 'not a positive decimal'],
      ['fee-estimate', { coin: 'BTC', amount: '0.1', address: `${ADDRESS},other` }, 'one withdrawal address'],
      ['fee-estimate', { coin: 'B/../TC', amount: '0.1', address: ADDRESS }, 'not a Plisio coin id'],
      [
        'fee-estimate',
        { coin: 'BTC', amount: '0.1', address: ADDRESS, feePlan: 'x&y' },
        'not a Plisio fee plan'
      ],
      ['commission-estimate', {}, '"coin"'],
      ['commission-estimate', { coin: 'BTC', address: ADDRESS }, '"amount"'],
      ['commission-estimate', { coin: 'BTC', amount: '0.1' }, '"address"'],
      ['fee-plans', {}, '"coin"'],
      ['balances', { coin: '' }, '"coin"'],
      ['currencies', { fiat: 'euro' }, 'ISO 4217'],
      // What an agent's JSON may hold where a string belongs.
      ['currencies', { fiat: 978 } as unknown as InsightQuery, 'ISO 4217'],
      ['fee-plans', { coin: ['BTC'] } as unknown as InsightQuery, '"coin"'],
      ['commission-estimate', { coin: 'BTC', feePlan: { a: 1 } } as unknown as InsightQuery, 'fee plan'],
      ['server-info', {}, 'does not answer'],
      ['webhooks', {}, 'does not answer']
    ]
    for (const [topic, query, words] of cases) {
      const error = await failure(insight().read(topic, query))
      expect(error.code, `${topic} ${JSON.stringify(query)}`).toBe('processor-invalid-request')
      expect(error.message).toContain(words)
    }
    expect(sim.control.requests).toEqual([])
  })

  it('a garbage answer is processor-bad-response, and names no key', async () => {
    sim.control.failNext({ path: 'currencies/USD', body: '<html><body>Bad gateway</body></html>' })
    const html = await failure(insight().read('currencies', {}))
    expect(html.code).toBe('processor-bad-response')
    expect(leaks(html)).toBe(false)

    sim.control.failNext({
      path: 'operations/fee/BTC',
      body: JSON.stringify({ status: 'success', data: { fee: 'lots', plan: 'normal' } })
    })
    const shape = await failure(
      insight().read('fee-estimate', { coin: 'BTC', amount: '0.001', address: ADDRESS })
    )
    expect(shape.code).toBe('processor-bad-response')
    expect(shape.message).toContain('/operations/fee/BTC')
    expect(leaks(shape)).toBe(false)

    sim.control.failNext({
      path: 'operations/fee-plan/BTC',
      body: JSON.stringify({ status: 'success', data: ['normal', 'priority'] })
    })
    expect((await failure(insight().read('fee-plans', { coin: 'BTC' }))).code).toBe('processor-bad-response')
  })

  it('never shows the key: not in an answer that echoes it, not in an error that quotes it', async () => {
    sim.control.setCoin('BTC', { name: `Bitcoin (key ${sim.apiKey})` })
    const coins = await insight().read('currencies', { fiat: 'EUR' })
    expect(leaks(coins)).toBe(false)
    expect(JSON.stringify(coins)).toContain('[redacted]')

    sim.control.failNext({
      path: 'balances/BTC',
      status: 422,
      body: JSON.stringify({
        status: 'error',
        data: {
          name: 'Unprocessable entity',
          message: `The key ${sim.apiKey} may not read balances`,
          code: 0
        }
      })
    })
    const quoted = await failure(insight().read('balances', { coin: 'BTC' }))
    expect(quoted.code).toBe('processor-invalid-request')
    expect(quoted.message).toContain('may not read balances')
    expect(leaks(quoted)).toBe(false)

    sim.control.failNext({
      path: 'operations/commission/BTC',
      status: 422,
      body: JSON.stringify({
        status: 'error',
        data: { name: 'Unprocessable entity', message: JSON.stringify({ amounts: `bad for ${sim.apiKey}` }) }
      })
    })
    const field = await failure(insight().read('commission-estimate', { coin: 'BTC' }))
    expect(field.fields).toEqual([{ field: 'amounts', message: 'bad for [redacted]' }])
    expect(leaks(field)).toBe(false)
    // The key went with every request, as Plisio wants it.
    expect(sim.control.requests.every((r) => r.query.api_key === sim.apiKey)).toBe(true)
  })

  it("without this computer's IP under Request IP: processor-permission saying so", async () => {
    sim.control.setIpAllowed(false)
    const error = await failure(insight().read('fee-plans', { coin: 'BTC' }))
    expect(error.code).toBe('processor-permission')
    expect(error.message).toContain('Request IP')
    expect((await failure(insight().read('balances', {}))).code).toBe('processor-permission')
  })
})
