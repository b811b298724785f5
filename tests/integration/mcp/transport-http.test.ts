import { createServer, type Server } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { AgentAccessView } from '@shared/agents'
import type { Core } from '../../../src/main/core'
import { McpHost } from '../../../src/main/mcp/http-host'
import type { McpDeps } from '../../../src/main/mcp/mcp-deps'
import { SECURITY_HEADERS } from '../../../src/main/web/security-headers'
import { memoryLog } from '../../fixtures/memory-log'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { closedPort, ok, processorCore } from '../core/processor-helpers'
import {
  PING,
  clientToken,
  clientView,
  enableAgents,
  httpClient,
  mcpHeaders,
  rawRequest
} from './transport-helpers'

// The MCP server's Streamable HTTP listener on 127.0.0.1 in a real core (temp ledger, BTCPay simulator connected
// with its API key), turned on and given client tokens through the contract (agent:configure, agent:createClient),
// with the SDK's own client.

let sim: BtcpaySimulator
beforeAll(async () => {
  sim = await startBtcpaySimulator()
})
afterAll(async () => {
  await sim.close()
})

describe('MCP over Streamable HTTP', () => {
  let dir: ReturnType<typeof tempDir>
  let core: Core
  let logs: ReturnType<typeof memoryLog>
  let url: string
  const cleanup: (() => Promise<void>)[] = []
  /** Every answer body the tests saw, checked for the API key at the end of each test. */
  const bodies: string[] = []

  beforeEach(async () => {
    dir = tempDir('kassa-mcp-http-')
    logs = memoryLog()
    core = processorCore(dir.path, new MemorySecretStore(), { log: logs.log, mcp: { port: 0 } })
    await core.start()
    await ok(core, 'processor:connect', {
      processor: 'btcpay',
      serverUrl: sim.url,
      storeId: sim.storeId,
      apiKey: sim.apiKey
    })
    url = await enableAgents(core)
    bodies.length = 0
  })
  afterEach(async () => {
    expect(bodies.join('\n')).not.toContain(sim.apiKey)
    expect(logs.text()).not.toContain(sim.apiKey)
    for (const close of cleanup.splice(0).reverse()) await close()
    await core.stop()
    dir.remove()
  })

  /** A raw request whose body is kept for the API-key check. */
  async function raw(target: string, options: Parameters<typeof rawRequest>[1]) {
    const answer = await rawRequest(target, options)
    bodies.push(answer.body)
    return answer
  }

  /** Another listener over the core's tools (`deps` replaced in part); closed after the test. */
  function extraHost(
    options: ConstructorParameters<typeof McpHost>[1],
    deps: Partial<McpDeps> = {}
  ): McpHost {
    const host = new McpHost({ ...core.agentTools, ...deps }, options)
    cleanup.push(() => host.close())
    return host
  }

  it('lists the tools and calls processor_status with a client token', async () => {
    expect(core.mcp.state()).toEqual({ running: true, url, problem: null })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/)
    const { token, id } = await clientToken(core, 'Claude Desktop')
    const client = await httpClient(url, token)
    cleanup.push(() => client.close())
    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name)).toContain('processor_status')
    const status = await client.callTool({ name: 'processor_status', arguments: {} })
    expect(status.isError).toBeFalsy()
    const text = (status.content as { type: string; text: string }[])[0]!.text
    expect(text).toContain('btcpay')
    bodies.push(JSON.stringify(tools), JSON.stringify(status))
    expect((await clientView(core, id)).lastUsedAt).not.toBeNull()
    expect(logs.text()).not.toContain(token)
  })

  it('refuses a missing, wrong or revoked token with 401 before anything runs', async () => {
    const revoked = await clientToken(core, 'old laptop')
    await ok(core, 'agent:revokeClient', { clientId: revoked.id })
    const wrong = 'kag_' + 'A'.repeat(43)
    for (const token of [null, wrong, revoked.token]) {
      const error = await httpClient(url, token).then(
        () => null,
        (caught: unknown) => caught
      )
      expect(error, String(token)).toBeInstanceOf(StreamableHTTPError)
      expect((error as StreamableHTTPError).code).toBe(401)
    }
    for (const token of [wrong, revoked.token]) {
      const answer = await raw(url, { headers: mcpHeaders(url, token), body: PING })
      expect(answer.status).toBe(401)
      expect(answer.headers['www-authenticate']).toMatch(/^Bearer /)
      expect(JSON.parse(answer.body)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32001, message: expect.stringMatching(/wrong or was revoked/) }
      })
    }
    const none = await raw(url, {
      headers: { host: new URL(url).host, 'content-type': 'application/json' },
      body: PING
    })
    expect(none.status).toBe(401)
    expect(JSON.parse(none.body).error.message).toMatch(/Authorization: Bearer/)
    expect(await ok(core, 'agent:audit', {})).toEqual([])
  })

  it('refuses a forged Host or Origin with 403 (DNS rebinding)', async () => {
    const { token } = await clientToken(core, 'agent')
    const port = new URL(url).port
    const forged: Record<string, string>[] = [
      { host: `evil.example:${port}` },
      { host: `127.0.0.1:${Number(port) + 1}` },
      { origin: 'http://evil.example' },
      { origin: `http://evil.example:${port}` }
    ]
    for (const headers of forged) {
      const answer = await raw(url, { headers: mcpHeaders(url, token, headers), body: PING })
      expect(answer.status, JSON.stringify(headers)).toBe(403)
      expect(JSON.parse(answer.body).error.code).toBe(-32001)
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const answer = await raw(url, { headers: mcpHeaders(url, token, { origin }), body: PING })
      expect(answer.status, origin).toBe(200)
    }
    const localhost = await raw(url, {
      headers: mcpHeaders(url, token, { host: `localhost:${port}` }),
      body: PING
    })
    expect(localhost.status).toBe(200)
  })

  it('answers 404 off /mcp, 405 for GET and DELETE, 413 over 1 MiB, 400 for a body that is not JSON', async () => {
    const { token } = await clientToken(core, 'agent')
    const headers = mcpHeaders(url, token)
    expect((await raw(url, { headers, body: PING, path: '/' })).status).toBe(404)
    expect((await raw(url, { headers, body: PING, path: '/mcp/x' })).status).toBe(404)
    expect((await raw(url, { headers, method: 'GET' })).status).toBe(405)
    expect((await raw(url, { headers, method: 'DELETE' })).status).toBe(405)
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(1024 * 1024) }
    })
    const large = await raw(url, { headers, body: big })
    expect(large.status).toBe(413)
    expect(large.headers.connection).toBe('close')
    const notJson = await raw(url, { headers, body: '{"jsonrpc":' })
    expect(notJson.status).toBe(400)
    expect(JSON.parse(notJson.body).error.code).toBe(-32700)
  })

  it('sends the security headers on every answer, refusals included', async () => {
    const { token } = await clientToken(core, 'agent')
    const answers = [
      await raw(url, { headers: mcpHeaders(url, token), body: PING }),
      await raw(url, { headers: mcpHeaders(url, 'kag_wrong'), body: PING }),
      await raw(url, { headers: mcpHeaders(url, token, { host: 'evil.example' }), body: PING })
    ]
    for (const answer of answers) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers[name]).toBe(value)
    }
  })

  it('stops listening when agent access is turned off, and listens again when turned on', async () => {
    const off = await ok<AgentAccessView>(core, 'agent:configure', { enabled: false })
    expect(off).toMatchObject({ running: false, url: null, problem: null })
    await expect(rawRequest(url, { headers: mcpHeaders(url, 'x'), body: PING })).rejects.toMatchObject({
      code: 'ECONNREFUSED'
    })
    const again = await enableAgents(core)
    const client = await httpClient(again, (await clientToken(core, 'agent')).token)
    cleanup.push(() => client.close())
    expect((await client.listTools()).tools.length).toBeGreaterThan(0)
  })

  it('moves to the port the settings name, and says so plainly when that port is in use', async () => {
    // A core that listens where Settings say (no test port): the owner's port, then one another program holds.
    const second = tempDir('kassa-mcp-port-')
    const till = processorCore(second.path, new MemorySecretStore(), { log: logs.log, mcp: {} })
    await till.start()
    cleanup.push(async () => {
      await till.stop()
      second.remove()
    })
    const free = await closedPort()
    const moved = await ok<AgentAccessView>(till, 'agent:configure', { enabled: true, port: free })
    expect(moved).toMatchObject({ running: true, url: `http://127.0.0.1:${free}/mcp`, problem: null })

    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const taken = (blocker.address() as { port: number }).port
    try {
      const refused = await ok<AgentAccessView>(till, 'agent:configure', { port: taken })
      expect(refused).toMatchObject({
        running: false,
        url: null,
        problem: `Port ${taken} is in use by another program; choose another port for agent access`
      })
      await expect(
        rawRequest(`http://127.0.0.1:${free}/mcp`, { headers: mcpHeaders(url, 'x'), body: PING })
      ).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
    const freed = await ok<AgentAccessView>(till, 'agent:configure', { port: taken })
    expect(freed).toMatchObject({ running: true, problem: null })
  })

  it('keeps a long tool call alive over its SSE response, and close() ends it', async () => {
    let release: () => void = () => undefined
    const slow = extraHost(
      { port: 0, keepAliveMs: 50 },
      {
        call: (name, input) =>
          new Promise((resolve) => {
            release = () => resolve(core.agentTools.call(name, input))
          })
      }
    )
    await slow.apply({ ...core.agentTools.access.settings(), enabled: true })
    const slowUrl = slow.state().url!
    const { token } = await clientToken(core, 'agent')
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'processor_status', arguments: {} }
    })
    const answered = raw(slowUrl, { headers: mcpHeaders(slowUrl, token), body: call })
    await new Promise((resolve) => setTimeout(resolve, 300))
    release()
    const answer = await answered
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toMatch(/^text\/event-stream/)
    const keepAlive = answer.body.indexOf(': keepalive')
    expect(keepAlive).toBeGreaterThanOrEqual(0)
    expect(keepAlive).toBeLessThan(answer.body.indexOf('"id":7'))

    // A call still waiting when the listener closes gets its response ended, not left hanging.
    const hanging = rawRequest(slowUrl, { headers: mcpHeaders(slowUrl, token), body: call })
    await new Promise((resolve) => setTimeout(resolve, 100))
    const started = Date.now()
    await slow.close()
    await hanging.then(
      () => undefined,
      () => undefined
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(slow.state().running).toBe(false)
    release()
  })
})
