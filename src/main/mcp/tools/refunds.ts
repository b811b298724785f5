import { REFUND_VARIANTS } from '@shared/refund-policy'
import { z } from 'zod'
import { callOrThrow, defineTool, type ToolDef } from '../tool-kit'
import { awaitDecision, RequestOutcomeOutput, requestOutcome } from './approval'
import { amountField, percentField, saleIdField, waitField } from './fields'

const variantField = z
  .enum(REFUND_VARIANTS as [string, ...string[]])
  .describe(
    'How the refund is priced: `RateThen` (the crypto paid, at the rate of the sale), `CurrentRate` (the fiat ' +
      "value at today's rate), `Fiat` (the fiat amount), `OverpaidAmount` (only what was paid too much), `Custom` " +
      '(custom_amount in custom_currency).'
  )

const subtractField = percentField
  .optional()
  .describe('Percent taken off the refund (0–100), e.g. "12.5" or 12.5 (a number with at most 2 decimals).')

const customFields = {
  custom_amount: amountField
    .optional()
    .describe('Variant Custom: the amount, a decimal string like "12.50".'),
  custom_currency: z
    .string()
    .trim()
    .min(3)
    .max(10)
    .optional()
    .describe('Variant Custom: the currency of custom_amount (`USD`, `BTC`, …).')
}

const triageRefund = defineTool({
  name: 'triage_refund',
  title: 'Triage a refund',
  description:
    "What a refund of a paid sale could be and what the owner's refund policy says about it: the refund mode, " +
    'each variant priced after subtract_percentage with its triage (allowed, needs the owner, refused, and the rule), ' +
    "and the chosen variant's preview when `variant` is given. Asks for nothing and changes nothing.",
  scope: 'refunds',
  input: z.strictObject({
    sale_id: saleIdField,
    variant: variantField.optional(),
    subtract_percentage: subtractField,
    ...customFields
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, { deps }) {
    const options = await callOrThrow(deps, 'refund:options', {
      saleId: args.sale_id,
      ...(args.subtract_percentage !== undefined ? { subtractPercentage: args.subtract_percentage } : {}),
      ...(args.custom_amount !== undefined ? { customAmount: args.custom_amount } : {}),
      ...(args.custom_currency !== undefined ? { customCurrency: args.custom_currency } : {})
    })
    const chosen = args.variant ? (options.variants.find((v) => v.variant === args.variant) ?? null) : null
    return {
      saleId: options.saleId,
      mode: options.mode,
      currency: options.currency,
      paid: options.paid,
      refunded: options.refunded,
      blockedReason: options.blockedReason,
      notice: options.notice,
      policy: options.policy,
      variants: options.variants,
      chosen,
      withdrawal: options.coin
    }
  }
})

const requestRefund = defineTool({
  name: 'request_refund',
  title: 'Ask for a refund',
  description:
    "Ask for a refund of a paid sale. It is previewed and triaged by the owner's refund policy as at the till, " +
    'then waits as a request a person at the till approves (a cashier within policy, the owner above it) or ' +
    'declines; only then does anything reach the processor, once. Give `variant` for a pull payment (BTCPay, Demo), ' +
    'or `address` and `amount` for a Plisio withdrawal. The result is `pending` with the request id (wait with ' +
    '`wait_seconds`, or ask get_request_status later), `approved` (refund id, amount, claim link), `declined` or ' +
    '`failed`. A policy refusal is a tool error.',
  scope: 'refunds',
  input: z.strictObject({
    sale_id: saleIdField,
    variant: variantField.optional(),
    subtract_percentage: subtractField,
    ...customFields,
    address: z
      .string()
      .trim()
      .min(10)
      .max(120)
      .optional()
      .describe('Plisio withdrawal: the address the customer wants the refund sent to.'),
    amount: amountField
      .optional()
      .describe(
        'Plisio withdrawal: the amount in the coin the customer paid, a decimal string like "0.0012".'
      ),
    reason: z
      .string()
      .trim()
      .min(3)
      .max(200)
      .describe('Why the customer gets a refund, in a few words (kept).'),
    wait_seconds: waitField
  }),
  output: RequestOutcomeOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async run(args, ctx) {
    const request = await ctx.deps.access.requestRefund(ctx.client, {
      saleId: args.sale_id,
      reason: args.reason,
      ...(args.variant !== undefined ? { variant: args.variant as (typeof REFUND_VARIANTS)[number] } : {}),
      ...(args.subtract_percentage !== undefined ? { subtractPercentage: args.subtract_percentage } : {}),
      ...(args.custom_amount !== undefined ? { customAmount: args.custom_amount } : {}),
      ...(args.custom_currency !== undefined ? { customCurrency: args.custom_currency } : {}),
      ...(args.address !== undefined ? { address: args.address } : {}),
      ...(args.amount !== undefined ? { amount: args.amount } : {})
    })
    return requestOutcome(await awaitDecision(ctx, request, args.wait_seconds ?? 0))
  }
})

/** The `refunds` tools: triage and asking. */
export const REFUND_TOOLS: ToolDef[] = [triageRefund, requestRefund]
