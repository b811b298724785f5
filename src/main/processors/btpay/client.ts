import type { z } from 'zod'
import { ProcessorError, codeForStatus, parseRetryAfter } from '../errors'
import { HttpClient, type ErrorMapper, type HttpClientOptions, type HttpRequest } from '../http'
import type { CallOptions } from '../types'
import type { RequestBudget } from './budget'

/** Settings of the BTPay HTTP client. Times in milliseconds. */
export interface BtpayClientOptions {
  /** Server root, e.g. `https://pay.example.com` (no `/api/v1`). */
  baseUrl: string
  /** Raw API key (base64url, 43 chars), sent as `Authorization: Bearer`. */
  apiKey: string
  fetch?: typeof fetch
  /** Budget for `/api/v1/` (100 a minute per key and per IP). */
  budget: RequestBudget
  /** Budget for the public `/checkout/` pages (30 a minute per IP). */
  checkoutBudget: RequestBudget
  /** Per attempt (default 15 000). */
  timeoutMs?: number
  /** Retries of retryable failures (default 2). Creates pass 0 and look up instead. */
  maxRetries?: number
  /** First backoff (default 250); doubles per attempt with jitter, capped by `maxBackoffMs` (default 10 000). */
  minBackoffMs?: number
  maxBackoffMs?: number
  /** How long to stop after a 429 without `Retry-After` (BTPay sends none; default 15 000). */
  rateLimitPauseMs?: number
  /** One line per request (`HttpClient`). */
  log?: HttpClientOptions['log']
}

/** What a BTPay error body looks like: always `{"error": "..."}` (except Flask's HTML 404 for unknown routes). */
function errorText(body: unknown, text: string): string {
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
    return (body as { error: string }).error
  }
  return /^\s*</.test(text) ? '' : text.slice(0, 200).trim()
}

/**
 * BTPay's error factory: turns a non-2xx answer into a `ProcessorError` a cashier can act on.
 * 401 → `processor-auth` ("key not accepted"); 400 → `processor-invalid-request` with BTPay's words;
 * 404 → `processor-not-found`; 429 → `processor-rate-limit` (per key: "Rate limit exceeded"; per IP: "Too many
 * requests"); 503 "Exchange rate service not available" → `processor-unavailable` "no rate service"; other 5xx →
 * `processor-unavailable`.
 */
export const mapBtpayError: ErrorMapper = ({ status, body, text, headers }) => {
  const detail = errorText(body, text)
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'))
  const code = codeForStatus(status)
  let message: string
  if (status === 401)
    message = `Key not accepted: BTPay refused the API key (${detail || 'HTTP 401'}); check it in Settings`
  else if (status === 404) message = `BTPay: ${detail || 'not found'}`
  else if (status === 429)
    message = /too many requests/i.test(detail)
      ? 'BTPay: too many requests from this address (100 a minute per IP); Kassa is slowing down'
      : 'BTPay: rate limit of this API key exceeded (100 a minute); Kassa is slowing down'
  else if (status === 503 && /rate service/i.test(detail))
    message = 'BTPay has no exchange-rate service running (no rate service), so it cannot price invoices'
  else if (status >= 500) message = `BTPay is unavailable (HTTP ${status}${detail ? `: ${detail}` : ''})`
  else message = `BTPay: ${detail || `HTTP ${status}`}`
  return new ProcessorError(code, message, { status, retryAfterMs })
}

/** A request to BTPay, plus the schema its answer must match. */
export interface BtpayCall<T> extends HttpRequest {
  schema: z.ZodType<T>
  /** Public `/checkout/` page: no API key sent, checkout budget used. */
  public?: boolean
}

/**
 * The one BTPay HTTP client: every attempt first takes a token from the shared budget; one retry policy
 * (network, timeout, 5xx: jittered capped exponential backoff; 429: the budget pauses for `Retry-After` or
 * `rateLimitPauseMs`, then the request retries); answers are checked with zod.
 */
export class BtpayClient {
  readonly baseUrl: string
  private readonly api: HttpClient
  private readonly checkout: HttpClient
  private readonly settings: Required<
    Pick<BtpayClientOptions, 'maxRetries' | 'minBackoffMs' | 'maxBackoffMs' | 'rateLimitPauseMs'>
  >

  constructor(private readonly options: BtpayClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    const common = {
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxRetries: 0,
      mapError: mapBtpayError,
      // HttpClient spreads its options over the defaults, so an explicit `fetch: undefined` would erase them.
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.log ? { log: options.log } : {})
    }
    this.api = new HttpClient({ ...common, headers: { authorization: `Bearer ${options.apiKey}` } })
    this.checkout = new HttpClient(common)
    this.settings = {
      maxRetries: options.maxRetries ?? 2,
      minBackoffMs: options.minBackoffMs ?? 250,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
      rateLimitPauseMs: options.rateLimitPauseMs ?? 15_000
    }
  }

  /**
   * Send one call and return its parsed answer.
   * @throws ProcessorError from `mapBtpayError`; `processor-connection` for network failures and timeouts;
   *   `processor-bad-response` when a 2xx body is not the JSON BTPay promises.
   */
  async request<T>(call: BtpayCall<T>, options: CallOptions = {}): Promise<T> {
    const budget = call.public ? this.options.checkoutBudget : this.options.budget
    const http = call.public ? this.checkout : this.api
    const retries = options.maxRetries ?? this.settings.maxRetries
    for (let attempt = 0; ; attempt++) {
      await budget.take(options.signal)
      try {
        const response = await http.request(call, { ...options, maxRetries: 0 })
        const parsed = call.schema.safeParse(response.body)
        if (!parsed.success) {
          throw new ProcessorError(
            'processor-bad-response',
            `BTPay sent an answer Kassa cannot read (${call.method} ${call.path})`,
            { status: response.status, cause: parsed.error }
          )
        }
        return parsed.data
      } catch (error) {
        if (!(error instanceof ProcessorError)) throw error
        if (error.code === 'processor-rate-limit') {
          budget.pause(error.retryAfterMs ?? this.settings.rateLimitPauseMs)
        }
        if (!error.retryable || attempt >= retries) throw error
        if (error.code !== 'processor-rate-limit') await sleep(this.backoff(attempt, error), options.signal)
      }
    }
  }

  private backoff(attempt: number, error: ProcessorError): number {
    const exponential = this.settings.minBackoffMs * 2 ** attempt
    const jittered = exponential / 2 + Math.random() * (exponential / 2)
    return Math.min(this.settings.maxBackoffMs, Math.max(jittered, error.retryAfterMs ?? 0))
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
