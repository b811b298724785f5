/**
 * The insight ports as agents reach them: through the core's `agentTools.insight(processor)` (McpDeps), for the
 * processors connected in Settings, built by their modules from the stored config and the keychain's key.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { startPlisioSimulator, type PlisioSimulator } from '../../simulators/plisio'
import { ok, processorCore } from '../core/processor-helpers'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let dir: ReturnType<typeof tempDir>
let core: Core

beforeAll(async () => {
  ;[btcpay, plisio] = await Promise.all([startBtcpaySimulator(), startPlisioSimulator()])
})
afterAll(async () => {
  await Promise.all([btcpay.close(), plisio.close()])
})
beforeEach(async () => {
  dir = tempDir()
  core = processorCore(dir.path, new MemorySecretStore(), {
    connectors: { plisio: { baseUrl: plisio.url } }
  })
  await core.start()
})
afterEach(async () => {
  await core.stop()
  dir.remove()
})

describe('insight ports through the core (what the MCP tools are given)', () => {
  it('none for a processor not connected, nor for the Demo, which has no insight port', () => {
    expect(core.agentTools.insight('btcpay')).toBeNull()
    expect(core.agentTools.insight('plisio')).toBeNull()
    expect(core.agentTools.insight('demo')).toBeNull()
  })

  it('BTCPay and Plisio once connected: their topics, read with the stored key, which no answer shows', async () => {
    await ok(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: btcpay.url,
      storeId: btcpay.storeId,
      apiKey: btcpay.apiKey
    })
    await ok(core, 'processor:connect', { processor: 'plisio', apiKey: plisio.apiKey })

    const btcpayInsight = core.agentTools.insight('btcpay')!
    expect(btcpayInsight.topics).toContain('store')
    const store = await btcpayInsight.read('store', {})
    expect(store).toMatchObject({ id: btcpay.storeId, name: 'Kassa Test Shop', defaultCurrency: 'USD' })

    const plisioInsight = core.agentTools.insight('plisio')!
    expect(plisioInsight.topics).toContain('fee-plans')
    const plans = await plisioInsight.read('fee-plans', { coin: 'BTC' })
    expect(plans).toMatchObject({
      coin: 'BTC',
      plans: expect.arrayContaining([{ name: 'normal', value: '0.00001500', details: { conf_target: 1 } }])
    })

    const text = JSON.stringify([store, plans])
    expect(text).not.toContain(btcpay.apiKey)
    expect(text).not.toContain(plisio.apiKey)
  })
})
