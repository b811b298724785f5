/**
 * What keeps secrets out of the log: pino's `redact` for the fields where a secret is known to sit, and
 * `redactSecrets` over every line as it is written, which catches the held keys and anything credential-like in a
 * message, an error's stack or any other field.
 */
import { REDACTED, redactDetails, redactSecrets } from '../secrets/redact'

/**
 * Fields pino blanks before a line is built (`redact.paths`): API keys, webhook secrets, tokens, the owner PIN and
 * session and the auth headers, at the top level and one object down (`headers.authorization`, `config.apiKey`).
 */
export const REDACT_PATHS: readonly string[] = [
  ...[
    'apiKey',
    'api_key',
    'webhookSecret',
    'secret',
    'token',
    'password',
    'authorization',
    'verify_hash',
    'pin',
    'currentPin',
    'ownerSession'
  ].flatMap((name) => [name, `*.${name}`]),
  'headers["btcpay-sig"]',
  'headers["x-btpay-signature"]',
  'headers.cookie',
  'headers["x-kassa-owner"]'
]

/** pino's `redact` option: the paths above, replaced by the same `[redacted]` as everywhere else. */
export const redactOptions = { paths: [...REDACT_PATHS], censor: REDACTED }

/**
 * One serialised log line (pino's JSON plus newline) with every secret `redactSecrets` knows replaced. Lines with
 * nothing to hide are returned as they are (the common case, one pass of the patterns). When a replacement would
 * cut through a JSON escape (a `\"` inside a credential-like value), the line is parsed and each string in it
 * redacted instead, so the file stays one valid JSON object per line.
 */
export function redactLine(line: string): string {
  const redacted = redactSecrets(line)
  if (redacted === line) return line
  try {
    JSON.parse(redacted)
    return redacted
  } catch {
    try {
      return JSON.stringify(redactDetails(JSON.parse(line))) + '\n'
    } catch {
      return redacted
    }
  }
}
