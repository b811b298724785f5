import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Spaces requests evenly: each `next()` resolves at least `intervalMs` after the previous one did (the first at
 * once), so a run never bursts, whatever the processor's window.
 */
export class Pacer {
  private last = Number.NEGATIVE_INFINITY

  /**
   * @param intervalMs smallest gap between two requests (ms)
   * @param now clock (ms since the epoch)
   */
  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = Date.now
  ) {}

  /**
   * Wait for the next request's turn.
   * @throws the signal's reason when it aborts while waiting
   */
  async next(signal?: AbortSignal): Promise<void> {
    const wait = this.last + this.intervalMs - this.now()
    if (wait > 0) await sleep(wait, undefined, { signal })
    signal?.throwIfAborted()
    this.last = this.now()
  }
}

/** Wait `ms`. @throws the signal's reason when it aborts first */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { signal })
  signal?.throwIfAborted()
}
