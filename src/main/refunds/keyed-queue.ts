/**
 * Runs tasks one at a time per key, in the order they were queued; tasks of different keys run side by side.
 * Refunds of one sale go through one key, so each sees what the previous one reserved before it asks a processor.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>()

  /**
   * Run `task` after every task queued before it under `key` has settled.
   * @returns what `task` returns; @throws what it throws (a failed task does not stop the ones after it).
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(task, task)
    const tail = result.then(
      () => undefined,
      () => undefined
    )
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }

  /** Settles when every task queued so far has settled. */
  async idle(): Promise<void> {
    await Promise.all([...this.tails.values()])
  }
}
