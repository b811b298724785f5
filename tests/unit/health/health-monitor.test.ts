import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProcessorHealthView } from '@shared/health'
import { HealthMonitor } from '../../../src/main/health/health-monitor'
import { ProcessorError } from '../../../src/main/processors/errors'
import { currentLane } from '../../../src/main/processors/lanes'
import type { HealthReport } from '../../../src/main/processors/ports'
import type { CallOptions, PaymentProcessor } from '../../../src/main/processors/types'

const INTERVAL = 30_000
const OFFLINE = 10_000
const GAP = 2_000

/** A processor whose health check answers what the test says, counting calls and the ones under way. */
function fakeProcessor() {
  const state = {
    answer: { state: 'online', detail: null } as HealthReport | ProcessorError,
    /** ms each check takes */
    delayMs: 0,
    calls: 0,
    inFlight: 0,
    maxInFlight: 0,
    options: [] as (CallOptions | undefined)[],
    lanes: [] as (string | null)[]
  }
  const processor = {
    ports: {
      health: {
        async check(options?: CallOptions): Promise<HealthReport> {
          state.calls++
          state.options.push(options)
          state.lanes.push(currentLane())
          state.inFlight++
          state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
          try {
            if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs))
            if (state.answer instanceof ProcessorError) throw state.answer
            return state.answer
          } finally {
            state.inFlight--
          }
        }
      }
    }
  } as unknown as PaymentProcessor
  return { processor, state }
}

function setup() {
  const fake = fakeProcessor()
  const events: ProcessorHealthView[] = []
  const monitor = new HealthMonitor({
    connected: () => ['btcpay'],
    processorFor: () => fake.processor,
    onChanged: (view) => events.push(view),
    timing: { intervalMs: INTERVAL, offlineIntervalMs: OFFLINE, minGapMs: GAP, timeoutMs: 1_500 }
  })
  return { monitor, events, ...fake }
}

