import Ajv from 'ajv'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Client } from '@modelcontextprotocol/sdk/client/index.js'
import type { Core } from '../../../src/main/core'
import type { McpDeps } from '../../../src/main/mcp/mcp-deps'
import { ALL_TOOLS } from '../../../src/main/mcp/mcp-server'
import { FakeAgentAccess } from '../../fixtures/mcp-fake-access'
import {
  agentClient,
  connectAgent,
  FakeInsightPort,
  paidSale,
  rigDeps,
  textOf
} from '../../fixtures/mcp-harness'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'

// What an agent sees before it calls anything, and the wrapper every call goes through: the tools its scopes
// allow with schemas a JSON Schema validator compiles, scope refusals, the zod message for bad arguments, the
// rate limit, and an audit record for every call whatever its outcome.

let dir: ReturnType<typeof tempDir>
let core: Core
let access: FakeAgentAccess
let deps: McpDeps

beforeAll(async () => {
  dir = tempDir()
  core = testCore(dir.path)
  await core.start()
})
afterAll(async () => {
  await core.stop()
  dir.remove()
})
beforeEach(() => {
  access = new FakeAgentAccess()
  const btcpay = ['server-info', 'store', 'payment-requests', 'webhooks', 'apps'] as const
  const plisio = ['balances', 'currencies', 'fee-estimate', 'commission-estimate', 'fee-plans'] as const
  deps = rigDeps(core, access, {
    btcpay: new FakeInsightPort(btcpay, 'none'),
    plisio: new FakeInsightPort(plisio, 'none')
  })
})

const READ_TOOLS = ALL_TOOLS.filter((t) => t.scope === 'read').map((t) => t.name)

/** Every property schema under `schema` (nested objects and arrays included) lacks a description: its paths. */
function undescribed(schema: Record<string, unknown>, path = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>
  return Object.entries(properties).flatMap(([key, value]) => [
    ...(typeof value.description === 'string' && value.description.length > 5 ? [] : [`${path}${key}`]),
    ...(value.type === 'object' ? undescribed(value, `${path}${key}.`) : [])
  ])
}

