import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { KassaError } from '@shared/errors'
import { mayHaveReachedProcessor, ProcessorError } from '../../../src/main/processors/errors'
import { defaultErrorMapper, HttpClient } from '../../../src/main/processors/http'
import { isRefusal } from '../../../src/main/refunds/refund-records'

/** The error a client over a fetch answering `status` with `body` throws for `schema`. */
async function errorFor(status: number, body: string): Promise<unknown> {
  const http = new HttpClient({
    baseUrl: 'http://127.0.0.1:9/api/v1',
    label: 'Shop API',
    mapError: defaultErrorMapper('Shop API'),
    maxRetries: 0,
    fetch: (async () => new Response(body, { status })) as unknown as typeof fetch
  })
  return http.send(z.object({ id: z.string() }), { method: 'POST', path: 'things' }).catch((e: unknown) => e)
}

describe('mayHaveReachedProcessor: which failures leave the outcome unknown', () => {
  it('a cut or non-JSON 2xx answer, a 5xx and a connection failure may have been done', async () => {
    const cut = await errorFor(200, '{"id":"abc","amo')
    expect(cut).toMatchObject({ code: 'processor-bad-response', status: 200 })
    expect(mayHaveReachedProcessor(cut)).toBe(true)
    expect(mayHaveReachedProcessor(await errorFor(200, '<html>gateway</html>'))).toBe(true)
    expect(mayHaveReachedProcessor(await errorFor(502, 'Bad gateway'))).toBe(true)
    expect(
      mayHaveReachedProcessor(new ProcessorError('processor-connection', 'did not answer in time'))
    ).toBe(true)
  })

  it('a 4xx refusal and a 429 were answered before anything was done; other errors are not processor outcomes', async () => {
    for (const status of [400, 401, 403, 404, 422, 429])
      expect(mayHaveReachedProcessor(await errorFor(status, '{"message":"no"}')), String(status)).toBe(false)
    expect(mayHaveReachedProcessor(new KassaError('conflict', 'no'))).toBe(false)
    expect(mayHaveReachedProcessor(new Error('boom'))).toBe(false)
  })

  it("a refund's cut answer is not a refusal (its intent is kept), a 422 is", async () => {
    expect(isRefusal(await errorFor(200, '{"id":"pp_1","na'))).toBe(false)
    expect(isRefusal(await errorFor(503, 'down'))).toBe(false)
    expect(isRefusal(await errorFor(429, '{}'))).toBe(false)
    expect(isRefusal(await errorFor(422, '{"message":"customAmount"}'))).toBe(true)
  })
})
