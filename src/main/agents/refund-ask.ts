import type { z } from 'zod'
import { calls } from '@shared/call-schemas'
import type { RefundOptionsView, WithdrawalEstimateView } from '@shared/contract'
import { KassaError } from '@shared/errors'
import { isZeroPercent, type RefundTriageView } from '@shared/refund-policy'
import { describeZodError } from '../dispatch'
import { admitTriage, triageRefund } from '../refunds/refund-policy'
import type { AgentRefundAsk } from './agent-access'
import type { RefundAskStored } from './agent-request-store'

/** What previewing a refund needs of the refund service (`refund:options`, `refund:estimate`). */
export interface RefundPreviewPort {
  options(input: {
    saleId: string
    subtractPercentage?: string
    customAmount?: string
    customCurrency?: string
  }): Promise<RefundOptionsView>
  estimate(input: { saleId: string; address: string; amount: string }): Promise<WithdrawalEstimateView>
}

/** A refund ask previewed and triaged as the refund screen would: what is kept until a person decides. */
export interface PreviewedRefund {
  ask: RefundAskStored
  /** What the customer gets, decimal string in `currency` (the sale's fiat, or the coin of a withdrawal). */
  amount: string
  currency: string
  triage: RefundTriageView
}

const ALLOWED: RefundTriageView = { decision: 'allowed', rule: null, values: {} }

/**
 * Preview an agent's refund ask exactly as the refund screen would (`refund:options`; a withdrawal's net amount from
 * `refund:estimate`) and triage it against the refund policy, the agent's reason included. Sends nothing.
 * A pull payment (`variant`) takes the variant's previewed fiat amount; a withdrawal (`address` + `amount`, in the
 * coin paid) the amount sent after the restocking fee.
 * @throws KassaError `invalid-input` (neither or both forms, the refund call's schema, a variant not available or
 *   that cannot be priced), `not-found` (no sale), `conflict` (`reason`: `not-refundable` — nothing paid, fully
 *   refunded; `refund-mode` — the processor refunds another way; `policy` with `rule` — the policy refuses it);
 *   ProcessorError when the processor cannot price it
 */
export async function previewRefundAsk(
  refunds: RefundPreviewPort,
  ask: AgentRefundAsk
): Promise<PreviewedRefund> {
  const pull = ask.variant !== undefined
  const withdrawal = ask.address !== undefined || ask.amount !== undefined
  if (pull === withdrawal) {
    throw new KassaError(
      'invalid-input',
      pull
        ? 'Ask for a refund either by variant (pull payment) or by address and amount (withdrawal), not both'
        : 'Ask for a refund by variant (pull payment) or by address and amount (withdrawal)',
      { field: 'variant' }
    )
  }
  const previewed = pull ? await previewPullPayment(refunds, ask) : await previewWithdrawal(refunds, ask)
  if (previewed.triage.decision === 'refused') {
    try {
      admitTriage(previewed.triage, 'no-pin', 'request_refund')
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The refund policy refuses this refund'
      throw new KassaError('conflict', message, {
        ...previewed.triage.values,
        reason: 'policy',
        rule: previewed.triage.rule ?? 'unknown'
      })
    }
  }
  return previewed
}

