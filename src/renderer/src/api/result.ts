import type { KassaErrorData, Result } from '@shared/errors'

/** What a call answers when the till's main process cannot be reached at all. */
export const UNREACHABLE: KassaErrorData = {
  code: 'internal',
  message: "The till's main process is not reachable"
}

/** True when `body` has the shape of a contract `Result` (`{ok: true, value}` or `{ok: false, error}`). */
export function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false
  if (body.ok === true) return 'value' in body
  if (body.ok !== false || !('error' in body)) return false
  const error = body.error
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  )
}

/** A `Result` from a fetch `Response`: its JSON body when it is one, else an error naming the HTTP status. */
export async function resultFromResponse(response: Response): Promise<Result<unknown>> {
  try {
    const body: unknown = await response.json()
    if (isResult(body)) return body
  } catch {
    // Not JSON: fall through to a generic error.
  }
  return {
    ok: false,
    error: {
      code: response.status === 401 ? 'unauthorized' : 'internal',
      message: `The till answered HTTP ${response.status} without a result`
    }
  }
}
