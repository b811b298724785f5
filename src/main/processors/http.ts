import pRetry from 'p-retry'
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

/** Settings of one connector's HTTP client. Times in milliseconds. */
export interface HttpClientOptions {
  baseUrl: string
  /** Default headers (auth) sent with every request. */
  headers?: Record<string, string>
  timeoutMs?: number
  maxRetries?: number
  /** Upper bound for one backoff wait, including a Retry-After the server asked for. */
  maxBackoffMs?: number
  mapError: ErrorMapper
  /** Injected for tests; defaults to the global fetch (undici). */
  fetch?: typeof fetch
  /**
   * Where each attempt writes its line (`HttpClient.request`); the registry passes the core's logger bound to the
   * processor id. Default: nothing is logged.
   */
  log?: Logger
}

/**
 * One HTTP client per connector: JSON in and out, a timeout per attempt, one retry policy (network failures, 5xx,
 * 409 and 429, with jittered capped exponential backoff that honours `Retry-After`), and one error factory.
 * Non-idempotent creates should pass `maxRetries: 0` and rely on the connector's look-up-before-create instead.
 * Every attempt writes one log line (`RequestLine`): never headers, a body or the query's values.
 */
export class HttpClient {
  private readonly base: URL
  private readonly options: Required<Omit<HttpClientOptions, 'headers' | 'fetch' | 'log'>> & {
    headers: Record<string, string>
    fetch: typeof fetch
    log: Logger
  }

  constructor(options: HttpClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : options.baseUrl + '/')
    this.options = {
      timeoutMs: 15_000,
      maxRetries: 2,
      maxBackoffMs: 10_000,
      headers: {},
      // An option passed as `undefined` keeps its default.
      ...(Object.fromEntries(
        Object.entries(options).filter(([, value]) => value !== undefined)
      ) as HttpClientOptions),
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      log: options.log ?? silentLogger()
    }
  }

  /**
   * Send a request and return the 2xx response.
   * @throws ProcessorError — mapped from the status by the connector's mapper; `processor-connection` for network,
   *   TLS and timeout failures; `processor-bad-response` never (body checks are the connector's job).
   */
  async request(request: HttpRequest, options: CallOptions = {}): Promise<HttpResponse> {
    const retries = options.maxRetries ?? this.options.maxRetries
    return pRetry((attempt) => this.logged(request, options, attempt), {
      retries,
      minTimeout: 250,
      maxTimeout: this.options.maxBackoffMs,
      randomize: true,
      signal: options.signal,
      shouldRetry: ({ error }) =>
        error instanceof ProcessorError && (error.retryable || error.status === 409),
      onFailedAttempt: async ({ error }) => {
        if (error instanceof ProcessorError && error.retryAfterMs !== null) {
          await sleep(Math.min(error.retryAfterMs, this.options.maxBackoffMs), options.signal)
        }
      }
    })
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
      const status = error instanceof ProcessorError ? error.status : null
      const code = error instanceof ProcessorError ? error.code : 'aborted'
      this.options.log.warn({ ...line(status), code }, 'processor request failed')
      throw error
    }
  }

  private url(request: HttpRequest): URL {
    const url = new URL(request.path.replace(/^\//, ''), this.base)
    for (const [key, value] of Object.entries(request.query ?? {})) {
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
