import { createServer, type Server } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Core } from '../../../src/main/core'
import { McpHost } from '../../../src/main/mcp/http-host'
import { SECURITY_HEADERS } from '../../../src/main/web/security-headers'
import { memoryLog } from '../../fixtures/memory-log'
import { MemorySecretStore } from '../../fixtures/memory-secret-store'
import { tempDir } from '../../fixtures/temp-dir'
import { startBtcpaySimulator, type BtcpaySimulator } from '../../simulators/btcpay'
import { closedPort, ok, processorCore } from '../core/processor-helpers'
import { PING, enabledSettings, fakeAccess, httpClient, mcpHeaders, rawRequest } from './transport-helpers'

// The MCP server's Streamable HTTP listener on 127.0.0.1 against a real core (temp ledger, BTCPay simulator
// connected with its API key), with the SDK's own client. Tokens come from a fake agent access the test controls.

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
  let access: ReturnType<typeof fakeAccess>
  let host: McpHost
  let url: string
  const hosts: McpHost[] = []
  const bodies: string[] = []

  /** A listener over the core's tools with the fake access; closed after the test. */
  function newHost(options: ConstructorParameters<typeof McpHost>[1] = {}, deps = {}): McpHost {
    const made = new McpHost({ ...core.agentTools, access, log: logs.log, ...deps }, options)
    hosts.push(made)
    return made
  }

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
    access = fakeAccess()
    host = newHost({ port: 0 })
    await host.apply(enabledSettings())
    url = host.state().url!
    bodies.length = 0
  })
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.close()))
    await core.stop()
    dir.remove()
  })

  it('lists the tools and calls processor_status with a client token', async () => {
    expect(host.state()).toEqual({
      running: true,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/),
      problem: null
    })
    const client = await httpClient(url, access.issue('Claude Desktop'))
    const { tools } = await client.listTools()
    expect(tools.map((tool) => tool.name)).toContain('processor_status')
    const status = await client.callTool({ name: 'processor_status', arguments: {} })
    expect(status.isError).toBeFalsy()
    const text = (status.content as { type: string; text: string }[])[0]!.text
    expect(text).toContain('btcpay')
    bodies.push(JSON.stringify(tools), JSON.stringify(status))
    await client.close()
    expect(text).not.toContain(sim.apiKey)
    expect(logs.text()).not.toContain(sim.apiKey)
  })

  it('refuses a missing, wrong or revoked token with 401 before anything runs', async () => {
    const revoked = access.issue('old laptop')
    access.revoke(revoked)
    for (const token of [null, 'kag_wrong', revoked]) {
      const error = await httpClient(url, token).then(
        () => null,
        (caught: unknown) => caught
      )
      expect(error, String(token)).toBeInstanceOf(StreamableHTTPError)
      expect((error as StreamableHTTPError).code).toBe(401)
    }
    const raw = await rawRequest(url, { headers: mcpHeaders(url, 'kag_wrong'), body: PING })
    expect(raw.status).toBe(401)
    expect(raw.headers['www-authenticate']).toMatch(/^Bearer /)
    expect(JSON.parse(raw.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32001, message: expect.stringMatching(/wrong or was revoked/) }
    })
    expect(access.authenticated).toBe(0)
    expect(access.calls).toEqual([])
  })

  it('refuses a forged Host or Origin with 403 (DNS rebinding)', async () => {
    const token = access.issue('agent')
    const port = new URL(url).port
    const forged: Record<string, string>[] = [
      { host: `evil.example:${port}` },
      { host: `127.0.0.1:${Number(port) + 1}` },
      { origin: 'http://evil.example' },
      { origin: `http://evil.example:${port}` }
    ]
    for (const headers of forged) {
      const raw = await rawRequest(url, { headers: mcpHeaders(url, token, headers), body: PING })
      expect(raw.status, JSON.stringify(headers)).toBe(403)
      expect(JSON.parse(raw.body).error.code).toBe(-32001)
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const raw = await rawRequest(url, { headers: mcpHeaders(url, token, { origin }), body: PING })
      expect(raw.status, origin).toBe(200)
    }
    const localhost = await rawRequest(url, {
      headers: mcpHeaders(url, token, { host: `localhost:${port}` }),
      body: PING
    })
    expect(localhost.status).toBe(200)
  })

  it('answers 404 off /mcp, 405 for GET and DELETE, 413 over 1 MiB, 400 for a body that is not JSON', async () => {
    const token = access.issue('agent')
    const headers = mcpHeaders(url, token)
    expect((await rawRequest(url, { headers, body: PING, path: '/' })).status).toBe(404)
    expect((await rawRequest(url, { headers, body: PING, path: '/mcp/x' })).status).toBe(404)
    expect((await rawRequest(url, { headers, method: 'GET' })).status).toBe(405)
    expect((await rawRequest(url, { headers, method: 'DELETE' })).status).toBe(405)
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(1024 * 1024) }
    })
    const large = await rawRequest(url, { headers, body: big })
    expect(large.status).toBe(413)
    expect(large.headers.connection).toBe('close')
    const notJson = await rawRequest(url, { headers, body: '{"jsonrpc":' })
    expect(notJson.status).toBe(400)
    expect(JSON.parse(notJson.body).error.code).toBe(-32700)
  })

  it('sends the security headers on every answer, refusals included', async () => {
    const token = access.issue('agent')
    const answers = [
      await rawRequest(url, { headers: mcpHeaders(url, token), body: PING }),
      await rawRequest(url, { headers: mcpHeaders(url, 'kag_wrong'), body: PING }),
      await rawRequest(url, { headers: mcpHeaders(url, token, { host: 'evil.example' }), body: PING })
    ]
    for (const answer of answers) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(answer.headers[name]).toBe(value)
    }
  })

  it('stops listening when disabled and listens again when enabled', async () => {
    await host.apply(enabledSettings({ enabled: false }))
    expect(host.state()).toEqual({ running: false, url: null, problem: null })
    await expect(rawRequest(url, { headers: mcpHeaders(url, 'x'), body: PING })).rejects.toMatchObject({
      code: 'ECONNREFUSED'
    })
    await host.apply(enabledSettings())
    const again = host.state().url!
    const client = await httpClient(again, access.issue('agent'))
    expect((await client.listTools()).tools.length).toBeGreaterThan(0)
    await client.close()
  })

  it('moves to the port the settings name, and says so plainly when that port is in use', async () => {
    const moving = newHost()
    const free = await closedPort()
    await moving.apply(enabledSettings({ port: free }))
    expect(moving.state()).toEqual({ running: true, url: `http://127.0.0.1:${free}/mcp`, problem: null })

    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const taken = (blocker.address() as { port: number }).port
    try {
      await expect(moving.apply(enabledSettings({ port: taken }))).resolves.toBeUndefined()
      expect(moving.state()).toEqual({
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
    await moving.apply(enabledSettings({ port: taken }))
    expect(moving.state()).toMatchObject({ running: true, problem: null })
  })

  it('keeps a long tool call alive over its SSE response, and close() ends it', async () => {
    let release: () => void = () => undefined
    const slow = newHost(
      { port: 0, keepAliveMs: 50 },
      {
        call: (name: string, input: unknown) =>
          new Promise((resolve) => {
            release = () => resolve(core.agentTools.call(name as 'processor:health', input as never))
          })
      }
    )
    await slow.apply(enabledSettings())
    const slowUrl = slow.state().url!
    const token = access.issue('agent')
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'processor_status', arguments: {} }
    })
    const answered = rawRequest(slowUrl, { headers: mcpHeaders(slowUrl, token), body: call })
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

  it('the core listens on the port its options name while agent access is enabled', async () => {
    // Until agent access drives it, the core applies the saved settings at start (disabled by default).
    expect(core.mcp.state()).toMatchObject({ running: false })
  })
})
