import { describe, expect, it } from 'vitest'
import { RendererWatchdog, type WatchdogClock } from '../../../src/main/kiosk/renderer-watchdog'

/** A clock whose time moves only when told; timers run in order as it passes them. */
class FakeClock implements WatchdogClock {
  time = 1_000_000
  private timers: { at: number; run: () => void; id: number }[] = []
  private next = 1
  now = (): number => this.time
  setTimeout = (run: () => void, ms: number): unknown => {
    const id = this.next++
    this.timers.push({ at: this.time + ms, run, id })
    return id
  }
  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle)
  }
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at)
      const due = this.timers[0]
      if (!due || due.at > end) break
      this.timers.shift()
      this.time = due.at
      due.run()
    }
    this.time = end
  }
  get pending(): number {
    return this.timers.length
  }
}

function setup(options: Partial<ConstructorParameters<typeof RendererWatchdog>[0]> = {}) {
  const clock = new FakeClock()
  const log: string[] = []
  const dog = new RendererWatchdog(
    {
      clock,
      actions: {
        reload: (url) => log.push(`reload ${url}@${clock.time}`),
        showError: () => log.push('error')
      },
      ...options
    },
    'kassa://app/index.html#/kiosk'
  )
  return { clock, log, dog, t0: clock.time }
}

describe('RendererWatchdog', () => {
  it('reloads a crashed renderer at once, to the page it was on', () => {
    const { clock, log, dog, t0 } = setup()
    dog.navigated('kassa://app/index.html#/pay/sal_1')
    dog.crashed()
    clock.advance(0)
    expect(log).toEqual([`reload kassa://app/index.html#/pay/sal_1@${t0}`])
  })

  it('gives a hung page the grace time: answering again cancels the reload', () => {
    const { clock, log, dog } = setup({ hangGraceMs: 5_000 })
    dog.unresponsive()
    clock.advance(4_999)
    dog.responsive()
    clock.advance(60_000)
    expect(log).toEqual([])
    expect(clock.pending).toBe(0)
  })

  it('reloads a page still hung after the grace time', () => {
    const { clock, log, dog, t0 } = setup({ hangGraceMs: 5_000 })
    dog.unresponsive()
    dog.unresponsive() // repeated events do not stack timers
    clock.advance(5_000)
    expect(log).toEqual([`reload kassa://app/index.html#/kiosk@${t0 + 5_000}`])
  })

  it('backs off between reloads in a row, then shows the error page past the per-minute limit', () => {
    const { clock, log, dog, t0 } = setup({ baseDelayMs: 1_000, maxReloadsPerMinute: 3, retryAfterMs: 0 })
    dog.crashed()
    clock.advance(0)
    dog.crashed()
    clock.advance(1_000)
    dog.crashed()
    clock.advance(2_000)
    expect(log).toEqual([
      `reload kassa://app/index.html#/kiosk@${t0}`,
      `reload kassa://app/index.html#/kiosk@${t0 + 1_000}`,
      `reload kassa://app/index.html#/kiosk@${t0 + 3_000}`
    ])
    dog.crashed()
    clock.advance(60_000)
    expect(log.slice(3)).toEqual(['error'])
    expect(dog.failed).toBe(true)
    // Given up: no more reloads, however often it crashes, until reset.
    dog.crashed()
    dog.unresponsive()
    clock.advance(120_000)
    expect(log).toHaveLength(4)
    dog.reset('kassa://app/index.html#/kiosk')
    dog.crashed()
    clock.advance(0)
    expect(log).toHaveLength(5)
  })

  it('caps the backoff and starts it over after a page stayed up', () => {
    const { clock, log, dog } = setup({
      baseDelayMs: 1_000,
      maxDelayMs: 2_000,
      maxReloadsPerMinute: 100,
      stableAfterMs: 30_000
    })
    const times: number[] = []
    for (let i = 0; i < 4; i++) {
      const before = clock.time
      dog.crashed()
      clock.advance(10_000)
      times.push(Number(log.at(-1)!.split('@')[1]) - before)
    }
    expect(times).toEqual([0, 1_000, 2_000, 2_000])
    clock.advance(60_000)
    const before = clock.time
    dog.crashed()
    clock.advance(0)
    expect(Number(log.at(-1)!.split('@')[1]) - before).toBe(0)
  })

  it('a crash while a reload is pending does not reload twice', () => {
    const { clock, log, dog } = setup({ baseDelayMs: 1_000 })
    dog.crashed()
    clock.advance(0)
    dog.crashed()
    dog.crashed()
    clock.advance(5_000)
    expect(log).toHaveLength(2)
  })

  it('tries again from a clean slate some minutes after the error page', () => {
    const { clock, log, dog } = setup({ maxReloadsPerMinute: 1, retryAfterMs: 300_000 })
    dog.crashed()
    clock.advance(0)
    dog.crashed()
    expect(log.at(-1)).toBe('error')
    const shownAt = clock.time
    clock.advance(299_999)
    expect(log).toHaveLength(2)
    clock.advance(1)
    expect(log.at(-1)).toBe(`reload kassa://app/index.html#/kiosk@${shownAt + 300_000}`)
    expect(dog.failed).toBe(false)
    // The slate is clean: the next crash reloads at once again.
    dog.crashed()
    clock.advance(60_000)
    dog.crashed()
    clock.advance(0)
    expect(log.filter((l) => l === 'error')).toHaveLength(1)
  })

  it('stop cancels a pending hang check', () => {
    const { clock, log, dog } = setup()
    dog.unresponsive()
    dog.stop()
    clock.advance(60_000)
    expect(log).toEqual([])
  })
})
