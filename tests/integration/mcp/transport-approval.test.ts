import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js'
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js'
import type { AgentRequestView } from '@shared/agents'
import type { SaleView } from '@shared/contract'
import type { Core } from '../../../src/main/core'
import { paidSale, parsed } from '../../fixtures/mcp-harness'
import { memoryLog } from '../../fixtures/memory-log'
import { tempDir, waitFor } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'
import { ok } from '../core/processor-helpers'
import { clientToken, enableAgents, httpClient } from './transport-helpers'

// A refund an agent asks for waits for a person while the tool call stays open: its progress notifications must
// reach the agent over the POST's SSE response (and through the stdio bridge), and the decision must end the call.

const ROOT = resolve(__dirname, '../../..')

describe('a tool call that waits for a person, over both transports', () => {
  let dir: ReturnType<typeof tempDir>
  let core: Core
  let url: string
  let sale: SaleView
  const clients: Client[] = []

  beforeEach(async () => {
    dir = tempDir('kassa-mcp-approval-')
    core = testCore(dir.path, { log: memoryLog().log, mcp: { port: 0 } })
    await core.start()
    url = await enableAgents(core)
    sale = await paidSale(core)
  })
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()))
    await core.stop()
    dir.remove()
  })

  async function stdioClient(token: string): Promise<Client> {
    const client = new Client({ name: 'kassa-test', version: '1.0.0' })
    clients.push(client)
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', 'src/main/mcp-stdio.ts'],
        cwd: ROOT,
        env: {
          ...getDefaultEnvironment(),
          TSX_TSCONFIG_PATH: 'tsconfig.node.json',
          KASSA_MCP_URL: url,
          KASSA_MCP_TOKEN: token
        },
        stderr: 'pipe'
      })
    )
    return client
  }

  /**
   * Ask for a refund and wait up to 8 s (progress every 1.6 s); once progress arrived, a person decides at the till.
   * The tool's result and the progress seen.
   */
  async function askAndDecide(client: Client, decide: 'agent:approve' | 'agent:decline') {
    const progress: Progress[] = []
    const call = client.callTool(
      {
        name: 'request_refund',
        arguments: { sale_id: sale.id, variant: 'Fiat', reason: 'Wrong beans', wait_seconds: 8 }
      },
      undefined,
      { onprogress: (step) => progress.push(step), timeout: 60_000 }
    )
    await waitFor(
      () => progress.length,
      (count) => count > 0,
      { timeoutMs: 15_000, what: 'a progress notification' }
    )
    const [request] = await ok<AgentRequestView[]>(core, 'agent:requests', {})
    await ok(core, decide, { requestId: request!.id })
    return { result: (await call) as CallToolResult, progress }
  }

  it('over Streamable HTTP: progress while it waits, then approved, refunded once', async () => {
    const client = await httpClient(url, (await clientToken(core, 'agent', ['refunds'])).token)
    clients.push(client)
    const { result, progress } = await askAndDecide(client, 'agent:approve')
    expect(result.isError).toBeFalsy()
    expect(parsed<{ status: string }>(result).status).toBe('approved')
    expect(progress[0]!.message).toMatch(/Waiting for a person/)
    const after = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(after.refunds).toHaveLength(1)
  })

  it('through the stdio bridge: progress while it waits, then declined, nothing refunded', async () => {
    const client = await stdioClient((await clientToken(core, 'agent', ['refunds'])).token)
    const { result, progress } = await askAndDecide(client, 'agent:decline')
    expect(parsed<{ status: string }>(result).status).toBe('declined')
    expect(progress.length).toBeGreaterThan(0)
    const after = await ok<SaleView>(core, 'sale:get', { saleId: sale.id })
    expect(after.refunds).toEqual([])
  })
})
