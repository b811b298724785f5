import { currentLane, inLane, type RequestLane } from '../lanes'

export { inLane, type RequestLane }

const RANK = { focus: 0, none: 1, background: 2 } as const

/** Settings of a request budget. Times in milliseconds. */
export interface RequestBudgetOptions {
  /** Requests the server allows in any 60 s window (BTPay: 100 per API key and 100 per IP on `/api/v1/`). */
  perMinute: number
  /**
   * Tokens that may be spent back to back (default `perMinute / 10`, at least 1, below `perMinute`). The bucket
   * refills at `(perMinute − burst)` a minute, so burst + refill never exceed `perMinute` in any 60 s window:
   * BTPay's sliding-window limiter is never tripped by this till alone.
   */
  burst?: number
  /**
   * Tokens background requests leave for the `focus` lane while it is in use (a focus request in the last
   * `focusHoldMs`): default 2, at most `burst − 1`. Background requests then wait while the bucket holds no more
   * than this, so the invoice on screen rarely waits at all. The refill is unchanged: the total stays within
   * `perMinute`.
   */
  focusReserve?: number
  /** How long after a focus request the reserve is kept (default 10 000). */
  focusHoldMs?: number
  /**
   * Tokens background requests always leave for the other lanes (the cashier's charges and the invoice on screen):
   * default 0, at most `burst − 1`. With 20 of a burst of 25, ten charges (create + finalize each) go out back to
   * back even while hundreds of background invoices want reads.
   */
  cashierReserve?: number
  /** Clock, injected in tests (default `Date.now`). */
  now?: () => number
  /** Timer used while requests wait, injected in tests (default `setTimeout`/`clearTimeout`). */
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void }
}

/**
 * A token bucket shared by every request one BTPay account makes (all open invoices, creates, cancels), so that
 * 300 open invoices polled at once still stay within the server's limit. Waiters are served by lane (`inLane`:
 * focus, then requests outside a lane, then background), first come, first served within a lane.
 */
export interface RequestBudget {
  /** The server limit this budget keeps under (requests per 60 s). */
  readonly perMinute: number
  /** Requests waiting for a token. */
  readonly waiting: number
  /**
   * Wait for a token. Resolves at once when one is free.
   * @throws the signal's reason when `signal` aborts while waiting
   */
  take(signal?: AbortSignal): Promise<void>
  /**
   * Take a token now if one is free for the caller's lane: returns 0, else the milliseconds until one may be
   * (nothing taken).
   */
  tryTake(): number
  /**
   * Stop all requests for `ms` and empty the bucket: called on a 429, with the server's `Retry-After` when sent.
   */
  pause(ms: number): void
}

interface Waiter {
  rank: number
  resolve(): void
  reject(reason: unknown): void
  signal: AbortSignal | undefined
  onAbort: () => void
}

/**
 * Create a request budget: `createRequestBudget({ perMinute: 100 })`.
 * @throws RangeError when `perMinute` < 2 or is not an integer
 */
export function createRequestBudget(options: RequestBudgetOptions): RequestBudget {
  const { perMinute } = options
  if (!Number.isInteger(perMinute) || perMinute < 2) throw new RangeError('perMinute must be an integer ≥ 2')
  const burst = Math.min(perMinute - 1, Math.max(1, Math.floor(options.burst ?? perMinute / 10)))
  const reserve = Math.max(0, Math.min(burst - 1, Math.floor(options.focusReserve ?? 2)))
  const kept = Math.max(0, Math.min(burst - 1, Math.floor(options.cashierReserve ?? 0)))
  const holdMs = options.focusHoldMs ?? 10_000
  const refillPerMs = (perMinute - burst) / 60_000
  const now = options.now ?? Date.now
  const timers = options.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>)
  }

  let tokens = burst
  let last = now()
  let blockedUntil = 0
  let focusUntil = -Infinity
  let timer: unknown = null
  const queue: Waiter[] = []

  function refill(at: number): void {
    // Nothing refills while paused after a 429: the server's window is known to be full.
    tokens = Math.min(burst, tokens + Math.max(0, at - Math.max(last, blockedUntil)) * refillPerMs)
    last = at
  }

  function tryTakeAs(rank: number): number {
    const at = now()
    refill(at)
    if (rank === RANK.focus) focusUntil = at + holdMs
    if (at < blockedUntil) return blockedUntil - at
    const needed = rank === RANK.background ? 1 + Math.max(kept, at < focusUntil ? reserve : 0) : 1
    if (tokens >= needed) {
      tokens -= 1
      return 0
    }
    return Math.max(1, Math.ceil((needed - tokens) / refillPerMs))
  }

  const callerRank = (): number => RANK[currentLane() ?? 'none']
  /** The waiter to serve next: the first of the best-ranked lane waiting. */
  function nextWaiter(): Waiter | undefined {
    let best: Waiter | undefined
    for (const waiter of queue) if (!best || waiter.rank < best.rank) best = waiter
    return best
  }

  function schedule(ms: number): void {
    if (timer !== null) timers.clear(timer)
    timer = timers.set(pump, ms)
  }

  function pump(): void {
    timer = null
    for (let waiter = nextWaiter(); waiter; waiter = nextWaiter()) {
      const wait = tryTakeAs(waiter.rank)
      if (wait > 0) return schedule(wait)
      queue.splice(queue.indexOf(waiter), 1)
      waiter.signal?.removeEventListener('abort', waiter.onAbort)
      waiter.resolve()
    }
  }

  return {
    perMinute,
    get waiting() {
      return queue.length
    },
    tryTake: () => tryTakeAs(callerRank()),
    take(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason)
      const rank = callerRank()
      if (!queue.some((waiter) => waiter.rank <= rank) && tryTakeAs(rank) === 0) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          rank,
          resolve,
          reject,
          signal,
          onAbort: () => {
            const index = queue.indexOf(waiter)
            if (index >= 0) queue.splice(index, 1)
            if (queue.length === 0 && timer !== null) {
              timers.clear(timer)
              timer = null
            }
            reject(signal?.reason)
          }
        }
        signal?.addEventListener('abort', waiter.onAbort, { once: true })
        queue.push(waiter)
        // The timer was armed for the waiter served next; one of a better lane may be served sooner.
        if (timer !== null && nextWaiter() === waiter) {
          timers.clear(timer)
          timer = null
        }
        if (timer === null) pump()
      })
    },
    pause(ms) {
      const at = now()
      refill(at)
      tokens = 0
      blockedUntil = Math.max(blockedUntil, at + Math.max(0, ms))
      if (queue.length > 0) schedule(blockedUntil - at)
    }
  }
}
