import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AgentAccessView, AgentCallView, AgentClientCreated, AgentClientView } from '@shared/agents'
import { KassaError } from '@shared/errors'
import { agentHarness, PIN, type AgentHarness } from './agent-fixture'

let h: AgentHarness
beforeEach(async () => {
  h = await agentHarness()
})
afterEach(async () => {
  await h.close()
})

const access = () => h.core.agentTools.access

describe('agent clients (Settings → Agent access)', () => {
  it('makes a kag_ token shown once, keeps only its SHA-256, and lets it in while the server is on', async () => {
    await h.ok('agent:configure', { enabled: true })
    const made = await h.ok<AgentClientCreated>('agent:createClient', {
      name: 'Claude Desktop',
      scopes: ['read', 'refunds']
    })
    expect(made.token).toMatch(/^kag_[A-Za-z0-9_-]{43}$/)
    expect(made.client).toMatchObject({
      name: 'Claude Desktop',
      scopes: ['read', 'refunds'],
      lastUsedAt: null,
      revokedAt: null,
      tokenHint: `…${made.token.slice(-4)}`,
      calls: 0
    })
    expect(access().authenticate(made.token)).toEqual({
      id: made.client.id,
      name: 'Claude Desktop',
      scopes: ['read', 'refunds']
    })
    const status = await h.ok<AgentAccessView>('agent:status', {})
    expect(status.clients[0]?.lastUsedAt).not.toBeNull()
    // Test cores listen on a free port (`mcp.port` 0), so the server is up at once.
    expect(status).toMatchObject({ running: true, problem: null, currency: 'USD' })
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/)

    // The token is nowhere in the data folder: not in the ledger, its WAL, or the audit log.
    await h.core.stop()
    const secret = made.token.slice(4)
    for (const file of ['kassa.sqlite', 'kassa.sqlite-wal']) {
      let bytes: Buffer
      try {
        bytes = readFileSync(join(h.dir.path, file))
      } catch {
        continue
      }
      expect(bytes.includes(Buffer.from(secret)), file).toBe(false)
    }
    await h.restart()
  })

  it('refuses a malformed, unknown or revoked token, and every token while the server is off', async () => {
    const { token, client } = await h.client()
    expect(access().authenticate('kag_short')).toBeNull()
    expect(access().authenticate(`kag_${'A'.repeat(43)}`)).toBeNull()
    expect(access().authenticate(`${token} `)).toBeNull()

    await h.ok('agent:configure', { enabled: false })
    expect(access().authenticate(token)).toBeNull()
    await h.ok('agent:configure', { enabled: true })
    expect(access().authenticate(token)?.id).toBe(client.id)

    const revoked = await h.ok<AgentClientView>('agent:revokeClient', { clientId: client.id })
    expect(revoked.revokedAt).not.toBeNull()
    expect(access().authenticate(token)).toBeNull()
    // Revoking twice keeps the first time.
    const again = await h.ok<AgentClientView>('agent:revokeClient', { clientId: client.id })
    expect(again.revokedAt).toBe(revoked.revokedAt)
    const unknown = await h.send('agent:revokeClient', { clientId: `agc_${'0'.repeat(32)}` })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
    const actions = h.core.ledger.database
      .prepare("SELECT actor, action FROM audit_log WHERE action LIKE 'agent.client-%' ORDER BY seq")
      .all()
    expect(actions).toEqual([
      { actor: 'owner', action: 'agent.client-created' },
      { actor: 'owner', action: 'agent.client-revoked' }
    ])
  })

  it("keeps the owner's calls behind the PIN once one is set", async () => {
    const { session } = await h.ok<{ session: string }>('owner:setPin', { pin: PIN })
    const refused = await h.send('agent:createClient', { name: 'x', scopes: ['read'] })
    expect(refused).toMatchObject({ ok: false, error: { code: 'owner-required' } })
    const made = await h.ok<AgentClientCreated>(
      'agent:createClient',
      { name: 'x', scopes: ['read'] },
      session
    )
    expect(made.client.name).toBe('x')
  })
})

