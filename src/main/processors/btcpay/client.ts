/**
 * The one HTTP client of the BTCPay connector: the shared `HttpClient` (timeouts, retry policy) with BTCPay's
 * error factory, `Authorization: token <apiKey>`, store-nested paths, and zod checks of every response body.
 */
import type { z } from 'zod'
import { ProcessorError, codeForStatus, parseRetryAfter } from '../errors'
import { HttpClient, type ErrorMapper, type HttpClientOptions, type HttpRequest } from '../http'
import type { CallOptions } from '../types'
import { ApiErrorSchema, ValidationErrorSchema } from './schemas'

const LABEL = 'BTCPay Server'

/** Settings of a BTCPay client. Times in milliseconds. */
export interface BtcpayClientConfig {
  /** Server root, e.g. `https://btcpay.example.com` (a trailing slash or path prefix is kept). */
  serverUrl: string
  storeId: string
  /** Greenfield API key (40 hex chars), sent as `Authorization: token <apiKey>`. */
  apiKey: string
  fetch?: typeof fetch
  timeoutMs?: number
  maxRetries?: number
  maxBackoffMs?: number
  /** One line per request (`HttpClient`). */
  log?: HttpClientOptions['log']
}

/**
 * BTCPay's error factory (the logic of BTCPay's own C# client): 422 → validation array, 403 → missing
 * permission, other JSON `{code, message}` → API error. Messages name the field or permission.
 */
export const mapBtcpayError: ErrorMapper = ({ status, body, text, headers }) => {
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'))
  const code = codeForStatus(status)
  if (status === 422) {
    const parsed = ValidationErrorSchema.safeParse(body)
    const fields = parsed.success
      ? parsed.data.map((item) => ({ field: item.path ?? '', message: item.message }))
      : []
    const detail = fields.length
      ? fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; ')
      : apiMessage(body, text) || 'invalid request'
    return new ProcessorError('processor-invalid-request', `${LABEL} refused the request: ${detail}`, {
      status,
      fields
    })
  }
  const api = ApiErrorSchema.safeParse(body)
  const apiCode = api.success ? api.data.code : undefined
  const message = apiMessage(body, text)
  if (status === 401) {
    return new ProcessorError(
      'processor-auth',
      `${LABEL} did not accept the API key${message ? `: ${message}` : ''}. Check the key in Settings.`,
      { status }
    )
  }
  if (status === 403) {
    const permission = (api.success && api.data.missingPermission) || null
    const text403 = permission
      ? `The API key lacks the permission "${permission}". Create a key with it in BTCPay (Account → API keys).`
      : `${LABEL} refused the request${message ? `: ${message}` : ''} (${apiCode ?? 'forbidden'})`
    return new ProcessorError('processor-permission', text403, { status, permission })
  }
  if (status === 404) {
    return new ProcessorError('processor-not-found', `${LABEL}: ${message || 'not found'}`, { status })
  }
  if (status >= 500) {
    return new ProcessorError(
      'processor-unavailable',
      `${LABEL} is unavailable (HTTP ${status})${message ? `: ${message}` : ''}`,
      { status, retryAfterMs }
    )
  }
  const prefix = apiCode && apiCode !== 'generic-error' ? ` (${apiCode})` : ''
  return new ProcessorError(code, `${LABEL}: ${message || `HTTP ${status}`}${prefix}`, {
    status,
    retryAfterMs
  })
}

function apiMessage(body: unknown, text: string): string {
  const api = ApiErrorSchema.safeParse(body)
  if (api.success && api.data.message) return api.data.message
  if (typeof body === 'string') return text.slice(0, 200)
  return ''
}

/** Build a path from segments, each through `encodeURIComponent`: `path('api/v1', 'stores', id)`. */
export function path(...segments: string[]): string {
  return '/' + segments.map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/')
}

/** The connector's HTTP client; resources call `send` with the zod schema of the expected body. */
export class BtcpayClient {
  readonly http: HttpClient
  readonly storeId: string
  readonly serverUrl: string

  constructor(config: BtcpayClientConfig) {
    this.storeId = config.storeId
    this.serverUrl = config.serverUrl.replace(/\/+$/, '')
    this.http = new HttpClient({
      baseUrl: this.serverUrl,
      headers: { authorization: `token ${config.apiKey}` },
      mapError: mapBtcpayError,
      // HttpClient spreads its options over its defaults: an explicit `fetch: undefined` would erase the default.
      ...(config.fetch !== undefined && { fetch: config.fetch }),
      ...(config.timeoutMs !== undefined && { timeoutMs: config.timeoutMs }),
      ...(config.maxRetries !== undefined && { maxRetries: config.maxRetries }),
      ...(config.maxBackoffMs !== undefined && { maxBackoffMs: config.maxBackoffMs }),
      ...(config.log !== undefined && { log: config.log })
    })
  }

  /** `/api/v1/stores/{storeId}/…rest` with every segment encoded. */
  storePath(...rest: string[]): string {
    return path('api/v1', 'stores', this.storeId, ...rest)
  }

  /**
   * Send a request and check the body against `schema`.
   * @throws ProcessorError from the error factory, `processor-connection`, or `processor-bad-response` when the
   *   2xx body does not match the schema.
   */
  async send<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
    options?: CallOptions
  ): Promise<z.infer<S>> {
    const response = await this.http.request(request, options)
    const parsed = schema.safeParse(response.body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected body'
      throw new ProcessorError(
        'processor-bad-response',
        `${LABEL} sent an unexpected answer to ${request.method} ${request.path.split('?')[0]} (${where})`,
        { status: response.status, cause: parsed.error }
      )
    }
    return parsed.data
  }

  /** Send a request whose answer has no body worth reading (archive, delete, cancel). */
  async sendEmpty(request: HttpRequest, options?: CallOptions): Promise<void> {
    await this.http.request(request, options)
  }
}
