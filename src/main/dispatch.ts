import type { ZodError } from 'zod'
import { calls } from '@shared/call-schemas'
import { isCallName, type CallName, type CallOutput, type ParsedInput } from '@shared/contract'
import { KassaError, type Result } from '@shared/errors'
import type { Logger } from './log/logger'
import { redactSecrets } from './secrets/redact'

/** One handler per contract call; each receives its input already parsed by the call's schema. */
export type Handlers = { [K in CallName]: (input: ParsedInput<K>) => Promise<CallOutput<K>> }

/**
 * The one handler wrapper both transports use: checks the call exists, parses the input with the call's schema,
 * runs the handler, and returns `{ok, value}` or `{ok: false, error: {code, message, params?}}`. It never throws.
 * Unexpected errors are reported as `internal` without details (the core's handlers have logged them with their
 * stack: `logFailures`); every other error's message passes `redactSecrets` (held keys, tokens) on its way out.
 * A missing input (`undefined`: no argument over IPC, an empty body over HTTP) stands for `{}`; anything else,
 * `null` included, goes to the schema as it is, so `null` is `invalid-input` rather than an empty object.
 */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    return {
      ok: false,
      error: {
        code: 'unknown-call',
        message: `Unknown call "${String(name).slice(0, 64)}"`,
        params: { call: String(name).slice(0, 64) }
      }
    }
  }
  const parsed = calls[name].input.safeParse(input === undefined ? {} : input)
  if (!parsed.success) {
    const message = describeZodError(parsed.error)
    const field = parsed.error.issues[0]?.path.join('.')
    return { ok: false, error: { code: 'invalid-input', message, ...(field ? { params: { field } } : {}) } }
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data) }
  } catch (error) {
    if (error instanceof KassaError) {
      const params = error.params && redactParams(error.params)
      return {
        ok: false,
        error: { code: error.code, message: redactSecrets(error.message), ...(params ? { params } : {}) }
      }
    }
    return {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in the till; it has been logged' }
    }
  }
}

/**
 * `handlers` with every unexpected failure (anything but a `KassaError`, which is a refusal the caller sees) written
 * to `log` with its stack before it is rethrown, so it is in the log whichever transport called.
 */
export function logFailures(handlers: Handlers, log: Logger): Handlers {
  const entries = Object.entries(handlers) as [string, (input: unknown) => Promise<unknown>][]
  const logged = entries.map(([name, handler]) => [
    name,
    async (input: unknown) => {
      try {
        return await handler(input)
      } catch (error) {
        if (!(error instanceof KassaError)) log.error({ err: error, call: name }, 'a call failed')
        throw error
      }
    }
  ])
  return Object.fromEntries(logged) as Handlers
}

/** `params` with every value passed through `redactSecrets`, as the message is. */
function redactParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, redactSecrets(value)]))
}

/** `"amount: Amount must be greater than zero; currency: Unknown currency …"` */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ')
}
