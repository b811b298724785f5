import pRetry from 'p-retry'
import { z } from 'zod'
import { silentLogger, type Logger } from '../log/logger'
import { ProcessorError, codeForStatus, parseRetryAfter } from './errors'
import type { CallOptions } from './types'

/** What a connector tells the HTTP client about one request. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path below the base URL, already built with `encodeURIComponent` for ids. */
  path: string
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>
  headers?: Record<string, string>
  /** JSON-serialised when an object; sent as-is when a string. */
  body?: unknown
  /**
   * False for a request that must not be sent twice after an answer that may have been lost (a create): of its
   * failures only a 429, which the server answers before doing anything, is tried again; after a timeout, a network
   * failure or a 5xx the caller looks up what was made instead. Default true.
   */
  idempotent?: boolean
}

/** A response whose status was 2xx. `body` is the parsed JSON (or the text when not JSON, or null when empty). */
export interface HttpResponse {
  status: number
  headers: Headers
  body: unknown
  text: string
}

/**
 * Turns a non-2xx response into a `ProcessorError` with a cashier-readable message; each connector supplies one,
 * because each processor words its errors differently.
 */
export type ErrorMapper = (response: {
  status: number
  body: unknown
  text: string
  headers: Headers
}) => ProcessorError

/**
 * The HTTP settings every connector's config takes (`BtcpayConfig`, `PlisioConfig`, `BtpayConfig`) and hands to its
 * client unchanged. Times in milliseconds.
 */
export interface HttpSettings {
  /** Injected for tests; defaults to the global fetch (undici). */
  fetch?: typeof fetch
  /** Per attempt (default 15 000). */
  timeoutMs?: number
  /** Retries of retryable failures (network, 5xx, 409, 429; default 2). Creates pass 0 and look up instead. */
  maxRetries?: number
  /** First backoff wait (default 250); doubles per retry with jitter, capped by `maxBackoffMs`. */
  minBackoffMs?: number
  /** Upper bound for one backoff wait, including a Retry-After the server asked for (default 10 000). */
  maxBackoffMs?: number
  /**
   * Where each attempt writes its line (`HttpClient.request`); the registry passes the core's logger bound to the
   * processor id. Default: nothing is logged.
   */
  log?: Logger
}

/** The `HttpSettings` of a connector's config, and nothing else of it (no key), for its client. */
export function httpSettings(config: HttpSettings): HttpSettings {
  const { fetch, timeoutMs, maxRetries, minBackoffMs, maxBackoffMs, log } = config
  return { fetch, timeoutMs, maxRetries, minBackoffMs, maxBackoffMs, log }
}

/** The schema of an answer whose body is not read (an archive, a delete): anything passes. */
export const AnyBody = z.unknown()

/** Settings of one connector's HTTP client: its server, auth, error factory and hooks, plus `HttpSettings`. */
export interface HttpClientOptions extends HttpSettings {
  baseUrl: string
  /** Names the processor in messages (`BTCPay Server sent an unexpected answer …`). Default: the base URL's host. */
  label?: string
  /** Default headers (auth) sent with every request. */
  headers?: Record<string, string>
  /** Query parameters sent with every request, after the request's own (Plisio's `api_key`); never logged. */
  query?: Record<string, string>
  mapError: ErrorMapper
  /**
   * What of a 2xx answer the schema checks (Plisio: the `data` of its `{status, data}` envelope). Default: the parsed
   * body. @throws ProcessorError (an error envelope inside a 2xx; `unexpectedAnswer` for a body of another shape)
   */
  unwrap?: (response: HttpResponse, request: HttpRequest) => unknown
  /**
   * Awaited before every attempt, retries included, and before its log line (BTPay: a token from its request
   * budget). What it throws ends the request (the caller's abort while waiting).
   */
  beforeAttempt?: (signal: AbortSignal | undefined) => Promise<void>
  /**
   * Called when an attempt is answered 429, whether or not a retry follows (BTPay: pause the budget for
   * `Retry-After` or its own pause). The client then leaves the wait to `beforeAttempt` and does not sleep for
   * `Retry-After` itself.
   */
  onRateLimited?: (error: ProcessorError) => void
}

