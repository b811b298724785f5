import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { Core } from '../../../src/main/core'
import {
  agentClient,
  connectAgent,
  parsed,
  processorsRig,
  textOf,
  type ProcessorsRig
} from '../../fixtures/mcp-harness'
import type { BtcpaySimulator } from '../../simulators/btcpay'
import type { PlisioSimulator } from '../../simulators/plisio'

// The processors' read-only mirror tools end to end: the SDK's client → the MCP server → the core's own insight
// ports → the BTCPay and Plisio simulators, with the keys the core holds. (tools-read.test.ts checks the tools'
// plumbing with fake ports; tests/integration/{btcpay,plisio}/insight.test.ts check the ports' answers.)

const ADDRESS = 'bc1qcustomer0000000000000000000000000000'
const WEBHOOK_SECRET = 'whsec-kassa-5ecret-Value-0042'

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let rig: ProcessorsRig
let core: Core
let mcp: Client
/** A mirror tool's answer: `{processor, topic, data}`, checked to name the processor and topic asked. */
function data<T = Record<string, unknown>>(result: CallToolResult, processor: string, topic: string): T {
  const answer = parsed<{ processor: string; topic: string; data: T }>(result)
  expect(answer).toMatchObject({ processor, topic })
  return answer.data
}

/** Every text the agent got in this file. */
const seen: string[] = []

async function tool(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult
  seen.push(JSON.stringify(result))
  return result
}

beforeAll(async () => {
  rig = await processorsRig()
  ;({ btcpay, plisio, core } = rig)
  // A webhook at BTCPay whose secret the simulated server leaks in its list, as a careless server might.
  await fetch(`${btcpay.url}/api/v1/stores/${btcpay.storeId}/webhooks`, {
    method: 'POST',
    headers: { authorization: `token ${btcpay.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'https://relay.example/webhooks/btcpay', secret: WEBHOOK_SECRET })
  }).then((r) => expect(r.ok).toBe(true))
  btcpay.control.listWebhookSecrets(true)
  mcp = await connectAgent(core.agentTools, await agentClient(core, ['read']))
}, 30_000)

afterAll(async () => {
  await mcp?.close()
  await rig?.close()
})

describe('the processors’ mirror tools against the simulators', () => {
  it('BTCPay: server info, store, payment requests, webhooks (never the secret) and apps', async () => {
    const info = data<{ version: string }>(await tool('btcpay_server_info'), 'btcpay', 'server-info')
    expect(info.version).toEqual(expect.any(String))
    const store = data<{ id: string }>(await tool('btcpay_store'), 'btcpay', 'store')
    expect(store.id).toBe(btcpay.storeId)
    expect(
      data(await tool('btcpay_payment_requests', { include_archived: true }), 'btcpay', 'payment-requests')
    ).toHaveProperty('paymentRequests')
    const hooks = data<{ webhooks: { url: string }[] }>(await tool('btcpay_webhooks'), 'btcpay', 'webhooks')
    expect(hooks.webhooks.map((hook) => hook.url)).toContain('https://relay.example/webhooks/btcpay')
    expect(data(await tool('btcpay_apps'), 'btcpay', 'apps')).toHaveProperty('apps')
  })

  it('Plisio: balances, currencies, fee and commission estimates, fee plans', async () => {
    const balances = data<{ balances: { coin: string; balance: string }[] }>(
      await tool('plisio_balances', { fiat: 'EUR' }),
      'plisio',
      'balances'
    )
    expect(balances.balances.map((b) => b.coin)).toContain('BTC')
    const currencies = data<{ coins: { coin: string }[] }>(
      await tool('plisio_currencies', { fiat: 'EUR' }),
      'plisio',
      'currencies'
    )
    expect(currencies.coins.map((c) => c.coin)).toContain('BTC')
    const fee = data<{ coin: string; fee: string }>(
      await tool('plisio_fee_estimate', { coin: 'BTC', amount: '0.001', address: ADDRESS }),
      'plisio',
      'fee-estimate'
    )
    expect(fee).toMatchObject({ coin: 'BTC', fee: expect.stringMatching(/^\d+(\.\d+)?$/) })
    expect(
      data(await tool('plisio_commission_estimate', { coin: 'BTC' }), 'plisio', 'commission-estimate')
    ).toMatchObject({ coin: 'BTC' })
    const plans = data<{ plans: { name: string; value: string }[] }>(
      await tool('plisio_fee_plans', { coin: 'BTC' }),
      'plisio',
      'fee-plans'
    )
    expect(plans.plans.map((plan) => plan.name)).toEqual(['normal', 'priority', 'economy'])
    // An estimate sends nothing.
    expect(plisio.control.withdrawals()).toEqual([])
  })

  it('a query the processor needs but the agent left out is a tool error, and nothing is asked', async () => {
    const before = plisio.control.requests.length
    const missing = await tool('plisio_fee_estimate', { coin: 'BTC' })
    expect(missing.isError).toBe(true)
    expect(textOf(missing)).toMatch(/^invalid-input: /)
    expect(plisio.control.requests.length).toBe(before)
  })

  it('no answer carries a key or the webhook secret', () => {
    const all = seen.join('\n')
    expect(seen.length).toBeGreaterThanOrEqual(11)
    for (const secret of [btcpay.apiKey, plisio.apiKey, WEBHOOK_SECRET]) expect(all).not.toContain(secret)
  })
})
