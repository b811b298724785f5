import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { AgentClient } from '../agents/agent-access'
import type { McpDeps } from './mcp-deps'
import { registerPrompts } from './prompts'
import { registerResources } from './resources'
import type { ToolDef } from './tool-kit'
import { installTools } from './tool-wrapper'
import { INSIGHT_TOOLS } from './tools/insight'
import { QUEUE_TOOLS } from './tools/queue'
import { RECOVERY_TOOLS } from './tools/recovery'
import { REFUND_TOOLS } from './tools/refunds'
import { SALES_TOOLS } from './tools/sales'
import { STATUS_TOOLS } from './tools/status'

/** Every tool, whatever a client's scopes (`docs/mcp-tools.md` lists them). */
export const ALL_TOOLS: readonly ToolDef[] = [
  ...SALES_TOOLS,
  ...QUEUE_TOOLS,
  ...STATUS_TOOLS,
  ...INSIGHT_TOOLS,
  ...RECOVERY_TOOLS,
  ...REFUND_TOOLS
]

/**
 * One MCP server for one authenticated client (Streamable HTTP makes one per request, stdio relays to it): the
 * tools its scopes allow, the resources and the prompt. Every tool call is admitted (`access.admit`), audited
 * (`access.record`) and answered as a tool result; a refusal is a tool error (`isError`), never a thrown error
 * (`tool-wrapper.ts`).
 */
export function createMcpServer(deps: McpDeps, client: AgentClient): McpServer {
  const server = new McpServer(
    { name: 'kassa', version: '1.0.0' },
    {
      instructions:
        "Kassa is a shop's point-of-sale till. Tools read its sales, day close, Recovery queue and processors; " +
        "refunds and payment requests above the owner's limit wait for a person at the till to approve them."
    }
  )
  installTools(server, deps, client, [...ALL_TOOLS])
  registerResources(server, deps, client)
  registerPrompts(server, client)
  return server
}
