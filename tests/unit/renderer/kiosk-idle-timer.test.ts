import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IdleTimer } from '../../../src/renderer/src/components/kiosk/idle-timer'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function setup(idleMs = 15_000, warningMs = 10_000) {
  const events: string[] = []
  const timer = new IdleTimer({
    idleMs,
    warningMs,
    onWarning: (s) => events.push(`warn ${s}`),
    onWarningCleared: () => events.push('cleared'),
    onIdle: () => events.push('idle')
  })
  return { timer, events }
}

describe('IdleTimer', () => {
  it('warns for the last 10 s, counting down, then goes idle once', () => {
    const { timer, events } = setup()
    timer.start()
    vi.advanceTimersByTime(4_999)
    expect(events).toEqual([])
    vi.advanceTimersByTime(1)
    expect(events).toEqual(['warn 10'])
    expect(timer.warningShown).toBe(true)
    vi.advanceTimersByTime(9_999)
    expect(events.at(-1)).toBe('warn 1')
    expect(events.filter((e) => e.startsWith('warn'))).toHaveLength(10)
    vi.advanceTimersByTime(1)
    expect(events.at(-1)).toBe('idle')
    expect(timer.warningShown).toBe(false)
    vi.advanceTimersByTime(60_000)
    expect(events.filter((e) => e === 'idle')).toHaveLength(1)
  })

  it('input starts the count over, also during the warning', () => {
    const { timer, events } = setup()
    timer.start()
    vi.advanceTimersByTime(14_000)
    timer.activity()
    expect(events.at(-1)).toBe('cleared')
    vi.advanceTimersByTime(14_999)
    expect(events).not.toContain('idle')
    vi.advanceTimersByTime(1)
    expect(events.at(-1)).toBe('idle')
  })

  it('never goes idle while held (a payment being seen), and gives a full time after', () => {
    const { timer, events } = setup()
    timer.start()
    vi.advanceTimersByTime(12_000)
    timer.hold(true)
    expect(events.at(-1)).toBe('cleared')
    timer.activity() // ignored while held
    vi.advanceTimersByTime(600_000)
    expect(events).not.toContain('idle')
    timer.hold(false)
    vi.advanceTimersByTime(14_999)
    expect(events).not.toContain('idle')
    vi.advanceTimersByTime(1)
    expect(events.at(-1)).toBe('idle')
  })

  it('stop ends counting; a new idle time applies from now', () => {
    const { timer, events } = setup(60_000)
    timer.start()
    vi.advanceTimersByTime(30_000)
    timer.setIdleMs(15_000)
    vi.advanceTimersByTime(15_000)
    expect(events.at(-1)).toBe('idle')
    timer.start()
    timer.stop()
    vi.advanceTimersByTime(600_000)
    expect(events.filter((e) => e === 'idle')).toHaveLength(1)
  })

  it('a warning longer than the idle time warns from the start', () => {
    const { timer, events } = setup(5_000, 10_000)
    timer.start()
    vi.advanceTimersByTime(0)
    expect(events[0]).toBe('warn 5')
  })
})
