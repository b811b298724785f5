import Big from 'big.js'
import { KassaError } from '@shared/errors'
import { formatMinor, parseAmount } from '@shared/money'
import {
  type RefundDecision,
  type RefundPolicyRule,
  type RefundPolicyStamp,
  type RefundPolicyView,
  type RefundTriageView,
  type RefundVariantName
} from '@shared/refund-policy'

/** One day in ms: the refund window counts 24-hour periods from the payment. */
export const DAY_MS = 86_400_000

/**
 * What the triage of one refund looks at. Times in ms since the epoch; amounts in minor units of `currency`.
 * A field left null skips its rule (a preview before the amount is known).
 */
export interface RefundFacts {
  now: number
  /** When the sale was paid (ms), or null when the ledger does not say. */
  paidAtMs: number | null
  /** The sale's currency. */
  currency: string
  /** The store currency the cashier limit is set in. */
  storeCurrency: string
  /** The refund's value in `currency` after any restocking fee; null when not known yet. */
  amountMinor: bigint | null
  /** The pull-payment variant asked for; null for withdrawals and recorded refunds. */
  variant: RefundVariantName | null
  /** Refunds of this sale that count already (not cancelled or failed). */
  earlierRefunds: number
  /** The reason given, trimmed; null or '' = none. Not checked when `reason` is undefined (a preview). */
  reason?: string | null
  /** The `subtractPercentage` the cashier asked for, when they typed one (pull payments). */
  subtractPercentage?: string | null
}

const ALLOWED: RefundTriageView = Object.freeze({ decision: 'allowed', rule: null, values: {} })

/**
 * Triage one refund against the owner's policy: `allowed`, `needs-owner` (only with the owner's PIN) or `refused`,
 * naming the rule. Pure. Rules, in the order they are reported when several apply (a refusal beats a
 * `needs-owner`):
 * - `variant` (refused): a pull-payment variant the owner did not allow;
 * - `reason` (refused): reasons are listed and none of them was given (or another, when "other" is not allowed);
 * - `window` (needs-owner): more than `windowDays` × 24 h since the payment (the edge itself is inside);
 * - `one-per-sale` (needs-owner): the sale already has a refund and the owner allows one only;
 * - `restocking-fee` (needs-owner): the cashier asked to subtract less than the restocking fee;
 * - `cashier-limit` (needs-owner): the refund is worth more than the limit (equal is allowed), or the sale is in
 *   another currency than the limit's, which cannot be compared.
 */
export function triageRefund(policy: RefundPolicyView, facts: RefundFacts): RefundTriageView {
  const found: { decision: RefundDecision; rule: RefundPolicyRule; values: Record<string, string> }[] = []
  const add = (decision: RefundDecision, rule: RefundPolicyRule, values: Record<string, string>): void => {
    found.push({ decision, rule, values })
  }

  if (facts.variant && !policy.allowedVariants.includes(facts.variant)) {
    add('refused', 'variant', { variant: facts.variant, allowed: policy.allowedVariants.join(',') })
  }
  if (facts.reason !== undefined && policy.reasons.length > 0) {
    const reason = facts.reason?.trim() ?? ''
    const listed = policy.reasons.includes(reason)
    if (!reason) add('refused', 'reason', { problem: 'missing' })
    else if (!listed && !policy.allowOtherReason) add('refused', 'reason', { problem: 'not-listed', reason })
  }
  if (policy.windowDays !== null && facts.paidAtMs !== null) {
    const age = facts.now - facts.paidAtMs
    if (age > policy.windowDays * DAY_MS) {
      add('needs-owner', 'window', {
        windowDays: String(policy.windowDays),
        days: String(Math.floor(age / DAY_MS)),
        paidAt: new Date(facts.paidAtMs).toISOString()
      })
    }
  }
  if (!policy.multipleRefunds && facts.earlierRefunds > 0) {
    add('needs-owner', 'one-per-sale', { earlier: String(facts.earlierRefunds) })
  }
  if (
    facts.subtractPercentage !== undefined &&
    facts.subtractPercentage !== null &&
    new Big(facts.subtractPercentage).lt(new Big(policy.restockingFee))
  ) {
    add('needs-owner', 'restocking-fee', {
      fee: policy.restockingFee,
      asked: facts.subtractPercentage
    })
  }
  if (policy.cashierLimit !== null && facts.amountMinor !== null) {
    if (facts.currency !== facts.storeCurrency) {
      add('needs-owner', 'cashier-limit', {
        limit: policy.cashierLimit,
        currency: facts.storeCurrency,
        saleCurrency: facts.currency
      })
    } else {
      const limitMinor = parseAmount(policy.cashierLimit, facts.currency, { allowZero: true })
      if (facts.amountMinor > limitMinor) {
        add('needs-owner', 'cashier-limit', {
          limit: formatMinor(limitMinor, facts.currency),
          amount: formatMinor(facts.amountMinor, facts.currency),
          currency: facts.currency
        })
      }
    }
  }
  return found.find((f) => f.decision === 'refused') ?? found[0] ?? ALLOWED
}

/**
 * Let a triaged refund go on, or stop it before anything is recorded or sent:
 * - `refused` → KassaError `conflict` with `reason: policy-<rule>` and the rule's values;
 * - `needs-owner` without the owner's approval → KassaError `owner-required` with `reason: policy-<rule>`, the
 *   rule's values and `call` (the renderer asks for the PIN and sends the call once more);
 * - otherwise the stamp kept on the refund.
 * @param approval `owner` for a valid owner session, `no-pin` when no owner PIN is set, null otherwise
 */
export function admitTriage(
  triage: RefundTriageView,
  approval: 'owner' | 'no-pin' | null,
  call: string
): RefundPolicyStamp {
  if (triage.decision === 'refused') {
    throw new KassaError('conflict', refusalText(triage), {
      ...triage.values,
      reason: `policy-${triage.rule ?? 'unknown'}`
    })
  }
  if (triage.decision === 'needs-owner') {
    if (approval === null) {
      throw new KassaError('owner-required', `${ownerText(triage)}: the owner's PIN is needed`, {
        ...triage.values,
        reason: `policy-${triage.rule ?? 'unknown'}`,
        call
      })
    }
    return { ...triage, approvedBy: approval }
  }
  return { ...triage, approvedBy: null }
}

function refusalText(triage: RefundTriageView): string {
  if (triage.rule === 'variant') return `The refund policy does not allow the ${triage.values.variant} refund`
  if (triage.values.problem === 'missing') return 'The refund policy asks for one of its reasons'
  return 'The refund policy allows only its listed reasons'
}

function ownerText(triage: RefundTriageView): string {
  const v = triage.values
  switch (triage.rule) {
    case 'window':
      return `Paid ${v.days} days ago, past the ${v.windowDays}-day refund window`
    case 'one-per-sale':
      return 'This sale was already refunded'
    case 'restocking-fee':
      return `Less than the ${v.fee} % restocking fee`
    case 'cashier-limit':
      return v.amount
        ? `${v.amount} ${v.currency} is above the cashier's limit of ${v.limit} ${v.currency}`
        : `The cashier's limit is in ${v.currency}, this sale in ${v.saleCurrency}`
    default:
      return 'The refund policy'
  }
}
