import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { SaleView } from '@shared/contract'
import type { RecoveryItemView } from '@shared/recovery'
import type { AgentClient } from '../../../src/main/agents/agent-access'
import type { Core } from '../../../src/main/core'
import type { McpDeps } from '../../../src/main/mcp/mcp-deps'
import { ProcessorError } from '../../../src/main/processors/errors'
import {
  agentClient,
  auditOf,
  connectAgent,
  failedCharge,
  FakeInsightPort,
  paidSale,
  parsed,
  processorsRig,
  rigDeps,
  type ProcessorsRig,
  textOf
} from '../../fixtures/mcp-harness'
import type { BtcpaySimulator } from '../../simulators/btcpay'
import type { PlisioSimulator } from '../../simulators/plisio'

// Each `read` tool's happy path against a real core (Demo sales, the Recovery queue, the day report), the
// processors' mirrors through their insight ports, the resources and the prompt — and no answer carrying a key:
// the core holds real BTCPay and Plisio keys (connected to their simulators) and the mirrors echo them back.

let btcpay: BtcpaySimulator
let plisio: PlisioSimulator
let rig: ProcessorsRig
let core: Core
let agent: AgentClient
let deps: McpDeps
let mcp: Client
let sale: SaleView
let item: RecoveryItemView
const mirrors = {
  btcpay: null as unknown as FakeInsightPort,
  plisio: null as unknown as FakeInsightPort
}
/** Every text an agent got in this file (tool results, resources, prompts). */
const seen: string[] = []

async function tool(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult
  seen.push(JSON.stringify(result))
  return result
}

beforeAll(async () => {
  rig = await processorsRig()
  ;({ btcpay, plisio, core } = rig)
  mirrors.btcpay = new FakeInsightPort(
    ['server-info', 'store', 'payment-requests', 'webhooks', 'apps'],
    btcpay.apiKey
  )
  mirrors.plisio = new FakeInsightPort(
    ['balances', 'currencies', 'fee-estimate', 'commission-estimate', 'fee-plans'],
    plisio.apiKey
  )
  deps = rigDeps(core, mirrors, () => core.agentTools.connected())
  agent = await agentClient(core, ['read', 'recovery'])
  mcp = await connectAgent(deps, agent)
  sale = await paidSale(core)
  item = await failedCharge(core)
}, 30_000)
afterAll(async () => {
  // The keys never reached an agent, whatever it called.
  expect(seen.length).toBeGreaterThan(30)
  for (const text of seen) {
    expect(text).not.toContain(btcpay.apiKey)
    expect(text).not.toContain(plisio.apiKey)
  }
  await mcp.close()
  await rig.close()
})

describe('sales and the day', () => {
  it('list_sales lists the newest first, filters by state and finds by words', async () => {
    const all = parsed<{ sales: { id: string; state: string }[] }>(await tool('list_sales'))
    expect(all.sales.map((s) => s.id)).toEqual(expect.arrayContaining([sale.id, item.saleId]))
    expect(all.sales[0]!.id).toBe(item.saleId)
    const paid = parsed<{ sales: { id: string; state: string; customer: string | null }[] }>(
      await tool('list_sales', { state: 'paid' })
    )
    expect(paid.sales.map((s) => s.id)).toEqual([sale.id])
    expect(paid.sales[0]!.customer).toBe('Jürgen Weiß')
    const found = parsed<{ sales: { id: string }[] }>(
      await tool('list_sales', { query: 'Espresso', limit: 1 })
    )
    expect(found.sales).toHaveLength(1)
  })

  it('get_sale gives the whole sale', async () => {
    const result = await tool('get_sale', { sale_id: sale.id })
    const value = parsed<{ sale: SaleView }>(result)
    expect(value.sale).toMatchObject({ id: sale.id, state: 'paid', amount: '20.00', currency: 'USD' })
    expect(result.structuredContent).toEqual(value)
    const missing = await tool('get_sale', { sale_id: 'sale_00000000000000000000000000' })
    expect(missing.isError).toBe(true)
    expect(textOf(missing)).toMatch(/^not-found: /)
  })

  it('day_close_figures reads the current day, by `today` or by its date', async () => {
    const current = parsed<{ report: { day: string; state: string } }>(await tool('day_close_figures'))
    expect(current.report.state).toBe('open')
    const today = parsed<{ report: { day: string } }>(await tool('day_close_figures', { day: 'today' }))
    const byDate = parsed<{ report: { day: string } }>(
      await tool('day_close_figures', { day: current.report.day })
    )
    expect([today.report.day, byDate.report.day]).toEqual([current.report.day, current.report.day])
    const notADay = await tool('day_close_figures', { day: '2026-02-30' })
    expect(textOf(notADay)).toBe(
      'invalid-input: Invalid arguments for day_close_figures: day: Not a calendar date'
    )
  })

  it('churn_signals gives the signals with their rules', async () => {
    const value = parsed<{ signals: { rules: { weeks: number } } }>(await tool('churn_signals'))
    expect(value.signals.rules.weeks).toBeGreaterThan(0)
  })

  it('processor_status names the connected processors and their health', async () => {
    const value = parsed<{ connected: string[]; health: { processor: string }[] }>(
      await tool('processor_status')
    )
    expect(value.connected[0]).toBe('demo')
    expect(value.connected).toEqual(expect.arrayContaining(['btcpay', 'plisio']))
    expect(value.health.map((h) => h.processor)).toEqual(expect.arrayContaining(['demo']))
  })
})

