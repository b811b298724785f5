import type { KassaErrorData } from '@shared/errors'
import type { OfflineRefusal } from '@shared/outbox'

const REASONS: readonly OfflineRefusal[] = [
  'offline-not-allowed',
  'outbox-confirm',
  'outbox-per-sale-cap',
  'outbox-total-cap',
  'outbox-currency'
]

/** A `processor-offline` refusal of `sale:charge` as the till's dialog reads it (`src/shared/outbox.ts`). */
export interface OfflineChoice {
  reason: OfflineRefusal
  /** The offline processor's id. */
  processor: string
  /** Other connected processors that answer, in main's order (may be empty). */
  alternatives: string[]
  /** The cap that refused it and what the open outbox holds: decimal strings in the store currency, or null. */
  limit: string | null
  open: string | null
  /** The sale may wait in the outbox if the cashier agrees (`sale:charge {outbox: true}`). */
  canWait: boolean
}

/**
 * What a `sale:charge` error offers the cashier, or null when it is not a `processor-offline` refusal.
 * An unknown reason (a newer main) is read as `offline-not-allowed`: the alternatives and Cancel still work.
 * @param error the contract error (`params: {reason, processor, alternatives: 'id1,id2', limit?, open?}`)
 */
export function offlineChoiceOf(error: KassaErrorData | null): OfflineChoice | null {
  if (error?.code !== 'processor-offline') return null
  const params = error.params ?? {}
  const reason = (REASONS as readonly string[]).includes(params.reason ?? '')
    ? (params.reason as OfflineRefusal)
    : 'offline-not-allowed'
  const alternatives = (params.alternatives ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id, index, all) => id !== '' && id !== params.processor && all.indexOf(id) === index)
  return {
    reason,
    processor: params.processor ?? '',
    alternatives,
    limit: params.limit || null,
    open: params.open || null,
    canWait: reason === 'outbox-confirm'
  }
}

/** `outbox-per-sale-cap` → `outboxPerSaleCap`: the message key of a refusal reason. */
export function reasonKey(reason: OfflineRefusal): string {
  return reason.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())
}
