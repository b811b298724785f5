import type { ErrorCode } from '@shared/errors'
import { KassaError } from '@shared/errors'
import { redactSecrets } from '../secrets/redact'

/** Which kind of failure a processor call ended in (stripe-node's hierarchy, flattened to a code). */
export type ProcessorErrorCode = Extract<ErrorCode, `processor-${string}`>

/**
 * A processor call failed. `code` says how (auth, permission, invalid request, not found, rate limit,
 * unavailable = 5xx, connection = network/TLS/timeout, bad-response = a body that is not what the API promises);
 * `message` is already in words a cashier can act on, and never carries a key or token: it and the field messages
 * pass `redactSecrets` here, where every processor error is made, so a processor that echoes the key it received
 * shows it nowhere (contract, sale error, events, audit, ledger).
 */
export class ProcessorError extends KassaError {
  override name = 'ProcessorError'
  /** HTTP status, when there was a response. */
  readonly status: number | null
  /** How long the processor asked us to wait (ms), from `Retry-After`. */
  readonly retryAfterMs: number | null
  /** For `processor-permission`: the permission the key lacks, e.g. `btcpay.store.cancreateinvoice`. */
  readonly permission: string | null
  /** For `processor-invalid-request`: field-level messages (`[{field, message}]`). */
  readonly fields: { field: string; message: string }[]

  constructor(
    code: ProcessorErrorCode,
    message: string,
    details: {
      status?: number | null
      retryAfterMs?: number | null
      permission?: string | null
      fields?: { field: string; message: string }[]
      /** Which refusal of `code` this is, for the screen's wording (`ip-not-allowed`); see `ErrorParams`. */
      reason?: string
      cause?: unknown
    } = {}
  ) {
    super(code, redactSecrets(message), processorParams(details))
    this.status = details.status ?? null
    this.retryAfterMs = details.retryAfterMs ?? null
    this.permission = details.permission ?? null
    this.fields = (details.fields ?? []).map((f) => ({ field: f.field, message: redactSecrets(f.message) }))
    if (details.cause !== undefined) this.cause = details.cause
  }

  /** True for failures worth retrying later with the same request (network, 5xx, 429). */
  get retryable(): boolean {
    return (
      this.code === 'processor-connection' ||
      this.code === 'processor-unavailable' ||
      this.code === 'processor-rate-limit'
    )
  }
}

/**
 * True when a request that failed this way may still have been done by the processor, so its outcome is unknown
 * (not a refusal): the connection broke or timed out after sending (`processor-connection`), the processor answered
 * 5xx (`processor-unavailable`: a proxy in front may answer so while the server did the work), or it answered with a
 * body that cannot be read (`processor-bad-response`: cut, not JSON, not the promised shape — usually a 2xx).
 * A create or a refund that fails so must be looked up (by order id, refund id) before it is ever asked again, and
 * must not be dropped. A 429 and the 4xx refusals are answered before anything is done: false.
 */
export function mayHaveReachedProcessor(error: unknown): error is ProcessorError {
  return (
    error instanceof ProcessorError &&
    (error.code === 'processor-connection' ||
      error.code === 'processor-unavailable' ||
      error.code === 'processor-bad-response')
  )
}

/** The values a screen can word a processor failure with: reason, HTTP status, missing permission, wait in seconds. */
function processorParams(details: {
  status?: number | null
  retryAfterMs?: number | null
  permission?: string | null
  reason?: string
}): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  if (details.reason) params.reason = details.reason
  if (details.status != null) params.status = String(details.status)
  if (details.permission) params.permission = details.permission
  if (details.retryAfterMs != null) params.seconds = String(Math.ceil(details.retryAfterMs / 1000))
  return Object.keys(params).length > 0 ? params : undefined
}

/**
 * Map an HTTP status to an error code (stripe-node's factory): 401 auth, 403 permission, 404 not found,
 * 400/409/422 invalid request, 429 rate limit, 5xx unavailable.
 */
export function codeForStatus(status: number): ProcessorErrorCode {
  if (status === 401) return 'processor-auth'
  if (status === 403) return 'processor-permission'
  if (status === 404) return 'processor-not-found'
  if (status === 429) return 'processor-rate-limit'
  if (status >= 500) return 'processor-unavailable'
  return 'processor-invalid-request'
}

/**
 * Parse an HTTP `Retry-After` header (delta-seconds or HTTP date) into milliseconds from `now`.
 * @returns null when absent or unparseable.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}