type Defaults =
  'timeoutMs' | 'maxRetries' | 'minBackoffMs' | 'maxBackoffMs' | 'headers' | 'query' | 'fetch' | 'log'

/**
 * The HTTP client of every connector (each `client.ts` extends it with its auth and error factory): JSON in and out,
 * a timeout per attempt, one retry policy (network failures, 5xx, 409 and 429, with jittered capped exponential
 * backoff that honours `Retry-After`; a non-idempotent request only after a 429), hooks for a request budget, and
 * one error factory. Every attempt writes one log line (`RequestLine`): never headers, a body or the query's values.
 */
export class HttpClient {
  private readonly base: URL
  private readonly label: string
  private readonly options: Omit<HttpClientOptions, Defaults> & Required<Pick<HttpClientOptions, Defaults>>

  constructor(options: HttpClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : options.baseUrl + '/')
    this.label = options.label ?? this.base.host
    this.options = {
      timeoutMs: 15_000,
      maxRetries: 2,
      minBackoffMs: 250,
      maxBackoffMs: 10_000,
      headers: {},
      query: {},
      // An option passed as `undefined` keeps its default.
      ...(Object.fromEntries(
        Object.entries(options).filter(([, value]) => value !== undefined)
      ) as HttpClientOptions),
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      log: options.log ?? silentLogger()
    }
  }

  /**
   * Send a request and check what its 2xx answer holds (`unwrap`) against `schema`: the one call every connector's
   * resources make.
   * @throws ProcessorError — mapped from the status by the connector's mapper; `processor-connection` for network,
   *   TLS and timeout failures; `processor-bad-response` when the answer does not match `schema`.
   */
  async send<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
    options?: CallOptions
  ): Promise<z.output<S>> {
    const response = await this.request(request, options)
    const content = this.options.unwrap ? this.options.unwrap(response, request) : response.body
    const parsed = schema.safeParse(content)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected body'
      throw unexpectedAnswer(this.label, request, where, response.status, parsed.error)
    }
    return parsed.data
  }

  /**
   * Send a request and return the 2xx response, its body unchecked.
   * @throws ProcessorError — as `send`, but never `processor-bad-response`.
   */
  async request(request: HttpRequest, options: CallOptions = {}): Promise<HttpResponse> {
    const retries = options.maxRetries ?? this.options.maxRetries
    const retryable = (error: unknown): boolean =>
      error instanceof ProcessorError &&
      (request.idempotent === false
        ? error.code === 'processor-rate-limit'
        : error.retryable || error.status === 409)
    return pRetry(
      async (attempt) => {
        await this.options.beforeAttempt?.(options.signal)
        return this.logged(request, options, attempt)
      },
      {
        retries,
        minTimeout: this.options.minBackoffMs,
        maxTimeout: this.options.maxBackoffMs,
        randomize: true,
        signal: options.signal,
        shouldRetry: ({ error }) => retryable(error),
        onFailedAttempt: async ({ error, retriesLeft }) => {
          if (!(error instanceof ProcessorError) || retriesLeft === 0 || !retryable(error)) return
          // A budget that pauses on 429 holds the next attempt itself; otherwise wait what the server asked.
          const budgeted = error.code === 'processor-rate-limit' && this.options.onRateLimited
          if (error.retryAfterMs !== null && !budgeted) {
            await sleep(Math.min(error.retryAfterMs, this.options.maxBackoffMs), options.signal)
          }
        }
      }
    )
  }

  /** One attempt and its log line: `info` when answered below 400, `warn` for an error status or no answer. */
  private async logged(request: HttpRequest, options: CallOptions, attempt: number): Promise<HttpResponse> {
    const url = this.url(request)
    const started = performance.now()
    const line = (status: number | null): RequestLine => ({
      method: request.method,
      path: url.pathname,
      ...(url.search && { query: [...new Set(url.searchParams.keys())] }),
      status,
      ms: Math.round(performance.now() - started),
      attempt
    })
    try {
      const response = await this.once(url, request, options)
      this.options.log.info(line(response.status), 'processor request')
      return response
    } catch (error) {
      if (error instanceof ProcessorError && error.code === 'processor-rate-limit') {
        this.options.onRateLimited?.(error)
      }
      const status = error instanceof ProcessorError ? error.status : null
      const code = error instanceof ProcessorError ? error.code : 'aborted'
      this.options.log.warn({ ...line(status), code }, 'processor request failed')
      throw error
    }
  }

  private url(request: HttpRequest): URL {
    const url = new URL(request.path.replace(/^\//, ''), this.base)
    for (const [key, value] of Object.entries({ ...request.query, ...this.options.query })) {
      if (value === undefined) continue
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item))
    }
    return url
  }

  private async once(url: URL, request: HttpRequest, options: CallOptions): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs)
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.options.headers,
      ...request.headers
    }
    let body: string | undefined
    if (request.body !== undefined) {
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body)
      headers['content-type'] ??= 'application/json'
    }
    let response: Response
    let text: string
    try {
      response = await this.options.fetch(url, {
        method: request.method,
        headers,
        body,
        signal,
        redirect: 'error'
      })
      text = await response.text()
    } catch (error) {
      if (options.signal?.aborted) throw error
      throw connectionError(error, url, timeout.aborted)
    }
    const parsed = parseBody(text)
    if (response.status < 200 || response.status >= 300) {
      const mapped = this.options.mapError({
        status: response.status,
        body: parsed,
        text,
        headers: response.headers
      })
      throw mapped
    }
    return { status: response.status, headers: response.headers, body: parsed, text }
  }
}

