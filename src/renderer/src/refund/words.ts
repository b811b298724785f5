import type { RefundState, RefundVariantPreview, RefundView } from '@shared/contract'
import { formatMoney, i18n } from '../i18n'

// Refund words in the UI language (`refund` area of the locale files). Plain functions over `i18n.global`, so
// stores and the receipt can use them too; inside a render they follow a change of language.

// vue-i18n's typed `t` over untyped message objects instantiates too deep; these keys are built at run time.
const global = i18n.global as unknown as {
  t: (key: string) => string
  te: (key: string, locale?: string) => boolean
}
const t = (key: string): string => global.t(key)
// The current language's messages, else English's (a German screen may not have loaded the English area).
const te = (key: string): boolean => global.te(key) || global.te(key, 'en')
/** `awaiting-claim` → `awaitingClaim`: message keys are identifiers. */
const keyOf = (id: string): string => id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())

type Variant = RefundVariantPreview['variant']

/** A refund variant's name for the cashier (`RateThen` → "Crypto at the sale’s rate"); unknown ones as given. */
export function variantWords(variant: Variant | string): string {
  return te(`refund.variants.${variant}`) ? t(`refund.variants.${variant}`) : variant
}

/** How a refund variant is worked out, one sentence, shown under the choice. */
export function variantHint(variant: Variant): string {
  return te(`refund.hints.${variant}`) ? t(`refund.hints.${variant}`) : ''
}

/** A refund state in words (`awaiting-claim` → "Waiting for the customer to claim"); unknown states as given. */
export function refundStateWords(state: RefundState): string {
  const key = `refund.states.${keyOf(state)}`
  return te(key) ? t(key) : state
}

/** A recorded refund's method in words (`cash` → "Cash"); anything else as given. */
export function refundMethodWords(method: string): string {
  const key = `refund.methods.${keyOf(method)}`
  return te(key) ? t(key) : method
}

/**
 * What a refund was, in words: the kind, then the variant (pull payment) or the method (recorded),
 * e.g. "Refund claim · Crypto at the sale’s rate" or "Refund paid outside Kassa · Cash".
 */
export function refundKindWords(refund: Pick<RefundView, 'kind' | 'variant' | 'method'>): string {
  const key = `refund.kinds.${keyOf(refund.kind)}`
  const kind = te(key) ? t(key) : refund.kind
  if (refund.kind === 'pull-payment' && refund.variant) return `${kind} · ${variantWords(refund.variant)}`
  if (refund.kind === 'recorded' && refund.method) return `${kind} · ${refundMethodWords(refund.method)}`
  return kind
}

/**
 * A decimal string with its currency for people, in the current locale: `formatMoney` for fiat and BTC, else
 * `"<amount> <currency>"` (coins such as `USDT_TRX` have no ISO code). Never throws.
 */
export function amountWords(decimal: string, currency: string): string {
  try {
    return formatMoney(decimal, currency)
  } catch {
    return `${decimal} ${currency}`
  }
}
