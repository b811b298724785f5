import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { z } from 'zod'
import type { AgentClient } from '../agents/agent-access'

/**
 * The prompt `recover_failed_charges` (argument `limit`, optional, 1–50, default 10): walks a persona through the
 * Recovery queue with the tools, knowing that a payment request above the owner's limit waits for a person, and
 * never promising a refund. Listed for a client with both the `read` and `recovery` scopes (the tools it names).
 */
export function registerPrompts(server: McpServer, client: AgentClient): void {
  if (!client.scopes.includes('read') || !client.scopes.includes('recovery')) return
  server.registerPrompt(
    'recover_failed_charges',
    {
      title: 'Recover failed charges',
      description:
        "Work through the till's Recovery queue: read each failed charge and its customer, draft a message, and " +
        'make a payment request for what is due.',
      argsSchema: {
        limit: z
          .string()
          .regex(/^([1-9]|[1-4]\d|50)$/, 'limit is a whole number from 1 to 50')
          .optional()
          .describe('How many failed charges to work through (1–50, default 10).')
      }
    },
    ({ limit }) => ({
      description: 'Recover failed charges',
      messages: [{ role: 'user', content: { type: 'text', text: recoveryPrompt(Number(limit ?? '10')) } }]
    })
  )
}

/** The prompt's text for `limit` items. */
export function recoveryPrompt(limit: number): string {
  return [
    `You help a shop recover payments that failed at its till (Kassa). Work through at most ${limit} failed charges:`,
    '',
    `1. Call list_failed_charges with {"filter": "active", "limit": ${limit}}. Each item has an id (rec_…), the`,
    '   sale, what is still due, the customer and any payment request already made.',
    '2. For each item, call get_customer_context with {"item_id": …}: what was bought, the customer\'s other',
    '   sales and the messages already sent. Skip an item whose customer cannot be reached (no e-mail or phone),',
    '   or that was messaged in the last few days; say why.',
    '3. Call create_payment_request with {"item_id": …} to get a payable link for exactly what is due. Up to the',
    "   owner's limit it is made at once; above it the result is `pending`: a person at the till must approve it.",
    '   Do not ask again; note the request id and check it later with get_request_status (or pass wait_seconds).',
    '4. Call draft_recovery_message with {"item_id": …} once the link exists: it drafts the owner\'s own message',
    '   with the link. It sends nothing; show the draft to the person you work for, who sends it.',
    '',
    "Rules: be polite and brief; never invent amounts (use the tools' figures, in their currency); never promise,",
    'offer or hint at a refund, a discount or any payment to the customer — refunds are decided by the shop',
    'through its own policy, not here. If a tool answers with an error, report it and go on with the next item.',
    'End with a short table: item, customer, amount due, what you did, and what waits for a person.'
  ].join('\n')
}