describe('the Recovery queue and customers', () => {
  it('list_failed_charges lists the failed sale with what is due', async () => {
    const value = parsed<{ items: RecoveryItemView[]; rate: { failed: number } }>(
      await tool('list_failed_charges', { filter: 'all', limit: 10 })
    )
    expect(value.items.map((i) => i.id)).toContain(item.id)
    expect(value.items.find((i) => i.id === item.id)!.due).toBe(item.due)
    expect(value.rate.failed).toBeGreaterThanOrEqual(1)
  })

  it('get_customer_context reads a failed charge’s context, or a customer, and wants exactly one of them', async () => {
    const context = parsed<{ customer: { id: string; name: string }; lines: unknown[]; history: unknown[] }>(
      await tool('get_customer_context', { item_id: item.id })
    )
    expect(context.customer.name).toBe('Jürgen Weiß')
    expect(context.lines).toHaveLength(1)
    const customer = parsed<{ customer: { id: string } }>(
      await tool('get_customer_context', { customer_id: context.customer.id })
    )
    expect(customer.customer.id).toBe(context.customer.id)
    for (const args of [{}, { item_id: item.id, customer_id: context.customer.id }]) {
      const refused = await tool('get_customer_context', args)
      expect(textOf(refused)).toBe('invalid-input: Give exactly one of item_id or customer_id')
    }
  })

  it('get_request_status refuses a request this client did not make', async () => {
    const result = await tool('get_request_status', { request_id: `agr_${'0'.repeat(32)}` })
    expect(textOf(result)).toBe(`not-found: No request agr_${'0'.repeat(32)} made by this client`)
  })
})

