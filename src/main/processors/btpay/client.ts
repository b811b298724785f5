/**
 * The HTTP client of the BTPay connector: the shared `HttpClient` (`send`, timeouts, retry policy) with BTPay's auth
 * (`Authorization: Bearer <apiKey>`), its error factory, and its request budgets as the client's hooks: every
 * attempt first takes a token, and a 429 pauses the budget. The public `/checkout/` pages go through `checkout`
 * (no key, their own budget).
 */
import { ProcessorError, codeForStatus, parseRetryAfter } from '../errors'
import {
  HttpClient,
  httpSettings,
  type ErrorMapper,
  type HttpClientOptions,
  type HttpSettings
} from '../http'
import type { RequestBudget } from './budget'

/** Settings of the BTPay HTTP client: the server, the key, the budgets, and the shared HTTP settings. */
export interface BtpayClientConfig extends HttpSettings {
  /** Server root, e.g. `https://pay.example.com` (no `/api/v1`). */
  baseUrl: string
  /** Raw API key (base64url, 43 chars), sent as `Authorization: Bearer`. */
  apiKey: string
  /** Budget for `/api/v1/` (100 a minute per key and per IP). */
  budget: RequestBudget
  /** Budget for the public `/checkout/` pages (30 a minute per IP). */
  checkoutBudget: RequestBudget
  /** How long a budget stops after a 429 without `Retry-After` (BTPay sends none; default 15 000 ms). */
  rateLimitPauseMs?: number
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

/**
 * The connector's HTTP client for `/api/v1/`; resources call `send(schema, request, options)`, and
 * `checkout.send(…)` for the public pages. Retries follow the shared policy: network, timeout and 5xx with jittered
 * capped exponential backoff; after a 429 the budget pauses for `Retry-After` or `rateLimitPauseMs`, and the retry
 * waits for its next token.
 */
export class BtpayClient extends HttpClient {
  readonly baseUrl: string
  /** The public `/checkout/` pages: no key sent, the checkout budget. */
  readonly checkout: HttpClient

  constructor(config: BtpayClientConfig) {
    const baseUrl = config.baseUrl.replace(/\/+$/, '')
    const pauseMs = config.rateLimitPauseMs ?? 15_000
    const common = { ...httpSettings(config), baseUrl, label: 'BTPay', mapError: mapBtpayError }
    super({
      ...common,
      headers: { authorization: `Bearer ${config.apiKey}` },
      ...budgetHooks(config.budget, pauseMs)
    })
    this.baseUrl = baseUrl
    this.checkout = new HttpClient({ ...common, ...budgetHooks(config.checkoutBudget, pauseMs) })
  }
}

/** The shared client's hooks for a budget: a token before every attempt, a pause after a 429. */
function budgetHooks(
  budget: RequestBudget,
  pauseMs: number
): Pick<HttpClientOptions, 'beforeAttempt' | 'onRateLimited'> {
  return {
    beforeAttempt: (signal) => budget.take(signal),
    onRateLimited: (error) => budget.pause(error.retryAfterMs ?? pauseMs)
  }
}
