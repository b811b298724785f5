import Big from 'big.js'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PlisioApi, fail } from './api'
import type { SimResponse } from './api'
import type { SimCoin, SimInvoice, SimShop, SimWithdrawal } from './state'
import { newId } from './state'

/**
 * A Plisio simulator on 127.0.0.1 for integration tests, faithful to /work/shared/reference/plisio.md: every API
 * call is GET under `/api/v1` with `api_key` in the query (other methods get 405), answers use the
 * `{status, data}` envelope, errors are 422 with field errors as a JSON string in `data.message` (codes 105, 116),
 * 401 for a wrong key, 429 when over the rate limit (with Retry-After), Request IP refusals on balances,
 * operations and withdrawals, white-label and hosted shops, coins with `min_sum_in` and maintenance.
 * The control API (functions, and `POST /__control/<action>` with a JSON body) drives payments and failures.
 */

/** Failure injected into the next API requests. */
export interface FailureSpec {
  /** How many requests fail (default 1). */
  count?: number
  /** HTTP status to answer (default 500); omit with `delayMs` to only delay. */
  status?: number
  /** Wait before answering (ms). */
  delayMs?: number
  /** Answer this raw text instead of an envelope (e.g. garbage HTML). */
  body?: string
  /** Retry-After header value, for 429/503. */
  retryAfter?: string
  /**
   * Only a request to this path (after `/api/v1/`, e.g. `operations`, `invoices/new`) fails; others pass it by.
   * Without it the next request of any path fails (a health check in between would take the failure).
   */
  path?: string
}

/** Options of one signed callback. */
export interface CallbackSpec {
  /** JSON body (`json=true`); default: form-encoded, or JSON when the URL has `json=true`. */
  json?: boolean
  /** JSON only: sign in received order (Plisio's docs, default) or sorted keys with string values. */
  ordering?: 'received' | 'sorted'
  /** Change a field after signing (to prove tampering is caught). */
  tamper?: Record<string, string>
}

/** The simulator's control surface. Crypto amounts are decimal strings. */
export interface PlisioControl {
  /** Every API request seen: method, path below /api/v1, query, and when it arrived (ms since the epoch). */
  readonly requests: { method: string; path: string; query: Record<string, string>; at: number }[]
  /**
   * Make an invoice as `GET /invoices/new` with `params` would (`order_number`, `order_name`, `source_amount`,
   * `source_currency`, …), without HTTP and without counting a request: an invoice made on Plisio's dashboard or
   * by another client, or many for a benchmark. Returns its txn_id.
   */
  seedInvoice(params: Record<string, string>): string
  /** Forget an invoice, as if Plisio had never made it. */
  remove(txnId: string): void
  /** Customer pays part (default half, rounded down) of the due crypto: status `pending`, unconfirmed. */
  payPartial(txnId: string, amount?: string): SimInvoice
  /** Customer pays the rest: status `completed`. */
  payFull(txnId: string): SimInvoice
  /** Customer pays more than due (default +10 %): status `mismatch`. */
  payOver(txnId: string, amount?: string): SimInvoice
  /** The invoice expires, keeping what was received (`actual_sum` stays > 0 after a partial payment). */
  expire(txnId: string): SimInvoice
  /** Status `error`. */
  error(txnId: string): SimInvoice
  /** Status `cancelled`. */
  cancel(txnId: string): SimInvoice
  /** Customer switches coin: a new invoice replaces this one, which becomes `cancelled duplicate`. */
  switchCoin(txnId: string, psysCid: string): SimInvoice
  /** Move an invoice's creation time (unix seconds), for day-close listings. */
  setCreatedAt(txnId: string, unixSeconds: number): SimInvoice
  invoice(txnId: string): SimInvoice | undefined
  failNext(spec?: FailureSpec): void
  setShop(patch: Partial<SimShop>): void
  setCoin(cid: string, patch: Partial<SimCoin>): void
  setBalance(cid: string, balance: string): void
  setIpAllowed(allowed: boolean): void
  /**
   * The server is down (true): every API request is logged and its connection cut without an answer; the control
   * API keeps answering. False: back up.
   */
  setDown(down: boolean): void
  /** A withdrawal is broadcast: status `completed`, with a transaction id and link. */
  completeWithdrawal(id: string): void
  /** Every withdrawal made so far (copies), oldest first: the simulator's own books. */
  withdrawals(): SimWithdrawal[]
  /** Allow at most `max` API requests per `windowMs` (default: unlimited). */
  setRateLimit(limit: { max: number; windowMs: number; retryAfter?: string } | null): void
  /** POST a callback signed with the api key (verify_hash) to `url`; resolves with the receiver's status. */
  sendCallback(txnId: string, url: string, spec?: CallbackSpec): Promise<{ status: number; body: string }>
  /** The callback fields and raw body the simulator would send (for unit-style checks). */
  buildCallback(txnId: string, spec?: CallbackSpec): { body: string; contentType: string }
}

