import type { SaleState, SaleView } from '@shared/contract'
import { customerLabel } from '@shared/customers'
import { z } from 'zod'
import { callOrThrow, defineTool, READS_TILL, type ToolDef } from '../tool-kit'
import { dayField, saleIdField } from './fields'

const SALE_STATES = ['creating', 'awaiting', 'paid', 'expired', 'invalid', 'cancelled', 'failed'] as const

/** A sale as a line of a list: enough to choose one for get_sale. */
const SaleLineOutput = z.object({
  id: z.string(),
  createdAt: z.string(),
  state: z.enum(SALE_STATES),
  amount: z.string(),
  currency: z.string(),
  refunded: z.string(),
  processor: z.string(),
  receiptNumber: z.string().nullable(),
  memo: z.string().nullable(),
  customer: z.string().nullable(),
  invoiceStatus: z.string().nullable()
})

function saleLine(sale: SaleView): z.output<typeof SaleLineOutput> {
  return {
    id: sale.id,
    createdAt: sale.createdAt,
    state: sale.state,
    amount: sale.amount,
    currency: sale.currency,
    refunded: sale.refunded,
    processor: sale.processor,
    receiptNumber: sale.receiptNumber,
    memo: sale.memo,
    customer: sale.customer ? customerLabel(sale.customer) || null : null,
    invoiceStatus: sale.invoice ? sale.invoice.status : null
  }
}

const listSales = defineTool({
  name: 'list_sales',
  title: 'List sales',
  description:
    "The till's sales, newest first, as short lines (id, state, amount, refunded, customer). With `query`, sales " +
    'whose id, invoice id, memo, item names or amount match (at most 20). Reads only; changes nothing.',
  scope: 'read',
  input: z.strictObject({
    limit: z.int().min(1).max(200).optional().describe('How many sales at most (1–200, default 20).'),
    state: z
      .enum(SALE_STATES)
      .optional()
      .describe('Only sales in this state (`paid`, `expired`, `awaiting`, …).'),
    query: z
      .string()
      .trim()
      .min(3)
      .max(100)
      .optional()
      .describe(
        'Search words, the start of a sale or invoice id, or an amount like "12.34" (3–100 characters).'
      )
  }),
  output: z.object({ sales: z.array(SaleLineOutput) }),
  annotations: READS_TILL,
  async run(args, { deps }) {
    const limit = args.limit ?? 20
    // A state filter reads the widest page, so the filter does not leave a short list when matches exist.
    const sales = args.query
      ? await callOrThrow(deps, 'sale:find', { query: args.query })
      : await callOrThrow(deps, 'sale:list', { limit: args.state ? 200 : limit })
    const wanted = args.state ? sales.filter((sale) => sale.state === (args.state as SaleState)) : sales
    return { sales: wanted.slice(0, limit).map(saleLine) }
  }
})

const getSale = defineTool({
  name: 'get_sale',
  title: 'Get a sale',
  description:
    'One sale in full: lines, tax, discount, tip, customer, the invoice with its payments, and its refunds. ' +
    'Reads only; changes nothing.',
  scope: 'read',
  input: z.strictObject({ sale_id: saleIdField }),
  annotations: READS_TILL,
  async run(args, { deps }) {
    return { sale: await callOrThrow(deps, 'sale:get', { saleId: args.sale_id }) }
  }
})

const dayCloseFigures = defineTool({
  name: 'day_close_figures',
  title: 'Day close figures',
  description:
    "A business day's report: sales, refunds, net per currency and payment method, tips, taxes, corrections and " +
    'recovered charges; the running X report of an open day or the frozen Z report of a closed one. Reads only; ' +
    'changes nothing (closes no day).',
  scope: 'read',
  input: z.strictObject({
    day: dayField.optional().describe('The business day `yyyy-mm-dd`, or `today` (default: the current day).')
  }),
  annotations: READS_TILL,
  async run(args, { deps }) {
    const day = args.day && args.day !== 'today' ? args.day : undefined
    return { report: await callOrThrow(deps, 'day:report', day ? { day } : {}) }
  }
})

const churnSignals = defineTool({
  name: 'churn_signals',
  title: 'Churn signals',
  description:
    'Lapsed returning customers (most overdue first), weekly rates of expired or abandoned charges, and refund-rate ' +
    'spikes, with the rules applied. Reads only; changes nothing.',
  scope: 'read',
  input: z.strictObject({}),
  annotations: READS_TILL,
  async run(_args, { deps }) {
    return { signals: await callOrThrow(deps, 'churn:signals', {}) }
  }
})

/** The `read` tools about sales and the owner's day. */
export const SALES_TOOLS: ToolDef[] = [listSales, getSale, dayCloseFigures, churnSignals]
