import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult
} from '@modelcontextprotocol/sdk/types.js'
import { KassaError } from '@shared/errors'
import type { AgentClient } from '../agents/agent-access'
import { describeZodError } from '../dispatch'
import { redactSecrets } from '../secrets/redact'
import { redactForAgent } from './agent-redaction'
import type { McpDeps } from './mcp-deps'
import { mayCall, type ToolContext, type ToolDef } from './tool-kit'

/** What the SDK hands a request handler that the wrapper uses. */
interface CallExtra {
  signal: AbortSignal
  _meta?: { progressToken?: string | number }
  sendNotification(notification: {
    method: 'notifications/progress'
    params: { progressToken: string | number; progress: number; total: number; message: string }
  }): Promise<void>
}

/**
 * Give `server` the tools: those the client's scopes allow are registered (so `tools/list` shows them with their
 * JSON schema and annotations), and `tools/call` is answered by {@link callTool} for every tool of `tools`.
 *
 * Why `tools/call` is taken over from the SDK's `McpServer`: it validates arguments before any tool handler runs
 * and answers a tool it does not list with "Tool x not found", so neither argument errors nor scope refusals would
 * reach the audit, and a refusal could not name the scope. The SDK's own handler is replaced on the low-level
 * `Server` (`setRequestHandler` replaces); listing, resources and prompts stay the SDK's.
 */
export function installTools(server: McpServer, deps: McpDeps, client: AgentClient, tools: ToolDef[]): void {
  const allowed = tools.filter((tool) => mayCall(client, tool))
  for (const tool of allowed) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        ...(tool.output ? { outputSchema: tool.output } : {}),
        annotations: { title: tool.title, ...tool.annotations }
      },
      // Never reached (tools/call is ours below); kept so the SDK's registration stays complete.
      (args: unknown, extra: unknown) => callTool(deps, client, tools, tool.name, args, extra as CallExtra)
    )
  }
  if (allowed.length === 0) {
    server.server.registerCapabilities({ tools: { listChanged: false } })
    server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }))
  }
  server.server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    callTool(
      deps,
      client,
      tools,
      request.params.name,
      request.params.arguments,
      extra as unknown as CallExtra
    )
  )
}

/**
 * One tool call as the agent made it, from its name and raw arguments to a tool result: the scope check, the rate
 * limit (`access.admit`), the arguments parsed by the tool's zod schema, the tool, and the audit
 * (`access.record`) of every call, refused or not. Never throws; failures are tool errors (`isError`) whose text
 * is `<code>: <message>`. Every result's text and structured content pass `redactForAgent` (`redactSecrets` but
 * for public transaction and payment ids, from which only held keys are taken).
 */
export async function callTool(
  deps: McpDeps,
  client: AgentClient,
  tools: readonly ToolDef[],
  name: string,
  args: unknown,
  extra: CallExtra
): Promise<CallToolResult> {
  const at = deps.now()
  const started = performance.now()
  let result: CallToolResult
  let summary: string
  try {
    const value = await runTool(deps, client, tools, name, args, extra)
    // Every string, keys included, is redacted on its own, so the text made of them needs no second pass (which
    // would hide the transaction ids `redactForAgent` keeps).
    const clean = redactForAgent(JSON.parse(JSON.stringify(value)) as Record<string, unknown>)
    result = {
      content: [{ type: 'text', text: JSON.stringify(clean, null, 2) }],
      structuredContent: clean
    }
    summary = summarize(clean)
  } catch (error) {
    const text = redactSecrets(errorText(error, deps))
    result = { isError: true, content: [{ type: 'text', text }] }
    summary = text
  }
  try {
    deps.access.record({
      client,
      tool: String(name).slice(0, 64),
      args,
      ok: !result.isError,
      summary: summary.slice(0, 300),
      at,
      ms: Math.round(performance.now() - started)
    })
  } catch (error) {
    deps.log.error({ err: error, tool: name }, 'MCP: the audit refused a tool call record')
  }
  return result
}

async function runTool(
  deps: McpDeps,
  client: AgentClient,
  tools: readonly ToolDef[],
  name: string,
  args: unknown,
  extra: CallExtra
): Promise<Record<string, unknown>> {
  const tool = tools.find((t) => t.name === name)
  if (!tool) {
    throw new KassaError('not-found', `There is no tool named "${String(name).slice(0, 64)}"`, {
      reason: 'tool'
    })
  }
  if (!mayCall(client, tool)) {
    throw new KassaError(
      'unauthorized',
      `The tool ${tool.name} needs the "${tool.scope}" scope, which this client's token does not have; the owner ` +
        'can make a token with it in Settings → Agent access',
      { reason: 'scope', scope: tool.scope }
    )
  }
  deps.access.admit(client)
  const parsed = tool.input.safeParse(args ?? {})
  if (!parsed.success) {
    throw new KassaError(
      'invalid-input',
      `Invalid arguments for ${tool.name}: ${describeZodError(parsed.error)}`
    )
  }
  const progressToken = extra._meta?.progressToken
  const ctx: ToolContext = {
    deps,
    client,
    signal: extra.signal,
    async progress(progress, total, message) {
      if (progressToken === undefined) return
      await extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken, progress, total, message }
        })
        .catch(() => undefined)
    }
  }
  return tool.run(parsed.data, ctx)
}

/** `<code>: <message>` of a refusal; a bug is logged and answered in general words. */
function errorText(error: unknown, deps: McpDeps): string {
  if (error instanceof KassaError) {
    const retry = error.code === 'rate-limited' ? error.params?.retryAfterSeconds : undefined
    const hint = retry && !error.message.includes(retry) ? ` Retry in ${retry} s.` : ''
    return `${error.code}: ${error.message}${hint}`
  }
  deps.log.error({ err: error }, 'MCP: a tool failed')
  return 'internal: Something went wrong in the till; it has been logged'
}

/**
 * A short line for the audit: a result's scalar fields and the length of its lists, and those of an object it
 * wraps (`sale.id=…, sale.state=paid`), at most 5.
 */
function summarize(value: Record<string, unknown>): string {
  const parts: string[] = []
  const walk = (object: Record<string, unknown>, prefix: string): void => {
    for (const [key, item] of Object.entries(object)) {
      if (parts.length === 5) return
      if (Array.isArray(item)) parts.push(`${prefix}${key}: ${item.length}`)
      else if (typeof item === 'string' && item.length <= 60) parts.push(`${prefix}${key}=${item}`)
      else if (typeof item === 'number' || typeof item === 'boolean')
        parts.push(`${prefix}${key}=${String(item)}`)
      else if (item !== null && typeof item === 'object' && prefix === '') {
        walk(item as Record<string, unknown>, `${key}.`)
      }
    }
  }
  walk(value, '')
  return parts.length ? parts.join(', ') : 'ok'
}