describe("the processors' read-only mirrors", () => {
  const cases: [string, Record<string, unknown>, 'btcpay' | 'plisio', string, Record<string, unknown>][] = [
    ['btcpay_server_info', {}, 'btcpay', 'server-info', {}],
    ['btcpay_store', {}, 'btcpay', 'store', {}],
    [
      'btcpay_payment_requests',
      { include_archived: true },
      'btcpay',
      'payment-requests',
      { includeArchived: true }
    ],
    ['btcpay_webhooks', {}, 'btcpay', 'webhooks', {}],
    ['btcpay_apps', {}, 'btcpay', 'apps', {}],
    ['plisio_balances', { coin: 'BTC' }, 'plisio', 'balances', { coin: 'BTC' }],
    ['plisio_balances', {}, 'plisio', 'balances', {}],
    ['plisio_currencies', { fiat: 'EUR' }, 'plisio', 'currencies', { fiat: 'EUR' }],
    [
      'plisio_fee_estimate',
      { coin: 'BTC', amount: '0.001', address: 'bc1qexampleaddress0000', fee_plan: 'priority' },
      'plisio',
      'fee-estimate',
      { coin: 'BTC', amount: '0.001', address: 'bc1qexampleaddress0000', feePlan: 'priority' }
    ],
    [
      'plisio_commission_estimate',
      { coin: 'LTC', amount: '1.5', address: 'ltc1qexampleaddress00000' },
      'plisio',
      'commission-estimate',
      { coin: 'LTC', amount: '1.5', address: 'ltc1qexampleaddress00000' }
    ],
    ['plisio_fee_plans', { coin: 'BTC' }, 'plisio', 'fee-plans', { coin: 'BTC' }]
  ]

  it.each(cases)(
    '%s reads its topic with the query the agent gave',
    async (name, args, processor, topic, query) => {
      const port = mirrors[processor]
      port.asked.length = 0
      const value = parsed<{ processor: string; topic: string; data: { note: string } }>(
        await tool(name, args)
      )
      expect(value).toMatchObject({ processor, topic })
      expect(port.asked).toEqual([{ topic, query }])
      // The mirror echoed the key it holds; the agent sees it redacted.
      expect(value.data.note).toContain('[redacted]')
    }
  )

  it('says a processor is not connected, and passes its refusal on as a tool error', async () => {
    const demoOnly = rigDeps(core, mirrors, () => ['demo'])
    const alone = await connectAgent(demoOnly, await agentClient(core, ['read']))
    const off = (await alone.callTool({ name: 'btcpay_store', arguments: {} })) as CallToolResult
    expect(off.isError).toBe(true)
    expect(textOf(off)).toBe('not-configured: BTCPay Server is not connected')
    await alone.close()
    mirrors.plisio.failWith = new ProcessorError(
      'processor-unavailable',
      'Plisio answered 503: try again later',
      {
        status: 503
      }
    )
    const down = await tool('plisio_fee_plans', { coin: 'BTC' })
    mirrors.plisio.failWith = null
    expect(down.isError).toBe(true)
    expect(textOf(down)).toBe('processor-unavailable: Plisio answered 503: try again later')
  })
})

describe('resources and the prompt', () => {
  it('reads the day close and a receipt as JSON, lists recent days and paid sales, and audits each read', async () => {
    const before = (await auditOf(core, agent.id)).length
    const listed = await mcp.listResources()
    const uris = listed.resources.map((r) => r.uri)
    expect(uris).toContain('kassa://day-close/today')
    expect(uris).toContain(`kassa://sales/${sale.id}/receipt`)
    const day = await mcp.readResource({ uri: 'kassa://day-close/today' })
    seen.push(JSON.stringify(day))
    expect(day.contents[0]!.mimeType).toBe('application/json')
    expect(JSON.parse((day.contents[0] as { text: string }).text)).toMatchObject({ state: 'open' })
    const receipt = await mcp.readResource({ uri: `kassa://sales/${sale.id}/receipt` })
    seen.push(JSON.stringify(receipt))
    expect((receipt.contents[0] as { text: string }).text).toContain('Espresso beans')
    await expect(mcp.readResource({ uri: 'kassa://day-close/yesterday' })).rejects.toThrow(/yyyy-mm-dd/)
    expect((await auditOf(core, agent.id)).slice(before).map((r) => [r.tool, r.ok])).toEqual([
      ['resource:day-close', true],
      ['resource:receipt', true],
      ['resource:day-close', false]
    ])
  })

  it('recover_failed_charges walks through the queue without promising refunds', async () => {
    const prompt = await mcp.getPrompt({ name: 'recover_failed_charges', arguments: { limit: '3' } })
    const text = (prompt.messages[0]!.content as { text: string }).text
    seen.push(text)
    expect(text).toContain('at most 3 failed charges')
    for (const name of ['list_failed_charges', 'get_customer_context', 'draft_recovery_message']) {
      expect(text).toContain(name)
    }
    expect(text).toMatch(/create_payment_request[\s\S]*pending[\s\S]*approve/)
    expect(text).toMatch(/never promise, *\n?offer or hint at a refund/)
    await expect(
      mcp.getPrompt({ name: 'recover_failed_charges', arguments: { limit: 'all' } })
    ).rejects.toThrow(/1 to 50/)
  })
})
