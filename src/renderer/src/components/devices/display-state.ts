import type { SaleView } from '@shared/contract'

/**
 * What the customer display shows: `welcome` (no sale), `sale` (a sale being made or awaiting payment: its amount
 * and payment code), `thanks` (that sale was just paid).
 */
export type DisplayPhase = 'welcome' | 'sale' | 'thanks'

/** The display's state: its phase and the sale it is about (null on `welcome`). */
export interface DisplayState {
  phase: DisplayPhase
  sale: SaleView | null
}

export const WELCOME: DisplayState = Object.freeze({ phase: 'welcome', sale: null })

/** How long "Thank you" stays before the display greets the next customer: 10 s. */
export const THANKS_MS = 10_000

/**
 * The display after `update` (a `sale:updated` event, or the sale read again). A sale being made or awaiting
 * payment is shown, unless it is older than the one on screen (a background read of an old sale must not take
 * the screen); the sale on screen paid → `thanks`; ended unpaid (expired, cancelled, invalid, failed) → `welcome`.
 * Updates of other sales that are not open change nothing.
 */
export function nextDisplay(state: DisplayState, update: SaleView): DisplayState {
  const current = state.sale
  const same = current?.id === update.id
  if (update.state === 'creating' || update.state === 'awaiting') {
    if (same || !current || state.phase !== 'sale' || update.createdAt >= current.createdAt) {
      return { phase: 'sale', sale: update }
    }
    return state
  }
  if (!same) return state
  if (update.state === 'paid') return { phase: 'thanks', sale: update }
  return WELCOME
}