/**
 * The `processor-bad-response` error for an answer to `request` that is not what the API promises:
 * `<label> sent an unexpected answer to GET /operations/42 (<why>)`.
 * @param label the processor (`Plisio`)
 * @param why what is wrong (`data.txn_id: expected string`)
 */
export function unexpectedAnswer(
  label: string,
  request: HttpRequest,
  why: string,
  status: number | null,
  cause?: unknown
): ProcessorError {
  const path = '/' + request.path.split('?')[0]!.replace(/^\//, '')
  return new ProcessorError(
    'processor-bad-response',
    `${label} sent an unexpected answer to ${request.method} ${path} (${why})`,
    { status, cause }
  )
}

/**
 * The log line of one attempt (plus the logger's `processor` binding). `path` is the URL's path only; of the query
 * only the parameter names are kept, since values may be keys (Plisio's `api_key`).
 */
export interface RequestLine {
  method: HttpRequest['method']
  path: string
  query?: string[]
  /** HTTP status, or null when no answer came (network failure, timeout, abort). */
  status: number | null
  /** Time of the attempt, body read included, in milliseconds. */
  ms: number
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number
  /** On failure: the `ProcessorError` code, or `aborted` when the caller gave up. */
  code?: string
}

function parseBody(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function connectionError(error: unknown, url: URL, timedOut: boolean): ProcessorError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const code = cause?.code ?? ''
  let message: string
  if (timedOut) message = `${url.host} did not answer in time`
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    message = `Cannot find the server ${url.host}: check the URL`
  else if (code === 'ECONNREFUSED') message = `${url.host} refused the connection: is the server running?`
  else if (/CERT|SSL|TLS/i.test(code) || /certificate/i.test(cause?.message ?? ''))
    message = `The TLS certificate of ${url.host} was not accepted (${code || 'certificate error'})`
  else message = `Cannot reach ${url.host}: ${cause?.message ?? (error as Error).message}`
  return new ProcessorError('processor-connection', message, { cause: error })
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    })
  })
}

/** A default error mapper for processors that answer `{message}` or `{error}` bodies. */
export function defaultErrorMapper(processorLabel: string): ErrorMapper {
  return ({ status, body, headers }) => {
    const detail =
      typeof body === 'object' && body !== null
        ? String((body as Record<string, unknown>).message ?? (body as Record<string, unknown>).error ?? '')
        : typeof body === 'string'
          ? body.slice(0, 200)
          : ''
    const code = codeForStatus(status)
    return new ProcessorError(code, `${processorLabel}: ${detail || `HTTP ${status}`}`, {
      status,
      retryAfterMs: parseRetryAfter(headers.get('retry-after'))
    })
  }
}
