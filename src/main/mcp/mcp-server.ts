import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { z } from 'zod'
import type { AgentClient } from '../agents/agent-access'
import type { McpDeps } from './mcp-deps'

// SCAFFOLD (lead, issue 16): h-mcp-tools replaces this file with every tool, resource and prompt, each wrapped in
// the scope check, rate limit and audit. The signature of `createMcpServer` stays.

/**
 * One MCP server for one authenticated client (Streamable HTTP makes one per request, stdio relays to it): the
 * tools its scopes allow, the resources and the prompt. Every tool call is admitted (`access.admit`), audited
 * (`access.record`) and answered as a tool result; a refusal is a tool error (`isError`), never a thrown error.
 */
export function createMcpServer(deps: McpDeps, client: AgentClient): McpServer {
  const server = new McpServer({ name: 'kassa', version: '1.0.0' })
  server.registerTool(
    'processor_status',
    {
      title: 'Processor status',
      description: 'The health of every connected payment processor. Reads only; changes nothing.',
      inputSchema: z.strictObject({}),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }
    },
    async (): Promise<CallToolResult> => {
      deps.access.admit(client)
      const result = await deps.call('processor:health', {})
      return result.ok
        ? { content: [{ type: 'text', text: JSON.stringify(result.value) }] }
        : { isError: true, content: [{ type: 'text', text: result.error.message }] }
    }
  )
  return server
}
