import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js'
import { KassaError } from '@shared/errors'
import type { AgentClient } from '../agents/agent-access'
import { redactSecrets } from '../secrets/redact'
import { redactForAgent } from './agent-redaction'
import type { McpDeps } from './mcp-deps'
import { callOrThrow } from './tool-kit'
import { isCalendarDay } from './tools/fields'

/** Days the day-close resource lists (newest first). */
const LISTED_DAYS = 14
/** Receipts the receipt resource lists: the latest paid sales among this many. */
const LISTED_SALES = 50

/**
 * The resources of a client with the `read` scope (none otherwise): `kassa://day-close/{day}` (`day:report` as
 * JSON; `day` is `yyyy-mm-dd` or `today`; the last 14 days listed) and `kassa://sales/{saleId}/receipt`
 * (`receipt:get` as JSON; the latest paid sales listed). Reads are rate-limited and audited like tool calls (tool
 * `resource:day-close`, `resource:receipt`); a refusal is a JSON-RPC error whose message is `<code>: <message>`.
 */
export function registerResources(server: McpServer, deps: McpDeps, client: AgentClient): void {
  if (!client.scopes.includes('read')) return
  server.registerResource(
    'day-close',
    new ResourceTemplate('kassa://day-close/{day}', {
      list: async () => {
        const days = await callOrThrow(deps, 'day:list', { limit: LISTED_DAYS })
        return {
          resources: [
            { uri: 'kassa://day-close/today', name: 'Day close: today', mimeType: 'application/json' },
            ...days.map((day) => ({
              uri: `kassa://day-close/${day.day}`,
              name: `Day close ${day.day} (${day.state})`,
              mimeType: 'application/json'
            }))
          ]
        }
      }
    }),
    {
      title: 'Day close figures',
      description: "A business day's X report (open) or Z report (closed) as JSON. Reading changes nothing.",
      mimeType: 'application/json'
    },
    (uri, variables) =>
      audited(deps, client, 'resource:day-close', uri, async () => {
        const day = String(variables.day)
        if (day !== 'today' && !isCalendarDay(day)) {
          throw new KassaError('invalid-input', 'A day is yyyy-mm-dd or "today"')
        }
        return callOrThrow(deps, 'day:report', day === 'today' ? {} : { day })
      })
  )
  server.registerResource(
    'receipt',
    new ResourceTemplate('kassa://sales/{saleId}/receipt', {
      list: async () => {
        const sales = await callOrThrow(deps, 'sale:list', { limit: LISTED_SALES })
        return {
          resources: sales
            .filter((sale) => sale.state === 'paid')
            .map((sale) => ({
              uri: `kassa://sales/${sale.id}/receipt`,
              name: `Receipt ${sale.receiptNumber ?? sale.id}`,
              mimeType: 'application/json'
            }))
        }
      }
    }),
    {
      title: 'Receipt',
      description:
        "A sale's receipt as data (shop, number, lines, taxes, tip, payments, refunds). Reading changes nothing.",
      mimeType: 'application/json'
    },
    (uri, variables) =>
      audited(deps, client, 'resource:receipt', uri, async () => {
        const saleId = String(variables.saleId)
        if (!/^sale_[0-9a-z]{10,40}$/.test(saleId)) throw new KassaError('invalid-input', 'Not a sale id')
        return callOrThrow(deps, 'receipt:get', { saleId })
      })
  )
}

async function audited(
  deps: McpDeps,
  client: AgentClient,
  tool: string,
  uri: URL,
  read: () => Promise<unknown>
): Promise<ReadResourceResult> {
  const at = deps.now()
  const started = performance.now()
  let ok = false
  let summary = 'ok'
  try {
    deps.access.admit(client)
    const value = redactForAgent(JSON.parse(JSON.stringify(await read())) as unknown)
    ok = true
    return {
      contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }]
    }
  } catch (error) {
    if (!(error instanceof KassaError))
      deps.log.error({ err: error, uri: uri.href }, 'MCP: a resource failed')
    summary = redactSecrets(
      error instanceof KassaError
        ? `${error.code}: ${error.message}`
        : 'internal: Something went wrong in the till; it has been logged'
    )
    throw new McpError(
      error instanceof KassaError ? ErrorCode.InvalidParams : ErrorCode.InternalError,
      summary
    )
  } finally {
    try {
      deps.access.record({
        client,
        tool,
        args: { uri: uri.href },
        ok,
        summary,
        at,
        ms: Math.round(performance.now() - started)
      })
    } catch (error) {
      deps.log.error({ err: error, tool }, 'MCP: the audit refused a resource read record')
    }
  }
}
