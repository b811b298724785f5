import type { z } from 'zod'
import { ProcessorError, codeForStatus, parseRetryAfter } from '../errors'
import { HttpClient } from '../http'
import type { ErrorMapper, HttpClientOptions } from '../http'
import type { CallOptions } from '../types'
import { EnvelopeSchema, ErrorDataSchema } from './schemas'

/** Plisio's API base (the March 2024 host; `plisio.net/api/v1` is the legacy one). */
export const PLISIO_API_BASE = 'https://api.plisio.net/api/v1'

/** Query parameters of one Plisio call; `undefined` values are left out. */
export type PlisioQuery = Record<string, string | number | undefined>

/** Settings of the Plisio HTTP client. Times in milliseconds. */
export interface PlisioClientConfig {
  /** The shop's Secret key (API settings); sent as the `api_key` query parameter on every call. */
  apiKey: string
  /** Default `https://api.plisio.net/api/v1`. */
  baseUrl?: string
  fetch?: typeof fetch
  /** Per-attempt timeout (default 15 000). */
  timeoutMs?: number
  /** Retries of retryable failures (network, 5xx, 429; default 2). */
  maxRetries?: number
  /** Cap of one backoff wait, Retry-After included (default 10 000). */
  maxBackoffMs?: number
  /** One line per request (`HttpClient`; the query's `api_key` is never in it). */
  log?: HttpClientOptions['log']
}

const IP_PATTERN = /request ip|ip address|\bip\b.*(whitelist|not allowed|allowed list)|whitelist/i
const AUTH_PATTERN = /api[ _]?key|secret key|credentials|unauthori[sz]ed|authentication/i

/** Message shown when Plisio refuses the caller's IP ("Request IP" whitelist in the API settings). */
export const IP_NOT_WHITELISTED_MESSAGE =
  "Plisio refused the request because this computer's IP address is not whitelisted: add it under Request IP in " +
  "Plisio's API settings (balances, fees, withdrawals and the operations list need it)."

/** Plisio's own error codes seen in the wild. */
const CODE_MESSAGES: Record<string, string> = {
  '105': 'Plisio does not support this currency',
  '116': 'Insufficient funds on the Plisio balance'
}

/**
 * Plisio's error envelope `{status: "error", data: {name, message, code}}` unwrapped into a `ProcessorError`.
 * `data.message` is often a JSON string of field errors (`"{\"amount\":\"...\"}"`): they become `fields`.
 * A refused "Request IP" becomes `processor-permission` with `permission: 'Request IP'`; a bad key
 * `processor-auth`; 429 `processor-rate-limit` with Retry-After; 5xx `processor-unavailable`.
 */
export const mapPlisioError: ErrorMapper = ({ status, body, headers }) => {
  const parsedEnvelope = EnvelopeSchema.safeParse(body)
  const parsedData = parsedEnvelope.success ? ErrorDataSchema.safeParse(parsedEnvelope.data.data) : null
  const data = parsedData?.success ? parsedData.data : null
  const { text: messageText, fields } = splitMessage(data?.message)
  const plisioCode = data?.code === undefined ? '' : String(data.code)
  const detail =
    fields.length > 0
      ? fields.map((f) => (f.field === 'message' ? f.message : `${f.field}: ${f.message}`)).join('; ')
      : messageText || data?.name || (typeof body === 'string' ? '' : '')
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'))
  const everything = [messageText, ...fields.map((f) => `${f.field} ${f.message}`)].join(' ')

  if (status < 500 && status !== 429 && IP_PATTERN.test(everything)) {
    return new ProcessorError('processor-permission', IP_NOT_WHITELISTED_MESSAGE, {
      status,
      permission: 'Request IP',
      fields
    })
  }
  if (status === 401 || (status < 500 && status !== 429 && AUTH_PATTERN.test(everything))) {
    return new ProcessorError(
      'processor-auth',
      `Plisio did not accept the API key (${detail || `HTTP ${status}`}): check the Secret key in Plisio's API settings`,
      { status, fields }
    )
  }
  if (status === 429) {
    return new ProcessorError('processor-rate-limit', 'Plisio is rate limiting requests: retrying later', {
      status,
      retryAfterMs
    })
  }
  if (status >= 500) {
    return new ProcessorError(
      'processor-unavailable',
      `Plisio is unavailable (HTTP ${status})${detail ? `: ${detail}` : ''}`,
      { status, retryAfterMs }
    )
  }
  const known = CODE_MESSAGES[plisioCode]
  const message = known ? `${known}${detail ? ` (${detail})` : ''}` : `Plisio: ${detail || `HTTP ${status}`}`
  return new ProcessorError(codeForStatus(status), message, { status, retryAfterMs, fields })
}

