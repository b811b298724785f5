import Big from 'big.js'
import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import type { AddressInfo } from 'node:net'
import { SimBadRequest, SimStore, pyIso, pyJsonDumps, type SimInvoice } from './state'

/**
 * A fake BTPay (btpay-org/btpay 0.1.x) on 127.0.0.1, faithful to what BTPay does rather than to its document:
 * invoice numbers are the stable id and numeric ids 404; refs change on restart; timestamps end in `+00:00`;
 * no metadata, BIP21 or quote expiry in the API JSON (only the public status.json has `quote_expires_in`);
 * webhooks to loopback/private hosts are refused and secrets are base64url without `whsec_`; sliding-window rate
 * limits per IP (100/min on /api/v1/, 30/min on /checkout/, checked before auth) and per key (100/min).
 */
export interface BtpaySimulatorOptions {
  port?: number
  /** Sets both the per-key and per-IP `/api/v1/` limit (default 100). */
  rateLimitPerMinute?: number
  keyLimitPerMinute?: number
  ipLimitPerMinute?: number
  /** Per-IP limit on `/checkout/` (default 30). */
  checkoutLimitPerMinute?: number
  /** Quote deadline in seconds (default 1800). */
  quoteDeadlineSeconds?: number
}

/** One injected failure, applied to the next matching non-control requests. */
export interface FailureSpec {
  /** How many requests (default 1). */
  count?: number
  /** Only requests whose `METHOD path` contains this. */
  match?: string
  /** Answer this status with `{"error": error}` instead of handling the request. */
  status?: number
  error?: string
  /** Sent as `Retry-After` (seconds). */
  retryAfter?: number
  /** Handle the request normally, then hold the answer this long (a client timeout after the work is done). */
  delayMs?: number
  /** Answer 200 with a body that is not JSON. */
  garbage?: boolean
}

/** A request the fake BTPay received (control requests are not logged). */
export interface BtpayLoggedRequest {
  /** When it arrived (ms since the epoch). */
  at: number
  method: string
  path: string
  /** The query string as sent (`?status=pending&limit=100`), or ''. */
  query: string
  /** When its answer was sent (0 until then); `at` is when it arrived. */
  doneAt: number
  /** The answer's status (429 when a limiter refused it). */
  status: number
  /** The peer address the per-IP limiter counts by. */
  ip: string
  /** The bearer key sent, if any (the per-key limiter counts by it). */
  key: string | null
}

/** Drives the fake BTPay from a test. Invoice arguments are invoice numbers. */
export interface BtpaySimulatorControl {
  /** Full payment seen at 0 confirmations → `paid`. */
  pay(invoiceNumber: string): void
  /** A payment of `fraction` (default "0.5") of the BTC amount → `partial`. */
  partial(invoiceNumber: string, fraction?: string): void
  /** Payments confirmed → `confirmed` (from `paid` only). */
  confirm(invoiceNumber: string): void
  /** Quote deadline passed and `check_expiry` run → `expired` (when nothing was paid). */
  expire(invoiceNumber: string): void
  /** Move an invoice's creation time (ms since the epoch), e.g. to yesterday, for period lists. */
  setCreatedAt(invoiceNumber: string, ms: number): void
  /** A BTPay restart without refnum keys: every `ref` changes; limiter windows are cleared. */
  restart(): void
  failNext(spec: FailureSpec): void
  /** The exchange-rate service is gone: `/api/v1/rates` answers 503. */
  setRatesDown(down: boolean): void
  /** Deactivate the wallet: finalize answers 400 "No active wallet configured". */
  setWalletActive(active: boolean): void
  /**
   * The server is down (true): every API request is logged (status 0) and its connection cut without an answer; the
   * control API keeps answering. False: back up.
   */
  setDown(down: boolean): void
  /** Issue another API key of the same organization. */
  createApiKey(): string
  /** Invoices as stored (for assertions such as "no duplicate"). */
  invoices(): SimInvoice[]
  /** Number of non-control requests received. */
  requestCount(): number
  /** Every non-control request received, oldest first. */
  requests(): BtpayLoggedRequest[]
  /**
   * Store an invoice as `POST /api/v1/invoices` with `data` would (then finalize it unless `finalize` is false),
   * without HTTP and without touching the rate limiters: for seeding many invoices (a benchmark). Returns the API
   * JSON of the invoice as `GET /api/v1/invoices/<number>?include_payments=1` would answer it.
   */
  seedInvoice(data: Record<string, unknown>, finalize?: boolean): Record<string, unknown>
  /**
   * Dispatch `event` about an invoice as BTPay's `WebhookDispatcher` does: to every active endpoint subscribed to
   * it, body `json.dumps({event, data, timestamp})` signed in `X-BTPay-Signature`. `to` replaces the endpoint's
   * (public) URL, as a relay forwarding to the till would. @returns the receivers' statuses.
   */
  deliver(event: string, invoiceNumber: string, to?: string): Promise<number[]>
  /** Webhook endpoints with their secrets (for tests that check what Kassa registered). */
  webhooks(): { id: number; url: string; secret: string; events: string[]; is_active: boolean }[]
}

