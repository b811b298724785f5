// Helpers shared by the processor benchmarks: calls to the built web host's contract, and timing a change on
// screen in Chromium against an action taken in this process.
import type { Page } from 'playwright-core'
import type { Till } from '../tests/e2e/harness'

/** `POST /api/call/<name>` on the till's web host, as the renderer does; returns `value` or throws. */
export async function call<T>(till: Till, name: string, input: unknown): Promise<T> {
  const response = await fetch(`${till.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${till.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input ?? {})
  })
  const result = (await response.json()) as
    { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`)
  return result.value
}

/** The parts of a `SaleView` the benchmarks read. */
export interface SaleLike {
  id: string
  state: string
  invoice: { id: string; status: string } | null
}

/** Open the payment screen of a sale (a route change inside the already-open page) and wait for its status. */
export async function showPayment(page: Page, saleId: string, status: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(`#/pay/${saleId}`)}`)
  await page.waitForSelector(`[data-testid="status"][data-status="${status}"]`, { timeout: 30_000 })
}

/**
 * Milliseconds from `action` (run here, in Node) until `selector` matches in the page and the next frame is
 * drawn. The watcher is installed in the page before the action runs; both sides read the same wall clock.
 */
export async function timeUntilShown(
  page: Page,
  selector: string,
  action: () => void | Promise<void>,
  timeoutMs = 60_000
): Promise<number> {
  // Source text, not a function: tsx's helpers (`__name`) do not exist inside the page. It ends in `undefined`
  // so that Playwright does not wait for the promise it stores.
  await page.evaluate(`window.__benchSeen = new Promise((resolve) => {
    const selector = ${JSON.stringify(selector)}
    let observer = null
    const check = () => {
      if (!document.querySelector(selector)) return false
      if (observer) observer.disconnect()
      requestAnimationFrame(() => resolve(Date.now()))
      return true
    }
    if (!check()) {
      observer = new MutationObserver(check)
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    }
  }); undefined`)
  const start = Date.now()
  await action()
  let timer: NodeJS.Timeout | undefined
  try {
    const seen = (await Promise.race([
      page.evaluate('window.__benchSeen'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${selector} not shown within ${timeoutMs} ms`)), timeoutMs)
      })
    ])) as number
    return seen - start
  } finally {
    clearTimeout(timer)
  }
}

/** Resolve after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Run `task` over `items` with at most `limit` at once. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Largest number of `times` (ms) inside any window of `windowMs` (a sliding window ending at each event). */
export function maxInWindow(times: number[], windowMs = 60_000): number {
  const sorted = [...times].sort((a, b) => a - b)
  let max = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[start] as number) <= (sorted[end] as number) - windowMs) start++
    max = Math.max(max, end - start + 1)
  }
  return max
}

/**
 * How long a processor itself spent on the requests that arrived in [from, to] (ms): the union of their
 * [received, answered] spans, so overlapping requests count once. On loopback this is the processor's own time;
 * a charge's wall time minus it is Kassa's.
 */
export function serverTime(spans: { start: number; end: number }[], from: number, to: number): number {
  const inside = spans
    .filter((s) => s.start >= from && s.start <= to)
    .map((s) => ({ start: s.start, end: Math.max(s.start, Math.min(s.end || to, to)) }))
    .sort((a, b) => a.start - b.start)
  let total = 0
  let reach = -Infinity
  for (const span of inside) {
    if (span.end <= reach) continue
    total += span.end - Math.max(span.start, reach)
    reach = span.end
  }
  return total
}
