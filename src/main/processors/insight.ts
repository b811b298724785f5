/**
 * What every connector's insight port shares (`ports.insight`, issue 16): the topic check before any request, the
 * plain refusals of a query missing what a topic needs, and a last redaction of every answer and error with the
 * connector's own key, so an agent never reads a key even when a processor echoes it.
 */
import { redactDetails, redactSecrets } from '../secrets/redact'
import { ProcessorError } from './errors'
import type { InsightPort, InsightQuery, InsightTopic, InsightValue } from './ports'
import type { CallOptions } from './types'

/** Reads one topic: the processor's answer parsed into plain JSON. @throws ProcessorError */
export type InsightReader = (query: InsightQuery, options?: CallOptions) => Promise<InsightValue>

/**
 * An insight port over `readers` (one per topic the connector answers, in the order `topics` lists them).
 * `read` refuses a topic without a reader with `processor-invalid-request` before any request; every answer passes
 * `redactDetails` and every error `redactSecrets` with `secret` (the connector's key) besides the keys the till holds.
 * @param label the processor's name for messages (`Plisio`)
 */
export function insightPort(
  label: string,
  secret: string,
  readers: Partial<Record<InsightTopic, InsightReader>>
): InsightPort {
  const topics = Object.keys(readers) as InsightTopic[]
  return {
    topics,
    async read(topic, query, options) {
      const reader = readers[topic]
      if (!reader) {
        throw new ProcessorError(
          'processor-invalid-request',
          `${label} does not answer "${String(topic)}": ask one of ${topics.join(', ')}`
        )
      }
      try {
        return redactDetails(await reader(query ?? {}, options), [secret])
      } catch (error) {
        throw withoutSecret(error, secret)
      }
    }
  }
}

/**
 * `query[field]` when it is a non-blank string; else `processor-invalid-request` naming the topic and the field.
 * @param label the processor's name for the message
 */
export function required(
  label: string,
  topic: InsightTopic,
  query: InsightQuery,
  field: 'coin' | 'amount' | 'address'
): string {
  const value = query[field]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ProcessorError(
      'processor-invalid-request',
      `${label} "${topic}" needs "${field}" (${FIELD_WORDS[field]})`
    )
  }
  return value.trim()
}

const FIELD_WORDS: Record<'coin' | 'amount' | 'address', string> = {
  coin: "the processor's coin id, e.g. BTC",
  amount: 'a decimal amount in the coin, e.g. 0.001',
  address: 'the address a withdrawal would go to'
}

/** A plain refusal of a query value, before any request. */
export function invalidQuery(message: string): ProcessorError {
  return new ProcessorError('processor-invalid-request', message)
}

/** `error` with `secret` taken out of its message and field messages (a new `ProcessorError` when it held it). */
function withoutSecret(error: unknown, secret: string): unknown {
  if (!(error instanceof ProcessorError)) return error
  const message = redactSecrets(error.message, [secret])
  const fields = error.fields.map((f) => ({ field: f.field, message: redactSecrets(f.message, [secret]) }))
  const changed = message !== error.message || fields.some((f, i) => f.message !== error.fields[i]?.message)
  if (!changed) return error
  return new ProcessorError(error.code as ConstructorParameters<typeof ProcessorError>[0], message, {
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    permission: error.permission,
    fields,
    ...(error.params?.reason && { reason: error.params.reason })
  })
}
