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
  /** Clock, injected in tests (default `Date.now`). */
  now?: () => number
  /** Timer used while requests wait, injected in tests (default `setTimeout`/`clearTimeout`). */
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void }
}

/**
 * A token bucket shared by every request one BTPay account makes (all open invoices, creates, cancels), so that
 * 300 open invoices polled at once still stay within the server's limit. Waiters are served first come, first
 * served.
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
  /** Take a token now if one is free: returns 0, else the milliseconds until one may be (nothing taken). */
  tryTake(): number
  /**
   * Stop all requests for `ms` and empty the bucket: called on a 429, with the server's `Retry-After` when sent.
   */
  pause(ms: number): void
}

interface Waiter {
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
  const refillPerMs = (perMinute - burst) / 60_000
  const now = options.now ?? Date.now
  const timers = options.timers ?? {
    set: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>)
  }

  let tokens = burst
  let last = now()
  let blockedUntil = 0
  let timer: unknown = null
  const queue: Waiter[] = []

  function refill(at: number): void {
    // Nothing refills while paused after a 429: the server's window is known to be full.
    tokens = Math.min(burst, tokens + Math.max(0, at - Math.max(last, blockedUntil)) * refillPerMs)
    last = at
  }

  function tryTake(): number {
    const at = now()
    refill(at)
    if (at < blockedUntil) return blockedUntil - at
    if (tokens >= 1) {
      tokens -= 1
      return 0
    }
    return Math.max(1, Math.ceil((1 - tokens) / refillPerMs))
  }

  function schedule(ms: number): void {
    if (timer !== null) timers.clear(timer)
    timer = timers.set(pump, ms)
  }

  function pump(): void {
    timer = null
    while (queue.length > 0) {
      const wait = tryTake()
      if (wait > 0) return schedule(wait)
      const waiter = queue.shift()
      waiter?.signal?.removeEventListener('abort', waiter.onAbort)
      waiter?.resolve()
    }
  }

  return {
    perMinute,
    get waiting() {
      return queue.length
    },
    tryTake,
    take(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason)
      if (queue.length === 0 && tryTake() === 0) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
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
