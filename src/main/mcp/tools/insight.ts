import { KassaError } from '@shared/errors'
import type { ProcessorId } from '@shared/invoice'
import { z } from 'zod'
import type { InsightQuery, InsightTopic } from '../../processors/ports'
import { defineTool, READS_PROCESSOR, type ToolDef } from '../tool-kit'
import { amountField } from './fields'

/** How long a mirror waits for the processor (ms) before the read is a `processor-connection` tool error. */
const INSIGHT_TIMEOUT_MS = 15_000

const LABELS: Record<string, string> = { btcpay: 'BTCPay Server', plisio: 'Plisio' }

const coinField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{2,16}$/, 'A coin is Plisio\'s currency id like "BTC" or "USDT_TRX"')
  .describe('The coin, as Plisio names it (`BTC`, `LTC`, `USDT_TRX`, …).')

const feePlanField = z
  .string()
  .trim()
  .regex(/^[a-z_]{1,32}$/, 'A fee plan is a name like "normal" or "priority"')
  .optional()
  .describe("Plisio fee plan (`normal`, `priority`, …; default the shop's).")

const addressField = z
  .string()
  .trim()
  .min(10)
  .max(120)
  .optional()
  .describe('The address a withdrawal would go to (for a closer estimate).')

/** One read-only mirror: a processor's topic as a tool. */
interface Mirror {
  name: string
  title: string
  processor: ProcessorId
  topic: InsightTopic
  /** What it shows and the endpoint it reads. */
  what: string
  input: z.ZodObject
  query(args: Record<string, unknown>): InsightQuery
}

const none = z.strictObject({})

const MIRRORS: Mirror[] = [
  {
    name: 'btcpay_server_info',
    title: 'BTCPay server info',
    processor: 'btcpay',
    topic: 'server-info',
    what: "BTCPay Server's version, whether it is fully synced, and its payment methods (GET /api/v1/server/info)",
    input: none,
    query: () => ({})
  },
  {
    name: 'btcpay_store',
    title: 'BTCPay store',
    processor: 'btcpay',
    topic: 'store',
    what: "The shop's BTCPay store: name, default currency, invoice expiry and speed policy (GET /api/v1/stores/{id})",
    input: none,
    query: () => ({})
  },
  {
    name: 'btcpay_payment_requests',
    title: 'BTCPay payment requests',
    processor: 'btcpay',
    topic: 'payment-requests',
    what: "The store's payment requests with amount, status and expiry (GET /api/v1/stores/{id}/payment-requests)",
    input: z.strictObject({
      include_archived: z
        .boolean()
        .optional()
        .describe('Also list archived payment requests (default false).')
    }),
    query: (args) =>
      args.include_archived === undefined ? {} : { includeArchived: Boolean(args.include_archived) }
  },
  {
    name: 'btcpay_webhooks',
    title: 'BTCPay webhooks',
    processor: 'btcpay',
    topic: 'webhooks',
    what: "The store's webhooks: URL, events, enabled; never a secret (GET /api/v1/stores/{id}/webhooks)",
    input: none,
    query: () => ({})
  },
  {
    name: 'btcpay_apps',
    title: 'BTCPay apps',
    processor: 'btcpay',
    topic: 'apps',
    what: "The store's apps (point of sale, crowdfund) with names and types (GET /api/v1/stores/{id}/apps)",
    input: none,
    query: () => ({})
  },
  {
    name: 'plisio_balances',
    title: 'Plisio balance',
    processor: 'plisio',
    topic: 'balances',
    what: "The shop's Plisio balance in a coin (GET /balances/{psys_cid})",
    input: z.strictObject({ coin: coinField }),
    query: (args) => ({ coin: args.coin as string })
  },
  {
    name: 'plisio_currencies',
    title: 'Plisio currencies',
    processor: 'plisio',
    topic: 'currencies',
    what: 'The coins Plisio accepts with their rates, minimums and fees (GET /currencies/{fiat})',
    input: z.strictObject({
      fiat: z
        .string()
        .trim()
        .regex(/^[A-Z]{3}$/, 'A fiat currency is an ISO 4217 code like "EUR"')
        .optional()
        .describe('The fiat currency the rates are in (ISO 4217, default the store currency).')
    }),
    query: (args) => (args.fiat ? { fiat: args.fiat as string } : {})
  },
  {
    name: 'plisio_fee_estimate',
    title: 'Plisio network fee estimate',
    processor: 'plisio',
    topic: 'fee-estimate',
    what: 'The network fee of sending an amount of a coin (GET /operations/fee/{psys_cid})',
    input: z.strictObject({
      coin: coinField,
      amount: amountField.optional().describe('The amount in the coin, a decimal string like "0.0012".'),
      address: addressField,
      fee_plan: feePlanField
    }),
    query: plisioQuery
  },
  {
    name: 'plisio_commission_estimate',
    title: 'Plisio commission estimate',
    processor: 'plisio',
    topic: 'commission-estimate',
    what: "Plisio's commission and the network fee of a withdrawal (GET /operations/commission/{psys_cid})",
    input: z.strictObject({
      coin: coinField,
      amount: amountField.optional().describe('The amount in the coin, a decimal string like "0.0012".'),
      address: addressField,
      fee_plan: feePlanField
    }),
    query: plisioQuery
  },
  {
    name: 'plisio_fee_plans',
    title: 'Plisio fee plans',
    processor: 'plisio',
    topic: 'fee-plans',
    what: "Plisio's fee plans for a coin with what each costs (GET /operations/fee-plan/{psys_cid})",
    input: z.strictObject({ coin: coinField }),
    query: (args) => ({ coin: args.coin as string })
  }
]

function plisioQuery(args: Record<string, unknown>): InsightQuery {
  const query: InsightQuery = { coin: args.coin as string }
  if (typeof args.amount === 'string') query.amount = args.amount
  if (typeof args.address === 'string') query.address = args.address
  if (typeof args.fee_plan === 'string') query.feePlan = args.fee_plan
  return query
}

function mirrorTool(mirror: Mirror): ToolDef {
  const label = LABELS[mirror.processor] ?? mirror.processor
  return defineTool({
    name: mirror.name,
    title: mirror.title,
    description:
      `${mirror.what}, as ${label} answers it now. Reads only; changes nothing at ${label} or in the till. ` +
      `A tool error when ${label} is not connected or does not answer.`,
    scope: 'read',
    input: mirror.input,
    annotations: READS_PROCESSOR,
    async run(args, { deps, signal }) {
      if (!deps.connected().includes(mirror.processor)) {
        throw new KassaError('not-configured', `${label} is not connected`, { processor: mirror.processor })
      }
      const port = deps.insight(mirror.processor)
      if (!port?.topics.includes(mirror.topic)) {
        throw new KassaError(
          'not-configured',
          `${label}'s connector does not offer ${mirror.topic} in this version`
        )
      }
      const value = await port.read(mirror.topic, mirror.query(args as Record<string, unknown>), {
        signal,
        timeoutMs: INSIGHT_TIMEOUT_MS
      })
      return { processor: mirror.processor, topic: mirror.topic, data: value }
    }
  })
}

/** The processors' read-only mirrors (`read` scope): five of BTCPay's, five of Plisio's. */
export const INSIGHT_TOOLS: ToolDef[] = MIRRORS.map(mirrorTool)
