import type { OfflineRefusal } from '@shared/outbox'

/** What a `processor-offline` refusal is worded from: labels and decimal strings. */
export interface OfflineRefusalFacts {
  reason: OfflineRefusal
  /** The offline processor's label. */
  processor: string
  /** Labels of the connected processors that answer. */
  alternatives: string[]
  /** The sale's amount and currency. */
  amount: string
  currency: string
  storeCurrency: string
  /** The cap and the open outbox total (store currency), for the cap reasons. */
  limit?: string
  open?: string
}

/**
 * Main's English for a `processor-offline` refusal (the screen words it from `params` where it has a translation).
 */
export function offlineRefusal(facts: OfflineRefusalFacts): string {
  const { processor, storeCurrency } = facts
  const instead =
    facts.alternatives.length > 0 ? ` Charge it with ${facts.alternatives.join(' or ')} instead.` : ''
  switch (facts.reason) {
    case 'offline-not-allowed':
      return `${processor} cannot be reached, and the owner's rules take no sale while it is offline.${instead}`
    case 'outbox-confirm':
      return (
        `${processor} cannot be reached: the sale can wait in the outbox and is charged by itself when it ` +
        `returns. Confirm to take it that way.${instead}`
      )
    case 'outbox-per-sale-cap':
      return (
        `${processor} cannot be reached, and ${facts.amount} ${facts.currency} is above the owner's limit of ` +
        `${facts.limit ?? '?'} ${storeCurrency} for a sale waiting in the outbox.${instead}`
      )
    case 'outbox-total-cap':
      return (
        `${processor} cannot be reached, and the outbox already holds ${facts.open ?? '?'} ${storeCurrency}: ` +
        `with this sale it would pass the owner's limit of ${facts.limit ?? '?'} ${storeCurrency}.${instead}`
      )
    case 'outbox-currency':
      return `${processor} cannot be reached, and the outbox takes only sales in ${storeCurrency}.${instead}`
  }
}