async function previewPullPayment(refunds: RefundPreviewPort, ask: AgentRefundAsk): Promise<PreviewedRefund> {
  const input = parsed(calls['refund:create'].input, {
    saleId: ask.saleId,
    variant: ask.variant,
    subtractPercentage: ask.subtractPercentage,
    customAmount: ask.customAmount,
    customCurrency: ask.customCurrency,
    reason: ask.reason
  })
  if (input.variant === 'Custom' && (!input.customAmount || !input.customCurrency)) {
    throw new KassaError('invalid-input', 'A custom refund needs an amount and a currency', {
      field: 'customAmount'
    })
  }
  const options = await refunds.options({
    saleId: input.saleId,
    subtractPercentage: input.subtractPercentage,
    customAmount: input.customAmount,
    customCurrency: input.customCurrency
  })
  refundable(options, 'api')
  const preview = options.variants.find((each) => each.variant === input.variant)
  if (!preview || !preview.available) {
    throw new KassaError(
      'invalid-input',
      preview?.reason ?? `The ${input.variant} refund is not offered for this sale`,
      {
        field: 'variant'
      }
    )
  }
  if (preview.fiat === null || preview.triage === null) {
    throw new KassaError(
      'invalid-input',
      `Kassa cannot price this refund before making it: refund in ${options.currency} or BTC`,
      { field: 'variant' }
    )
  }
  const fee = options.policy.rules.restockingFee
  const subtract = input.subtractPercentage ?? (isZeroPercent(fee) ? '0' : fee)
  return {
    ask: {
      kind: 'pull-payment',
      saleId: input.saleId,
      variant: input.variant,
      ...(input.subtractPercentage !== undefined && { subtractPercentage: input.subtractPercentage }),
      ...(input.variant === 'Custom' && {
        customAmount: input.customAmount,
        customCurrency: input.customCurrency
      }),
      reason: input.reason ?? '',
      effectiveSubtract: subtract
    },
    amount: preview.fiat,
    currency: options.currency,
    triage: worst(preview.triage, reasonTriage(options, input.reason ?? ''))
  }
}

async function previewWithdrawal(refunds: RefundPreviewPort, ask: AgentRefundAsk): Promise<PreviewedRefund> {
  const input = parsed(calls['refund:withdraw'].input, {
    saleId: ask.saleId,
    address: ask.address,
    amount: ask.amount,
    reason: ask.reason
  })
  const options = await refunds.options({ saleId: input.saleId })
  refundable(options, 'withdrawal')
  const estimate = await refunds.estimate({
    saleId: input.saleId,
    address: input.address,
    amount: input.amount
  })
  const fee = options.policy.rules.restockingFee
  return {
    ask: {
      kind: 'withdrawal',
      saleId: input.saleId,
      address: input.address,
      amount: input.amount,
      reason: input.reason ?? '',
      effectiveSubtract: isZeroPercent(fee) ? '0' : fee
    },
    amount: estimate.amount,
    currency: estimate.currency,
    triage: worst(estimate.policy?.triage ?? ALLOWED, reasonTriage(options, input.reason ?? ''))
  }
}

/** Refuse a sale the refund screen would not refund this way. */
function refundable(options: RefundOptionsView, mode: 'api' | 'withdrawal'): void {
  if (options.blockedReason) {
    throw new KassaError('conflict', options.blockedReason, { reason: 'not-refundable' })
  }
  if (options.mode === mode) return
  const how =
    options.mode === 'withdrawal'
      ? "This sale's processor refunds by withdrawal: give the customer's address and an amount in the coin paid"
      : options.mode === 'api'
        ? "This sale's processor refunds by pull payment: give a variant"
        : (options.notice ??
          "This sale's processor has no refund API: only a refund paid outside Kassa can be recorded")
  throw new KassaError('conflict', how, { reason: 'refund-mode', mode: options.mode })
}

/** The policy's reason rule for the agent's reason (the screen's preview does not check reasons). */
function reasonTriage(options: RefundOptionsView, reason: string): RefundTriageView {
  return triageRefund(options.policy.rules, {
    now: 0,
    paidAtMs: null,
    currency: options.currency,
    storeCurrency: options.policy.storeCurrency,
    amountMinor: null,
    variant: null,
    earlierRefunds: 0,
    reason
  })
}

const RANK = { allowed: 0, 'needs-owner': 1, refused: 2 } as const

/** The stricter of two triages (a refusal beats a `needs-owner`, which beats `allowed`); the first on a tie. */
function worst(a: RefundTriageView, b: RefundTriageView): RefundTriageView {
  return RANK[b.decision] > RANK[a.decision] ? b : a
}

/** `value` parsed by a refund call's schema. @throws KassaError `invalid-input` with the zod message */
function parsed<S extends z.ZodType>(schema: S, value: Record<string, unknown>): z.output<S> {
  const defined = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined))
  const result = schema.safeParse(defined)
  if (result.success) return result.data
  const field = result.error.issues[0]?.path.join('.')
  throw new KassaError('invalid-input', describeZodError(result.error), field ? { field } : undefined)
}
