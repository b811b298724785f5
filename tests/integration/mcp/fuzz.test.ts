import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js'
import type { AgentRequestView } from '@shared/agents'
import type { Core } from '../../../src/main/core'
import { ALL_TOOLS } from '../../../src/main/mcp/mcp-server'
import { FakeAgentAccess } from '../../fixtures/mcp-fake-access'
import {
  agentClient,
  connectAgent,
  failedCharge,
  FakeInsightPort,
  paidSale,
  rigDeps,
  textOf
} from '../../fixtures/mcp-harness'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'

// Every tool with arbitrary arguments (random JSON objects) and near-valid ones (a valid call with one field
// replaced by an odd value, dropped, or an unknown field added): the agent only ever gets a tool result, never a
// protocol error or an `internal` one, every call is audited, and the server keeps answering.

/** A person never decides here: waits return at once, so a fuzzed `wait_seconds` costs nothing. */
class NoWaitAccess extends FakeAgentAccess {
  override waitForDecision(requestId: string): Promise<AgentRequestView> {
    return Promise.resolve(this.requests.get(requestId)!)
  }
}

let dir: ReturnType<typeof tempDir>
let core: Core
let access: NoWaitAccess
let mcp: Client
let tools: Tool[]
const bases = new Map<string, Record<string, unknown>>()

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
  const sale = await paidSale(core)
  const item = await failedCharge(core)
  access = new NoWaitAccess()
  access.view = { ...access.view, callsPerMinute: Number.MAX_SAFE_INTEGER }
  const deps = rigDeps(core, access, {
    btcpay: new FakeInsightPort(['server-info', 'store', 'payment-requests', 'webhooks', 'apps'], 'none'),
    plisio: new FakeInsightPort(
      ['balances', 'currencies', 'fee-estimate', 'commission-estimate', 'fee-plans'],
      'none'
    )
  })
  mcp = await connectAgent(deps, agentClient(['read', 'recovery', 'refunds']))
  tools = (await mcp.listTools()).tools
  const coin = { coin: 'BTC' }
  const valid: Record<string, Record<string, unknown>> = {
    get_sale: { sale_id: sale.id },
    get_customer_context: { item_id: item.id },
    get_request_status: { request_id: `agr_${'0'.repeat(32)}` },
    plisio_balances: coin,
    plisio_fee_estimate: { ...coin, amount: '0.001' },
    plisio_commission_estimate: { ...coin, amount: '0.001' },
    plisio_fee_plans: coin,
    draft_recovery_message: { item_id: item.id },
    create_payment_request: { item_id: item.id },
    triage_refund: { sale_id: sale.id, variant: 'Fiat' },
    request_refund: { sale_id: sale.id, variant: 'Fiat', reason: 'fuzzing', subtract_percentage: '5' }
  }
  for (const tool of ALL_TOOLS) bases.set(tool.name, valid[tool.name] ?? {})
}, 30_000)
afterAll(async () => {
  await mcp.close()
  await core.stop()
  dir.remove()
})

const odd = fc.oneof(
  fc.jsonValue(),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 2000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '',
    ' ',
    'today',
    '2026-02-29',
    '9999-99-99',
    '12.5',
    '-1',
    '1e3',
    'NaN',
    '100.00001',
    'sale_',
    'rec_zz',
    'agr_' + 'f'.repeat(32),
    'cus_' + '0'.repeat(32),
    'RateThen',
    'Custom',
    '__proto__',
    '\u0000',
    '💸'
  ),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 })
)

/** A valid call with one field changed, dropped, or an unknown one added. */
function nearValid(tool: Tool): fc.Arbitrary<Record<string, unknown>> {
  const base = bases.get(tool.name) ?? {}
  const fields = [...new Set([...Object.keys(tool.inputSchema.properties ?? {}), ...Object.keys(base)])]
  const replace =
    fields.length > 0
      ? fc.tuple(fc.constantFrom(...fields), odd).map(([field, value]) => ({ ...base, [field]: value }))
      : odd.map((value) => ({ ...base, extra: value }))
  const drop =
    fields.length > 0
      ? fc
          .constantFrom(...fields)
          .map((field) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== field)))
      : fc.constant(base)
  const add = fc.tuple(fc.string({ maxLength: 12 }), odd).map(([key, value]) => ({ ...base, [key]: value }))
  return fc.oneof(replace, replace, drop, add)
}

async function expectToolResult(name: string, args: Record<string, unknown>): Promise<void> {
  const before = access.records.length
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult
  expect(Array.isArray(result.content), name).toBe(true)
  expect(typeof textOf(result), name).toBe('string')
  expect(textOf(result).startsWith('internal:'), `${name} ${JSON.stringify(args)}: ${textOf(result)}`).toBe(
    false
  )
  expect(access.records.length, name).toBe(before + 1)
}

describe('fuzzed tool arguments', () => {
  it('answers random JSON objects with tool results, never a protocol error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ALL_TOOLS.map((t) => t.name)),
        fc.dictionary(fc.string({ maxLength: 16 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
        expectToolResult
      ),
      { seed: 16_001, numRuns: 250 }
    )
  })

  it('answers near-valid arguments of every tool with tool results', async () => {
    for (const tool of tools) {
      await fc.assert(
        fc.asyncProperty(nearValid(tool), (args) => expectToolResult(tool.name, args)),
        { seed: 16_002, numRuns: 30 }
      )
    }
    // Still answering.
    expect((await mcp.listTools()).tools).toHaveLength(ALL_TOOLS.length)
  })
})
