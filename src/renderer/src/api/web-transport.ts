import { EVENT_NAMES, type EventName, type Events, type Transport } from '@shared/contract'
import { UNREACHABLE, resultFromResponse } from './result'
import { parseSseChunk } from './sse'
import { takeToken } from './token'

const RECONNECT_MS = 1000

type Listener = (payload: unknown) => void

/**
 * The contract over the loopback web host: calls are `POST /api/call/<name>` with the run's bearer token and
 * answer a `Result` as JSON; events come on ONE shared `GET /api/events` stream (server-sent events), opened
 * with the first subscription, reconnected 1 s after it ends or fails, and closed when the last listener goes.
 */
export function createWebTransport(): Transport {
  const token = takeToken()
  const headers = { authorization: 'Bearer ' + token }
  const listeners = new Map<string, Set<Listener>>()
  let stream: AbortController | null = null

  function dispatch(event: string, data: string): void {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return
    let payload: unknown
    try {
      payload = JSON.parse(data)
    } catch {
      return
    }
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload)
      } catch (error) {
        console.error(`kassa: a listener of ${event} failed`, error)
      }
    }
  }

  async function readOnce(signal: AbortSignal): Promise<void> {
    const response = await fetch('/api/events', { headers, signal })
    if (!response.ok || !response.body) return
    const reader = response.body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      const parsed = parseSseChunk(buffer + decoder.decode(value, { stream: true }))
      buffer = parsed.rest
      for (const { event, data } of parsed.events) dispatch(event, data)
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await readOnce(signal)
      } catch {
        // Network error or abort: retry below unless aborted.
      }
      if (signal.aborted) return
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS))
    }
  }

  return {
    async invoke(name, input, options) {
      let response: Response
      // The owner session (memory only, never stored) rides in its own header; absent, none is sent.
      const owner: Record<string, string> = options?.ownerSession
        ? { 'x-kassa-owner': options.ownerSession }
        : {}
      try {
        response = await fetch('/api/call/' + encodeURIComponent(name), {
          method: 'POST',
          headers: { ...headers, ...owner, 'content-type': 'application/json' },
          // Like IPC: only a missing input stands for {}; null goes as null and the host refuses it.
          body: JSON.stringify(input === undefined ? {} : input)
        })
      } catch {
        return { ok: false, error: UNREACHABLE }
      }
      // The host validates and types every answer; the renderer trusts its shape, not its content.
      return (await resultFromResponse(response)) as never
    },

    subscribe<E extends EventName>(name: E, listener: (payload: Events[E]) => void, signal?: AbortSignal) {
      if (signal?.aborted) return
      const set = listeners.get(name) ?? new Set<Listener>()
      listeners.set(name, set)
      const entry = listener as Listener
      set.add(entry)
      if (!stream) {
        stream = new AbortController()
        void run(stream.signal)
      }
      signal?.addEventListener('abort', () => {
        set.delete(entry)
        if ([...listeners.values()].every((s) => s.size === 0)) {
          stream?.abort()
          stream = null
        }
      })
    }
  }
}
