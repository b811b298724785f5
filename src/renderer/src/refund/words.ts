import type { RefundKind, RefundState, RefundVariantPreview, RefundView } from '@shared/contract'
import { formatDisplay } from '@shared/money'

/** A refund variant's name for the cashier (`RateThen` → "Rate at the sale"). */
export const VARIANT_WORDS: Record<RefundVariantPreview['variant'], string> = {
  RateThen: 'Crypto at the sale’s rate',
  CurrentRate: 'Crypto at today’s rate',
  Fiat: 'The fiat amount',
  OverpaidAmount: 'Only the overpaid amount',
  Custom: 'A custom amount'
}

/** How each refund variant is worked out, one sentence each, shown under the choice. */
export const VARIANT_HINTS: Record<RefundVariantPreview['variant'], string> = {
  RateThen: 'The same BTC the customer paid, whatever the rate today.',
  CurrentRate: 'The BTC the paid amount buys at today’s rate.',
  Fiat: 'The fiat value, converted to BTC when the customer claims it.',
  OverpaidAmount: 'Only what the customer paid above the invoice.',
  Custom: 'An amount you choose, in a currency you choose.'
}

const STATE_WORDS: Record<RefundState, string> = {
  pending: 'Asked — waiting for the processor',
  unknown: 'Unknown — check before retrying',
  'awaiting-claim': 'Waiting for the customer to claim',
  'awaiting-approval': 'Waiting for approval',
  'in-progress': 'Being paid',
  completed: 'Completed',
  cancelled: 'Cancelled',
  failed: 'Failed'
}

const METHOD_WORDS: Record<string, string> = { cash: 'Cash', wallet: 'Another wallet', other: 'Other' }

const KIND_WORDS: Record<RefundKind, string> = {
  'pull-payment': 'Refund claim',
  withdrawal: 'Refund to address',
  recorded: 'Refund paid outside Kassa'
}

/** A refund state in words (`awaiting-claim` → "Waiting for the customer to claim"); unknown states as given. */
export function refundStateWords(state: RefundState): string {
  return STATE_WORDS[state] ?? state
}

/** A recorded refund's method in words (`cash` → "Cash"); anything else as given. */
export function refundMethodWords(method: string): string {
  return METHOD_WORDS[method] ?? method
}

/**
 * What a refund was, in words: the kind, then the variant (pull payment) or the method (recorded),
 * e.g. "Refund claim · Crypto at the sale’s rate" or "Refund paid outside Kassa · Cash".
 */
export function refundKindWords(refund: Pick<RefundView, 'kind' | 'variant' | 'method'>): string {
  const kind = KIND_WORDS[refund.kind] ?? refund.kind
  if (refund.kind === 'pull-payment' && refund.variant) {
    const variant = VARIANT_WORDS[refund.variant as RefundVariantPreview['variant']] ?? refund.variant
    return `${kind} · ${variant}`
  }
  if (refund.kind === 'recorded' && refund.method) return `${kind} · ${refundMethodWords(refund.method)}`
  return kind
}

/**
 * A decimal string with its currency for people: `formatDisplay` for fiat and BTC, else `"<amount> <currency>"`
 * (coins such as `USDT_TRX` have no ISO code). Never throws.
 */
export function amountWords(decimal: string, currency: string): string {
  try {
    return formatDisplay(decimal, currency)
  } catch {
    return `${decimal} ${currency}`
  }
}
