/**
 * The HTTP client of the BTCPay connector: the shared `HttpClient` (`send`, timeouts, retry policy) with BTCPay's
 * auth (`Authorization: token <apiKey>`), its error factory, and store-nested paths.
 */
import { ProcessorError, codeForStatus, parseRetryAfter } from '../errors'
import { HttpClient, httpSettings, type ErrorMapper, type HttpSettings } from '../http'
import { ApiErrorSchema, ValidationErrorSchema } from './schemas'

const LABEL = 'BTCPay Server'

/** Settings of a BTCPay client: the server, the store, the key, and the shared HTTP settings. */
export interface BtcpayClientConfig extends HttpSettings {
  /** Server root, e.g. `https://btcpay.example.com` (a trailing slash or path prefix is kept). */
  serverUrl: string
  storeId: string
  /** Greenfield API key (40 hex chars), sent as `Authorization: token <apiKey>`. */
  apiKey: string
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

/** The connector's HTTP client; resources call `send(schema, request, options)`. */
export class BtcpayClient extends HttpClient {
  readonly storeId: string
  readonly serverUrl: string

  constructor(config: BtcpayClientConfig) {
    const serverUrl = config.serverUrl.replace(/\/+$/, '')
    super({
      ...httpSettings(config),
      baseUrl: serverUrl,
      label: LABEL,
      headers: { authorization: `token ${config.apiKey}` },
      mapError: mapBtcpayError
    })
    this.storeId = config.storeId
    this.serverUrl = serverUrl
  }

  /** `/api/v1/stores/{storeId}/…rest` with every segment encoded. */
  storePath(...rest: string[]): string {
    return path('api/v1', 'stores', this.storeId, ...rest)
  }
}
