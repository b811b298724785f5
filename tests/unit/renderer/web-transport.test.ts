import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createWebTransport } from '../../../src/renderer/src/api/web-transport'

// No DOM here: a minimal window (location, history, sessionStorage) and a stubbed fetch stand in for the browser.
function fakeWindow(hash: string) {
  const storage = new Map<string, string>()
  return {
    location: { hash, pathname: '/', search: '' },
    history: { state: null, replaceState: vi.fn() },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value)
    }
  }
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

function sseResponse(chunks: string[]): Response {
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      controller.close()
    }
  })
  return new Response(stream, { headers: { 'content-type': 'text/event-stream' } })
}

let win: ReturnType<typeof fakeWindow>
const fetchMock = vi.fn<typeof fetch>()

beforeEach(() => {
  win = fakeWindow('#token=run-token-1')
  vi.stubGlobal('window', win)
  vi.stubGlobal('fetch', fetchMock)
  fetchMock.mockReset()
})

afterEach(() => vi.unstubAllGlobals())

describe('createWebTransport', () => {
  it('takes the token from the URL hash, keeps it in sessionStorage and removes it from the URL', () => {
    createWebTransport()
    expect(win.sessionStorage.getItem('kassa.token')).toBe('run-token-1')
    expect(win.history.replaceState).toHaveBeenCalledWith(null, '', '/')
  })

  it('reuses the stored token after a reload (no token in the hash)', async () => {
    createWebTransport()
    win.location.hash = ''
    fetchMock.mockResolvedValue(json({ ok: true, value: {} }))
    await createWebTransport().invoke('app:info', {})
    expect(fetchMock.mock.calls[0]?.[1]?.headers).toMatchObject({ authorization: 'Bearer run-token-1' })
  })

  it('posts a call with the bearer token and returns the Result body', async () => {
    const value = { id: 'sale_0123456789' }
    fetchMock.mockResolvedValue(json({ ok: true, value }))
    const result = await createWebTransport().invoke('sale:get', { saleId: 'sale_0123456789' })
    expect(result).toEqual({ ok: true, value })
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/api/call/sale%3Aget')
    expect(init?.method).toBe('POST')
    expect(init?.headers).toMatchObject({
      authorization: 'Bearer run-token-1',
      'content-type': 'application/json'
    })
    expect(init?.body).toBe('{"saleId":"sale_0123456789"}')
  })

  it('passes a 401 Result through as unauthorized', async () => {
    const error = { code: 'unauthorized', message: 'Missing or wrong till token' }
    fetchMock.mockResolvedValue(json({ ok: false, error }, 401))
    expect(await createWebTransport().invoke('app:info', {})).toEqual({ ok: false, error })
  })

  it('turns a body that is not a Result into an internal error naming the status', async () => {
    fetchMock.mockResolvedValue(new Response('Bad gateway', { status: 502 }))
    const result = await createWebTransport().invoke('app:info', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(result.ok ? '' : result.error.message).toContain('502')
  })

  it('reports an unreachable main process when fetch fails', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    expect(await createWebTransport().invoke('app:info', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: "The till's main process is not reachable" }
    })
  })

  it('dispatches events from one shared stream, across chunk boundaries, to listeners by name', async () => {
    fetchMock.mockResolvedValue(
      sseResponse([
        ': connected\n\nevent: sale:upd',
        'ated\ndata: {"id":"sale_1"}\n\nevent: connectivity:changed\ndata: {"online":false}\n\n'
      ])
    )
    const transport = createWebTransport()
    const controller = new AbortController()
    const sales: unknown[] = []
    const links: unknown[] = []
    transport.subscribe('sale:updated', (sale) => sales.push(sale), controller.signal)
    transport.subscribe('connectivity:changed', (status) => links.push(status), controller.signal)
    await vi.waitFor(() => expect(links).toHaveLength(1))
    expect(sales).toEqual([{ id: 'sale_1' }])
    expect(links).toEqual([{ online: false }])
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/events')
    controller.abort()
  })
})
