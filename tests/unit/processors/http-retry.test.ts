import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ProcessorError } from '../../../src/main/processors/errors'
import {
  defaultErrorMapper,
  HttpClient,
  type HttpClientOptions,
  type RequestLine
} from '../../../src/main/processors/http'
import { memoryLog } from '../../fixtures/memory-log'

type Answer = { status: number; body?: string; headers?: Record<string, string> }

/** A client over a scripted fetch (200 `{}` once the script runs out), with the options under test. */
function client(answers: Answer[], options: Partial<HttpClientOptions> = {}) {
  const memory = memoryLog()
  const urls: string[] = []
  const fetch = (async (url: URL) => {
    urls.push(String(url))
    const answer = answers.shift() ?? { status: 200 }
    return new Response(answer.body ?? '{}', { status: answer.status, headers: answer.headers })
  }) as unknown as typeof globalThis.fetch
  const http = new HttpClient({
    baseUrl: 'http://127.0.0.1:9/api/v1',
    label: 'Shop API',
    mapError: defaultErrorMapper('Shop API'),
    minBackoffMs: 1,
    maxBackoffMs: 5,
    fetch,
    log: memory.log.child({ processor: 'test' }),
    ...options
  })
  const lines = () => memory.lines() as unknown as RequestLine[]
  return { http, urls, lines }
}

const Thing = z.object({ id: z.string() })

describe('HttpClient.send: the one call of every connector', () => {
  it('returns the 2xx body checked against the schema', async () => {
    const { http } = client([{ status: 200, body: '{"id":"a1","extra":1}' }])
    await expect(http.send(Thing, { method: 'GET', path: 'things/a1' })).resolves.toEqual({ id: 'a1' })
  })

  it('refuses a body of another shape as processor-bad-response naming the processor, request and field', async () => {
    const { http } = client([{ status: 200, body: '{"id":42}' }])
    await expect(http.send(Thing, { method: 'GET', path: 'things/a1?x=1' })).rejects.toMatchObject({
      code: 'processor-bad-response',
      status: 200,
      message:
        'Shop API sent an unexpected answer to GET /things/a1 (id: Invalid input: expected string, received number)'
    })
  })

  it('checks what `unwrap` takes out of the answer (an envelope)', async () => {
    const { http } = client([{ status: 200, body: '{"status":"success","data":{"id":"b2"}}' }], {
      unwrap: (response) => (response.body as { data: unknown }).data
    })
    await expect(http.send(Thing, { method: 'GET', path: 'things/b2' })).resolves.toEqual({ id: 'b2' })
  })

  it('sends the default query after the request’s own and logs only its names', async () => {
    const { http, urls, lines } = client([{ status: 200, body: '{"id":"c3"}' }], {
      query: { api_key: 'opensesame' }
    })
    await http.send(Thing, { method: 'GET', path: 'things', query: { page: 2 } })
    expect(urls).toEqual(['http://127.0.0.1:9/api/v1/things?page=2&api_key=opensesame'])
    expect(lines()[0]?.query).toEqual(['page', 'api_key'])
    expect(JSON.stringify(lines())).not.toContain('opensesame')
  })
})

describe('HttpClient retry policy', () => {
  it('retries a 503 of a read, one log line per attempt', async () => {
    const { http, lines } = client([{ status: 503 }, { status: 503 }, { status: 200, body: '{"id":"d4"}' }])
    await expect(http.send(Thing, { method: 'GET', path: 'things/d4' })).resolves.toEqual({ id: 'd4' })
    expect(lines().map((l) => [l.status, l.attempt])).toEqual([
      [503, 1],
      [503, 2],
      [200, 3]
    ])
  })

  it('never retries a non-idempotent request after a 5xx (the caller looks up), but does after a 429', async () => {
    const failing = client([{ status: 503 }, { status: 200 }])
    await expect(
      failing.http.request({ method: 'POST', path: 'things', body: {}, idempotent: false })
    ).rejects.toMatchObject({ code: 'processor-unavailable' })
    expect(failing.urls).toHaveLength(1)

    const limited = client([{ status: 429 }, { status: 200, body: '{"id":"e5"}' }])
    await expect(
      limited.http.send(Thing, { method: 'POST', path: 'things', body: {}, idempotent: false })
    ).resolves.toEqual({ id: 'e5' })
    expect(limited.urls).toHaveLength(2)
  })

  it('does not wait for Retry-After when no retry follows', async () => {
    const { http } = client([{ status: 429, headers: { 'retry-after': '5' } }], { maxBackoffMs: 10_000 })
    const started = Date.now()
    await expect(http.request({ method: 'GET', path: 'things' }, { maxRetries: 0 })).rejects.toMatchObject({
      code: 'processor-rate-limit',
      retryAfterMs: 5_000
    })
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})

describe('HttpClient budget hooks (BTPay’s request budget)', () => {
  it('awaits beforeAttempt before every attempt, retries included', async () => {
    const calls: string[] = []
    const { http } = client([{ status: 502 }, { status: 200, body: '{"id":"f6"}' }], {
      beforeAttempt: async () => {
        calls.push('token')
      },
      fetch: (async () => {
        calls.push('fetch')
        return calls.length < 3 ? new Response('', { status: 502 }) : new Response('{"id":"f6"}')
      }) as unknown as typeof fetch
    })
    await http.send(Thing, { method: 'GET', path: 'things/f6' })
    expect(calls).toEqual(['token', 'fetch', 'token', 'fetch'])
  })

  it('ends the request with what beforeAttempt throws, sending and logging nothing', async () => {
    const { http, urls, lines } = client([], {
      beforeAttempt: (signal) => Promise.reject(signal?.reason ?? new Error('no signal'))
    })
    const controller = new AbortController()
    controller.abort(new Error('left the screen'))
    await expect(
      http.request({ method: 'GET', path: 'things' }, { signal: controller.signal })
    ).rejects.toThrow('left the screen')
    expect(urls).toHaveLength(0)
    expect(lines()).toHaveLength(0)
  })

  it('tells onRateLimited of every 429, also one not retried, and leaves the Retry-After wait to the budget', async () => {
    const limited: ProcessorError[] = []
    const { http } = client(
      [
        { status: 429, headers: { 'retry-after': '5' } },
        { status: 200, body: '{"id":"g7"}' },
        { status: 429 }
      ],
      { maxBackoffMs: 10_000, onRateLimited: (error) => limited.push(error) }
    )
    const started = Date.now()
    await expect(http.send(Thing, { method: 'GET', path: 'things/g7' })).resolves.toEqual({ id: 'g7' })
    expect(Date.now() - started).toBeLessThan(1_000)
    await expect(http.request({ method: 'GET', path: 'things' }, { maxRetries: 0 })).rejects.toBeInstanceOf(
      ProcessorError
    )
    expect(limited.map((e) => e.retryAfterMs)).toEqual([5_000, null])
  })
})
