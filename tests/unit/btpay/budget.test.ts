import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRequestBudget } from '../../../src/main/processors/btpay/budget'

function maxInAnyMinute(grants: number[]): number {
  let max = 0
  let start = 0
  for (let end = 0; end < grants.length; end++) {
    while ((grants[end] ?? 0) - (grants[start] ?? 0) >= 60_000) start++
    max = Math.max(max, end - start + 1)
  }
  return max
}

describe('request budget (token bucket)', () => {
  afterEach(() => vi.useRealTimers())

  it('allows a burst, then refills at (perMinute − burst) a minute', () => {
    let now = 0
    const budget = createRequestBudget({ perMinute: 100, burst: 10, now: () => now })
    for (let i = 0; i < 10; i++) expect(budget.tryTake()).toBe(0)
    const wait = budget.tryTake()
    expect(wait).toBeGreaterThan(0)
    now += wait
    expect(budget.tryTake()).toBe(0)
  })

  it('keeps 300 open invoices polled as fast as they like within 100 requests in any minute', () => {
    let now = 0
    const budget = createRequestBudget({ perMinute: 100, now: () => now })
    const nextPoll = new Array<number>(300).fill(0)
    const grants: number[] = []
    const polled = new Set<number>()
    for (now = 0; now < 10 * 60_000; now += 100) {
      // Longest-waiting first, as the budget's FIFO queue serves them.
      const due = nextPoll
        .map((at, invoice) => ({ at, invoice }))
        .filter(({ at }) => at <= now)
        .sort((a, b) => a.at - b.at)
      for (const { invoice } of due) {
        if (budget.tryTake() !== 0) break
        grants.push(now)
        polled.add(invoice)
        nextPoll[invoice] = now + 2_400
      }
    }
    expect(maxInAnyMinute(grants)).toBeLessThanOrEqual(100)
    expect(grants.length).toBeGreaterThan(800)
    expect(polled.size).toBe(300)
  })

  it('stops everything for the Retry-After of a 429', () => {
    let now = 0
    const budget = createRequestBudget({ perMinute: 100, now: () => now })
    budget.pause(5_000)
    expect(budget.tryTake()).toBe(5_000)
    now = 5_000
    expect(budget.tryTake()).toBeGreaterThan(0) // the bucket was emptied too
    now = 6_000
    expect(budget.tryTake()).toBe(0)
  })

  it('serves waiting requests first come, first served', async () => {
    vi.useFakeTimers()
    const budget = createRequestBudget({ perMinute: 4, burst: 1 })
    const order: number[] = []
    await budget.take()
    const waiting = [1, 2, 3].map((n) => budget.take().then(() => order.push(n)))
    expect(budget.waiting).toBe(3)
    await vi.advanceTimersByTimeAsync(3 * 20_000)
    await Promise.all(waiting)
    expect(order).toEqual([1, 2, 3])
  })

  it('lets an aborted request leave the queue', async () => {
    vi.useFakeTimers()
    const budget = createRequestBudget({ perMinute: 4, burst: 1 })
    await budget.take()
    const controller = new AbortController()
    const pending = budget.take(controller.signal)
    controller.abort(new Error('cashier left'))
    await expect(pending).rejects.toThrow('cashier left')
    expect(budget.waiting).toBe(0)
  })

  it('refuses a limit too small to refill', () => {
    expect(() => createRequestBudget({ perMinute: 1 })).toThrow(RangeError)
  })
})