/**
 * Split `data.message` into plain text and field errors. It is a string, a JSON string of `{field: message}`
 * (values may be arrays of messages), or already an object.
 */
export function splitMessage(message: unknown): {
  text: string
  fields: { field: string; message: string }[]
} {
  let value: unknown = message
  if (typeof message === 'string') {
    const trimmed = message.trim()
    if (trimmed.startsWith('{')) {
      try {
        value = JSON.parse(trimmed)
      } catch {
        return { text: message, fields: [] }
      }
    } else {
      return { text: message, fields: [] }
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const fields = Object.entries(value as Record<string, unknown>).map(([field, v]) => ({
      field,
      message: Array.isArray(v) ? v.map(String).join(', ') : String(v)
    }))
    return { text: fields.map((f) => f.message).join('; '), fields }
  }
  return { text: value === undefined || value === null ? '' : String(value), fields: [] }
}

/**
 * The one HTTP client of the Plisio connector: every call is `GET` with `api_key` in the query, the answer is
 * unwrapped from `{status, data}` and checked with a zod schema.
 */
export class PlisioClient {
  private readonly http: HttpClient
  private readonly apiKey: string

  constructor(config: PlisioClientConfig) {
    this.apiKey = config.apiKey
    // HttpClient spreads its options over its defaults, so an explicit `undefined` must not be passed.
    const options: HttpClientOptions = {
      baseUrl: config.baseUrl ?? PLISIO_API_BASE,
      mapError: mapPlisioError
    }
    if (config.fetch) options.fetch = config.fetch
    if (config.timeoutMs !== undefined) options.timeoutMs = config.timeoutMs
    if (config.maxRetries !== undefined) options.maxRetries = config.maxRetries
    if (config.maxBackoffMs !== undefined) options.maxBackoffMs = config.maxBackoffMs
    if (config.log) options.log = config.log
    this.http = new HttpClient(options)
  }

  /**
   * `GET <base>/<path>?<query>&api_key=…`, unwrap the envelope and validate `data`.
   * @param path below the base, ids already passed through `encodeURIComponent`
   * @throws ProcessorError from `mapPlisioError`; `processor-bad-response` when the body is not the envelope or
   *   `data` does not match `schema`; `processor-connection` on network failure or timeout.
   */
  async get<S extends z.ZodType>(
    path: string,
    query: PlisioQuery,
    schema: S,
    options: CallOptions = {}
  ): Promise<z.output<S>> {
    const response = await this.http.request(
      { method: 'GET', path, query: { ...query, api_key: this.apiKey } },
      options
    )
    const envelope = EnvelopeSchema.safeParse(response.body)
    if (!envelope.success) throw badResponse(path, 'the body is not a {status, data} envelope')
    if (envelope.data.status !== 'success') {
      // An error envelope inside a 2xx: map it as the 422 it stands for.
      throw mapPlisioError({
        status: 422,
        body: response.body,
        text: response.text,
        headers: response.headers
      })
    }
    const data = schema.safeParse(envelope.data.data)
    if (!data.success) {
      const issue = data.error.issues[0]
      throw badResponse(
        path,
        issue ? `${issue.path.join('.') || 'data'}: ${issue.message}` : 'unexpected data'
      )
    }
    return data.data
  }
}

function badResponse(path: string, why: string): ProcessorError {
  return new ProcessorError(
    'processor-bad-response',
    `Plisio answered /${path.replace(/^\//, '')} with something unexpected (${why})`
  )
}
