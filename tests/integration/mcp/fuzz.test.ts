import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js'
import type { AgentAccessView } from '@shared/agents'
import type {
  AgentAccess,
  AgentCallRecord,
  AgentClient,
  AgentRefundAsk
} from '../../../src/main/agents/agent-access'
import type { Core } from '../../../src/main/core'
import { ALL_TOOLS } from '../../../src/main/mcp/mcp-server'
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
import { ok } from '../core/processor-helpers'

// Every tool with arbitrary arguments (random JSON objects) and near-valid ones (a valid call with one field
// replaced by an odd value, dropped, or an unknown field added): the agent only ever gets a tool result, never a
// protocol error or an `internal` one, every call is audited, and the server keeps answering.

/**
 * The core's agent access with two changes for fuzzing: no rate limit (hundreds of calls a minute) and no waiting
 * (a fuzzed `wait_seconds` would wait up to 5 minutes; the wait answers at once with the request as it is). Calls
 * recorded are counted.
 */
function fuzzAccess(real: AgentAccess): AgentAccess & { recorded: number } {
  const access = {
    recorded: 0,
    settings: () => real.settings(),
    authenticate: (token: string) => real.authenticate(token),
    admit: () => undefined,
    record: (call: AgentCallRecord) => {
      access.recorded++
      real.record(call)
    },
    requestRefund: (client: AgentClient, ask: AgentRefundAsk) => real.requestRefund(client, ask),
    requestPayment: (client: AgentClient, itemId: string) => real.requestPayment(client, itemId),
    request: (client: AgentClient, requestId: string) => real.request(client, requestId),
    waitForDecision: (requestId: string, _ms: number, signal?: AbortSignal) =>
      real.waitForDecision(requestId, 0, signal)
  }
  return access
}

let dir: ReturnType<typeof tempDir>
let core: Core
let access: ReturnType<typeof fuzzAccess>
let agent: AgentClient
let mcp: Client
let tools: Tool[]
const bases = new Map<string, Record<string, unknown>>()

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
  const sale = await paidSale(core)
  const item = await failedCharge(core)
  access = fuzzAccess(core.agentTools.access)
  const deps = {
    ...rigDeps(core, {
      btcpay: new FakeInsightPort(['server-info', 'store', 'payment-requests', 'webhooks', 'apps'], 'none'),
      plisio: new FakeInsightPort(
        ['balances', 'currencies', 'fee-estimate', 'commission-estimate', 'fee-plans'],
        'none'
      )
    }),
    access
  }
  agent = await agentClient(core, ['read', 'recovery', 'refunds'], 'Fuzzer')
  mcp = await connectAgent(deps, agent)
  tools = (await mcp.listTools()).tools
  const coin = { coin: 'BTC' }
  const valid: Record<string, Record<string, unknown>> = {
    get_sale: { sale_id: sale.id },
    get_customer_context: { item_id: item.id },
    get_request_status: { request_id: `agr_${'0'.repeat(32)}` },
    plisio_balances: coin,
    plisio_fee_estimate: { ...coin, amount: '0.001', address: 'bc1qexampleaddress0000' },
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
  const before = access.recorded
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult
  expect(Array.isArray(result.content), name).toBe(true)
  expect(typeof textOf(result), name).toBe('string')
  expect(textOf(result).startsWith('internal:'), `${name} ${JSON.stringify(args)}: ${textOf(result)}`).toBe(
    false
  )
  expect(access.recorded, name).toBe(before + 1)
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
    // Still answering, and every call is in the audit.
    expect((await mcp.listTools()).tools).toHaveLength(ALL_TOOLS.length)
    const status = await ok<AgentAccessView>(core, 'agent:status', {})
    expect(status.clients.find((c) => c.id === agent.id)!.calls).toBe(access.recorded)
  })
})