describe('tools/list', () => {
  it('lists every tool to a client with every scope, each with a compiling schema, descriptions and annotations', async () => {
    const mcp = await connectAgent(deps, agentClient(['read', 'recovery', 'refunds']))
    const { tools } = await mcp.listTools()
    expect(tools.map((t) => t.name).sort()).toEqual(ALL_TOOLS.map((t) => t.name).sort())
    expect(tools).toHaveLength(22)
    const ajv = new Ajv({ strict: false })
    for (const tool of tools) {
      expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow()
      if (tool.outputSchema) expect(() => ajv.compile(tool.outputSchema!), tool.name).not.toThrow()
      expect(tool.inputSchema.additionalProperties, tool.name).toBe(false)
      expect(undescribed(tool.inputSchema as Record<string, unknown>), tool.name).toEqual([])
      expect(tool.description!.length, tool.name).toBeGreaterThan(60)
      expect(tool.title, tool.name).toBeTruthy()
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name} ${hint}`).toBe('boolean')
      }
      // A tool that changes nothing says so; one that does names what it changes.
      if (tool.annotations!.readOnlyHint)
        expect(tool.description, tool.name).toMatch(/changes nothing|sends nothing/i)
    }
    const refund = tools.find((t) => t.name === 'request_refund')!
    expect(refund.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true })
    expect(Object.keys(refund.inputSchema.properties!)).toEqual(
      expect.arrayContaining(['sale_id', 'variant', 'subtract_percentage', 'reason', 'wait_seconds'])
    )
    expect(refund.inputSchema.required).toEqual(['sale_id', 'reason'])
    await mcp.close()
  })

  it("lists only the tools of the scopes a client has (and its own requests' status to any)", async () => {
    const reader = await connectAgent(deps, agentClient(['read']))
    expect((await reader.listTools()).tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS].sort())
    const refunder = await connectAgent(deps, agentClient(['refunds']))
    // Its own requests it may read with the scope that made them.
    expect((await refunder.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'get_request_status',
      'request_refund',
      'triage_refund'
    ])
    await Promise.all([reader.close(), refunder.close()])
  })

  it('gives a client with read and recovery the prompt and the resources, and one without read neither', async () => {
    const both = await connectAgent(deps, agentClient(['read', 'recovery']))
    const prompts = await both.listPrompts()
    expect(prompts.prompts.map((p) => p.name)).toEqual(['recover_failed_charges'])
    const templates = await both.listResourceTemplates()
    expect(templates.resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'kassa://day-close/{day}',
      'kassa://sales/{saleId}/receipt'
    ])
    const refunder = await connectAgent(deps, agentClient(['refunds']))
    await expect(refunder.listPrompts()).rejects.toThrow()
    await Promise.all([both.close(), refunder.close()])
  })
})

describe('the tool wrapper', () => {
  let mcp: Client
  const reader = agentClient(['read'], 'Reporting bot')

  beforeEach(async () => {
    mcp = await connectAgent(deps, reader)
  })

  it('refuses a tool of a scope the client lacks, naming the scope, and audits the refusal', async () => {
    const result = await mcp.callTool({
      name: 'request_refund',
      arguments: { sale_id: 'sale_0123456789', variant: 'Fiat', reason: 'broken' }
    })
    expect(result.isError).toBe(true)
    expect(textOf(result)).toMatch(/^unauthorized: The tool request_refund needs the "refunds" scope/)
    expect(access.records).toHaveLength(1)
    expect(access.records[0]).toMatchObject({ client: reader, tool: 'request_refund', ok: false })
    expect(access.records[0]!.summary).toMatch(/"refunds" scope/)
    expect(access.records[0]!.args).toEqual({ sale_id: 'sale_0123456789', variant: 'Fiat', reason: 'broken' })
  })

  it('answers bad arguments with the zod message as a tool error, and audits them', async () => {
    const wrongId = await mcp.callTool({ name: 'get_sale', arguments: { sale_id: 'nope' } })
    expect(wrongId.isError).toBe(true)
    expect(textOf(wrongId)).toBe('invalid-input: Invalid arguments for get_sale: sale_id: Not a sale id')
    const extra = await mcp.callTool({ name: 'list_sales', arguments: { limit: 5, colour: 'red' } })
    expect(extra.isError).toBe(true)
    expect(textOf(extra)).toMatch(/Invalid arguments for list_sales: .*colour/)
    const missing = await mcp.callTool({ name: 'get_sale', arguments: {} })
    expect(textOf(missing)).toMatch(/^invalid-input: Invalid arguments for get_sale: sale_id: /)
    expect(access.records.map((r) => [r.tool, r.ok])).toEqual([
      ['get_sale', false],
      ['list_sales', false],
      ['get_sale', false]
    ])
  })

  it('answers an unknown tool as a tool error and audits it', async () => {
    const result = await mcp.callTool({ name: 'drop_tables', arguments: {} })
    expect(result.isError).toBe(true)
    expect(textOf(result)).toBe('not-found: There is no tool named "drop_tables"')
    expect(access.records.map((r) => [r.tool, r.ok])).toEqual([['drop_tables', false]])
  })

  it('refuses a call over the rate limit with the time to retry, and runs nothing', async () => {
    access.view = { ...access.view, callsPerMinute: 2 }
    const asked: string[] = []
    const call = deps.call
    deps.call = (name, input) => {
      asked.push(name)
      return call(name, input)
    }
    expect((await mcp.callTool({ name: 'processor_status', arguments: {} })).isError).toBeFalsy()
    expect((await mcp.callTool({ name: 'processor_status', arguments: {} })).isError).toBeFalsy()
    const third = await mcp.callTool({ name: 'processor_status', arguments: {} })
    expect(third.isError).toBe(true)
    expect(textOf(third)).toBe('rate-limited: This client made too many calls this minute Retry in 42 s.')
    expect(asked).toEqual(['processor:health', 'processor:health'])
    expect(access.records.map((r) => r.ok)).toEqual([true, true, false])
  })

  it('audits a successful call with its arguments, a summary, when and how long', async () => {
    const sale = await paidSale(core)
    const before = Date.now()
    const result = await mcp.callTool({ name: 'get_sale', arguments: { sale_id: sale.id } })
    expect(result.isError).toBeFalsy()
    expect(access.records).toHaveLength(1)
    const record = access.records[0]!
    expect(record).toMatchObject({ tool: 'get_sale', ok: true, args: { sale_id: sale.id }, client: reader })
    expect(record.at).toBeGreaterThanOrEqual(before - 5)
    expect(record.ms).toBeGreaterThanOrEqual(0)
    expect(record.summary.length).toBeGreaterThan(0)
  })

  it('keeps answering after a tool fails unexpectedly: a generic tool error, logged, never a crash', async () => {
    deps.call = async () => {
      throw new TypeError('boom at the bottom of the stack')
    }
    const result = await mcp.callTool({ name: 'churn_signals', arguments: {} })
    expect(result.isError).toBe(true)
    expect(textOf(result)).toBe('internal: Something went wrong in the till; it has been logged')
    expect((await mcp.listTools()).tools.length).toBe(READ_TOOLS.length)
  })
})
