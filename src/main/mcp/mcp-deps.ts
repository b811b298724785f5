import type { CallInput, CallName, CallOutput } from '@shared/contract'
import type { Result } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import type { AgentAccess } from '../agents/agent-access'
import type { Logger } from '../log/logger'
import type { InsightPort } from '../processors/ports'

/**
 * What the MCP server is built on (the core makes it): the contract calls as the till's own code runs them, agent
 * access (tokens, scopes' owner, rate limit, audit, approvals) and the processors' read-only insight ports. The
 * server holds no key and never reaches a connector but through `insight`.
 */
export interface McpDeps {
  /**
   * Run a contract call (`dispatch`: parsed by its schema, errors redacted) without the owner gate: the client's
   * scopes gate the tools instead. Never throws.
   */
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>>
  access: AgentAccess
  /** The connected processors, the till's own first. */
  connected(): ProcessorId[]
  /** The insight port of a connected processor, or null (not connected, or it has none). */
  insight(processor: ProcessorId): InsightPort | null
  /** ms since the epoch. */
  now(): number
  log: Logger
}
