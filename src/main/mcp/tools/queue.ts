import { KassaError } from '@shared/errors'
import { z } from 'zod'
import { callOrThrow, defineTool, READS_TILL, type ToolDef } from '../tool-kit'
import { customerIdField, itemIdField } from './fields'

const listFailedCharges = defineTool({
  name: 'list_failed_charges',
  title: 'List failed charges',
  description:
    'The Recovery queue: sales that ended unpaid or part paid, newest failure first, with what is still due, the ' +
    'customer, any payment request and its link, and the recovery rate of the last days. Reads only; changes nothing.',
  scope: 'read',
  input: z.strictObject({
    filter: z
      .enum(['active', 'recovered', 'abandoned', 'all'])
      .optional()
      .describe('`active` (open or requested, the default), `recovered`, `abandoned` or `all`.'),
    limit: z.int().min(1).max(200).optional().describe('How many items at most (1–200, default 50).'),
    before: z
      .string()
      .max(200)
      .optional()
      .describe('The `next` cursor of the previous page, for the page after it.'),
    days: z.int().min(1).max(366).optional().describe('The window of the recovery rate in days (default 30).')
  }),
  annotations: READS_TILL,
  async run(args, { deps }) {
    return callOrThrow(deps, 'recovery:list', args) as unknown as Promise<Record<string, unknown>>
  }
})

const getCustomerContext = defineTool({
  name: 'get_customer_context',
  title: 'Customer context',
  description:
    "Context for a conversation with a customer: for a failed charge (`item_id`) the sale's lines, the customer, " +
    'their other sales with outcomes and the messages sent so far; for a customer (`customer_id`) their details ' +
    'and sales. Give exactly one. Reads only; changes nothing.',
  scope: 'read',
  input: z.strictObject({
    item_id: itemIdField.optional(),
    customer_id: customerIdField.optional()
  }),
  annotations: READS_TILL,
  async run(args, { deps }) {
    if ((args.item_id === undefined) === (args.customer_id === undefined)) {
      throw new KassaError('invalid-input', 'Give exactly one of item_id or customer_id')
    }
    if (args.item_id) {
      const detail = await callOrThrow(deps, 'recovery:get', { itemId: args.item_id })
      return {
        itemId: detail.id,
        saleId: detail.saleId,
        status: detail.status,
        due: detail.due,
        currency: detail.currency,
        customer: detail.customer,
        lines: detail.lines,
        memo: detail.memo,
        history: detail.history,
        messages: detail.messages
      }
    }
    return { customer: await callOrThrow(deps, 'customer:get', { customerId: args.customer_id! }) }
  }
})

/** The `read` tools about the Recovery queue and customers. */
export const QUEUE_TOOLS: ToolDef[] = [listFailedCharges, getCustomerContext]
