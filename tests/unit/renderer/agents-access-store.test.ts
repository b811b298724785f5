import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { agentAccess, agentClient } from './agents-fixtures'

const status = vi.fn()
const configure = vi.fn()
const createClient = vi.fn()
const revokeClient = vi.fn()
const audit = vi.fn()
vi.mock('../../../src/renderer/src/api/client', () => ({
  kassa: { agent: { status, configure, createClient, revokeClient, audit } }
}))
const { useAgentAccessStore } = await import('../../../src/renderer/src/stores/agent-access')

const call = {
  at: '2026-11-29T10:00:00.000Z',
  clientId: agentClient().id,
  clientName: 'Claude Desktop',
  tool: 'get_sale',
  args: '{"saleId":"sale_1"}',
  ok: true,
  summary: 'sale_1 paid 7.50 USD',
  ms: 12
}

describe('useAgentAccessStore (Settings → Agent access)', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    for (const mock of [status, configure, createClient, revokeClient, audit]) mock.mockReset()
    status.mockResolvedValue({ ok: true, value: agentAccess() })
    audit.mockResolvedValue({ ok: true, value: [call] })
  })

  it('reads the server, its clients and the activity; a refusal is kept as the panel error', async () => {
    const store = useAgentAccessStore()
    await store.load()
    expect(store.access?.url).toBe('http://127.0.0.1:7420/mcp')
    expect(store.audit).toEqual([call])
    expect(audit).toHaveBeenCalledWith({})
    status.mockResolvedValueOnce({ ok: false, error: { code: 'owner-required', message: 'PIN' } })
    await store.load()
    expect(store.error?.code).toBe('owner-required')
    expect(store.access).not.toBeNull()
  })

  it('filters the activity by client and back to all', async () => {
    const store = useAgentAccessStore()
    await store.filterAudit(agentClient().id)
    expect(audit).toHaveBeenLastCalledWith({ clientId: agentClient().id })
    await store.filterAudit(null)
    expect(audit).toHaveBeenLastCalledWith({})
  })

  it('saves settings and shows what main answers (e.g. the port in use)', async () => {
    const store = useAgentAccessStore()
    await store.load()
    const answer = agentAccess({ running: false, url: null, problem: 'Port 7420 is in use' })
    configure.mockResolvedValueOnce({ ok: true, value: answer })
    const patch = { enabled: true, port: 7420, paymentRequestLimit: '49.99', callsPerMinute: 30 }
    expect(await store.configure(patch)).toBe(true)
    expect(configure).toHaveBeenCalledWith(patch)
    expect(store.access?.problem).toBe('Port 7420 is in use')
    configure.mockResolvedValueOnce({ ok: false, error: { code: 'invalid-input', message: 'bad' } })
    expect(await store.configure({ ...patch, port: 1024 })).toBe(false)
    expect(store.error?.code).toBe('invalid-input')
    expect(store.access?.problem).toBe('Port 7420 is in use')
  })

  it('keeps a new token only until it is dismissed, and lists the client first', async () => {
    const store = useAgentAccessStore()
    await store.load()
    const made = agentClient({
      id: 'agc_00000000000000000000000000000002',
      name: 'Nightly report',
      scopes: ['read']
    })
    const token = 'kag_' + 'A'.repeat(43)
    createClient.mockResolvedValueOnce({ ok: true, value: { client: made, token } })
    expect(await store.createClient('Nightly report', ['read'])).toBe(true)
    expect(createClient).toHaveBeenCalledWith({ name: 'Nightly report', scopes: ['read'] })
    expect(store.created?.token).toBe(token)
    expect(store.access?.clients.map((c) => c.name)).toEqual(['Nightly report', 'Claude Desktop'])
    store.dismissToken()
    expect(store.created).toBeNull()
    expect(JSON.stringify(store.$state)).not.toContain(token)
  })

  it('revokes a client in place', async () => {
    const store = useAgentAccessStore()
    await store.load()
    const revoked = agentClient({ revokedAt: '2026-11-29T11:00:00.000Z' })
    revokeClient.mockResolvedValueOnce({ ok: true, value: revoked })
    expect(await store.revoke(revoked.id)).toBe(true)
    expect(revokeClient).toHaveBeenCalledWith({ clientId: revoked.id })
    expect(store.access?.clients).toEqual([revoked])
    expect(store.busy).toBeNull()
  })
})
