import { EVENT_NAMES, type EventName, type Events, type Transport } from '@shared/contract'
import { UNREACHABLE, resultFromResponse } from './result'
import { parseSseChunk } from './sse'
import { reportMainDown, reportMainUp } from './main-link'
import { takeToken, tokenRefused } from './token'

/** First wait before the event stream is opened again; doubles per failed try up to `RECONNECT_MAX_MS`. */
const RECONNECT_MS = 500
const RECONNECT_MAX_MS = 5000

type Listener = (payload: unknown) => void

/**
 * The contract over the loopback web host: calls are `POST /api/call/<name>` with the run's bearer token and
 * answer a `Result` as JSON; events come on ONE shared `GET /api/events` stream (server-sent events), opened
 * with the first subscription, reconnected after it ends or fails (0.5 s, doubling to 5 s while it keeps failing),
 * and closed when the last listener goes. A network failure of a call or of the stream reports main unreachable
 * (`./main-link`); the stream opening again, or a call answered, reports it back.
 */
export function createWebTransport(): Transport {
  // Taken now (out of the URL before the router reads it), read again per request: a device that pairs after the
  // transport was made (`./pairing`) sends its new token.
  takeToken()
  const authorization = () => ({ authorization: 'Bearer ' + takeToken() })
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

  /** Read the stream until it ends. @returns whether it opened (a 200 with a body) */
  async function readOnce(signal: AbortSignal, reopened: boolean): Promise<boolean> {
    let response: Response
    try {
      response = await fetch('/api/events', { headers: authorization(), signal })
    } catch (error) {
      if (!signal.aborted) reportMainDown()
      throw error
    }
    if (response.status === 401) {
      // Main answered: it is reachable, it just no longer lets this page in (the app shows why).
      tokenRefused.value = true
      reportMainUp()
    }
    if (!response.ok || !response.body) return false
    reportMainUp({ stream: reopened })
    const reader = response.body.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch (error) {
        if (!signal.aborted) reportMainDown()
        throw error
      }
      const { done, value } = chunk
      // Main ends the stream only when it stops: unreachable until it is back.
      if (done) {
        reportMainDown()
        return true
      }
      const parsed = parseSseChunk(buffer + decoder.decode(value, { stream: true }))
      buffer = parsed.rest
      for (const { event, data } of parsed.events) dispatch(event, data)
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    let opened = false
    let wait = RECONNECT_MS
    while (!signal.aborted) {
      let openedNow = false
      try {
        openedNow = await readOnce(signal, opened)
      } catch {
        // Network error or abort: retry below unless aborted.
      }
      // Aborted, or the token was refused: asking again with the same token would only be refused again.
      if (signal.aborted || tokenRefused.value) return
      if (openedNow) wait = RECONNECT_MS
      opened ||= openedNow
      await new Promise((resolve) => setTimeout(resolve, wait))
      if (!openedNow) wait = Math.min(RECONNECT_MAX_MS, wait * 2)
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
          headers: { ...authorization(), ...owner, 'content-type': 'application/json' },
          // Like IPC: only a missing input stands for {}; null goes as null and the host refuses it.
          body: JSON.stringify(input === undefined ? {} : input)
        })
      } catch {
        reportMainDown()
        return { ok: false, error: UNREACHABLE }
      }
      reportMainUp()
      // The token itself was refused (a revoked device, a renewed till token): the app shows the way in.
      if (response.status === 401) tokenRefused.value = true
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
