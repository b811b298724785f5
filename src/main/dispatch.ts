import type { ZodError } from 'zod'
import { calls } from '@shared/call-schemas'
import { isCallName, isOwnerCall, type CallName, type CallOutput, type ParsedInput } from '@shared/contract'
import { KassaError, type Result } from '@shared/errors'
import type { Logger } from './log/logger'
import { redactSecrets } from './secrets/redact'

/**
 * Who is calling, as the transport knows it: the owner session the caller sent (IPC: the invoke's extra argument;
 * web: the `X-Kassa-Owner` header), or null. A handler called without one (tests, internal use) has none.
 */
export interface CallContext {
  ownerSession: string | null
}

/** A session token as a transport received it (a non-empty string of at most 128 characters), or null. */
export function ownerSessionOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null
}

/** The context of a caller that sent nothing. */
export const NO_CONTEXT: CallContext = Object.freeze({ ownerSession: null })

/**
 * Decides whether an owner-only call (`OWNER_CALLS`) may run for a caller: throws `KassaError('owner-required')`
 * when not (a PIN is set and the caller's session is missing or expired); an admitted call pushes the session's
 * idle expiry out.
 */
export interface OwnerGate {
  admit(call: CallName, context: CallContext): void
}

/** Where a core's handlers carry their owner gate, so every transport given the handlers is gated by them. */
const OWNER_GATE: unique symbol = Symbol('kassa.ownerGate')

/**
 * One handler per contract call; each receives its input already parsed by the call's schema and the caller's
 * context. Handlers made `withOwnerGate` (the core's always are) carry the gate `dispatch` asks before any
 * owner-only call.
 */
export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>, context?: CallContext) => Promise<CallOutput<K>>
}

type Gated = { [OWNER_GATE]?: OwnerGate }

/** `handlers` carrying `gate`, so every transport handed them is gated by it. */
export function withOwnerGate(handlers: Handlers, gate: OwnerGate): Handlers {
  return Object.assign({ ...handlers }, { [OWNER_GATE]: gate })
}

/** The gate `handlers` carry, if any. */
function ownerGateOf(handlers: Handlers): OwnerGate | undefined {
  return (handlers as Handlers & Gated)[OWNER_GATE]
}

/**
 * The one handler wrapper both transports use: checks the call exists, parses the input with the call's schema,
 * runs the handler, and returns `{ok, value}` or `{ok: false, error: {code, message, params?}}`. It never throws.
 * Unexpected errors are reported as `internal` without details (the core's handlers have logged them with their
 * stack: `logFailures`); every other error's message passes `redactSecrets` (held keys, tokens) on its way out.
 * A missing input (`undefined`: no argument over IPC, an empty body over HTTP) stands for `{}`; anything else,
 * `null` included, goes to the schema as it is, so `null` is `invalid-input` rather than an empty object.
 * An owner-only call is put to the handlers' `OWNER_GATE` first, before its input is even parsed: without a valid
 * owner session (once a PIN is set) it answers `owner-required` (`params.call`) and nothing runs.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  input: unknown,
  context: CallContext = NO_CONTEXT
): Promise<Result<unknown>> {
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
  try {
    // The gate comes before the schema: a caller without the owner's session learns nothing about the input.
    const gate = ownerGateOf(handlers)
    if (gate && isOwnerCall(name)) gate.admit(name, context)
  } catch (error) {
    return failure(error)
  }
  const parsed = calls[name].input.safeParse(input === undefined ? {} : input)
  if (!parsed.success) {
    const message = describeZodError(parsed.error)
    const field = parsed.error.issues[0]?.path.join('.')
    return { ok: false, error: { code: 'invalid-input', message, ...(field ? { params: { field } } : {}) } }
  }
  try {
    const handler = handlers[name] as (input: unknown, context: CallContext) => Promise<unknown>
    return { ok: true, value: await handler(parsed.data, context) }
  } catch (error) {
    return failure(error)
  }
}

/** A thrown error as the caller sees it: a `KassaError` redacted, anything else a generic `internal`. */
function failure(error: unknown): Result<never> {
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

/**
 * `handlers` with every unexpected failure (anything but a `KassaError`, which is a refusal the caller sees) written
 * to `log` with its stack before it is rethrown, so it is in the log whichever transport called. The owner gate
 * is kept.
 */
export function logFailures(handlers: Handlers, log: Logger): Handlers {
  const entries = Object.entries(handlers) as [
    string,
    (input: unknown, context?: CallContext) => Promise<unknown>
  ][]
  const logged = entries.map(([name, handler]) => [
    name,
    async (input: unknown, context?: CallContext) => {
      try {
        return await handler(input, context)
      } catch (error) {
        if (!(error instanceof KassaError)) log.error({ err: error, call: name }, 'a call failed')
        throw error
      }
    }
  ])
  const wrapped = Object.fromEntries(logged) as Handlers
  const gate = ownerGateOf(handlers)
  return gate ? withOwnerGate(wrapped, gate) : wrapped
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
