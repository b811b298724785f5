import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRequestBudget, inLane, type RequestLane } from '../../../src/main/processors/btpay/budget'

function maxInAnyMinute(grants: number[]): number {
  let max = 0
  let start = 0
  for (let end = 0; end < grants.length; end++) {
    while ((grants[end] ?? 0) - (grants[start] ?? 0) >= 60_000) start++
    max = Math.max(max, end - start + 1)
  }
  return max
}

const take = (lane: RequestLane | null, budget: ReturnType<typeof createRequestBudget>) =>
  lane ? inLane(lane, () => budget.take()) : budget.take()
const tryTake = (lane: RequestLane, budget: ReturnType<typeof createRequestBudget>) =>
  inLane(lane, async () => budget.tryTake())

describe('request budget lanes (the invoice on screen before background reads)', () => {
  afterEach(() => vi.useRealTimers())

  it('serves the focus lane first, then requests outside a lane, then background reads', async () => {
    vi.useFakeTimers()
    const budget = createRequestBudget({ perMinute: 4, burst: 1 })
    await budget.take()
    const order: string[] = []
    const waiting = [
      take('background', budget).then(() => order.push('background 1')),
      take('background', budget).then(() => order.push('background 2')),
      take(null, budget).then(() => order.push('cashier')),
      take('focus', budget).then(() => order.push('focus'))
    ]
    expect(budget.waiting).toBe(4)
    await vi.advanceTimersByTimeAsync(4 * 20_000)
    await Promise.all(waiting)
    expect(order).toEqual(['focus', 'cashier', 'background 1', 'background 2'])
  })

  it('keeps a reserve for the focus lane so it never waits behind saturating background reads, within the limit', async () => {
    let now = 0
    const budget = createRequestBudget({ perMinute: 100, now: () => now })
    const grants: number[] = []
    let focusWaits = 0
    let background = 0
    for (now = 0; now < 10 * 60_000; now += 100) {
      if (now < 5 * 60_000 && now % 2_400 === 0) {
        // The invoice on screen: a status read, and the full invoice after a change.
        for (let i = 0; i < 2; i++) {
          if ((await tryTake('focus', budget)) === 0) grants.push(now)
          else focusWaits++
        }
      }
      // 300 background invoices always want a read.
      while ((await tryTake('background', budget)) === 0) {
        grants.push(now)
        background++
      }
    }
    expect(focusWaits).toBe(0)
    expect(maxInAnyMinute(grants)).toBeLessThanOrEqual(100)
    // Background reads get what the focus lane leaves: burst 10 + 90 a minute for 10 minutes, less its 250.
    expect(background).toBeGreaterThanOrEqual(10 + 900 - 250 - 5)
  })

  it('gives the reserve back to background reads once nothing has been on screen for a while', async () => {
    let now = 0
    const budget = createRequestBudget({ perMinute: 100, now: () => now })
    expect(await tryTake('focus', budget)).toBe(0)
    let taken = 0
    while ((await tryTake('background', budget)) === 0) taken++
    expect(taken).toBe(7) // burst 10, one spent by the focus lane, two kept for it
    now = 10_000 // the hold is over; ~15 tokens refilled, the bucket is full again
    taken = 0
    while ((await tryTake('background', budget)) === 0) taken++
    expect(taken).toBe(10)
  })

  it('always leaves the cashier reserve to charges and the invoice on screen, and stays within the limit', async () => {
    let now = 0
    const budget = createRequestBudget({ perMinute: 100, burst: 25, cashierReserve: 20, now: () => now })
    let background = 0
    while ((await tryTake('background', budget)) === 0) background++
    expect(background).toBe(5) // 25 − 20 kept
    // Ten charges (create + finalize) back to back find their tokens at once.
    for (let i = 0; i < 20; i++) expect(budget.tryTake()).toBe(0)
    const grants: number[] = []
    for (now = 0; now < 5 * 60_000; now += 100) {
      while ((await tryTake('background', budget)) === 0) grants.push(now)
      if (now % 30_000 === 0) for (let i = 0; i < 20; i++) if (budget.tryTake() === 0) grants.push(now)
    }
    expect(maxInAnyMinute(grants)).toBeLessThanOrEqual(100)
  })
})
