import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mainReachable, onMainBack } from '../../../src/renderer/src/api/main-link'
import { createWebTransport } from '../../../src/renderer/src/api/web-transport'

// The web transport tells the page when the till's main process stops answering and when it is back.
const storage = new Map<string, string>()
const win = {
  location: { hash: '#token=t1', pathname: '/', search: '' },
  history: { state: null, replaceState: () => {} },
  sessionStorage: {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value)
  }
}

/** An event stream that ends at once (main stopping), or stays open (main running). */
function stream(open: boolean): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(': hello\n\n'))
      if (!open) controller.close()
    }
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

const fetchMock = vi.fn<typeof fetch>()
let stop: AbortController

beforeEach(() => {
  vi.useFakeTimers()
  vi.stubGlobal('window', win)
  vi.stubGlobal('fetch', fetchMock)
  fetchMock.mockReset()
  mainReachable.value = true
  stop = new AbortController()
})
afterEach(() => {
  stop.abort()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('the main link (web transport)', () => {
  it('is down once the event stream ends, retries with backoff, and is back (stores re-read) when it reopens', async () => {
    const back = vi.fn()
    const off = onMainBack(back)
    const refused = new TypeError('Failed to fetch')
    fetchMock
      .mockResolvedValueOnce(stream(false)) // main stops: its stream ends
      .mockRejectedValueOnce(refused)
      .mockRejectedValueOnce(refused)
      .mockResolvedValueOnce(stream(true)) // main is back
    createWebTransport().subscribe('sale:updated', () => {}, stop.signal)
    await vi.advanceTimersByTimeAsync(0)
    expect(mainReachable.value).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(500)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    // The next try waits twice as long.
    await vi.advanceTimersByTimeAsync(999)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(mainReachable.value).toBe(false)
    expect(back).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchMock).toHaveBeenCalledTimes(4)
    expect(mainReachable.value).toBe(true)
    expect(back).toHaveBeenCalledTimes(1)
    off()
  })

  it('is down when a call cannot reach main, and back when the next call is answered', async () => {
    const back = vi.fn()
    const off = onMainBack(back)
    const transport = createWebTransport()
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const failed = await transport.invoke('app:info', {})
    expect(failed.ok).toBe(false)
    expect(mainReachable.value).toBe(false)
    fetchMock.mockResolvedValueOnce(
      new Response(JSON.stringify({ ok: true, value: {} }), {
        headers: { 'content-type': 'application/json' }
      })
    )
    expect((await transport.invoke('app:info', {})).ok).toBe(true)
    expect(mainReachable.value).toBe(true)
    expect(back).toHaveBeenCalledTimes(1)
    off()
  })
})
