/**
 * The one redaction of secrets from text that leaves main: every `ProcessorError` message (so a sale's error, a
 * connectivity event, a revoke failure), every error a contract call returns (`dispatch`), and every audit detail.
 * It strips the keys the till holds (and any 8+ character piece of one) plus what looks like a credential anyway:
 * `Bearer x`/`token x`/`Basic x`, `api_key=x`-style pairs, 40+ hex digits, 48+ character base58/base64 runs.
 */

/** What a secret is replaced with. */
export const REDACTED = '[redacted]'

/** Keys shorter than this are not keys (the contract refuses them); matching them would eat ordinary words. */
const MIN_SECRET = 8

const held = new Set<string>()

/**
 * Remember a key the till holds or is about to send, so no text leaving main shows it. Called wherever a key
 * comes out of the keychain or is typed for a check (`SettingsService`, `ProcessorRegistry`); never forgotten
 * while the process runs (a key once sent stays a secret).
 */
export function holdSecret(secret: string): void {
  if (secret.length >= MIN_SECRET) held.add(secret)
}

// `Bearer x`, `token x`, `Basic x` where x looks like a credential (8+ characters, see `credentialLike`).
const SCHEME = /\b(bearer|token|basic)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi
// `api_key=x`, `"apiKey": "x"`, `secret: x`, `password=x`, `access_token=x`, `signature=x`, `verify_hash=x`, where x
// looks like a credential or has 20+ characters (so `secret: not set` stays readable).
const NAMED =
  /\b(api[_-]?key|apikey|secret(?:[_-]?key)?|password|passwd|(?:access|auth|refresh)?[_-]?token|signature|verify_hash)(["']?\s*[:=]\s*["']?)([^\s"'&,;})\]\x5b]+)/gi
// 40+ hex digits standing alone (a BTCPay key is 40; a sale id's 32 after `sale_` are not alone).
const HEX = /(?<![A-Za-z0-9_])[0-9a-fA-F]{40,}(?![A-Za-z0-9_])/g
// 48+ base58/base64/base64url characters with upper case, lower case and a digit: longer than any id a processor
// shows (a BTCPay store id is 44), as long as a private key (WIF 51, xprv 111) or a Plisio secret key.
const MIXED = /(?<![A-Za-z0-9_+=-])[A-Za-z0-9_+=-]{48,}(?![A-Za-z0-9_+=-])/g
// A word that might be a piece of a held key.
const WORD = /[A-Za-z0-9._~+/=-]{8,}/g

/**
 * `text` with every secret in `known` (by default the keys the till holds), every 8+ character piece of one, and
 * everything that looks like a credential replaced by `[redacted]`. Idempotent.
 */
export function redactSecrets(text: string, known: Iterable<string> = held): string {
  return redactHeld(text, known)
    .replace(SCHEME, (match, scheme: string, space: string, value: string) =>
      credentialLike(value) ? `${scheme}${space}${REDACTED}` : match
    )
    .replace(NAMED, (match, name: string, separator: string, value: string) =>
      credentialLike(value) || value.length >= 20 ? `${name}${separator}${REDACTED}` : match
    )
    .replace(HEX, REDACTED)
    .replace(MIXED, (run) => (/[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run) ? REDACTED : run))
}

/**
 * `text` with only the secrets in `known` (by default the keys the till holds) and every 8+ character piece of one
 * replaced by `[redacted]`, none of the credential patterns: for public identifiers that look like credentials
 * (a 64-hex transaction id), which `redactSecrets` would hide whole.
 */
export function redactHeld(text: string, known: Iterable<string> = held): string {
  const secrets = [...new Set([...known].filter((s) => s.length >= MIN_SECRET))]
  const forms = secrets.flatMap((s) => [s, encodeURIComponent(s)]).sort((a, b) => b.length - a.length)
  let out = text
  for (const form of forms) out = out.split(form).join(REDACTED)
  if (!secrets.length) return out
  return out.replace(WORD, (word) =>
    secrets.some((s) => s.includes(word) || word.includes(s)) ? REDACTED : word
  )
}

/** A digit, or upper case after the first letter with lower case too: `s3cret`, `dXNlcjpw`; not `Expired`. */
function credentialLike(value: string): boolean {
  return /\d/.test(value) || (/[A-Z]/.test(value.slice(1)) && /[a-z]/.test(value))
}

/** `value` with every string in it (deeply: arrays, plain objects) through `redactSecrets`. For audit details. */
export function redactDetails<T>(value: T, known: Iterable<string> = held): T {
  const secrets = [...known]
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSecrets(v, secrets)
    if (Array.isArray(v)) return v.map(walk)
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item)]))
    }
    return v
  }
  return walk(value) as T
}
