import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlisioProcessor } from '../../../src/main/processors/plisio'
import type { PlisioSimulator } from '../../simulators/plisio'
import { sale, setup } from './helpers'

let sim: PlisioSimulator
let plisio: PlisioProcessor

beforeEach(async () => {
  ;({ sim, plisio } = await setup())
})
afterEach(async () => {
  await sim.close()
})

describe('Plisio account (shop, coins, balances, operations) against the simulator', () => {
  it('connects: reads the shop, its white-label flag, commission payer and Request IP access', async () => {
    const info = await plisio.verifyConnection()
    expect(info.account).toBe('Kassa Test Shop')
    expect(info.permissions).toEqual(['api_key', 'white_label', 'Request IP'])
    expect(info.missing).toEqual([])
    const shop = await plisio.getShop()
    expect(shop).toMatchObject({ whiteLabel: true, commissionPayer: 'shop' })
  })

  it('connects without Request IP and lists the features that need it as missing', async () => {
    sim.control.setIpAllowed(false)
    const info = await plisio.verifyConnection()
    expect(info.missing).toContainEqual({ feature: 'refunds', permission: 'Request IP' })
  })

  it('lists currencies for a fiat with enabled coins, min_sum_in, maintenance and rates', async () => {
    const coins = await plisio.listCurrencies('EUR')
    const btc = coins.find((c) => c.psysCid === 'BTC')
    expect(btc).toMatchObject({
      enabled: true,
      maintenance: false,
      minSumIn: '0.00010000',
      fiatRate: '60000.00'
    })
    expect(coins.find((c) => c.psysCid === 'LTC')?.maintenance).toBe(true)
    expect(coins.find((c) => c.psysCid === 'USDT_TRX')?.enabled).toBe(false)
    expect(await plisio.getRates(['EUR'])).toEqual([
      { base: 'BTC', quote: 'EUR', rate: '60000.00', source: 'Plisio' }
    ])
  })

  it('reads balances per coin', async () => {
    expect(await plisio.getBalance('BTC')).toEqual({ psysCid: 'BTC', currency: 'BTC', balance: '0.05000000' })
    expect((await plisio.getBalance('ETH')).balance).toBe('1.00000000')
  })

  it('pages the operations list', async () => {
    const ids: string[] = []
    for (let n = 0; n < 5; n++) ids.push((await plisio.createInvoice(sale(`day-${n}`))).id)
    sim.control.switchCoin(ids[1] ?? '', 'ETH')

    const first = await plisio.listOperations({ type: 'invoice', limit: 2 })
    expect(first).toMatchObject({ page: 1, pageCount: 3, totalCount: 6, perPage: 2, nextPage: 2 })
    const last = await plisio.listOperations({ type: 'invoice', limit: 2, page: 3 })
    expect(last.nextPage).toBeNull()
    // The invoice list built on these pages: tests/integration/plisio/invoice-list.test.ts.
  })
})
