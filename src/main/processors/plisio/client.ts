/**
 * The HTTP client of the Plisio connector: the shared `HttpClient` (`send`, timeouts, retry policy) with Plisio's
 * auth (`api_key` in the query of every call), its error factory, and its `{status, data}` envelope unwrapped.
 */
import { ProcessorError, codeForStatus, parseRetryAfter } from '../errors'
import { HttpClient, httpSettings, unexpectedAnswer } from '../http'
import type { ErrorMapper, HttpRequest, HttpResponse, HttpSettings } from '../http'
import { EnvelopeSchema, ErrorDataSchema } from './schemas'

/** Plisio's API base (the March 2024 host; `plisio.net/api/v1` is the legacy one). */
export const PLISIO_API_BASE = 'https://api.plisio.net/api/v1'

/** Settings of the Plisio HTTP client: the key, the API root, and the shared HTTP settings. */
export interface PlisioClientConfig extends HttpSettings {
  /** The shop's Secret key (API settings); sent as the `api_key` query parameter on every call, never logged. */
  apiKey: string
  /** Default `https://api.plisio.net/api/v1`. */
  baseUrl?: string
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
      reason: 'ip-not-allowed',
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
 * The connector's HTTP client; resources call `send(schema, {method: 'GET', path, query}, options)` (Plisio takes
 * only GET) and `schema` checks the `data` of the envelope.
 */
export class PlisioClient extends HttpClient {
  constructor(config: PlisioClientConfig) {
    super({
      ...httpSettings(config),
      baseUrl: config.baseUrl ?? PLISIO_API_BASE,
      label: 'Plisio',
      query: { api_key: config.apiKey },
      mapError: mapPlisioError,
      unwrap: unwrapEnvelope
    })
  }
}

/**
 * The `data` of Plisio's `{status, data}` envelope.
 * @throws ProcessorError `processor-bad-response` when the body is not the envelope; an error envelope inside a
 *   2xx mapped as the 422 it stands for
 */
function unwrapEnvelope(response: HttpResponse, request: HttpRequest): unknown {
  const envelope = EnvelopeSchema.safeParse(response.body)
  if (!envelope.success) {
    throw unexpectedAnswer('Plisio', request, 'the body is not a {status, data} envelope', response.status)
  }
  if (envelope.data.status !== 'success') {
    throw mapPlisioError({
      status: 422,
      body: response.body,
      text: response.text,
      headers: response.headers
    })
  }
  return envelope.data.data
}
