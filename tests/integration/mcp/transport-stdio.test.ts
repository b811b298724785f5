import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js'
import type { Core } from '../../../src/main/core'
import { memoryLog } from '../../fixtures/memory-log'
import { tempDir } from '../../fixtures/temp-dir'
import { testCore } from '../core/helpers'
import { closedPort, ok } from '../core/processor-helpers'
import { clientToken, clientView, enableAgents } from './transport-helpers'

// `kassa mcp` (src/main/mcp-stdio.ts) as an MCP client runs it: a child process speaking MCP on stdio, relaying
// to a real core's Streamable HTTP listener. Run from the source with tsx, so it needs no build.

const ROOT = resolve(__dirname, '../../..')
const ENTRY = ['--import', 'tsx', 'src/main/mcp-stdio.ts']

function bridgeEnv(extra: Record<string, string>): Record<string, string> {
  return { ...getDefaultEnvironment(), TSX_TSCONFIG_PATH: 'tsconfig.node.json', ...extra }
}

/** Run the bridge with no MCP client on its stdin (closed at once); its exit code and stderr. */
function runBridge(
  env: Record<string, string>
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ENTRY, {
    cwd: ROOT,
    env: bridgeEnv(env),
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stderr = ''
  let stdout = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stdin.end()
  return new Promise((done) => child.once('close', (code) => done({ code, stderr, stdout })))
}

describe('MCP over stdio (kassa mcp)', () => {
  let dir: ReturnType<typeof tempDir>
  let core: Core
  let logs: ReturnType<typeof memoryLog>
  let url: string
  const clients: Client[] = []

  async function stdioClient(token: string, stderr: string[] = []): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ENTRY,
      cwd: ROOT,
      env: bridgeEnv({ KASSA_MCP_URL: url, KASSA_MCP_TOKEN: token }),
      stderr: 'pipe'
    })
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
    const client = new Client({ name: 'kassa-test', version: '1.0.0' })
    clients.push(client)
    await client.connect(transport)
    return client
  }

  beforeEach(async () => {
    dir = tempDir('kassa-mcp-stdio-')
    logs = memoryLog()
    core = testCore(dir.path, { log: logs.log, mcp: { port: 0 } })
    await core.start()
    url = await enableAgents(core)
  })
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()))
    await core.stop()
    dir.remove()
  })

  it('lists the tools and calls processor_status through the till', async () => {
    const { token, id } = await clientToken(core, 'Claude Desktop')
    const client = await stdioClient(token)
    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name)).toContain('processor_status')
    const status = await client.callTool({ name: 'processor_status', arguments: {} })
    expect(status.isError).toBeFalsy()
    expect((status.content as { text: string }[])[0]!.text).toContain('demo')
    // The messages reached the till with this client's token.
    expect((await clientView(core, id)).lastUsedAt).not.toBeNull()
    expect(logs.text()).not.toContain(token)
  })

  it('answers a request with an error once the token is revoked, and says why on stderr', async () => {
    const { token, id } = await clientToken(core, 'agent')
    const stderr: string[] = []
    const client = await stdioClient(token, stderr)
    await ok(core, 'agent:revokeClient', { clientId: id })
    await expect(client.listTools()).rejects.toThrow(/refused the token/)
    expect(stderr.join('')).toMatch(/refused the token/)
    expect(stderr.join('')).not.toContain(token)
  })

  it('exits 2 with a clear message when KASSA_MCP_TOKEN is missing', async () => {
    const run = await runBridge({ KASSA_MCP_URL: url })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/KASSA_MCP_TOKEN is not set.*Settings → Agent access/)
    expect(run.stdout).toBe('')
  })

  it('exits 2 when the till refuses the token, 3 when the till does not answer', async () => {
    const refused = await runBridge({ KASSA_MCP_URL: url, KASSA_MCP_TOKEN: 'kag_not-a-client' })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/refused KASSA_MCP_TOKEN/)
    expect(refused.stderr).not.toContain('kag_not-a-client')

    const nobody = `http://127.0.0.1:${await closedPort()}/mcp`
    const silent = await runBridge({
      KASSA_MCP_URL: nobody,
      KASSA_MCP_TOKEN: (await clientToken(core, 'agent')).token
    })
    expect(silent.code).toBe(3)
    expect(silent.stderr).toContain(`Kassa does not answer at ${nobody}`)
    expect(silent.stdout).toBe('')
  })

  it('exits 0 when the MCP client closes its stdin', async () => {
    const run = await runBridge({
      KASSA_MCP_URL: url,
      KASSA_MCP_TOKEN: (await clientToken(core, 'agent')).token
    })
    expect(run).toEqual({ code: 0, stderr: '', stdout: '' })
  })
})