describe('Settings → Agent access', () => {
  it('defaults, saves a patch, and refuses a limit with more decimals than the store currency has', async () => {
    const first = await h.ok<AgentAccessView>('agent:status', {})
    expect(first.settings).toEqual({
      enabled: false,
      port: 7420,
      paymentRequestLimit: '100',
      callsPerMinute: 60
    })
    const saved = await h.ok<AgentAccessView>('agent:configure', {
      port: 7421,
      paymentRequestLimit: '49.9',
      callsPerMinute: 5
    })
    expect(saved.settings).toEqual({
      enabled: false,
      port: 7421,
      paymentRequestLimit: '49.90',
      callsPerMinute: 5
    })
    const bad = await h.send('agent:configure', { paymentRequestLimit: '10.001' })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', params: { field: 'paymentRequestLimit' } }
    })
    expect((bad as { error: { message: string } }).error.message).toMatch(
      /USD allows at most 2 decimal places/
    )
    expect((await h.ok<AgentAccessView>('agent:status', {})).settings.paymentRequestLimit).toBe('49.90')
  })
})

describe('rate limit', () => {
  it('lets callsPerMinute calls through, then says how long to wait, and refills with time', async () => {
    await h.ok('agent:configure', { callsPerMinute: 3 })
    const { client } = await h.client()
    for (let i = 0; i < 3; i++) access().admit(client)
    let error: unknown
    try {
      access().admit(client)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(KassaError)
    expect(error).toMatchObject({ code: 'rate-limited', params: { retryAfterSeconds: '20' } })
    expect((error as Error).message).toBe('Too many calls: wait 20 s')
    h.skip(20_000)
    access().admit(client)
    expect(() => access().admit(client)).toThrow(/Too many calls/)
  })

  it('counts each client apart', async () => {
    await h.ok('agent:configure', { callsPerMinute: 1 })
    const a = await h.client(['read'], 'a')
    const b = await h.client(['read'], 'b')
    access().admit(a.client)
    expect(() => access().admit(a.client)).toThrow(/Too many calls/)
    expect(() => access().admit(b.client)).not.toThrow()
  })
})

describe('audit of tool calls', () => {
  it('keeps each call with the client, redacted arguments cut to 2000 characters, newest first', async () => {
    const { client, token } = await h.client()
    const other = await h.client(['read'], 'Nightly report')
    const at = Date.now()
    access().record({
      client,
      tool: 'get_sale',
      args: { saleId: 'sale_abc', apiKey: 'sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0', note: token },
      ok: true,
      summary: 'sale_abc paid 80.00 USD',
      at,
      ms: 12.6
    })
    access().record({
      client: other.client,
      tool: 'list_sales',
      args: { text: 'x'.repeat(5000) },
      ok: false,
      summary: 'invalid-input: limit: Too big',
      at: at + 1,
      ms: 3
    })
    const all = await h.ok<AgentCallView[]>('agent:audit', {})
    expect(all.map((row) => row.tool)).toEqual(['list_sales', 'get_sale'])
    const [cut, first] = all
    expect(cut?.args).toHaveLength(2000)
    expect(cut).toMatchObject({ clientName: 'Nightly report', ok: false, ms: 3 })
    expect(first).toMatchObject({
      clientId: client.id,
      clientName: 'Claude Desktop',
      ok: true,
      summary: 'sale_abc paid 80.00 USD',
      ms: 13,
      at: new Date(at).toISOString()
    })
    expect(first?.args).toContain('sale_abc')
    expect(first?.args).not.toContain('sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0')
    expect(first?.args).not.toContain(token)
    const mine = await h.ok<AgentCallView[]>('agent:audit', { clientId: client.id, limit: 5 })
    expect(mine.map((row) => row.tool)).toEqual(['get_sale'])
    const status = await h.ok<AgentAccessView>('agent:status', {})
    expect(status.clients.find((c) => c.id === client.id)?.calls).toBe(1)
  })

  it('never throws when the row cannot be written (it is logged instead)', async () => {
    const { client } = await h.client()
    h.core.ledger.database.exec('DROP TABLE agent_calls')
    expect(() =>
      access().record({ client, tool: 'get_sale', args: {}, ok: true, summary: '', at: Date.now(), ms: 1 })
    ).not.toThrow()
  })
})
