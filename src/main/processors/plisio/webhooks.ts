import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { ProcessorError } from '../errors'
import type { WebhookEvent } from '../types'
import { compareBytes, phpSerializeSorted } from './php-serialize'

/**
 * Plisio status callbacks (POSTed to `callback_url`), signed with `verify_hash` = HMAC-SHA1 (key: the shop's
 * Secret key, lowercase hex) over
 * - form-encoded bodies (the default): PHP `serialize()` of the fields sorted by key, `verify_hash` removed;
 * - `json=true` bodies: `JSON.stringify` of the fields in received order (Plisio's docs), or with sorted keys and
 *   string values (Plisio's Node client). Either is accepted.
 * A verified callback only tells the tracker to re-read the invoice; it never settles a sale by itself.
 */

/** A callback that passed verification. */
export interface VerifiedCallback {
  format: 'form' | 'json'
  /** The fields without `verify_hash`. Form values are strings; JSON values as sent. */
  fields: Record<string, unknown>
}

/** HMAC-SHA1 hex of `payload` with the secret key. */
export function plisioHmac(payload: string, secretKey: string): string {
  return createHmac('sha1', secretKey).update(payload, 'utf8').digest('hex')
}

/** Decode the HTML entities PHP's `html_entity_decode` would (named basics and numeric). */
export function htmlEntityDecode(value: string): string {
  const named: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", '#039': "'" }
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#039);/gi, (match, entity: string) => {
    const lower = entity.toLowerCase()
    if (named[lower] !== undefined) return named[lower]
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16))
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10))
    return match
  })
}

function stripSlashes(value: string): string {
  return value.replace(/\\(.)/g, '$1')
}

/** The PHP-side strings a form callback may have been signed over (tx_urls decoded as the plugins do). */
export function formSignaturePayloads(fields: Record<string, string>): string[] {
  const payloads = [phpSerializeSorted(fields)]
  const txUrls = fields.tx_urls
  if (txUrls !== undefined) {
    const decoded = htmlEntityDecode(txUrls)
    payloads.push(phpSerializeSorted({ ...fields, tx_urls: decoded }))
    payloads.push(phpSerializeSorted({ ...fields, tx_urls: stripSlashes(decoded) }))
  }
  return payloads
}

/** The JSON strings a `json=true` callback may have been signed over: received order; sorted keys, string values. */
export function jsonSignaturePayloads(fields: Record<string, unknown>): string[] {
  const sorted: Record<string, string> = {}
  for (const key of Object.keys(fields).sort(compareBytes)) {
    const value = fields[key]
    sorted[key] =
      typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value)
  }
  return [JSON.stringify(fields), JSON.stringify(sorted), phpSerializeSorted(sorted)]
}

function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(given.toLowerCase(), 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

function refuse(message: string): ProcessorError {
  return new ProcessorError('processor-auth', `Plisio callback refused: ${message}`)
}

/**
 * Check a callback's `verify_hash` over its raw body.
 * @param headers lower-case header names; `content-type` picks JSON or form (a body starting with `{` is JSON)
 * @throws ProcessorError `processor-auth` when the hash is missing or does not match; `processor-bad-response`
 *   when the body is neither a JSON object nor a form.
 */
export function verifyCallback(
  rawBody: Uint8Array,
  headers: Record<string, string | undefined>,
  secretKey: string
): VerifiedCallback {
  const text = Buffer.from(rawBody).toString('utf8')
  const contentType = headers['content-type'] ?? headers['Content-Type'] ?? ''
  const isJson = /json/i.test(contentType) || text.trimStart().startsWith('{')
  if (isJson) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new ProcessorError('processor-bad-response', 'Plisio callback body is not valid JSON')
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new ProcessorError('processor-bad-response', 'Plisio callback body is not a JSON object')
    const { verify_hash: hash, ...fields } = parsed as Record<string, unknown>
    if (typeof hash !== 'string' || hash === '') throw refuse('no verify_hash')
    const ok = jsonSignaturePayloads(fields).some((p) => sameHex(plisioHmac(p, secretKey), hash))
    if (!ok) throw refuse('verify_hash does not match')
    return { format: 'json', fields }
  }
  const fields: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(text)) fields[key] = value
  const hash = fields.verify_hash
  delete fields.verify_hash
  if (!hash) throw refuse('no verify_hash')
  const ok = formSignaturePayloads(fields).some((p) => sameHex(plisioHmac(p, secretKey), hash))
  if (!ok) throw refuse('verify_hash does not match')
  return { format: 'form', fields }
}

/**
 * A digest of what a callback says, whatever its wire form: fields sorted byte-wise, values as strings. A JSON
 * callback signed over sorted keys verifies in any key order and spacing, and the same fields may come as a form;
 * all of these are one delivery. Plisio sends no delivery id and no timestamp, so this is how a replay is known.
 */
export function callbackDigest(fields: Record<string, unknown>): string {
  const entries = Object.keys(fields)
    .sort(compareBytes)
    .map((key) => {
      const value = fields[key]
      return [key, typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value)]
    })
  return 'sha256:' + createHash('sha256').update(JSON.stringify(entries), 'utf8').digest('hex')
}

/**
 * A verified callback as Kassa's `WebhookEvent`: `invoiceId` = `txn_id`, `type` = Plisio's status, `deliveryId`
 * the digest of its fields (no `signedAt`: Plisio signs no time).
 */
export function callbackEvent(callback: VerifiedCallback): WebhookEvent {
  const txnId = callback.fields.txn_id
  const status = callback.fields.status ?? callback.fields.ipn_type
  return {
    invoiceId: typeof txnId === 'string' && txnId !== '' ? txnId : null,
    type: typeof status === 'string' && status !== '' ? status : 'callback',
    payload: callback.fields,
    deliveryId: callbackDigest(callback.fields),
    signedAt: null
  }
}
