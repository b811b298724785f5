/**
 * A BTCPay Server Greenfield simulator on 127.0.0.1: the store-nested routes the Kassa connector uses,
 * API keys with permissions (401/403 as BTCPay words them), 422 validation arrays, realistic invoices and payment
 * methods (regtest `bcrt1` addresses, `lnbcrt…` invoices), refunds as pull payments, webhooks with real
 * `BTCPay-Sig` signatures, the checkout status websocket, and a control API (`control`, and HTTP `/__control/…`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Control, type LoggedRequest } from './control'
import { authorise, match, type Ctx, type Reply, type Route } from './router'
import { invoiceRoutes } from './routes-invoices'
import { accountRoutes } from './routes-account'
import { otherRoutes } from './routes-other'
import { newId, SimState } from './state'
import { WebhookSender } from './webhook-sender'
import { StatusSockets } from './websocket'

export type { Control, Fault } from './control'

/** A running simulator. `apiKey` has `unrestricted` permission on `storeId`. */
export interface BtcpaySimulator {
  url: string
  storeId: string
  apiKey: string
  /** The Point of Sale app seeded with a small catalog. */
  posAppId: string
  control: Control
  state: SimState
  close(): Promise<void>
}

const ROUTES: Route[] = [...invoiceRoutes, ...otherRoutes, ...accountRoutes]

/** Start a simulator (port 0 = any free port). */
export async function startBtcpaySimulator(options: { port?: number } = {}): Promise<BtcpaySimulator> {
  const state = new SimState()
  const sockets = new StatusSockets(state)
  const sender = new WebhookSender(state)
  const control = new Control(state, sockets, sender)
  const apiKey = newId(20).toLowerCase()
  control.setApiKey(apiKey, ['unrestricted'], 'admin key')
  const posAppId = control.addPosApp('Coffee bar', [
    {
      id: 'espresso',
      title: 'Espresso',
      description: 'Short and strong',
      image: '~/img/pos-sample/espresso.jpg',
      price: '2.80',
      priceType: 'Fixed',
      categories: ['coffee'],
      inventory: null,
      disabled: false,
      taxRate: '7.7'
    },
    {
      id: 'latte',
      title: 'Latte',
      price: '4.50',
      priceType: 'Fixed',
      categories: ['coffee'],
      inventory: 12,
      disabled: false
    },
    { id: 'tip-jar', title: 'Tip jar', priceType: 'Topup', price: null, inventory: null, disabled: false },
    { id: 'old-muffin', title: 'Muffin', price: '3.10', priceType: 'Minimum', inventory: 0, disabled: true }
  ])
  let root = ''
  const timers = new Set<NodeJS.Timeout>()

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) =>
      send(res, { status: 500, body: { code: 'generic-error', message: String(error) } })
    )
  })
  server.on('upgrade', (req, socket, head) => {
    if (!sockets.upgrade(req, socket, head)) socket.destroy()
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now()
    const url = new URL(req.url ?? '/', root)
    const method = req.method ?? 'GET'
    const raw = await readBody(req)
    let body: unknown
    if (raw) {
      try {
        body = JSON.parse(raw)
      } catch {
        return send(res, { status: 422, body: [{ path: '', message: 'Invalid JSON' }] })
      }
    }
    if (url.pathname.startsWith('/__control/')) {
      return send(
        res,
        await control.http(
          method,
          url.pathname.slice('/__control/'.length),
          (body ?? {}) as Record<string, unknown>
        )
      )
    }
    if (method === 'GET' && /^\/(i|pull-payments|payment-requests)\/[^/]+$/.test(url.pathname)) {
      return send(res, {
        status: 200,
        raw: `<!doctype html><title>BTCPay simulator</title><p>${url.pathname}</p>`,
        contentType: 'text/html'
      })
    }
    if (control.down && url.pathname.startsWith('/api/')) {
      control.requests.push({
        method,
        path: url.pathname,
        search: url.search,
        status: 0,
        at: receivedAt,
        receivedAt,
        doneAt: 0
      })
      req.socket.destroy()
      return
    }
    state.tick()
    const fault = url.pathname.startsWith('/api/') ? control.takeFault(method, url.pathname) : null
    let reply: Reply
    if (fault?.status) {
      reply =
        fault.status >= 500
          ? { status: fault.status, raw: 'Simulated outage', contentType: 'text/plain' }
          : { status: fault.status, body: { code: 'generic-error', message: 'Simulated failure' } }
    } else if (fault?.garbage) {
      reply =
        fault.garbage === 'html'
          ? { status: 200, raw: '<html><body>Bad gateway page</body></html>', contentType: 'text/html' }
          : { status: 200, body: { unexpected: true, id: 42 } }
    } else {
      reply = route(method, url, body, req.headers.authorization)
    }
    const logged: LoggedRequest = {
      method,
      path: url.pathname,
      search: url.search,
      status: reply.status,
      at: Date.now(),
      receivedAt,
      doneAt: 0
    }
    control.requests.push(logged)
    res.once('finish', () => (logged.doneAt = Date.now()))
    if (fault?.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (timers.delete(timer), resolve()), fault.delayMs)
        timers.add(timer)
      })
    }
    if (!res.destroyed) send(res, reply)
  }

  function route(method: string, url: URL, body: unknown, authorization: string | undefined): Reply {
    let pathMatched = false
    for (const candidate of ROUTES) {
      const params = match(candidate.pattern, url.pathname)
      if (!params) continue
      pathMatched = true
      if (candidate.method !== method) continue
      const ctx: Ctx = { state, root, params, query: url.searchParams, body, apiKey: null, permissions: [] }
      return authorise(candidate, ctx, authorization) ?? candidate.handler(ctx)
    }
    return pathMatched ? { status: 405, raw: '' } : { status: 404, raw: '' }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: root,
    storeId: state.store.id,
    apiKey,
    posAppId,
    control,
    state,
    async close() {
      for (const timer of timers) clearTimeout(timer)
      sockets.close()
      await sender.flush()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.raw !== undefined) {
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' })
    res.end(reply.raw)
    return
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, { 'content-length': '0' })
    res.end()
    return
  }
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(reply.body))
}