export interface BtpaySimulator {
  url: string
  apiKey: string
  control: BtpaySimulatorControl
  close(): Promise<void>
}

const FLASK_404 =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.</p>\n'

class SlidingWindow {
  private windows = new Map<string, number[]>()
  check(key: string, max: number, now: number): boolean {
    const window = (this.windows.get(key) ?? []).filter((t) => t >= now - 60_000)
    this.windows.set(key, window)
    if (window.length >= max) return false
    window.push(now)
    return true
  }
  clear(): void {
    this.windows.clear()
  }
}

function isPrivateHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name.endsWith('.local') ||
    name.endsWith('.internal')
  )
    return true
  const family = isIP(name)
  if (family === 4) {
    const [a = 0, b = 0] = name.split('.').map((part) => Number.parseInt(part, 10))
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      a >= 224 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    )
  }
  if (family === 6) return name === '::1' || name === '::' || /^f[cd]/.test(name) || /^fe[89ab]/.test(name)
  return false
}

/** Start the fake BTPay. `port` 0 (default) picks a free port. */
export async function startBtpaySimulator(options: BtpaySimulatorOptions = {}): Promise<BtpaySimulator> {
  const store = new SimStore()
  if (options.quoteDeadlineSeconds !== undefined) store.quoteDeadlineMs = options.quoteDeadlineSeconds * 1000
  const keyLimit = options.keyLimitPerMinute ?? options.rateLimitPerMinute ?? 100
  const ipLimit = options.ipLimitPerMinute ?? options.rateLimitPerMinute ?? 100
  const checkoutLimit = options.checkoutLimitPerMinute ?? 30
  const limiter = new SlidingWindow()
  const apiKeys = new Set<string>([randomBytes(32).toString('base64url')])
  const failures: FailureSpec[] = []
  const links: Record<string, unknown>[] = []
  const webhooks: {
    id: number
    url: string
    secret: string
    events: string[]
    is_active: boolean
    description: string
  }[] = []
  let ratesDown = false
  let down = false
  let requests = 0
  const log: BtpayLoggedRequest[] = []

  const find = (number: string): SimInvoice => {
    const invoice = store.lookup(number)
    if (!invoice) throw new Error(`No simulated invoice ${number}`)
    return invoice
  }

  const control: BtpaySimulatorControl = {
    pay: (n) => void store.recordPayment(find(n), new Big(find(n).btc_amount ?? '0')),
    partial: (n, fraction = '0.5') =>
      void store.recordPayment(
        find(n),
        new Big(find(n).btc_amount ?? '0').times(fraction).round(8, Big.roundDown)
      ),
    confirm: (n) => store.confirm(find(n)),
    expire: (n) => store.expire(find(n)),
    setCreatedAt: (n, ms) => void (find(n).created_at = ms),
    restart: () => {
      store.restart()
      limiter.clear()
    },
    failNext: (spec) => void failures.push({ count: 1, ...spec }),
    setRatesDown: (down) => void (ratesDown = down),
    setWalletActive: (active) => void (store.walletActive = active),
    setDown: (value) => void (down = value),
    createApiKey: () => {
      const key = randomBytes(32).toString('base64url')
      apiKeys.add(key)
      return key
    },
    invoices: () => store.invoices,
    requestCount: () => requests,
    requests: () => [...log],
    seedInvoice: (data, finalize = true) => {
      const invoice = store.create(data)
      if (finalize) store.finalize(invoice)
      return store.serialize(invoice, true, true)
    },
    deliver: async (event, invoiceNumber, to) => {
      const payload = {
        event,
        data: { invoice: store.serialize(find(invoiceNumber), false) },
        timestamp: pyIso(Date.now())
      }
      const body = pyJsonDumps(payload)
      const statuses: number[] = []
      for (const endpoint of webhooks) {
        if (!endpoint.is_active || !(endpoint.events.includes('*') || endpoint.events.includes(event)))
          continue
        const response = await fetch(to ?? endpoint.url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'BTPay-Webhook/1.0',
            'x-btpay-signature': createHmac('sha256', endpoint.secret).update(body, 'utf8').digest('hex'),
            'x-btpay-event': event
          },
          body
        })
        await response.arrayBuffer()
        statuses.push(response.status)
      }
      return statuses
    },
    webhooks: () =>
      webhooks.map(({ id, url, secret, events, is_active }) => ({ id, url, secret, events, is_active }))
  }

  function send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const type = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json'
    res.writeHead(status, { 'content-type': type, ...headers }).end(text)
  }

  function handleControl(res: ServerResponse, name: string, body: Record<string, unknown>): void {
    const invoice = String(body.invoice ?? '')
    switch (name) {
      case 'pay':
        control.pay(invoice)
        break
      case 'partial':
        control.partial(invoice, body.fraction === undefined ? undefined : String(body.fraction))
        break
      case 'confirm':
        control.confirm(invoice)
        break
      case 'expire':
        control.expire(invoice)
        break
      case 'restart':
        control.restart()
        break
      case 'fail':
        control.failNext(body as FailureSpec)
        break
      case 'rates':
        control.setRatesDown(body.down === true)
        break
      case 'wallet':
        control.setWalletActive(body.active !== false)
        break
      case 'down':
        control.setDown(body.down !== false)
        break
      case 'keys':
        return send(res, 201, { api_key: control.createApiKey() })
      default:
        return send(res, 404, { error: 'Unknown control' })
    }
    send(res, 200, { ok: true })
  }

  /** The BTPay routes; returns [status, body]. Throws SimBadRequest for 400s. */
  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Record<string, unknown>
  ): [number, unknown] {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
    if (parts[0] === 'checkout' && parts.length === 3 && parts[2] === 'status.json' && method === 'GET') {
      const invoice = store.invoices.find((inv) => store.ref('Invoice', inv.id) === parts[1])
      return invoice ? [200, store.checkoutStatus(invoice)] : [404, FLASK_404]
    }
    if (parts[0] === 'checkout' && parts.length === 2 && method === 'GET') {
      // The public pay page: found by the encrypted ref only, like status.json.
      const invoice = store.invoices.find((inv) => store.ref('Invoice', inv.id) === parts[1])
      if (!invoice) return [404, FLASK_404]
      return [
        200,
        `<!doctype html>\n<title>Pay ${invoice.invoice_number}</title>\n<p>${invoice.total} ${invoice.currency}</p>\n`
      ]
    }
    const [, , resource, ref, action] = parts
    if (resource === 'invoices') {
      if (ref === undefined && method === 'GET') {
        const status = query.get('status')
        const limit = Math.min(Number.parseInt(query.get('limit') ?? '50', 10), 100)
        const offset = Number.parseInt(query.get('offset') ?? '0', 10)
        const all = store.invoices
          .filter((inv) => !status || inv.status === status)
          .sort((a, b) => b.created_at - a.created_at || b.id - a.id)
        return [
          200,
          {
            invoices: all.slice(offset, offset + limit).map((inv) => store.serialize(inv, false)),
            total: all.length,
            limit,
            offset
          }
        ]
      }
      if (ref === undefined && method === 'POST') return [201, store.serialize(store.create(body))]
      if (ref === undefined) return [405, FLASK_404]
      const invoice = store.lookup(ref)
      if (!invoice) return [404, { error: 'Invoice not found' }]
      if (action === undefined && method === 'GET') {
        return [
          200,
          store.serialize(
            invoice,
            true,
            ['1', 'true'].includes((query.get('include_payments') ?? '').toLowerCase())
          )
        ]
      }
      if (action === undefined && method === 'DELETE') {
        store.cancel(invoice)
        return [200, { ok: true, status: invoice.status }]
      }
      if (action === 'finalize' && method === 'POST') {
        store.finalize(invoice)
        return [200, store.serialize(invoice)]
      }
      if (action === 'status' && method === 'GET') {
        const due = new Big(invoice.total).minus(invoice.amount_paid)
        return [
          200,
          {
            invoice_number: invoice.invoice_number,
            status: invoice.status,
            total: invoice.total,
            amount_paid: invoice.amount_paid,
            amount_due: due.gt('0') ? due.toFixed(2) : '0',
            currency: invoice.currency
          }
        ]
      }
      return [404, FLASK_404]
    }
    if (resource === 'rates' && method === 'GET' && ref === undefined) {
      if (ratesDown) return [503, { error: 'Exchange rate service not available' }]
      return [
        200,
        {
          rates: Object.entries(store.rates)
            .sort()
            .map(([currency, rate]) => ({ currency, rate }))
        }
      ]
    }
    if (resource === 'payment-links') {
      if (ref === undefined && method === 'GET') return [200, { payment_links: links }]
      if (ref === undefined && method === 'POST') {
        const title = String(body.title ?? '').trim()
        if (!title) throw new SimBadRequest('Title is required')
        const slug =
          String(body.slug ?? '').trim() ||
          title
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '')
        if (links.some((link) => link.slug === slug)) throw new SimBadRequest('Slug already exists')
        let amount: string | null = null
        if (body.amount) {
          if (!/^\d+(\.\d+)?$/.test(String(body.amount))) throw new SimBadRequest('Invalid amount')
          amount = String(body.amount)
        }
        const id = links.length + 1
        const link = {
          id,
          ref: store.ref('PaymentLink', id),
          slug,
          title,
          description: String(body.description ?? ''),
          amount,
          currency: String(body.currency ?? 'USD'),
          is_active: true,
          payment_methods: Array.isArray(body.payment_methods) ? body.payment_methods : ['onchain_btc'],
          redirect_url: String(body.redirect_url ?? ''),
          created_at: pyIso(Date.now())
        }
        links.push(link)
        return [201, link]
      }
      if (ref !== undefined && method === 'DELETE') {
        const link = links.find((l) => l.slug === ref)
        if (!link) return [404, { error: 'Payment link not found' }]
        link.is_active = false
        return [200, { ok: true }]
      }
      return [405, FLASK_404]
    }
    if (resource === 'webhooks') {
      if (ref === undefined && method === 'GET') {
        return [200, { webhooks: webhooks.map(({ secret: _secret, ...rest }) => rest) }]
      }
      if (ref === undefined && method === 'POST') {
        const raw = String(body.url ?? '').trim()
        if (!raw) throw new SimBadRequest('URL is required')
        let url: URL
        try {
          url = new URL(raw)
        } catch {
          throw new SimBadRequest('Invalid URL')
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
          throw new SimBadRequest('URL must use http or https')
        if (isPrivateHost(url.hostname))
          throw new SimBadRequest('URL must not point to a private or internal address')
        const endpoint = {
          id: webhooks.length + 1,
          url: raw,
          secret: randomBytes(32).toString('base64url'),
          events: Array.isArray(body.events) ? body.events.map(String) : ['*'],
          is_active: true,
          description: String(body.description ?? '')
        }
        webhooks.push(endpoint)
        return [
          201,
          {
            id: endpoint.id,
            url: endpoint.url,
            secret: endpoint.secret,
            events: endpoint.events,
            is_active: true
          }
        ]
      }
      // Flask's `<int:webhook_id>` converter: anything else is an HTML 404 from the router.
      if (ref !== undefined && method === 'DELETE' && /^\d+$/.test(ref)) {
        const endpoint = webhooks.find((w) => w.id === Number.parseInt(ref, 10))
        if (!endpoint) return [404, { error: 'Webhook not found' }]
        endpoint.is_active = false
        return [200, { ok: true }]
      }
      return [404, FLASK_404]
    }
    return [404, FLASK_404]
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const text = await readBody(req)
    let body: Record<string, unknown> = {}
    try {
      const parsed: unknown = text ? JSON.parse(text) : {}
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>
    } catch {
      // Flask's get_json(silent=True) or {}
    }
    if (url.pathname.startsWith('/__control/'))
      return handleControl(res, url.pathname.slice('/__control/'.length), body)
    requests++
    const method = req.method ?? 'GET'
    const auth = req.headers.authorization ?? ''
    const entry: BtpayLoggedRequest = {
      at: Date.now(),
      method,
      path: url.pathname,
      query: url.search,
      doneAt: 0,
      status: 0,
      ip: req.socket.remoteAddress ?? '0.0.0.0',
      key: auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : null
    }
    log.push(entry)
    if (down) {
      req.socket.destroy()
      return
    }
    res.once('finish', () => {
      entry.status = res.statusCode
      entry.doneAt = Date.now()
    })
    const failure = failures.find((f) => !f.match || `${method} ${url.pathname}`.includes(f.match))
    if (failure) {
      failure.count = (failure.count ?? 1) - 1
      if (failure.count <= 0) failures.splice(failures.indexOf(failure), 1)
      if (failure.garbage) return send(res, 200, '<html>502 Bad Gateway</html>')
      if (failure.status !== undefined) {
        const headers: Record<string, string> =
          failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {}
        return send(res, failure.status, { error: failure.error ?? 'Injected failure' }, headers)
      }
    }
    const ip = req.socket.remoteAddress ?? '0.0.0.0'
    const now = Date.now()
    if (url.pathname.startsWith('/api/v1/') && !limiter.check(`route:/api/v1/:${ip}`, ipLimit, now))
      return send(res, 429, { error: 'Too many requests' })
    if (url.pathname.startsWith('/checkout/') && !limiter.check(`route:/checkout/:${ip}`, checkoutLimit, now))
      return send(res, 429, { error: 'Too many requests' })
    if (url.pathname.startsWith('/api/v1/')) {
      if (!auth.startsWith('Bearer ')) return send(res, 401, { error: 'API key required' })
      const key = auth.slice('Bearer '.length).trim()
      if (!apiKeys.has(key)) return send(res, 401, { error: 'Invalid API key' })
      if (!limiter.check(`key:${key}`, keyLimit, now)) return send(res, 429, { error: 'Rate limit exceeded' })
    }
    let status: number
    let answer: unknown
    try {
      ;[status, answer] = route(method, url.pathname, url.searchParams, body)
    } catch (error) {
      if (!(error instanceof SimBadRequest)) throw error
      ;[status, answer] = [400, { error: error.message }]
    }
    if (failure?.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs))
    if (!res.destroyed) send(res, status, answer)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `Simulator bug: ${(error as Error).message}` })
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const [apiKey = ''] = apiKeys
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}
