import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type {
  AgentAccessView,
  AgentCallView,
  AgentClientCreated,
  AgentScope,
  AgentSettingsView
} from '@shared/agents'
import type { KassaErrorData } from '@shared/errors'
import { kassa } from '../api/client'

/**
 * Settings → Agent access (owner): the MCP server's settings and state (`agent:status`, `agent:configure`), its
 * clients (`agent:createClient`, `agent:revokeClient`), the token of the client just made (shown once, then
 * dropped) and the agents' activity (`agent:audit`, all clients or one). Calls answer a `Result`; a failure lands
 * in `error` (the panel's) or `auditError` (the activity list's).
 */
export const useAgentAccessStore = defineStore('agentAccess', () => {
  const access = shallowRef<AgentAccessView | null>(null)
  const audit = ref<AgentCallView[]>([])
  /** The client the activity list shows, or null for all. */
  const auditClient = ref<string | null>(null)
  /** The client just made with its token: on screen until `dismissToken`, never kept anywhere else. */
  const created = shallowRef<AgentClientCreated | null>(null)
  const busy = ref<'configure' | 'create' | 'revoke' | null>(null)
  const error = shallowRef<KassaErrorData | null>(null)
  const auditError = shallowRef<KassaErrorData | null>(null)

  /** Read the server's state and clients, and the activity. */
  async function load(): Promise<void> {
    const result = await kassa.agent.status({})
    if (result.ok) {
      access.value = result.value
      error.value = null
    } else error.value = result.error
    if (result.ok) await loadAudit()
  }

  /** Read the activity (newest first, 100 calls) of `auditClient`, or of every client. */
  async function loadAudit(): Promise<void> {
    const clientId = auditClient.value
    const result = await kassa.agent.audit(clientId ? { clientId } : {})
    if (result.ok) {
      audit.value = result.value
      auditError.value = null
    } else auditError.value = result.error
  }

  /** Show the activity of one client (null: all). */
  async function filterAudit(clientId: string | null): Promise<void> {
    auditClient.value = clientId
    await loadAudit()
  }

  async function run<T>(
    kind: 'configure' | 'create' | 'revoke',
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: KassaErrorData }>
  ): Promise<T | null> {
    busy.value = kind
    error.value = null
    try {
      const result = await call()
      if (result.ok) return result.value
      error.value = result.error
      return null
    } finally {
      busy.value = null
    }
  }

  /**
   * Change the server's settings (only the fields given); it starts, stops or moves port at once.
   * @returns whether main took them
   */
  async function configure(patch: Partial<AgentSettingsView>): Promise<boolean> {
    const view = await run('configure', () => kassa.agent.configure(patch))
    if (view) access.value = view
    return view !== null
  }

  /** Make a client with `scopes`; its token is in `created` until `dismissToken`. @returns whether one was made */
  async function createClient(name: string, scopes: AgentScope[]): Promise<boolean> {
    const made = await run('create', () => kassa.agent.createClient({ name, scopes }))
    if (!made) return false
    created.value = made
    if (access.value) access.value = { ...access.value, clients: [made.client, ...access.value.clients] }
    return true
  }

  /** The token was copied (or not): drop it from memory for good. */
  function dismissToken(): void {
    created.value = null
  }

  /** Revoke a client: its token is refused from now on. @returns whether it worked */
  async function revoke(clientId: string): Promise<boolean> {
    const client = await run('revoke', () => kassa.agent.revokeClient({ clientId }))
    if (!client) return false
    if (access.value) {
      const clients = access.value.clients.map((c) => (c.id === clientId ? client : c))
      access.value = { ...access.value, clients }
    }
    return true
  }

  return {
    access,
    audit,
    auditClient,
    created,
    busy,
    error,
    auditError,
    load,
    loadAudit,
    filterAudit,
    configure,
    createClient,
    dismissToken,
    revoke
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAgentAccessStore, import.meta.hot))
