import type { AgentRequestView } from '@shared/agents'
import { z } from 'zod'
import type { ToolContext } from '../tool-kit'

/** How often a waiting tool tells the agent it is still waiting (ms): every 5 s, or 5 times in a shorter wait. */
const PROGRESS_EVERY_MS = 5_000
const PROGRESS_MIN_MS = 200

/** What a tool says about a request that needed a person. `pending` includes approved-and-being-carried-out. */
export const RequestOutcomeOutput = z.object({
  status: z.enum(['pending', 'approved', 'declined', 'failed', 'expired']),
  message: z.string(),
  requestId: z.string(),
  kind: z.enum(['refund', 'payment-request']),
  saleId: z.string(),
  amount: z.string(),
  currency: z.string(),
  refundId: z.string().nullable(),
  paymentRequestId: z.string().nullable(),
  link: z.string().nullable(),
  expiresAt: z.string(),
  decidedBy: z.enum(['cashier', 'owner']).nullable(),
  request: z.record(z.string(), z.unknown())
})

/** A request as a tool result: its state in one word, a sentence for the agent, and the request itself. */
export function requestOutcome(request: AgentRequestView): z.output<typeof RequestOutcomeOutput> {
  const status = request.state === 'approving' ? 'pending' : request.state
  return {
    status,
    message: outcomeMessage(request),
    requestId: request.id,
    kind: request.kind,
    saleId: request.saleId,
    amount: request.amount,
    currency: request.currency,
    refundId: request.result?.refundId ?? null,
    paymentRequestId: request.result?.paymentRequestId ?? null,
    link: request.result?.link ?? null,
    expiresAt: request.expiresAt,
    decidedBy: request.decidedBy,
    request: request as unknown as Record<string, unknown>
  }
}

function outcomeMessage(request: AgentRequestView): string {
  const what = request.kind === 'refund' ? 'refund' : 'payment request'
  switch (request.state) {
    case 'pending':
      return (
        `The ${what} waits for a person at the till to approve or decline it (request ${request.id}, until ` +
        `${request.expiresAt}). Nothing has been sent yet. Ask again with get_request_status.`
      )
    case 'approving':
      return `The ${what} was approved and is being carried out now; ask again with get_request_status.`
    case 'approved':
      return `The ${what} was approved by the ${request.decidedBy ?? 'till'} and made.`
    case 'declined':
      return `A person at the till declined the ${what}; nothing was sent.`
    case 'failed':
      return `The ${what} was approved but could not be made: ${request.error?.message ?? 'unknown reason'}.`
    case 'expired':
      return `Nobody decided on the ${what} within its time; it expired and nothing was sent.`
  }
}

const open = (request: AgentRequestView): boolean =>
  request.state === 'pending' || request.state === 'approving'

/**
 * Wait up to `seconds` for a person to decide on `request`, telling the agent every 5 s (a fifth of a shorter wait) that it still waits (when
 * it gave a progress token). Ends early when the agent cancels. @returns the request as it is then.
 */
export async function awaitDecision(
  ctx: ToolContext,
  request: AgentRequestView,
  seconds: number
): Promise<AgentRequestView> {
  const budgetMs = seconds * 1000
  const start = performance.now()
  let current = request
  while (open(current) && !ctx.signal.aborted) {
    const waited = performance.now() - start
    if (waited >= budgetMs) break
    const every = Math.max(PROGRESS_MIN_MS, Math.min(PROGRESS_EVERY_MS, budgetMs / 5))
    const step = Math.min(every, budgetMs - waited)
    const before = performance.now()
    try {
      current = await ctx.deps.access.waitForDecision(request.id, step, ctx.signal)
    } catch (error) {
      if (ctx.signal.aborted) break
      throw error
    }
    if (!open(current)) break
    // Seconds waited, to a tenth: it grows with every notification, as MCP wants of `progress`.
    const elapsed = Math.min(seconds, Math.round((performance.now() - start) / 100) / 10)
    await ctx.progress(elapsed, seconds, 'Waiting for a person at the till to approve or decline')
    // A wait that returned long before its time without a decision would spin: stop and answer pending.
    if (performance.now() - before < step / 2) break
  }
  return ctx.deps.access.request(ctx.client, request.id) ?? current
}
