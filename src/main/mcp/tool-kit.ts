import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js'
import type { AgentScope } from '@shared/agents'
import type { CallInput, CallName, CallOutput } from '@shared/contract'
import { KassaError } from '@shared/errors'
import type { z } from 'zod'
import type { AgentClient } from '../agents/agent-access'
import type { McpDeps } from './mcp-deps'

/** What a tool's `run` gets besides its parsed arguments. */
export interface ToolContext {
  deps: McpDeps
  client: AgentClient
  /** Aborted when the agent cancels the call or goes away. */
  signal: AbortSignal
  /**
   * Tell the agent how a long call goes (MCP `notifications/progress`); does nothing when the agent sent no
   * `progressToken`. `progress` and `total` in the tool's own unit (seconds for the approval waits).
   */
  progress(progress: number, total: number, message: string): Promise<void>
}

/**
 * One MCP tool: its scope, its zod input (a strict object, each field `.describe()`d; the SDK turns it into the
 * listed JSON schema), an optional output schema of its `structuredContent`, honest annotations, and `run`, which
 * returns the result as plain JSON or throws a `KassaError` (a `ProcessorError` included) for a tool error.
 */
export interface ToolDef<I extends z.ZodObject = z.ZodObject> {
  name: string
  title: string
  /** Says what it reads or changes (side effects) in the agent's terms. */
  description: string
  scope: AgentScope
  /** Other scopes that also allow it (a client's own requests are readable with the scope that made them). */
  alsoScopes?: readonly AgentScope[]
  input: I
  output?: z.ZodObject
  annotations: ToolAnnotations
  run(args: z.output<I>, ctx: ToolContext): Promise<Record<string, unknown>>
}

/** True when `client` may list and call `tool`: it holds the tool's scope or one of its `alsoScopes`. */
export function mayCall(client: AgentClient, tool: ToolDef): boolean {
  return [tool.scope, ...(tool.alsoScopes ?? [])].some((scope) => client.scopes.includes(scope))
}

/** A tool definition with its input type checked against its schema (an identity function for inference). */
export function defineTool<I extends z.ZodObject>(def: ToolDef<I>): ToolDef {
  return def as unknown as ToolDef
}

/** Annotations of a tool that only reads the till's own records. */
export const READS_TILL: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false
}

/** Annotations of a tool that reads a processor's own records over the network. */
export const READS_PROCESSOR: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true
}

/**
 * Run a contract call and hand back its value.
 * @throws KassaError the call's own error (`not-found`, `invalid-input`, `processor-*` …), already redacted by
 *   dispatch.
 */
export async function callOrThrow<K extends CallName>(
  deps: McpDeps,
  name: K,
  input: CallInput<K>
): Promise<CallOutput<K>> {
  const result = await deps.call(name, input)
  if (result.ok) return result.value
  throw new KassaError(result.error.code, result.error.message, result.error.params)
}
