import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Who a processor request is for. `focus`: the invoice on screen. `background`: the tracker's reads of the other
 * open invoices. Requests made outside `inLane` (the cashier's creates, cancels, look-ups) have no lane. A connector
 * with a shared request budget (BTPay) serves focus first, then no lane, then background.
 */
export type RequestLane = 'focus' | 'background'

const lanes = new AsyncLocalStorage<RequestLane>()

/**
 * Run `work` in `lane`: every request it makes, directly or deep inside a connector, is made in that lane. No
 * connector signature changes: the lane travels with the async context.
 */
export function inLane<T>(lane: RequestLane, work: () => Promise<T>): Promise<T> {
  return lanes.run(lane, work)
}

/** The lane of the calling async context, or null outside any. */
export function currentLane(): RequestLane | null {
  return lanes.getStore() ?? null
}
