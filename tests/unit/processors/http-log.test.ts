import { describe, expect, it } from 'vitest'
import { ProcessorError } from '../../../src/main/processors/errors'
import { defaultErrorMapper, HttpClient, type RequestLine } from '../../../src/main/processors/http'
import { memoryLog } from '../../fixtures/memory-log'

// Neither held nor credential-like, so the log's own redaction would let it through: only HttpClient keeps it out.
const KEY = 'opensesame'

type Answer = { status: number; body?: string; delayMs?: number } | Error

/** A client over a scripted fetch, logging to memory as the registry's child logger does. */
function client(answers: Answer[], maxRetries = 0) {
  const memory = memoryLog()
  const urls: string[] = []
  const fetch = (async (url: URL) => {
    urls.push(String(url))
    const answer = answers.shift() ?? { status: 200 }
    if (answer instanceof Error) throw answer
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs))
    return new Response(answer.body ?? '{}', { status: answer.status })
  }) as unknown as typeof globalThis.fetch
  const http = new HttpClient({
    baseUrl: 'http://127.0.0.1:9/api/v1',
    headers: { authorization: `token ${KEY}` },
    mapError: defaultErrorMapper('Plisio'),
    maxRetries,
    maxBackoffMs: 20,
    fetch,
    log: memory.log.child({ processor: 'plisio' })
  })
  return { http, urls, ...memory }
}

const requestLines = (lines: ReturnType<typeof client>['lines']) =>
  lines() as unknown as (RequestLine & { processor: string; level: number; msg: string })[]

describe('HttpClient: one log line per attempt', () => {
  it('logs processor, method, path, query names, status, ms and attempt, and never a query value or header', async () => {
    const { http, urls, text, lines } = client([{ status: 200, delayMs: 30 }])
    await http.request({ method: 'GET', path: '/invoices/new', query: { api_key: KEY, currency: 'BTC' } })
    expect(urls[0]).toContain(`api_key=${KEY}`) // it was sent…
    expect(text()).not.toContain(KEY) // …and is not in the log
    const [line] = requestLines(lines)
    expect(line).toMatchObject({
      level: 30,
      processor: 'plisio',
      method: 'GET',
      path: '/api/v1/invoices/new',
      query: ['api_key', 'currency'],
      status: 200,
      attempt: 1,
      msg: 'processor request'
    })
    expect(line!.ms).toBeGreaterThanOrEqual(25)
    expect(Number.isInteger(line!.ms)).toBe(true)
    expect(lines()).toHaveLength(1)
  })

  it('logs each retry with its attempt number, the failed one as a warning with its code', async () => {
    const { http, lines } = client([{ status: 503 }, { status: 200 }], 1)
    await http.request({ method: 'GET', path: '/operations' })
    expect(
      requestLines(lines).map(({ level, status, attempt, code }) => ({ level, status, attempt, code }))
    ).toEqual([
      { level: 40, status: 503, attempt: 1, code: 'processor-unavailable' },
      { level: 30, status: 200, attempt: 2, code: undefined }
    ])
    expect(requestLines(lines)[0]).not.toHaveProperty('query')
  })

  it('logs a request that got no answer with status null', async () => {
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
    const { http, lines } = client([refused])
    await expect(
      http.request({ method: 'POST', path: '/invoices', body: { api_key: KEY } })
    ).rejects.toBeInstanceOf(ProcessorError)
    expect(requestLines(lines)).toMatchObject([
      {
        level: 40,
        method: 'POST',
        path: '/api/v1/invoices',
        status: null,
        attempt: 1,
        code: 'processor-connection'
      }
    ])
  })
})