const down = () => new ProcessorError('processor-connection', '127.0.0.1:1 refused the connection')

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-28T14:00:00Z') })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('the health monitor', () => {
  it('goes unknown → online → degraded → offline → online, keeping lastOkAt at the last good answer', async () => {
    const { monitor, events, state } = setup()
    monitor.start()
    expect(monitor.list()[0]).toMatchObject({ state: 'unknown', checkedAt: null, lastOkAt: null })
    await vi.advanceTimersByTimeAsync(0)
    const t0 = Date.now()
    expect(monitor.list()[0]).toEqual({
      processor: 'btcpay',
      state: 'online',
      detail: null,
      checkedAt: t0,
      lastOkAt: t0
    })

    state.answer = { state: 'degraded', detail: 'node syncing' }
    await vi.advanceTimersByTimeAsync(INTERVAL)
    const t1 = Date.now()
    expect(monitor.list()[0]).toMatchObject({ state: 'degraded', detail: 'node syncing', lastOkAt: t1 })

    state.answer = down()
    await vi.advanceTimersByTimeAsync(INTERVAL)
    const t2 = Date.now()
    expect(monitor.list()[0]).toMatchObject({
      state: 'offline',
      detail: '127.0.0.1:1 refused the connection',
      checkedAt: t2,
      lastOkAt: t1
    })

    state.answer = { state: 'online', detail: 'ignored when online' }
    // The first re-check after a failed one comes after 1 s.
    await vi.advanceTimersByTimeAsync(1_000)
    expect(monitor.list()[0]).toMatchObject({ state: 'online', detail: null, lastOkAt: Date.now() })
    expect(events.map((e) => e.state)).toEqual(['unknown', 'online', 'degraded', 'offline', 'online'])
    monitor.stop()
  })

  it('checks in the background lane with a short timeout and no retries', async () => {
    const { monitor, state } = setup()
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(state.options[0]).toEqual({ timeoutMs: 1_500, maxRetries: 0 })
    expect(state.lanes[0]).toBe('background')
    monitor.stop()
  })

  it('emits only changes: a steady processor is checked every interval and reported once', async () => {
    const { monitor, events, state } = setup()
    monitor.start()
    await vi.advanceTimersByTimeAsync(5 * INTERVAL)
    expect(state.calls).toBe(6)
    expect(events.map((e) => e.state)).toEqual(['unknown', 'online'])
    monitor.stop()
    await vi.advanceTimersByTimeAsync(5 * INTERVAL)
    expect(state.calls).toBe(6)
  })

  it('never runs two checks of a processor at once, however many are asked for', async () => {
    const { monitor, state } = setup()
    state.delayMs = 5_000
    monitor.start()
    const asked = [monitor.check('btcpay'), monitor.check('btcpay'), monitor.check('btcpay')]
    for (let i = 0; i < 10; i++) monitor.report('btcpay', false, 'read failed')
    await vi.advanceTimersByTimeAsync(5_000)
    await Promise.all(asked)
    expect(state.maxInFlight).toBe(1)
    expect(state.calls).toBe(1)
    monitor.stop()
  })

  it('a burst of failed requests makes one check soon after, not one each, and none before the gap', async () => {
    const { monitor, events, state } = setup()
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(state.calls).toBe(1)
    state.answer = down()
    for (let i = 0; i < 20; i++) monitor.report('btcpay', false, 'read failed')
    await vi.advanceTimersByTimeAsync(GAP - 1)
    expect(state.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(state.calls).toBe(2)
    expect(monitor.list()[0]!.state).toBe('offline')
    // Offline: more failures ask for nothing more; the offline pace (first re-check after 1 s) holds.
    for (let i = 0; i < 20; i++) monitor.report('btcpay', false, 'read failed')
    await vi.advanceTimersByTimeAsync(999)
    expect(state.calls).toBe(2)
    // The tracker's own failure never set the state by itself: only the check did.
    expect(events.filter((e) => e.state === 'offline')).toHaveLength(1)
    monitor.stop()
  })

  it('an answered request while offline brings the check forward, so the return shows within the gap', async () => {
    const { monitor, state } = setup()
    state.answer = down()
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.list()[0]!.state).toBe('offline')
    state.answer = { state: 'online', detail: null }
    await vi.advanceTimersByTimeAsync(500)
    monitor.report('btcpay', true, null)
    await vi.advanceTimersByTimeAsync(GAP - 500)
    expect(monitor.list()[0]!.state).toBe('online')
    expect(state.calls).toBe(2)
    monitor.stop()
  })

  it('a processor without a health port takes the tracker’s reports as its state', async () => {
    const events: ProcessorHealthView[] = []
    const monitor = new HealthMonitor({
      connected: () => ['acme'],
      processorFor: () => ({ ports: {} }) as unknown as PaymentProcessor,
      onChanged: (view) => events.push(view)
    })
    monitor.start()
    monitor.report('acme', false, 'acme.test refused the connection')
    monitor.report('acme', false, 'acme.test refused the connection')
    monitor.report('acme', true, null)
    expect(events.map((e) => [e.state, e.detail])).toEqual([
      ['unknown', null],
      ['offline', 'acme.test refused the connection'],
      ['online', null]
    ])
    monitor.stop()
  })

  it('follows connects and disconnects: a new processor is checked at once, a gone one forgotten', async () => {
    const fake = fakeProcessor()
    let connected = ['demo']
    const monitor = new HealthMonitor({
      connected: () => connected,
      processorFor: () => fake.processor,
      onChanged: () => {}
    })
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    connected = ['plisio', 'demo']
    monitor.sync()
    await vi.advanceTimersByTimeAsync(0)
    expect(monitor.list().map((v) => [v.processor, v.state])).toEqual([
      ['plisio', 'online'],
      ['demo', 'online']
    ])
    connected = ['demo']
    monitor.sync()
    expect(monitor.list().map((v) => v.processor)).toEqual(['demo'])
    monitor.stop()
  })

  it('while offline checks after 1 s, then every 1.5 s for two minutes, then slower up to every 10 s', async () => {
    const { monitor, state } = setup()
    state.answer = down()
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    const starts: number[] = []
    const t0 = Date.now()
    const seen = () => {
      while (starts.length < state.calls - 1) starts.push(Date.now() - t0)
    }
    for (let ms = 0; ms < 600_000; ms += 250) {
      await vi.advanceTimersByTimeAsync(250)
      seen()
    }
    const gaps = starts.map((at, i) => at - (i === 0 ? 0 : starts[i - 1]!))
    expect(gaps.slice(0, 4)).toEqual([1_000, 1_500, 1_500, 1_500])
    // Never faster than the first re-check, never slower than the offline interval.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(OFFLINE)
    // Early in the outage the pace holds at 1.5 s; after two minutes it eases to the offline interval.
    const early = starts.filter((at) => at <= 120_000).length
    expect(early).toBeGreaterThanOrEqual(79)
    expect(early).toBeLessThanOrEqual(81)
    const lastMinute = starts.filter((at) => at > 540_000).length
    expect(lastMinute).toBeLessThanOrEqual(7)
    expect(gaps.at(-1)).toBe(OFFLINE)
    monitor.stop()
  })

  it('sees a processor come back within 1.5 s at any moment of the first two minutes of an outage', async () => {
    for (const backAfter of [700, 4_321, 30_000, 119_000]) {
      const { monitor, state } = setup()
      state.answer = down()
      monitor.start()
      await vi.advanceTimersByTimeAsync(0)
      await vi.advanceTimersByTimeAsync(backAfter)
      state.answer = { state: 'online', detail: null }
      const back = Date.now()
      while (monitor.list()[0]!.state !== 'online') await vi.advanceTimersByTimeAsync(50)
      expect(Date.now() - back).toBeLessThanOrEqual(1_500)
      monitor.stop()
    }
  })

  it('checks within 250 ms when one of the till’s requests is answered while offline, even right after a check', async () => {
    const { monitor, state } = setup()
    state.answer = down()
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(state.calls).toBe(2)
    state.answer = { state: 'online', detail: null }
    monitor.report('btcpay', true, null)
    monitor.report('btcpay', true, null)
    await vi.advanceTimersByTimeAsync(249)
    expect(state.calls).toBe(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(state.calls).toBe(3)
    expect(monitor.list()[0]!.state).toBe('online')
    // Online again: answered requests ask for nothing; the 30 s pace is back.
    monitor.report('btcpay', true, null)
    await vi.advanceTimersByTimeAsync(INTERVAL - 1)
    expect(state.calls).toBe(3)
    monitor.stop()
  })

  it('keeps one check in flight when checks are slower than the offline pace', async () => {
    const { monitor, state } = setup()
    state.answer = down()
    state.delayMs = 4_000
    monitor.start()
    for (let i = 0; i < 40; i++) {
      monitor.report('btcpay', i % 2 === 0, null)
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(state.maxInFlight).toBe(1)
    // One check of 4 s, then the wait: never more than one every 4 s.
    expect(state.calls).toBeLessThanOrEqual(5)
    monitor.stop()
  })

  it('tells onRecovered listeners once per return from offline, not at the first answer after start', async () => {
    const { monitor, state } = setup()
    const recovered: string[] = []
    const off = monitor.onRecovered((id) => recovered.push(id))
    monitor.onRecovered(() => {
      throw new Error('a listener that fails does not stop the others')
    })
    monitor.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(recovered).toEqual([])
    state.answer = { state: 'degraded', detail: 'node syncing' }
    await vi.advanceTimersByTimeAsync(INTERVAL)
    expect(recovered).toEqual([])
    state.answer = down()
    await vi.advanceTimersByTimeAsync(INTERVAL)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(monitor.list()[0]!.state).toBe('offline')
    state.answer = { state: 'degraded', detail: 'node syncing' }
    await vi.advanceTimersByTimeAsync(1_500)
    expect(recovered).toEqual(['btcpay'])
    state.answer = down()
    await vi.advanceTimersByTimeAsync(INTERVAL)
    state.answer = { state: 'online', detail: null }
    await vi.advanceTimersByTimeAsync(1_500)
    expect(recovered).toEqual(['btcpay', 'btcpay'])
    off()
    state.answer = down()
    await vi.advanceTimersByTimeAsync(INTERVAL)
    state.answer = { state: 'online', detail: null }
    await vi.advanceTimersByTimeAsync(1_500)
    expect(monitor.list()[0]!.state).toBe('online')
    expect(recovered).toHaveLength(2)
    monitor.stop()
  })
})