/** A running simulator. `url` is the API base (`http://127.0.0.1:<port>/api/v1`). */
export interface PlisioSimulator {
  url: string
  origin: string
  apiKey: string
  control: PlisioControl
  close(): Promise<void>
}

function phpSerialize(fields: Record<string, string>): string {
  const keys = Object.keys(fields).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  const s = (v: string): string => `s:${Buffer.byteLength(v)}:"${v}";`
  return `a:${keys.length}:{${keys.map((k) => s(k) + s(fields[k] ?? '')).join('')}}`
}

function htmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Start the simulator on 127.0.0.1 (`port` 0 = any free port). */
export async function startPlisioSimulator(options: { port?: number } = {}): Promise<PlisioSimulator> {
  let origin = ''
  const api = new PlisioApi(() => origin)
  const requests: PlisioControl['requests'] = []
  const failures: FailureSpec[] = []
  let down = false
  let rateLimit: { max: number; windowMs: number; retryAfter?: string } | null = null
  let window = { start: 0, count: 0 }

  const must = (txnId: string): SimInvoice => {
    const invoice = api.invoices.get(txnId)
    if (!invoice) throw new Error(`No simulated invoice ${txnId}`)
    return invoice
  }
  /** A payment of `value` arrives: unconfirmed while `pending`; a final status confirms every payment. */
  const receive = (invoice: SimInvoice, value: string, status: string): SimInvoice => {
    invoice.received = new Big(invoice.received).plus(new Big(value)).toFixed(8)
    invoice.tx.push({ txid: newId() + newId(), value, confirmations: 0 })
    if (status !== 'pending') for (const tx of invoice.tx) tx.confirmations = 1
    invoice.status = status
    return invoice
  }

  const callbackFields = (i: SimInvoice): Record<string, string> => {
    const fields: Record<string, string> = {
      txn_id: i.id,
      ipn_type: 'invoice',
      merchant: api.shop.name,
      merchant_id: api.shop.id,
      // The invoice's crypto amount, not what arrived ("Invoice amount" in the spec's callback DTO).
      amount: i.amount,
      currency: i.currency,
      order_number: i.orderNumber,
      order_name: i.orderName,
      confirmations: String(i.tx.reduce((m, t) => Math.max(m, t.confirmations), 0)),
      status: i.status,
      source_currency: i.sourceCurrency,
      source_amount: i.sourceAmount,
      source_rate: i.sourceRate,
      comment: '',
      psys_cid: i.psysCid
    }
    if (api.shop.whiteLabel) {
      fields.pending_amount = new Big(i.amount).minus(new Big(i.received)).toFixed(8)
      fields.wallet_hash = i.walletHash
      fields.expire_utc = String(i.expireAt)
      fields.tx_urls = JSON.stringify(i.tx.map((t) => `https://mempool.space/tx/${t.txid}`))
    }
    return fields
  }

  const control: PlisioControl = {
    requests,
    seedInvoice: (params) => {
      const answer = api.handle('invoices/new', new URLSearchParams({ ...params, api_key: api.apiKey }))
      const body = answer.body as { status: string; data: { txn_id?: string; message?: string } }
      if (body.status !== 'success' || !body.data.txn_id)
        throw new Error(`seedInvoice: ${JSON.stringify(body)}`)
      return body.data.txn_id
    },
    remove: (id) => {
      must(id)
      api.invoices.delete(id)
    },
    payPartial: (id, amount) => {
      const invoice = must(id)
      return receive(
        invoice,
        amount ?? new Big(invoice.amount).div(2).round(8, Big.roundDown).toFixed(8),
        'pending'
      )
    },
    payFull: (id) => {
      const invoice = must(id)
      const rest = new Big(invoice.amount).minus(new Big(invoice.received))
      return receive(invoice, (rest.gt(0) ? rest : new Big(0)).toFixed(8), 'completed')
    },
    payOver: (id, amount) => {
      const invoice = must(id)
      const extra = new Big(invoice.amount)
        .times('1.1')
        .round(8, Big.roundUp)
        .minus(new Big(invoice.received))
      return receive(invoice, amount ?? extra.toFixed(8), 'mismatch')
    },
    expire: (id) => Object.assign(must(id), { status: 'expired' }),
    error: (id) => Object.assign(must(id), { status: 'error' }),
    cancel: (id) => Object.assign(must(id), { status: 'cancelled' }),
    switchCoin: (id, psysCid) => {
      const old = must(id)
      const coin = api.coins.find((c) => c.cid === psysCid)
      if (!coin) throw new Error(`No simulated coin ${psysCid}`)
      const price = coin.prices[old.sourceCurrency] ?? '1'
      const replacement: SimInvoice = {
        ...old,
        id: newId(),
        psysCid: coin.cid,
        currency: coin.currency,
        sourceRate: price,
        amount: new Big(old.sourceAmount).div(new Big(price)).round(8, Big.roundUp).toFixed(8),
        received: '0',
        status: 'new',
        walletHash: `0x${newId()}`,
        tx: [],
        activeId: null
      }
      api.invoices.set(replacement.id, replacement)
      old.status = 'cancelled duplicate'
      old.activeId = replacement.id
      return replacement
    },
    setCreatedAt: (id, unixSeconds) => Object.assign(must(id), { createdAt: unixSeconds }),
    invoice: (id) => api.invoices.get(id),
    setDown: (value) => void (down = value),
    failNext: (spec = {}) => {
      for (let n = 0; n < (spec.count ?? 1); n++) failures.push(spec)
    },
    setShop: (patch) => Object.assign(api.shop, patch),
    setCoin: (cid, patch) => {
      const coin = api.coins.find((c) => c.cid === cid)
      if (!coin) throw new Error(`No simulated coin ${cid}`)
      Object.assign(coin, patch)
    },
    setBalance: (cid, balance) => {
      api.balances[cid] = balance
    },
    withdrawals: () => [...api.withdrawals.values()].map((w) => ({ ...w })),
    completeWithdrawal: (id) => {
      const withdrawal = api.withdrawals.get(id)
      if (!withdrawal) throw new Error(`No simulated withdrawal ${id}`)
      withdrawal.status = 'completed'
      withdrawal.txId = newId() + newId()
    },
    setIpAllowed: (allowed) => {
      api.ipAllowed = allowed
    },
    setRateLimit: (limit) => {
      rateLimit = limit
      window = { start: Date.now(), count: 0 }
    },
    buildCallback: (id, spec = {}) => {
      const fields = callbackFields(must(id))
      if (spec.json) {
        let signed: Record<string, string> = fields
        if (spec.ordering === 'sorted') {
          signed = {}
          for (const k of Object.keys(fields).sort()) signed[k] = fields[k] ?? ''
        }
        const hash = createHmac('sha1', api.apiKey).update(JSON.stringify(signed)).digest('hex')
        const body: Record<string, unknown> = { ...fields, ...spec.tamper, verify_hash: hash }
        return { body: JSON.stringify(body), contentType: 'application/json' }
      }
      // PHP signs the decoded values; the form carries tx_urls HTML-escaped as PHP plugins receive it.
      const hash = createHmac('sha1', api.apiKey).update(phpSerialize(fields)).digest('hex')
      const form = new URLSearchParams()
      for (const [k, v] of Object.entries({ ...fields, ...spec.tamper }))
        form.append(k, k === 'tx_urls' ? htmlEscape(v) : v)
      form.append('verify_hash', hash)
      return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' }
    },
    sendCallback: async (id, url, spec = {}) => {
      const json = spec.json ?? /[?&]json=true\b/.test(url)
      const { body, contentType } = control.buildCallback(id, { ...spec, json })
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body })
      return { status: response.status, body: await response.text() }
    }
  }

  const send = (res: ServerResponse, response: SimResponse): void => {
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body)
    res.writeHead(response.status, {
      'content-type': typeof response.body === 'string' ? 'text/html' : 'application/json; charset=UTF-8',
      ...response.headers
    })
    res.end(text)
  }

  const handleControl = async (req: IncomingMessage, res: ServerResponse, action: string): Promise<void> => {
    let raw = ''
    for await (const chunk of req) raw += String(chunk)
    const args = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>
    const id = String(args.txnId ?? '')
    const actions: Record<string, () => unknown> = {
      'pay-partial': () => control.payPartial(id, args.amount as string | undefined),
      'pay-full': () => control.payFull(id),
      'pay-over': () => control.payOver(id, args.amount as string | undefined),
      expire: () => control.expire(id),
      error: () => control.error(id),
      cancel: () => control.cancel(id),
      'switch-coin': () => control.switchCoin(id, String(args.psysCid)),
      'fail-next': () => control.failNext(args as FailureSpec),
      shop: () => control.setShop(args as Partial<SimShop>),
      coin: () => control.setCoin(String(args.cid), args as Partial<SimCoin>),
      balance: () => control.setBalance(String(args.cid), String(args.balance)),
      ip: () => control.setIpAllowed(Boolean(args.allowed)),
      down: () => control.setDown(args.down !== false),
      'complete-withdrawal': () => control.completeWithdrawal(String(args.id)),
      'rate-limit': () => control.setRateLimit(args.max === undefined ? null : (args as never)),
      callback: () => control.sendCallback(id, String(args.url), args as CallbackSpec)
    }
    const run = actions[action]
    if (!run) return send(res, { status: 404, body: { error: `unknown control action ${action}` } })
    try {
      send(res, { status: 200, body: { ok: true, value: (await run()) ?? null } })
    } catch (error) {
      send(res, { status: 400, body: { ok: false, error: (error as Error).message } })
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (url.pathname.startsWith('/__control/'))
        return handleControl(req, res, url.pathname.slice('/__control/'.length))
      if (!url.pathname.startsWith('/api/v1/')) return send(res, fail(404, 'Not Found', 'Page not found.'))
      const path = url.pathname.slice('/api/v1/'.length).replace(/\/$/, '')
      requests.push({
        method: req.method ?? '',
        path,
        query: Object.fromEntries(url.searchParams),
        at: Date.now()
      })
      if (down) return void req.socket.destroy()
      const at = failures.findIndex((spec) => spec.path === undefined || spec.path === path)
      const failure = at < 0 ? undefined : failures.splice(at, 1)[0]
      if (failure?.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs))
      if (res.destroyed) return
      if (failure && (failure.status !== undefined || failure.body !== undefined)) {
        const status = failure.status ?? 200
        const headers = failure.retryAfter ? { 'retry-after': failure.retryAfter } : undefined
        if (failure.body !== undefined) return send(res, { status, body: failure.body, headers })
        const name = status === 429 ? 'Too Many Requests' : 'Internal Server Error'
        return send(res, { ...fail(status, name, `Simulated HTTP ${status}`), headers })
      }
      if (rateLimit) {
        if (Date.now() - window.start >= rateLimit.windowMs) window = { start: Date.now(), count: 0 }
        if (++window.count > rateLimit.max) {
          return send(res, {
            ...fail(429, 'Too Many Requests', 'Rate limit exceeded.'),
            headers: { 'retry-after': rateLimit.retryAfter ?? '1' }
          })
        }
      }
      if (req.method !== 'GET')
        return send(
          res,
          fail(405, 'Method Not Allowed', 'Method Not Allowed. This URL can only handle: GET.')
        )
      send(res, api.handle(path, url.searchParams))
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, fail(500, 'Internal Server Error', String(error)))
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/api/v1`,
    origin,
    apiKey: api.apiKey,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      })
  }
}
