import { TemplateLanguageSchema } from '@shared/recovery-schemas'
import { z } from 'zod'
import { callOrThrow, defineTool, type ToolDef } from '../tool-kit'
import { awaitDecision, requestOutcome } from './approval'
import { itemIdField, waitField } from './fields'

const draftRecoveryMessage = defineTool({
  name: 'draft_recovery_message',
  title: 'Draft a recovery message',
  description:
    "Draft the message to a customer about a failed charge from the owner's template (subject, body, the payment " +
    "link if one exists, a mailto: URL), in the given language or the customer's. Sends nothing and changes nothing.",
  scope: 'recovery',
  input: z.strictObject({
    item_id: itemIdField,
    language: TemplateLanguageSchema.optional().describe(
      "Language tag of the message (`en`, `de`); default the customer's, else the till's."
    )
  }),
  output: z.object({
    itemId: z.string(),
    language: z.string(),
    to: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    mailto: z.string().nullable(),
    missing: z.array(z.string())
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args, { deps }) {
    const draft = await callOrThrow(deps, 'recovery:draft', {
      itemId: args.item_id,
      ...(args.language ? { language: args.language } : {})
    })
    return { ...draft }
  }
})

const createPaymentRequest = defineTool({
  name: 'create_payment_request',
  title: 'Create a payment request',
  description:
    "Make a payment request (a payable link) for exactly what is still due on a failed charge, through the sale's " +
    "processor. Up to the owner's limit it is made at once and the result has the link (asking again returns the " +
    'same live request); above it nothing is made until a person at the till approves: the result is `pending` ' +
    'with a request id (wait with `wait_seconds`, or ask get_request_status later). Creates a request at the ' +
    'processor; moves no money by itself.',
  scope: 'recovery',
  input: z.strictObject({ item_id: itemIdField, wait_seconds: waitField }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, ctx) {
    const pending = await ctx.deps.access.requestPayment(ctx.client, args.item_id)
    if (pending === null) {
      const item = await callOrThrow(ctx.deps, 'recovery:get', { itemId: args.item_id })
      return {
        status: 'created',
        message: 'The payment request was made; send the customer its link.',
        itemId: item.id,
        link: item.paymentRequest?.link ?? null,
        amount: item.paymentRequest?.amount ?? item.due,
        currency: item.currency,
        paymentRequest: item.paymentRequest
      }
    }
    return requestOutcome(await awaitDecision(ctx, pending, args.wait_seconds ?? 0))
  }
})

/** The `recovery` tools: drafting messages and payment requests. */
export const RECOVERY_TOOLS: ToolDef[] = [draftRecoveryMessage, createPaymentRequest]
